/**
 * Validation rules of the custom types of joint operations, protected sites, deconfliction notices (src/operations). Import value helpers from
 * ../checks.ts (never from ../type-rules.ts, which imports this file). Geometry is checked here, at
 * every edge (API, peers, imports): a self-intersecting or empty area never enters the store.
 */
import {
  bool,
  closed,
  descriptionStr,
  int,
  list,
  nameStr,
  num,
  objectOf,
  ref,
  refList,
  str,
  timestamp,
  type Check,
  type Checker,
} from '../checks.ts';
import { isAlpha3 } from '../countries.ts';
import { isRecord } from '../stix.ts';
import { compareTimestamps, isTimestamp } from '../timestamps.ts';
import type { TypeRule } from '../type-rules.ts';
import { ringArea2, selfIntersectionAt } from '../../operations/geometry.ts';
import {
  ACTIVITY_KINDS,
  NOTICE_KINDS,
  NOTICE_RESOLUTIONS,
  NOTICE_STATUSES,
  OPERATION_STATUSES,
  SITE_KINDS,
  type OperationsType,
} from './operations-types.ts';
import './operations-messages.ts';

/** Vertices of one area: enough for a district outline, bounded for the O(n²) simplicity check. */
export const MAX_AREA_POINTS = 2_000;

const country: Check = (c, v, path) => {
  if (typeof v !== 'string') return c.add(path, 'stix.expected_string');
  if (!isAlpha3(v)) c.add(path, 'operations.invalid_country', { value: v.slice(0, 50) });
};

function position(c: Checker, v: unknown, path: string): boolean {
  const okPos =
    Array.isArray(v) &&
    (v.length === 2 || v.length === 3) &&
    v.every((x) => typeof x === 'number' && Number.isFinite(x)) &&
    Math.abs(v[0] as number) <= 180 &&
    Math.abs(v[1] as number) <= 90;
  if (!okPos) c.add(path, 'operations.invalid_position');
  return okPos;
}

function positions(c: Checker, v: unknown, path: string, min: number): v is number[][] {
  if (!Array.isArray(v)) {
    c.add(path, 'stix.expected_list');
    return false;
  }
  if (v.length < min) {
    c.add(path, 'operations.too_few_points', { min });
    return false;
  }
  if (v.length > MAX_AREA_POINTS) {
    c.add(path, 'operations.too_many_points', { max: MAX_AREA_POINTS });
    return false;
  }
  let okAll = true;
  v.forEach((p, i) => (okAll = position(c, p, `${path}/${i}`) && okAll));
  return okAll;
}

function ring(c: Checker, v: unknown, path: string): void {
  if (!positions(c, v, path, 4)) return;
  const first = v[0]!;
  const last = v[v.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) return c.add(path, 'operations.ring_not_closed');
  const at = selfIntersectionAt(v);
  if (at >= 0) return c.add(path, 'operations.self_intersection', { edge: at + 1 });
  if (ringArea2(v) === 0) c.add(path, 'operations.empty_polygon');
}

/** A GeoJSON geometry (RFC 7946 §3.1) of one of `types`, with [lon, lat] positions. */
function geometry(types: readonly ('Point' | 'LineString' | 'Polygon')[]): Check {
  return (c, v, path) => {
    if (!isRecord(v)) return c.add(path, 'stix.expected_object');
    const t = v.type;
    if (typeof t !== 'string' || !(types as readonly string[]).includes(t))
      return c.add(`${path}/type`, 'operations.geometry_type', { types: types.join(', ') });
    for (const k of Object.keys(v))
      if (k !== 'type' && k !== 'coordinates' && k !== 'bbox')
        c.add(`${path}/${k}`, 'stix.unknown_field', { property: k, type: 'GeoJSON' });
    const coords = v.coordinates;
    const cp = `${path}/coordinates`;
    if (t === 'Point') position(c, coords, cp);
    else if (t === 'LineString') positions(c, coords, cp, 2);
    else if (!Array.isArray(coords)) c.add(cp, 'stix.expected_list');
    else if (coords.length === 0) c.add(cp, 'operations.empty_polygon');
    else if (coords.length > 50) c.add(cp, 'stix.too_many_items', { max: 50 });
    else coords.forEach((r, i) => ring(c, r, `${cp}/${i}`));
  };
}

/** `later` strictly after `earlier`: a window that ends before (or when) it starts is refused. */
function after(later: string, earlier: string): (c: Checker, o: Record<string, unknown>) => void {
  return (c, o) => {
    const a = o[later];
    const b = o[earlier];
    if (isTimestamp(a) && isTimestamp(b) && compareTimestamps(a, b) <= 0)
      c.add(`/${later}`, 'operations.end_before_start', { property: later, other: earlier });
  };
}

const label = str({ nonEmpty: true, max: 300 });
const contact = objectOf('contact', { role: label, channel: label, organisation_ref: ref(['identity']) }, [
  'role',
  'channel',
]);
const countryList = list(country, 20);

export const OPERATIONS_TYPE_RULES: Readonly<Record<OperationsType, TypeRule>> = {
  'x-sentinelle-operation': {
    category: 'sdo',
    props: {
      name: nameStr,
      description: descriptionStr,
      activity_kind: closed(ACTIVITY_KINDS),
      objectives: list(
        objectOf('objective', { objective: label, indicator: label, target: label }, [
          'objective',
          'indicator',
        ]),
        50,
      ),
      area: geometry(['Polygon', 'LineString']),
      buffer_m: int(0, 100_000),
      planned_start: timestamp,
      planned_end: timestamp,
      actual_start: timestamp,
      actual_end: timestamp,
      time_tolerance_min: int(0, 1_440),
      status: closed(OPERATION_STATUSES),
      participating_states: countryList,
      shared_with: countryList,
      units: list(
        objectOf('unit', { organisation_ref: ref(['identity']), designation: label, country }, [
          'organisation_ref',
          'designation',
          'country',
        ]),
        200,
      ),
      liaison_contacts: list(contact, 20),
    },
    required: [
      'name',
      'activity_kind',
      'area',
      'planned_start',
      'planned_end',
      'status',
      'participating_states',
    ],
    rules: (c, o) => {
      after('planned_end', 'planned_start')(c, o);
      after('actual_end', 'actual_start')(c, o);
      // Judged only against a list of states that is there (a missing one is its own issue).
      const states = Array.isArray(o.participating_states) ? o.participating_states : null;
      if (states && Array.isArray(o.units)) {
        o.units.forEach((u, i) => {
          const cc = isRecord(u) ? u.country : undefined;
          if (typeof cc === 'string' && isAlpha3(cc) && !states.includes(cc))
            c.add(`/units/${i}/country`, 'operations.unit_state_not_participating', { value: cc });
        });
      }
    },
  },
  'x-sentinelle-operation-outcome': {
    category: 'sdo',
    props: {
      name: nameStr,
      operation_ref: ref(['x-sentinelle-operation']),
      results: list(
        objectOf(
          'result',
          { objective_index: int(0, 49), value: label, achieved: bool, note: descriptionStr },
          ['objective_index', 'value'],
        ),
        50,
      ),
      areas_made_accessible: list(label, 200),
      materiel_recovered: list(
        objectOf('materiel', { kind: label, quantity: int(0, 1_000_000) }, ['kind', 'quantity']),
        200,
      ),
      casualties: objectOf('casualties', {
        friendly_killed: int(0, 100_000),
        friendly_wounded: int(0, 100_000),
        hostile_killed: int(0, 100_000),
        hostile_captured: int(0, 100_000),
        civilian_killed: int(0, 100_000),
        civilian_wounded: int(0, 100_000),
      }),
      incidents_before: int(0, 10_000_000),
      incidents_after: int(0, 10_000_000),
      window_days: int(1, 366),
      incident_refs: refList(['incident'], undefined, 5_000),
    },
    required: ['operation_ref'],
  },
  'x-sentinelle-protected-site': {
    category: 'sdo',
    props: {
      name: nameStr,
      description: descriptionStr,
      site_kind: closed(SITE_KINDS),
      area: geometry(['Point', 'Polygon', 'LineString']),
      buffer_m: int(0, 100_000),
      notified_by: label,
      notice_lead_hours: int(0, 720),
      valid_from: timestamp,
      valid_until: timestamp,
      contact,
      country,
    },
    required: ['name', 'site_kind', 'area', 'valid_from', 'valid_until'],
    rules: after('valid_until', 'valid_from'),
  },
  'x-sentinelle-deconfliction-notice': {
    category: 'sdo',
    props: {
      about_ref: ref(['x-sentinelle-operation']),
      notice_kind: closed(NOTICE_KINDS),
      conflict_day: (c, v, path) => {
        if (typeof v !== 'string') return c.add(path, 'stix.expected_string');
        if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)))
          c.add(path, 'operations.invalid_day');
      },
      rough_area: objectOf(
        'rough_area',
        { min_lon: num(-180, 180), min_lat: num(-90, 90), max_lon: num(-180, 180), max_lat: num(-90, 90) },
        ['min_lon', 'min_lat', 'max_lon', 'max_lat'],
      ),
      contact,
      severity: closed(['flash', 'high', 'medium', 'low']),
      status: closed(NOTICE_STATUSES),
      resolution: closed(NOTICE_RESOLUTIONS),
    },
    required: ['about_ref', 'notice_kind', 'conflict_day', 'rough_area', 'contact', 'status'],
  },
};
