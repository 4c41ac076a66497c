/**
 * Turns a planner's or liaison's input into the STIX object to store: managed properties are set
 * by the node (type, extensions, markings), local times with an offset become UTC instants, and
 * every problem is reported at once with its field path, before anything is written.
 */
import { DomainError, type Issue } from '../core/errors.ts';
import { validateObject } from '../objects/validate.ts';
import { TLP2_IDS, type Tlp } from '../objects/markings.ts';
import { OPERATIONS_EXTENSIONS } from '../objects/custom/operations-extension.ts';
import { isRecord, type StixObject } from '../objects/stix.ts';
import './messages.ts';

/** Properties the node manages itself: never taken from the input. */
const MANAGED = new Set([
  'type',
  'id',
  'spec_version',
  'created',
  'modified',
  'created_by_ref',
  'extensions',
  'object_marking_refs',
  'revoked',
  'tlp',
]);
const TIME_FIELDS = [
  'planned_start',
  'planned_end',
  'actual_start',
  'actual_end',
  'valid_from',
  'valid_until',
];
const TLPS: readonly Tlp[] = ['clear', 'green', 'amber', 'amber+strict', 'red'];

export function asBody(input: unknown): Record<string, unknown> {
  if (!isRecord(input))
    throw new DomainError('invalid', 'operations.bad_body', [{ path: '', code: 'operations.bad_body' }]);
  return input;
}

/** `2026-03-29T01:30:00+01:00` → `2026-03-29T00:30:00.000Z`; anything else unchanged (validation reports it). */
export function toUtc(v: unknown): unknown {
  if (typeof v !== 'string' || !/(?:[+-]\d{2}:\d{2})$/.test(v)) return v;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? v : new Date(ms).toISOString();
}

/** The input's own properties, with times normalised to UTC. */
export function userFields(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (MANAGED.has(k)) continue;
    out[k] = TIME_FIELDS.includes(k) ? toUtc(v) : v;
  }
  return out;
}

/** The TLP marking id for `tlp` (default `fallback`), or an issue on /tlp. */
export function tlpMarking(tlp: unknown, fallback: Tlp, issues: Issue[]): string {
  if (tlp === undefined) return TLP2_IDS[fallback];
  if (typeof tlp === 'string' && (TLPS as readonly string[]).includes(tlp)) return TLP2_IDS[tlp as Tlp];
  issues.push({
    path: '/tlp',
    code: 'stix.invalid_vocab',
    params: { value: JSON.stringify(tlp).slice(0, 50), values: TLPS.join(', ') },
  });
  return TLP2_IDS[fallback];
}

/**
 * Validates a candidate of one of the operations types (with placeholder ids and times when the
 * store will fill them), adding `extra` issues; throws every issue at once.
 */
export function validateCandidate(
  candidate: Record<string, unknown>,
  extra: readonly Issue[] = [],
): StixObject {
  const probe = {
    spec_version: '2.1',
    id: `${String(candidate.type)}--00000000-0000-4000-8000-000000000000`,
    created: '2026-01-01T00:00:00.000Z',
    ...candidate,
    modified: typeof candidate.created === 'string' ? candidate.created : '2026-01-01T00:00:00.000Z',
    extensions: OPERATIONS_EXTENSIONS,
  };
  const r = validateObject(probe);
  const issues = [
    ...(r.ok ? [] : r.issues.filter((i) => !i.path.startsWith('/object_marking_refs'))),
    ...extra,
  ];
  if (issues.length) throw new DomainError('invalid', 'operations.invalid', issues);
  return candidate as StixObject;
}
