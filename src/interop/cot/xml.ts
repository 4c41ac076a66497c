/**
 * Cursor-on-Target (CoT) event XML writer: the public API other modules may use (operations'
 * CoT shapes build on it). Schema: CoT Event 2.0 (MITRE "Cursor-on-Target Message Router User's
 * Guide", event.xsd): `<event version uid type how time start stale>` with a `<point lat lon hae
 * ce le>` and an open `<detail>`.
 *
 *   cotEventXml(event: CotEvent, options?): string   one event, one XML document
 *   escapeXml(text): string                            text/attribute escaping (XML 1.0 §2.4, §3.3.3);
 *                                                      line breaks as &#10;, so an event is one line
 *   COT_UNKNOWN = 9999999                              CoT's "unknown" for hae, ce, le
 */

/** CoT's value for an unknown height or error (event.xsd convention). */
export const COT_UNKNOWN = 9_999_999;

export interface CotLink {
  /** Relation code: `p-p` parent-producer, `r-u` related URL… */
  relation: string;
  uid?: string;
  type?: string;
  url?: string;
  remarks?: string;
}

export interface CotEvent {
  /** Stable identifier: the same uid updates the same marker on TAK. */
  uid: string;
  /** CoT type tree, e.g. `a-h-G` (atom, hostile, ground) or `b-m-p-s-p-i`. */
  type: string;
  /** How the position was obtained, e.g. `h-e` (human entered), `m-f` (machine fused). */
  how: string;
  time: Date;
  start: Date;
  stale: Date;
  point: { lat: number; lon: number; hae?: number; ce?: number; le?: number };
  detail?: {
    callsign?: string;
    remarks?: string;
    links?: CotLink[];
    /** Extra detail elements `<name a="v"/>` (attributes only), e.g. a product's own data. */
    elements?: { name: string; attributes: Record<string, string | number> }[];
  };
}

/** XML 1.0 §2.2 Char: tab, LF, CR, and the planes minus surrogates and U+FFFE/U+FFFF. */
function xmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    cp >= 0x10000
  );
}

/** Removes characters XML 1.0 forbids (§2.2) and escapes markup characters. */
export function escapeXml(text: string): string {
  return (
    Array.from(text)
      .filter((ch) => xmlChar(ch.codePointAt(0) ?? 0))
      .join('')
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
      .replaceAll('"', '&quot;')
      .replaceAll("'", '&apos;')
      // Character references keep line breaks through attribute normalisation (§3.3.3) and keep
      // each event on one physical line of the stream.
      .replaceAll('\r', '&#13;')
      .replaceAll('\n', '&#10;')
  );
}

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** CoT timestamps: ISO 8601 UTC with milliseconds (`2026-03-01T08:00:00.000Z`). */
const ts = (d: Date) => d.toISOString();
const num = (n: number | undefined, dflt: number) =>
  (n === undefined || !Number.isFinite(n) ? dflt : n).toString();

function attrs(a: Record<string, string | number | undefined>): string {
  return Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
}

/**
 * One CoT event as an XML document. With `declaration: false` the XML declaration is left out
 * (to embed several events in one document). Throws TypeError on a malformed element name in
 * `detail.elements` (a programming error, never input).
 */
export function cotEventXml(e: CotEvent, options: { declaration?: boolean } = {}): string {
  const d = e.detail ?? {};
  let detail = '';
  if (d.callsign !== undefined) detail += `<contact${attrs({ callsign: d.callsign })}/>`;
  if (d.remarks !== undefined) detail += `<remarks>${escapeXml(d.remarks)}</remarks>`;
  for (const l of d.links ?? [])
    detail += `<link${attrs({ uid: l.uid, type: l.type, relation: l.relation, url: l.url, remarks: l.remarks })}/>`;
  for (const el of d.elements ?? []) {
    if (!NAME_RE.test(el.name) || Object.keys(el.attributes).some((k) => !NAME_RE.test(k)))
      throw new TypeError(`bad CoT detail element: ${el.name}`);
    detail += `<${el.name}${attrs(el.attributes)}/>`;
  }
  const p = e.point;
  return (
    (options.declaration === false ? '' : '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>') +
    `<event${attrs({ version: '2.0', uid: e.uid, type: e.type, how: e.how, time: ts(e.time), start: ts(e.start), stale: ts(e.stale) })}>` +
    `<point${attrs({ lat: p.lat, lon: p.lon, hae: num(p.hae, COT_UNKNOWN), ce: num(p.ce, COT_UNKNOWN), le: num(p.le, COT_UNKNOWN) })}/>` +
    `<detail>${detail}</detail></event>`
  );
}
