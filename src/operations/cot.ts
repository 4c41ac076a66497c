/**
 * Cursor-on-Target (CoT 2.0) drawing shapes for TAK maps: an operation's area or a protected site
 * as a freehand shape (`u-d-f`, vertices as `<link point="lat,lon"/>`, closed when the first and
 * last vertices are equal) or, for a point site, a circle (`u-d-c-c` with an ellipse whose axes
 * are its buffer). Stale time is the end of the window, so TAK drops the shape when it expires.
 */
import type { StixObject } from '../objects/stix.ts';
import { bboxOfShape } from './geometry.ts';
import { shapeOf } from './footprint.ts';

/** ARGB colours as TAK stores them (signed 32-bit integers). */
const COLOURS = {
  operation: argb(0xff, 0x1f, 0x5f, 0xbf),
  site: argb(0xff, 0x1a, 0x9a, 0x4a),
  conflict: argb(0xff, 0xd0, 0x21, 0x21),
};

function argb(a: number, r: number, g: number, b: number): number {
  return (a << 24) | (r << 16) | (g << 8) | b | 0;
}

export function xmlEscape(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

const n = (x: number) => (Math.round(x * 1e7) / 1e7).toString();

export interface CotOptions {
  now: Date;
  /** Highlight as a conflict (red). */
  conflict?: boolean;
}

/** One CoT event for an operation or a protected site; null when it has no usable area. */
export function cotEvent(o: StixObject, opts: CotOptions): string | null {
  const shape = shapeOf(o.area);
  if (!shape) return null;
  const isSite = o.type === 'x-sentinelle-protected-site';
  const stale = String(isSite ? o.valid_until : (o.actual_end ?? o.planned_end));
  const now = opts.now.toISOString();
  const colour = opts.conflict ? COLOURS.conflict : isSite ? COLOURS.site : COLOURS.operation;
  const b = bboxOfShape(shape);
  const lat = (b.minLat + b.maxLat) / 2;
  const lon = (b.minLon + b.maxLon) / 2;
  const buffer = typeof o.buffer_m === 'number' ? o.buffer_m : 0;
  let type = 'u-d-f';
  let geometry: string;
  if (shape.kind === 'point') {
    type = 'u-d-c-c';
    const r = Math.max(buffer, 50);
    geometry = `<shape><ellipse major="${r}" minor="${r}" angle="360"/></shape>`;
  } else {
    const pts = shape.kind === 'polygon' ? (shape.rings[0] ?? []) : shape.points;
    geometry = pts.map((p) => `<link point="${n(p[1] ?? 0)},${n(p[0] ?? 0)}"/>`).join('');
  }
  const window = isSite
    ? `${String(o.valid_from)} → ${String(o.valid_until)}`
    : `${String(o.planned_start)} → ${String(o.planned_end)}`;
  const remarks = [
    isSite ? String(o.site_kind) : `${String(o.activity_kind)} · ${String(o.status)}`,
    window,
    buffer ? `buffer ${buffer} m` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
    `<event version="2.0" uid="${xmlEscape(o.id)}" type="${type}" how="h-e" time="${now}" start="${now}" stale="${xmlEscape(stale)}">` +
    `<point lat="${n(lat)}" lon="${n(lon)}" hae="9999999.0" ce="9999999.0" le="9999999.0"/>` +
    `<detail>${geometry}<strokeColor value="${colour}"/><strokeWeight value="3.0"/><fillColor value="${(colour & 0x00ffffff) | (0x40 << 24)}"/>` +
    `<contact callsign="${xmlEscape(typeof o.name === 'string' ? o.name : '')}"/><remarks>${xmlEscape(remarks)}</remarks><labels_on value="true"/></detail>` +
    `</event>`
  );
}

/** Several events in one document (a list, as TAK import tools read them). */
export function cotEvents(objects: readonly StixObject[], opts: CotOptions): string {
  const events = objects
    .map((o) => cotEvent(o, opts))
    .filter((e): e is string => e !== null)
    .map((e) => e.replace(/^<\?xml[^>]*\?>/, ''));
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><events>${events.join('')}</events>`;
}
