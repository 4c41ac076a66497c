/**
 * Coordinates as people type them in the field: decimal degrees (point or French comma) or
 * degrees-minutes-seconds with a hemisphere letter (N/S, E/W, and O for « Ouest »). Ranges are
 * left to the node's validation so its message, in the user's language, reaches the field.
 */
export type Axis = 'lat' | 'lon';
export type ParseResult =
  { ok: true; value: number } | { ok: false; reason: 'empty' | 'syntax' | 'hemisphere' };

const HEMI: Readonly<Record<string, { axis: Axis; sign: 1 | -1 }>> = {
  N: { axis: 'lat', sign: 1 },
  S: { axis: 'lat', sign: -1 },
  E: { axis: 'lon', sign: 1 },
  W: { axis: 'lon', sign: -1 },
  O: { axis: 'lon', sign: -1 },
};

const DECIMAL = /^[+-]?\d+(?:[.,]\d+)?$/;

/** Parses one latitude or longitude. */
export function parseCoordinate(text: string, axis: Axis): ParseResult {
  let s = text.trim().toUpperCase();
  if (s === '') return { ok: false, reason: 'empty' };
  if (DECIMAL.test(s)) return { ok: true, value: Number(s.replace(',', '.')) };
  if (!/^[NSEWO]?\s*-?[\d\s°'′’"″”.,]+[NSEWO]?$/.test(s)) return { ok: false, reason: 'syntax' };
  let sign = 1;
  const lead = /^([NSEWO])\s*/.exec(s);
  const trail = /\s*([NSEWO])$/.exec(s);
  const letter = lead?.[1] ?? trail?.[1];
  if (letter) {
    const h = HEMI[letter]!;
    if (h.axis !== axis) return { ok: false, reason: 'hemisphere' };
    sign = h.sign;
    s = lead ? s.slice(lead[0].length) : s.slice(0, s.length - trail![0].length);
  }
  if (s.startsWith('-')) {
    if (letter) return { ok: false, reason: 'syntax' };
    sign = -1;
    s = s.slice(1).trim();
  }
  // Degrees, then optional minutes and seconds; any of ° ' ′ " ″ or spaces as separators.
  const m =
    /^(\d+(?:[.,]\d+)?)\s*°?\s*(?:(\d+(?:[.,]\d+)?)\s*['′’]?\s*(?:(\d+(?:[.,]\d+)?)\s*(?:["″”]|'')?)?)?$/.exec(
      s,
    );
  if (!m) return { ok: false, reason: 'syntax' };
  const num = (v: string | undefined) => (v === undefined ? 0 : Number(v.replace(',', '.')));
  const deg = num(m[1]);
  const min = num(m[2]);
  const sec = num(m[3]);
  if (min >= 60 || sec >= 60 || (m[2]?.includes('.') && m[3] !== undefined))
    return { ok: false, reason: 'syntax' };
  return { ok: true, value: sign * (deg + min / 60 + sec / 3600) };
}

/** Splits a pasted pair ("14.1, -1.63" or "14°06'N 1°37'W") into latitude and longitude text. */
export function splitPair(text: string): [string, string] | null {
  const t = text.trim();
  const dec = /^([+-]?\d+(?:\.\d+)?)\s*[,;\s]\s*([+-]?\d+(?:\.\d+)?)$/.exec(t);
  if (dec) return [dec[1]!, dec[2]!];
  const dms = /^(.+?[NS])\s*[,;]?\s*(.+?[EWO])$/i.exec(t);
  if (dms) return [dms[1]!.trim(), dms[2]!.trim()];
  return null;
}

/** Degrees-minutes-seconds text, e.g. `14° 06′ 00″ N`; west is `O` in French. */
export function formatDms(value: number, axis: Axis, locale: 'fr' | 'en'): string {
  const abs = Math.abs(value);
  let deg = Math.floor(abs);
  let min = Math.floor((abs - deg) * 60);
  let sec = Math.round(((abs - deg) * 60 - min) * 60);
  if (sec === 60) {
    sec = 0;
    min += 1;
  }
  if (min === 60) {
    min = 0;
    deg += 1;
  }
  const letter = axis === 'lat' ? (value < 0 ? 'S' : 'N') : value < 0 ? (locale === 'fr' ? 'O' : 'W') : 'E';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${deg}° ${pad(min)}′ ${pad(sec)}″ ${letter}`;
}
