/**
 * Version identity of a STIX object: same `id`, different `modified` (STIX 2.1 §3.6). STIX
 * timestamps may carry fractional seconds of any precision (§3.2), while timestamptz keeps only
 * microseconds, so versions are keyed by text instead: `YYYY-MM-DDTHH:MM:SS` in UTC, then, when the
 * fraction is not zero, `.` and its digits without trailing zeros. All keys share the fixed-width
 * seconds part, so byte order (JS `<`, SQL `COLLATE "C"`) is chronological order, at any precision:
 * '…:00' < '…:00.1' < '…:00.12' < '…:00.2' < '…:01'. '…:00.1Z' and '…:00.100Z' are one version.
 */

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|([+-])(\d{2}):(\d{2}))$/;

/**
 * The version key of an RFC 3339 timestamp (see the file comment), or null when `ts` is not one.
 * A numeric offset is converted to UTC; STIX itself always writes `Z`.
 */
export function versionKey(ts: string): string | null {
  const m = RFC3339.exec(ts);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const fraction = (m[7] ?? '').replace(/0+$/, '');
  let seconds: string;
  if (m[9] === undefined) {
    seconds = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`;
  } else {
    const offsetMin = (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
    const local = new Date(0);
    local.setUTCFullYear(year, month - 1, day); // unlike Date.UTC, keeps years 0–99 as written
    local.setUTCHours(hour, minute, second, 0);
    const utc = new Date(local.getTime() - offsetMin * 60_000);
    const y = utc.getUTCFullYear();
    if (y < 0 || y > 9999) return null;
    seconds = utc.toISOString().slice(0, 19);
  }
  return fraction ? `${seconds}.${fraction}` : seconds;
}

/** Formats a UTC instant read back as 'YYYY-MM-DDTHH:MM:SS.ffffffZ': no fraction when zero, else ≥ 3 digits. */
export function compactTimestamp(micros: string): string {
  const m = /^(.*T\d{2}:\d{2}:\d{2})\.(\d+)Z$/.exec(micros);
  if (!m) return micros;
  const frac = (m[2] ?? '').replace(/0+$/, '');
  return frac ? `${m[1]}.${frac.padEnd(3, '0')}Z` : `${m[1]}Z`;
}
