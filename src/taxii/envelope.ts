/**
 * POST of an envelope to a collection (TAXII 2.1 §5.5). Rule (docs/taxii.md §6): every object is
 * validated on its own; valid objects are stored together in one transaction, invalid ones are
 * reported as failures with their path and reason and nothing of them is stored. An object the
 * store refuses (unknown marking, a different object under an existing id and `modified`) becomes
 * a failure too and the others are stored without it. The status resource is complete on return.
 */
import { randomUUID } from 'node:crypto';
import { DomainError, pointer, type Issue } from '../core/errors.ts';
import { t, type Locale } from '../i18n/i18n.ts';
import type { Principal } from '../auth/principal.ts';
import { validateObject } from '../objects/validate.ts';
import { formatTimestamp } from '../objects/timestamps.ts';
import { isRecord, type StixObject } from '../objects/stix.ts';
import type { RecordService } from '../records/service.ts';
import type { Db } from '../store/db.ts';
import type { Clock } from '../core/clock.ts';
import { insertStatus } from './repo.ts';
import './messages.ts';

/** Objects in one envelope (the body limit bounds it too). */
export const MAX_ENVELOPE_OBJECTS = 10_000;
const ENVELOPE_KEYS = new Set(['objects', 'more', 'next']);

export interface StatusDetail {
  id: string;
  version?: string;
  message?: string;
}

interface Failure {
  index: number;
  detail: StatusDetail;
}

/** Checks the envelope itself; every problem names its field. */
export function checkEnvelope(body: unknown): unknown[] {
  if (!isRecord(body))
    throw new DomainError('invalid', 'taxii.bad_envelope', [{ path: '', code: 'taxii.envelope.not_object' }]);
  const issues: Issue[] = [];
  for (const k of Object.keys(body))
    if (!ENVELOPE_KEYS.has(k))
      issues.push({ path: pointer('', k), code: 'taxii.envelope.unknown_property', params: { property: k } });
  const objects = body.objects;
  if (!Array.isArray(objects) || objects.length > MAX_ENVELOPE_OBJECTS)
    issues.push({ path: '/objects', code: 'taxii.envelope.objects', params: { max: MAX_ENVELOPE_OBJECTS } });
  if (issues.length) throw new DomainError('invalid', 'taxii.bad_envelope', issues);
  return objects as unknown[];
}

const idOf = (o: unknown): string => (isRecord(o) && typeof o.id === 'string' ? o.id.slice(0, 200) : '');
const versionOf = (o: unknown): string | undefined =>
  isRecord(o)
    ? typeof o.modified === 'string'
      ? o.modified
      : typeof o.created === 'string'
        ? o.created
        : undefined
    : undefined;

function describe(locale: Locale, base: string, issues: readonly Issue[]): string {
  return issues
    .slice(0, 5)
    .map((i) =>
      t(locale, 'taxii.rejected', { path: base + i.path || '/', reason: t(locale, i.code, i.params) }),
    )
    .join('; ');
}

export interface AddDeps {
  db: Db;
  clock: Clock;
  records: RecordService;
}

/** Validates and stores an envelope's objects; returns the (stored) status resource. */
export async function addObjects(
  deps: AddDeps,
  principal: Principal,
  collectionId: string,
  body: unknown,
  locale: Locale,
): Promise<Record<string, unknown>> {
  const requested = formatTimestamp(deps.clock.now());
  const objects = checkEnvelope(body);
  const { successes, failures } = await importEach(
    deps.records,
    principal,
    objects,
    locale,
    '/objects',
    'import.taxii',
  );
  const status = {
    id: randomUUID(),
    status: 'complete',
    request_timestamp: requested,
    total_count: objects.length,
    success_count: successes.length,
    successes,
    failure_count: failures.length,
    failures,
    pending_count: 0,
    pendings: [],
  };
  await insertStatus(
    deps.db,
    { id: status.id, userId: principal.userId, collectionId, body: status },
    requested,
  );
  return status;
}

/**
 * The accept-valid-items rule (docs/taxii.md §6), shared by POST and `taxii pull`: each object is
 * validated alone; the valid ones are stored in one transaction; an object the store refuses is
 * reported and the rest stored without it. Failures name `<base>/<index>` and the reason.
 */
export async function importEach(
  records: RecordService,
  principal: Principal,
  objects: readonly unknown[],
  locale: Locale,
  base: string,
  action: string,
): Promise<{ successes: StatusDetail[]; failures: StatusDetail[] }> {
  const failures: Failure[] = [];
  let valid: { index: number; object: StixObject }[] = [];
  objects.forEach((o, index) => {
    const r = validateObject(o);
    if (r.ok) valid.push({ index, object: r.value });
    else
      failures.push({
        index,
        detail: { id: idOf(o), ...optVersion(o), message: describe(locale, pointer(base, index), r.issues) },
      });
  });
  // The store orders definitions first and reports positions in that order: order them so here.
  valid.sort((a, b) => rank(a.object) - rank(b.object) || a.index - b.index);
  // Each retry removes at least one refused object, so this ends; the bound keeps a hostile
  // envelope from costing one transaction per object.
  for (let attempt = 0; valid.length > 0; attempt++) {
    try {
      await records.importObjects(
        principal,
        valid.map((v) => v.object),
        { action, batchSize: MAX_ENVELOPE_OBJECTS },
      );
      break;
    } catch (e) {
      if (!(e instanceof DomainError) || (e.kind !== 'invalid' && e.kind !== 'conflict')) throw e;
      const refused = refusedIndexes(e, valid);
      if (refused.size === 0 || attempt >= 5) {
        for (const v of valid)
          failures.push({
            index: v.index,
            detail: {
              id: String(v.object.id),
              ...optVersion(v.object),
              message: t(locale, e.code, e.params),
            },
          });
        valid = [];
        break;
      }
      for (const [i, issues] of refused) {
        const v = valid[i]!;
        failures.push({
          index: v.index,
          detail: {
            id: String(v.object.id),
            ...optVersion(v.object),
            message: describe(locale, pointer(base, v.index), issues),
          },
        });
      }
      valid = valid.filter((_, i) => !refused.has(i));
    }
  }
  failures.sort((a, b) => a.index - b.index);
  const successes = valid
    .sort((a, b) => a.index - b.index)
    .map((v) => ({
      id: String(v.object.id),
      ...optVersion(v.object),
      message: t(locale, 'taxii.accepted', { outcome: 'stored' }),
    }));
  return { successes, failures: failures.map((f) => f.detail) };
}

function rank(o: StixObject): number {
  const order: Record<string, number> = { 'extension-definition': 0, 'marking-definition': 1, identity: 2 };
  return order[o.type] ?? 3;
}

function optVersion(o: unknown): { version?: string } {
  const v = versionOf(o);
  return v === undefined ? {} : { version: v };
}

/** Which of `valid` the store refused, with the issues about each (paths are /objects/<i>/…). */
function refusedIndexes(e: DomainError, valid: readonly { object: StixObject }[]): Map<number, Issue[]> {
  const out = new Map<number, Issue[]>();
  for (const is of e.issues) {
    const m = /^\/objects\/(\d+)(.*)$/.exec(is.path);
    const i = m ? Number(m[1]) : valid.length === 1 ? 0 : -1;
    if (i < 0 || i >= valid.length) continue;
    const list = out.get(i) ?? [];
    list.push({ ...is, path: m ? m[2]! : is.path });
    out.set(i, list);
  }
  if (out.size === 0 && typeof e.params.id === 'string') {
    const i = valid.findIndex((v) => v.object.id === e.params.id);
    if (i >= 0) out.set(i, [{ path: '/id', code: e.code, params: e.params }]);
  }
  return out;
}
