/**
 * Validation rules of the custom types of the cooperation ledger (src/cooperation). Import value helpers from
 * ../checks.ts (never from ../type-rules.ts, which imports this file). Rules that need other records
 * (units declared by the programme, serial numbers of other deliveries, lifecycle transitions) are
 * checked by the ledger service (src/cooperation/service.ts).
 */
import {
  closed,
  descriptionStr,
  int,
  list,
  nameStr,
  num,
  objectOf,
  ref,
  str,
  strList,
  timestamp,
  url,
  type Check,
  type Checker,
} from '../checks.ts';
import { isAlpha3 } from '../countries.ts';
import { compareTimestamps, isTimestamp } from '../timestamps.ts';
import type { TypeRule } from '../type-rules.ts';
import {
  ACTIVITY_KINDS,
  ACTIVITY_STATUSES,
  CHECK_FINDINGS,
  DELIVERY_STATUSES,
  EQUIPMENT_CATEGORIES,
  LOG_KINDS,
  MEASURES,
  SERVICEABILITY,
  SKILLS,
  type CooperationType,
} from './cooperation-types.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A node id (UUID, as in src/sharing/peers.ts). */
const nodeId: Check = (c, v, path) => {
  if (typeof v !== 'string') return c.add(path, 'stix.expected_string');
  if (!UUID.test(v)) c.add(path, 'cooperation.bad_node_id', { value: v.slice(0, 60) });
};

const country: Check = (c, v, path) => {
  if (typeof v !== 'string') return c.add(path, 'stix.expected_string');
  if (!isAlpha3(v)) c.add(path, 'incident_ext.invalid_country', { value: v.slice(0, 50) });
};

const code = str({ nonEmpty: true, max: 100 });
const text = str({ nonEmpty: true, max: 2_000 });

/** Serial numbers compare without case, spaces or punctuation ("AB-12 3" = "ab123"). */
export function serialKey(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
}

function notBefore(
  c: Checker,
  o: Record<string, unknown>,
  later: string,
  earlier: string,
  path = `/${later}`,
): void {
  const a = o[later];
  const b = o[earlier];
  if (isTimestamp(a) && isTimestamp(b) && compareTimestamps(a, b) < 0)
    c.add(path, 'stix.must_not_precede', { property: later, other: earlier });
}

const asList = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v)
    ? v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x))
    : [];

const party = objectOf('party', { node_id: nodeId, country, name: nameStr }, ['node_id', 'country', 'name']);
const unit = objectOf('unit', { code, name: nameStr, node_id: nodeId }, ['code', 'name', 'node_id']);
const indicator = objectOf(
  'indicator',
  { name: text, target: num(-1e12, 1e12), achieved: num(-1e12, 1e12), measure: str({ max: 100 }) },
  ['name'],
);
const course = objectOf(
  'course',
  { code, name: nameStr, skills: list(closed(SKILLS), 50), hours: num(0, 10_000) },
  ['name', 'skills'],
);
const trainee = objectOf(
  'trainees',
  {
    unit: code,
    count: int(0, 1_000_000),
    hours: num(0, 1e9),
    passed: int(0, 1_000_000),
    failed: int(0, 1_000_000),
  },
  ['unit', 'count', 'hours'],
);
const certificate = objectOf(
  'certificate',
  { name: nameStr, valid_days: int(1, 36_500), recognised_by: list(nodeId, 100) },
  ['name', 'valid_days'],
);
const serials = strList({ nonEmpty: true, max: 200 }, 100_000);
const item = objectOf(
  'item',
  {
    item_type: nameStr,
    category: closed(EQUIPMENT_CATEGORIES),
    quantity: int(0, 1_000_000_000),
    measure: closed(MEASURES),
    serial_numbers: serials,
  },
  ['item_type', 'category', 'quantity', 'measure'],
);
const receivedItem = objectOf(
  'item',
  { item_type: nameStr, quantity: int(0, 1_000_000_000), serial_numbers: serials },
  ['item_type', 'quantity'],
);
const check = objectOf('end-use-check', { due: timestamp, note: str({ max: 2_000 }) }, ['due']);
const evidence = objectOf('evidence', { description: text, url, sha256: str({ nonEmpty: true, max: 64 }) }, [
  'description',
]);
const signature = objectOf(
  'signature',
  { alg: closed(['Ed25519']), node_id: nodeId, value: str({ nonEmpty: true, max: 200 }) },
  ['alg', 'node_id', 'value'],
);
const programmeRef = ref(['x-sentinelle-programme']);

/** Serial numbers of each item: as many as the quantity counted in `each`, none twice in the delivery. */
function itemRules(c: Checker, items: unknown, base: string, checkCount: boolean): void {
  const seen = new Map<string, string>();
  asList(items).forEach((it, i) => {
    const list = Array.isArray(it.serial_numbers) ? (it.serial_numbers as unknown[]) : [];
    if (
      checkCount &&
      list.length &&
      typeof it.quantity === 'number' &&
      it.measure === 'each' &&
      list.length !== it.quantity
    ) {
      c.add(`${base}/${i}/serial_numbers`, 'cooperation.serials_count', {
        count: list.length,
        quantity: it.quantity,
      });
    }
    list.forEach((s, j) => {
      if (typeof s !== 'string') return;
      const k = serialKey(s);
      const path = `${base}/${i}/serial_numbers/${j}`;
      if (seen.has(k))
        c.add(path, 'cooperation.duplicate_serial', { value: s.slice(0, 100), other: seen.get(k)! });
      else seen.set(k, path);
    });
  });
}

export const COOPERATION_TYPE_RULES: Readonly<Record<CooperationType, TypeRule>> = {
  'x-sentinelle-programme': {
    category: 'sdo',
    props: {
      name: nameStr,
      description: descriptionStr,
      purpose: text,
      parties: list(party, 20),
      units: list(unit, 1_000),
      start: timestamp,
      end: timestamp,
    },
    required: ['name', 'purpose', 'parties', 'start'],
    rules: (c, o) => {
      notBefore(c, o, 'end', 'start');
      const parties = asList(o.parties);
      if (Array.isArray(o.parties) && o.parties.length < 2) c.add('/parties', 'cooperation.two_parties');
      const ids = new Set(parties.map((p) => p.node_id));
      const codes = new Set<unknown>();
      asList(o.units).forEach((u, i) => {
        if (Array.isArray(o.parties) && typeof u.node_id === 'string' && !ids.has(u.node_id))
          c.add(`/units/${i}/node_id`, 'cooperation.unit_not_party', { value: u.node_id });
        if (codes.has(u.code))
          c.add(`/units/${i}/code`, 'cooperation.duplicate_unit', { value: String(u.code) });
        codes.add(u.code);
      });
    },
  },
  'x-sentinelle-coop-activity': {
    category: 'sdo',
    props: {
      name: nameStr,
      description: descriptionStr,
      programme_ref: programmeRef,
      activity_kind: closed(ACTIVITY_KINDS),
      status: closed(ACTIVITY_STATUSES),
      provider_node: nodeId,
      receiver_node: nodeId,
      start: timestamp,
      end: timestamp,
      place: str({ nonEmpty: true, max: 500 }),
      objectives: list(text, 100),
      indicators: list(indicator, 100),
      outcomes: str({ nonEmpty: true, max: 20_000 }),
      course,
      trainees: list(trainee, 1_000),
      certificate,
    },
    required: ['name', 'programme_ref', 'activity_kind', 'status', 'provider_node', 'receiver_node'],
    rules: (c, o) => {
      notBefore(c, o, 'end', 'start');
      if (o.activity_kind === 'training' && !('course' in o))
        c.add('/course', 'stix.required', { property: 'course', type: 'training' });
      if ((o.status === 'ongoing' || o.status === 'completed') && !('start' in o))
        c.add('/start', 'cooperation.start_required', { status: String(o.status) });
      if (o.status === 'completed' && !('end' in o)) c.add('/end', 'cooperation.end_required');
      asList(o.trainees).forEach((t, i) => {
        const n =
          (typeof t.passed === 'number' ? t.passed : 0) + (typeof t.failed === 'number' ? t.failed : 0);
        if (typeof t.count === 'number' && n > t.count)
          c.add(`/trainees/${i}/passed`, 'cooperation.results_exceed_count', { count: t.count });
      });
    },
  },
  'x-sentinelle-delivery': {
    category: 'sdo',
    props: {
      name: nameStr,
      description: descriptionStr,
      programme_ref: programmeRef,
      activity_ref: ref(['x-sentinelle-coop-activity']),
      provider_node: nodeId,
      receiver_node: nodeId,
      receiving_unit: code,
      items: list(item, 1_000),
      status: closed(DELIVERY_STATUSES),
      planned_ship_date: timestamp,
      shipped_at: timestamp,
      expected_arrival: timestamp,
      end_use_checks: list(check, 200),
    },
    required: [
      'name',
      'programme_ref',
      'provider_node',
      'receiver_node',
      'receiving_unit',
      'items',
      'status',
      'planned_ship_date',
    ],
    rules: (c, o) => {
      notBefore(c, o, 'expected_arrival', 'planned_ship_date');
      notBefore(c, o, 'expected_arrival', 'shipped_at');
      if (o.status === 'shipped' && !('shipped_at' in o))
        c.add('/shipped_at', 'stix.required', { property: 'shipped_at', type: 'shipped delivery' });
      asList(o.end_use_checks).forEach((ch, i) => {
        if (
          isTimestamp(ch.due) &&
          isTimestamp(o.planned_ship_date) &&
          compareTimestamps(ch.due, o.planned_ship_date) < 0
        ) {
          c.add(`/end_use_checks/${i}/due`, 'stix.must_not_precede', {
            property: 'due',
            other: 'planned_ship_date',
          });
        }
      });
      itemRules(c, o.items, '/items', true);
    },
  },
  'x-sentinelle-receipt': {
    category: 'sdo',
    props: {
      name: nameStr,
      delivery_ref: ref(['x-sentinelle-delivery']),
      delivery_modified: timestamp,
      provider_node: nodeId,
      receiver_node: nodeId,
      received_at: timestamp,
      items: list(receivedItem, 1_000),
      note: str({ max: 2_000 }),
      signature,
    },
    required: [
      'delivery_ref',
      'delivery_modified',
      'provider_node',
      'receiver_node',
      'received_at',
      'items',
      'signature',
    ],
    rules: (c, o) => itemRules(c, o.items, '/items', false),
  },
  'x-sentinelle-equipment-log': {
    category: 'sdo',
    props: {
      name: nameStr,
      delivery_ref: ref(['x-sentinelle-delivery']),
      entry_kind: closed(LOG_KINDS),
      observed_at: timestamp,
      item_type: nameStr,
      serial_number: str({ nonEmpty: true, max: 200 }),
      quantity: int(0, 1_000_000_000),
      status: closed(SERVICEABILITY),
      check_due: timestamp,
      finding: closed(CHECK_FINDINGS),
      evidence: list(evidence, 100),
      note: str({ max: 2_000 }),
    },
    required: ['delivery_ref', 'entry_kind', 'observed_at'],
    rules: (c, o) => {
      if (o.entry_kind === 'serviceability' && !('status' in o))
        c.add('/status', 'stix.required', { property: 'status', type: 'serviceability' });
      if (o.entry_kind === 'end-use-check') {
        if (!('check_due' in o))
          c.add('/check_due', 'stix.required', { property: 'check_due', type: 'end-use-check' });
        if (!('finding' in o))
          c.add('/finding', 'stix.required', { property: 'finding', type: 'end-use-check' });
      }
    },
  },
};
