/**
 * Turns a `RecordFilter` into SQL conditions on `objects`, with every value passed as a parameter.
 * The geometry helpers (bounding boxes for `near`, antimeridian split) are exported for their own
 * unit tests.
 */
import { DomainError } from '../core/errors.ts';
import type { RecordFilter } from './records.ts';
import { versionKey } from './records.time.ts';
import { buildTsQuery } from './records.words.ts';
import './records.messages.ts';

/** Mean Earth radius (IUGG), km: the sphere of every `near` distance. */
export const EARTH_RADIUS_KM = 6371.0088;
/** Rounding slack of the haversine test (km, i.e. 1 µm): a point computed to lie on the circle is in. */
const NEAR_SLACK_KM = 1e-9;
/** Widening of prefilter boxes (degrees, about 0.1 mm): the haversine test decides, never the box. */
const BOX_SLACK_DEG = 1e-9;

export interface Box {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** Collects parameters; `add` returns the placeholder of the value. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

function bad(field: string): DomainError {
  return new DomainError('invalid', 'store.filter_invalid', [{ path: `/${field}`, code: 'store.filter_invalid', params: { field } }], { field });
}

const finite = (...xs: number[]): boolean => xs.every((x) => typeof x === 'number' && Number.isFinite(x));
const latOk = (x: number): boolean => x >= -90 && x <= 90;
const lonOk = (x: number): boolean => x >= -180 && x <= 180;

/**
 * Splits a west→east longitude range into boxes that do not cross the antimeridian:
 * west > east means the range runs east from `west` across ±180° to `east`.
 */
export function splitAntimeridian(b: Box): Box[] {
  if (b.west <= b.east) return [b];
  return [
    { ...b, east: 180 },
    { ...b, west: -180 },
  ];
}

/**
 * Boxes containing every point within `radiusKm` (great circle) of (lat, lon): latitude ± the
 * angular radius; longitude ± asin(sin r / cos lat) (the cap's widest meridian spread). A cap
 * reaching a pole spans all longitudes; a radius of half the circumference or more is the world.
 */
export function nearBoxes(lat: number, lon: number, radiusKm: number): Box[] {
  const r = radiusKm / EARTH_RADIUS_KM;
  if (r >= Math.PI) return [{ west: -180, south: -90, east: 180, north: 90 }];
  const dLat = (r * 180) / Math.PI + BOX_SLACK_DEG;
  const south = Math.max(-90, lat - dLat);
  const north = Math.min(90, lat + dLat);
  if (north >= 90 || south <= -90) return [{ west: -180, south, east: 180, north }];
  const dLon = (Math.asin(Math.min(1, Math.sin(r) / Math.cos((lat * Math.PI) / 180))) * 180) / Math.PI + BOX_SLACK_DEG;
  if (dLon >= 180) return [{ west: -180, south, east: 180, north }];
  const wrap = (x: number): number => (x < -180 ? x + 360 : x > 180 ? x - 360 : x);
  return splitAntimeridian({ west: wrap(lon - dLon), south, east: wrap(lon + dLon), north });
}

function boxSql(p: Params, b: Box): string {
  return `geo <@ box(point(${p.add(b.west)}::float8, ${p.add(b.south)}::float8), point(${p.add(b.east)}::float8, ${p.add(b.north)}::float8))`;
}

function timestamp(field: string, value: string): string {
  if (versionKey(value) === null) throw bad(field);
  return value;
}

const TIME_COLUMNS = { modified: 'modified', created: 'created', event_time: 'event_time' } as const;

/** SQL conditions (to be AND-ed) for `filter`; throws DomainError('invalid') on a malformed one. */
export function filterConditions(filter: RecordFilter, p: Params): string[] {
  const c: string[] = [];
  const anyOf = (column: string, values: string[] | undefined): void => {
    if (values !== undefined) c.push(`${column} = ANY(${p.add(values)}::text[])`);
  };
  anyOf('type', filter.types);
  anyOf('id', filter.ids);
  anyOf('created_by_ref', filter.createdByRefs);
  anyOf('origin', filter.origins);
  anyOf('country', filter.countries);
  anyOf('admin1', filter.admin1);
  if (filter.refersTo !== undefined) {
    const id = p.add(filter.refersTo);
    c.push(`(object->'object_refs' @> jsonb_build_array(${id}::text) OR object->>'sighting_of_ref' = ${id})`);
  }
  if (filter.ownerUser !== undefined) c.push(`owner_user = ${p.add(filter.ownerUser)}`);
  if (filter.labels !== undefined) c.push(`labels && ${p.add(filter.labels)}::text[]`);
  if (filter.markingRefs !== undefined) c.push(`marking_refs && ${p.add(filter.markingRefs)}::text[]`);
  if (filter.tlpIn !== undefined) {
    const unmarked = filter.includeUnmarked === true ? ' OR tlp IS NULL' : '';
    c.push(`(tlp = ANY(${p.add(filter.tlpIn)}::text[])${unmarked})`);
  }
  if (filter.relTo !== undefined) {
    const none = filter.includeNoRelTo === true ? ` OR rel_to = '{}'` : '';
    c.push(`(rel_to && ${p.add(filter.relTo)}::text[]${none})`);
  }
  if (filter.bbox !== undefined) c.push(bboxCondition(filter.bbox, p));
  if (filter.near !== undefined) c.push(nearCondition(filter.near, p));
  if (filter.from !== undefined || filter.to !== undefined || filter.timeField !== undefined) {
    const column = TIME_COLUMNS[filter.timeField ?? 'modified'];
    if (column === undefined) throw bad('timeField');
    if (filter.from !== undefined) c.push(`${column} >= ${p.add(timestamp('from', filter.from))}::timestamptz`);
    if (filter.to !== undefined) c.push(`${column} < ${p.add(timestamp('to', filter.to))}::timestamptz`);
  }
  if (filter.text !== undefined) {
    const q = buildTsQuery(filter.text);
    if (q !== null) c.push(`search @@ ${p.add(q)}::tsquery`);
  }
  if (filter.includeRevoked !== true) c.push('NOT revoked');
  if (filter.changedAfterSeq !== undefined) {
    if (!Number.isSafeInteger(filter.changedAfterSeq)) throw bad('changedAfterSeq');
    c.push(`seq > ${p.add(filter.changedAfterSeq)}::bigint`);
  }
  return c;
}

/** Edges are inside. The gist index on geo finds candidates; the exact lat/lon test decides. */
function bboxCondition(b: Box, p: Params): string {
  const { west, south, east, north } = b;
  if (!finite(west, south, east, north) || !latOk(south) || !latOk(north) || south > north || !lonOk(west) || !lonOk(east)) {
    throw bad('bbox');
  }
  const boxes = splitAntimeridian(b).map((x) => boxSql(p, x));
  const lonTest = west <= east ? 'AND' : 'OR';
  return (
    `((${boxes.join(' OR ')}) AND lat >= ${p.add(south)}::float8 AND lat <= ${p.add(north)}::float8` +
    ` AND (lon >= ${p.add(west)}::float8 ${lonTest} lon <= ${p.add(east)}::float8))`
  );
}

/** Haversine distance ≤ radius (edge inside), after a gist-indexed box prefilter. */
function nearCondition(n: { lat: number; lon: number; radiusKm: number }, p: Params): string {
  if (!finite(n.lat, n.lon, n.radiusKm) || !latOk(n.lat) || !lonOk(n.lon) || n.radiusKm < 0) throw bad('near');
  const boxes = nearBoxes(n.lat, n.lon, n.radiusKm).map((x) => boxSql(p, x));
  const lat0 = p.add(n.lat);
  const lon0 = p.add(n.lon);
  // least(1, …): rounding may push the haversine argument just above 1, outside asin's domain.
  const distance =
    `2 * ${EARTH_RADIUS_KM} * asin(least(1, sqrt(power(sin(radians(lat - ${lat0}::float8) / 2), 2)` +
    ` + cos(radians(${lat0}::float8)) * cos(radians(lat)) * power(sin(radians(lon - ${lon0}::float8) / 2), 2))))`;
  return `((${boxes.join(' OR ')}) AND ${distance} <= ${p.add(n.radiusKm + NEAR_SLACK_KM)}::float8)`;
}
