/**
 * Records service: every read and write of a STIX record goes through here. It checks the
 * caller's permission, validates per STIX 2.1, resolves markings, writes through the repository
 * in one transaction together with the audit entry, and announces the change (NOTIFY) at commit.
 */
import type { Db, Queryable } from '../store/db.ts';
import type { Clock } from '../core/clock.ts';
import { DomainError, pointer, type Issue } from '../core/errors.ts';
import { validateObject, validateBundle } from '../objects/validate.ts';
import { indexFields } from '../objects/index-fields.ts';
import { isStixTypeName, mintedStixId, newStixId } from '../objects/ids.ts';
import { compareTimestamps, formatTimestamp } from '../objects/timestamps.ts';
import { isBuiltinMarking, builtinMarking } from '../objects/markings.ts';
import type { StixObject } from '../objects/stix.ts';
import {
  RecordRepository,
  type CurrentRecord,
  type PutItem,
  type PutResult,
  type RecordFilter,
  type StoredVersion,
  type Page,
} from '../store/records.ts';
import { appendAudit } from '../audit/audit.ts';
import { canonicalJson } from '../core/canonical-json.ts';
import { createHash } from 'node:crypto';
import { can, type Permission } from '../auth/roles.ts';
import { actorOf, type Principal } from '../auth/principal.ts';
import './messages.ts';

export const CHANGES_CHANNEL = 'sentinelle_changes';

/** [FED-94] Minted ids try k below this, then fall back to a random UUIDv4 (never reached in practice). */
const MAX_MINT_K = 1000;

const mintKey = (c: Record<string, unknown>): string => `${String(c.created_by_ref)}|${String(c.created)}`;

export interface RecordServiceDeps {
  db: Db;
  clock: Clock;
  /** STIX identity id of this node's organisation: created_by_ref of locally created records. */
  nodeIdentityId: string;
  repo?: RecordRepository;
}

export interface ImportOptions {
  /** Objects per transaction batch; the whole import is still one transaction. */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  /** 'local' or a peer node id. */
  origin?: string;
  /** Audit action name, e.g. 'import' or 'import.ucdp'. */
  action?: string;
}

export interface ImportReport {
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  stale: number;
}

export interface ListQuery extends RecordFilter {
  limit?: number;
  cursor?: string | null;
  order?: 'seq_desc' | 'seq_asc' | 'event_time_desc';
}

export class RecordService {
  readonly repo: RecordRepository;
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly nodeIdentityId: string;
  /** [FED-94] The last id this process minted (creator|created and k): the next create in the same millisecond starts after it. */
  private lastMint: { key: string; k: number } | undefined;

  constructor(deps: RecordServiceDeps) {
    this.db = deps.db;
    this.clock = deps.clock;
    this.nodeIdentityId = deps.nodeIdentityId;
    this.repo = deps.repo ?? new RecordRepository();
  }

  /** Creates a new object. Missing id, spec_version, created, modified and created_by_ref are filled in. */
  async create(principal: Principal, input: unknown): Promise<StixObject> {
    return (await this.createOnce(principal, input)).object;
  }

  /**
   * [FED-104] Creates a new object at most once per (user, idempotency key): the key is recorded
   * in the create's transaction; a later call with the same user, key and body returns the record
   * created the first time (its current version, `replayed: true`), and the same key with another
   * body is refused (`records.idempotency_key_reused`). Without a key: `create`.
   */
  async createOnce(principal: Principal, input: unknown, idempotencyKey?: string): Promise<{ object: StixObject; replayed: boolean }> {
    const body = asObject(input);
    const type = typeof body.type === 'string' ? body.type : '';
    await this.require(principal, type === 'incident' ? ['records.create', 'records.create_incident'] : ['records.create'], type);
    const now = formatTimestamp(this.clock.now());
    const candidate: Record<string, unknown> = {
      type: body.type,
      spec_version: '2.1',
      id: undefined, // set below, in this place of the object
      created: now,
      modified: now,
      ...(type === 'marking-definition' ? {} : { created_by_ref: this.nodeIdentityId }),
      ...body,
    };
    if (type === 'marking-definition') delete candidate.modified;
    // [FED-94] Without a client id, the node mints one from the record's creator and creation
    // time, with the smallest free k: narrow links then send k instead of 16 bytes.
    const mint = body.id === undefined ? this.minter(candidate) : undefined;
    let k = mint ? this.nextK(candidate) : 0;
    candidate.id = body.id ?? (mint ? mint(k) : type ? newStixId(type) : undefined);
    let obj = this.validate(candidate);
    const bodyHash = idempotencyKey === undefined ? '' : hashBody(body);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction(async (tx) => {
          if (idempotencyKey !== undefined) {
            const prior = await this.replay(tx, principal, idempotencyKey, bodyHash);
            if (prior) return { object: prior, replayed: true };
          }
          if (mint) {
            // The loop ends on an id nothing holds.
            while (await this.repo.get(tx, obj.id)) obj = { ...obj, id: ++k < MAX_MINT_K ? mint(k) : newStixId(type) };
            this.lastMint = { key: mintKey(candidate), k };
          } else if (await this.repo.get(tx, obj.id)) {
            throw new DomainError('conflict', 'records.exists', [{ path: '/id', code: 'records.exists', params: { id: obj.id } }], { id: obj.id });
          }
          if (idempotencyKey !== undefined) {
            // [FED-104] Waits for a concurrent request holding the same key; if it committed, retry (it is replayed).
            const { rows } = await tx.query(
              `INSERT INTO idempotency_keys (user_id, key, body_sha256, record_id) VALUES ($1, $2, $3, $4)
               ON CONFLICT DO NOTHING RETURNING record_id`,
              [principal.userId, idempotencyKey, bodyHash, obj.id],
            );
            if (rows.length === 0) throw new DomainError('conflict', KEY_RACE);
          }
          await this.write(tx, principal, [obj], 'record.create');
          return { object: obj, replayed: false };
        });
      } catch (e) {
        // [FED-94] Another process took this k between our look-up and our write: the next one.
        const taken = e instanceof DomainError && (e.code === 'records.version_conflict' || e.code === 'records.exists');
        // [FED-104] Another request with the same key committed first: the next attempt replays it.
        const raced = e instanceof DomainError && e.code === KEY_RACE;
        if (attempt >= 3 || !((mint && taken) || raced)) throw e;
      }
    }
  }

  /** [FED-104] The record an earlier request with this user and key created, if any; the key reused for another body is refused. */
  private async replay(tx: Queryable, principal: Principal, key: string, bodyHash: string): Promise<StixObject | undefined> {
    const { rows } = await tx.query<{ body_sha256: string; record_id: string }>(
      'SELECT body_sha256, record_id FROM idempotency_keys WHERE user_id = $1 AND key = $2',
      [principal.userId, key],
    );
    const row = rows[0];
    if (!row) return undefined;
    if (row.body_sha256 !== bodyHash) {
      throw new DomainError('conflict', 'records.idempotency_key_reused', [{ path: '', code: 'records.idempotency_key_reused', params: { id: row.record_id } }], { id: row.record_id });
    }
    const current = await this.repo.get(tx, row.record_id);
    if (!current) throw notFound(row.record_id);
    return current.object as StixObject;
  }

  /** [FED-94] The minting function of a candidate record, when it has a type, creator and creation time. */
  private minter(c: Record<string, unknown>): ((k: number) => string) | undefined {
    const { type, created_by_ref: creator, created } = c;
    if (typeof type !== 'string' || !isStixTypeName(type) || typeof creator !== 'string' || typeof created !== 'string') return undefined;
    return (k) => mintedStixId(type, creator, created, k);
  }

  /** The first k worth trying: after the last one this process minted for the same creator and time. */
  private nextK(c: Record<string, unknown>): number {
    return this.lastMint?.key === mintKey(c) ? this.lastMint.k + 1 : 0;
  }

  /** Stores a new version of an existing object (same id, later `modified`). */
  async update(principal: Principal, id: string, input: unknown): Promise<StixObject> {
    const body = asObject(input);
    // Permission first, outside the write transaction: a denial is audited in its own transaction.
    const before = await this.repo.get(this.db, id);
    if (!before) throw notFound(id);
    await this.requireEdit(principal, before);
    return this.db.transaction(async (tx) => {
      const current = await this.repo.get(tx, id);
      if (!current) throw notFound(id);
      this.assertEditable(current);
      const cur = current.object;
      const issues: Issue[] = [];
      if (body.id !== undefined && body.id !== id) issues.push({ path: '/id', code: 'records.id_mismatch', params: { id, value: JSON.stringify(body.id) } });
      if (body.type !== undefined && body.type !== cur.type) issues.push({ path: '/type', code: 'records.type_changed', params: { expected: String(cur.type) } });
      if (body.created !== undefined && body.created !== cur.created) issues.push({ path: '/created', code: 'records.created_changed', params: { expected: String(cur.created) } });
      if (issues.length) throw new DomainError('invalid', 'records.invalid', issues);
      const modified = typeof body.modified === 'string' ? body.modified : this.nextModified(String(cur.modified));
      const candidate: Record<string, unknown> = { ...body, id, type: cur.type, spec_version: cur.spec_version, created: cur.created, modified };
      if (cur.created_by_ref !== undefined && candidate.created_by_ref === undefined) candidate.created_by_ref = cur.created_by_ref;
      const obj = this.validate(candidate);
      if (compareTimestamps(String(obj.modified), String(cur.modified)) <= 0) {
        throw new DomainError('conflict', 'records.modified_not_later', [
          { path: '/modified', code: 'records.modified_not_later', params: { value: String(obj.modified), current: String(cur.modified) } },
        ]);
      }
      await this.write(tx, principal, [obj], 'record.update', current.ownerUser);
      return obj;
    });
  }

  /** Withdraws an object: a new version with `revoked: true` (STIX 2.1 §3.6). */
  async revoke(principal: Principal, id: string): Promise<StixObject> {
    await this.require(principal, ['records.revoke'], id);
    return this.db.transaction(async (tx) => {
      const current = await this.repo.get(tx, id);
      if (!current) throw notFound(id);
      this.assertEditable(current);
      const obj = { ...current.object, revoked: true, modified: this.nextModified(String(current.object.modified)) } as StixObject;
      await this.write(tx, principal, [obj], 'record.revoke', current.ownerUser);
      return obj;
    });
  }

  async get(principal: Principal, id: string): Promise<CurrentRecord> {
    const rec = await this.repo.get(this.db, id);
    if (!rec || !(await this.canRead(principal, rec))) {
      // Not readable and not existing look the same to the caller: no existence oracle.
      if (rec) await this.auditDenied(principal, 'records.read_all', id);
      throw notFound(id);
    }
    return rec;
  }

  async versions(principal: Principal, id: string): Promise<StoredVersion[]> {
    await this.get(principal, id);
    return this.repo.versions(this.db, id);
  }

  async version(principal: Principal, id: string, modified: string): Promise<StoredVersion> {
    await this.get(principal, id);
    const v = await this.repo.getVersion(this.db, id, modified);
    if (!v) throw new DomainError('not_found', 'records.version_not_found', [], { id, modified });
    return v;
  }

  async list(principal: Principal, query: ListQuery): Promise<Page<CurrentRecord>> {
    const { limit = 100, cursor = null, order = 'seq_desc', ...filter } = query;
    const scoped = await this.scopeFilter(principal, filter);
    return this.repo.list(this.db, scoped, { limit, cursor, order });
  }

  async count(principal: Principal, filter: RecordFilter): Promise<number> {
    return this.repo.count(this.db, await this.scopeFilter(principal, filter));
  }

  /** Streams every readable current object that matches, for exports (audited by the caller). */
  async *iterate(principal: Principal, filter: RecordFilter): AsyncGenerator<CurrentRecord> {
    let cursor: string | null = null;
    const scoped = await this.scopeFilter(principal, filter);
    do {
      const page: Page<CurrentRecord> = await this.repo.list(this.db, scoped, { limit: 1000, cursor, order: 'seq_asc' });
      yield* page.items;
      cursor = page.nextCursor;
    } while (cursor);
  }

  /**
   * Imports STIX objects (e.g. a bundle's `objects`). All or nothing: every object is validated
   * first, and all writes happen in one transaction. Re-importing the same objects changes nothing.
   */
  async importObjects(principal: Principal, objects: readonly unknown[], options: ImportOptions = {}): Promise<ImportReport> {
    await this.require(principal, ['records.import'], 'bundle');
    // Definitions and markings first, so that objects referring to them in the same import resolve.
    const ordered = objects.map((o, i) => ({ o, i })).sort((a, b) => rank(a.o) - rank(b.o));
    const batchSize = options.batchSize ?? 1000;
    const action = options.action ?? 'import';
    const report: ImportReport = { total: ordered.length, created: 0, updated: 0, unchanged: 0, stale: 0 };
    const issues: Issue[] = [];
    const seenMarkings = new Map<string, StixObject>();
    await this.db.transaction(async (tx) => {
      // Pipelined: batch k is validated and indexed in JS while the database writes batch k-1.
      // Every object is validated even after a first error, so the caller sees every issue; the
      // transaction then rolls back and nothing is stored.
      let inflight: Promise<PutResult[]> | undefined;
      let done = 0;
      let lastSeq = 0;
      const settle = async () => {
        if (!inflight) return;
        const results = await inflight;
        inflight = undefined;
        assertNoConflict(results);
        for (const r of results) {
          if (r.outcome !== 'conflict') report[r.outcome]++;
          lastSeq = Math.max(lastSeq, r.seq ?? 0);
        }
        done += results.length;
        options.onProgress?.(done, ordered.length);
      };
      for (let k = 0; k < ordered.length; k += batchSize) {
        const valid: StixObject[] = [];
        for (const { o, i } of ordered.slice(k, k + batchSize)) {
          const r = validateObject(o);
          if (!r.ok) for (const is of r.issues) issues.push({ ...is, path: pointer('/objects', i) + is.path });
          else {
            valid.push(r.value);
            if (r.value.type === 'marking-definition') seenMarkings.set(r.value.id, r.value);
          }
        }
        if (issues.length) continue;
        const items = await this.prepare(tx, principal, valid, null, options.origin ?? 'local', seenMarkings);
        await settle();
        inflight = this.repo.putMany(tx, items);
      }
      await settle();
      if (issues.length) throw new DomainError('invalid', 'records.bundle_invalid', issues.slice(0, 200), { count: issues.length });
      // Delivered at commit, to every process listening on this database (LISTEN/NOTIFY).
      if (lastSeq > 0) await tx.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, String(lastSeq)]);
      await appendAudit(tx, this.clock, { actor: actorOf(principal), action, target: null, outcome: 'success', details: { ...report } });
    });
    return report;
  }

  /** Importers and bundles: validates a bundle envelope, then imports its objects. */
  async importBundle(principal: Principal, bundle: unknown, options: ImportOptions = {}): Promise<ImportReport> {
    const r = validateBundle(bundle);
    if (!r.ok) throw new DomainError('invalid', 'records.bundle_invalid', r.issues.slice(0, 200), { count: r.issues.length });
    return this.importObjects(principal, r.value.objects, options);
  }

  // --- internals -------------------------------------------------------------------------

  private validate(candidate: unknown): StixObject {
    const r = validateObject(candidate);
    if (!r.ok) throw new DomainError('invalid', 'records.invalid', r.issues);
    return r.value;
  }

  /** Resolves markings and computes the index fields of a batch. */
  private async prepare(
    q: Queryable,
    principal: Principal,
    objects: StixObject[],
    ownerUser: string | null | undefined,
    origin: string,
    known?: ReadonlyMap<string, StixObject>,
  ): Promise<PutItem[]> {
    const markings = await this.resolveMarkings(q, objects, known);
    return objects.map((object) => ({
      object,
      fields: indexFields(object, (id) => markings.get(id)),
      writtenBy: actorOf(principal),
      ownerUser: ownerUser === undefined ? principal.userId : ownerUser,
      origin,
    }));
  }

  /** Stores single objects of a request: one audit entry each, announced at commit. */
  private async write(tx: Queryable, principal: Principal, objects: StixObject[], action: string, ownerUser?: string | null): Promise<PutResult[]> {
    const items = await this.prepare(tx, principal, objects, ownerUser, 'local');
    const results = await this.repo.putMany(tx, items);
    assertNoConflict(results);
    for (const r of results) {
      if (r.outcome === 'stale') {
        // A concurrent writer stored a later version between our read and our write.
        const current = await this.repo.get(tx, r.id);
        const value = String(objects.find((o) => o.id === r.id)?.modified ?? '');
        throw new DomainError('conflict', 'records.modified_not_later', [
          { path: '/modified', code: 'records.modified_not_later', params: { value, current: typeof current?.object.modified === 'string' ? current.object.modified : '' } },
        ]);
      }
      await appendAudit(tx, this.clock, {
        actor: actorOf(principal),
        action,
        target: r.id,
        outcome: 'success',
        details: { type: String(objects.find((o) => o.id === r.id)?.type), seq: r.seq },
      });
    }
    const lastSeq = results.reduce((m, r) => Math.max(m, r.seq ?? 0), 0);
    // Delivered at commit, to every process listening on this database (LISTEN/NOTIFY).
    if (lastSeq > 0) await tx.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, String(lastSeq)]);
    return results;
  }

  private async resolveMarkings(q: Queryable, objects: StixObject[], known?: ReadonlyMap<string, StixObject>): Promise<Map<string, StixObject>> {
    const out = new Map<string, StixObject>(known);
    for (const o of objects) if (o.type === 'marking-definition') out.set(o.id, o);
    const wanted = new Set<string>();
    const issues: Issue[] = [];
    for (const o of objects) {
      for (const ref of markingRefsOf(o)) {
        if (out.has(ref)) continue;
        const b = isBuiltinMarking(ref) ? builtinMarking(ref) : undefined;
        if (b) out.set(ref, b);
        else wanted.add(ref);
      }
    }
    if (wanted.size) {
      const stored = await this.repo.getMany(q, [...wanted]);
      for (const [id, rec] of stored) out.set(id, rec.object as StixObject);
      objects.forEach((o) => {
        const refs = Array.isArray(o.object_marking_refs) ? (o.object_marking_refs as unknown[]) : [];
        refs.forEach((ref, i) => {
          if (typeof ref === 'string' && !out.has(ref)) {
            issues.push({ path: `${objects.length > 1 ? `/objects/${objects.indexOf(o)}` : ''}/object_marking_refs/${i}`, code: 'records.unknown_marking', params: { ref } });
          }
        });
      });
    }
    if (issues.length) throw new DomainError('invalid', 'records.invalid', issues);
    return out;
  }

  private nextModified(current: string): string {
    const now = this.clock.now();
    const cur = new Date(current);
    // Later than the stored version even if the clock is behind it (clock skew between services).
    return formatTimestamp(now.getTime() > cur.getTime() ? now : new Date(cur.getTime() + 1));
  }

  private async require(principal: Principal, anyOf: Permission[], target: string): Promise<void> {
    if (anyOf.some((p) => can(principal, p))) return;
    await this.auditDenied(principal, anyOf[0]!, target);
    throw new DomainError('forbidden', 'records.forbidden', [], { permission: anyOf.join(' | ') });
  }

  private async requireEdit(principal: Principal, current: CurrentRecord): Promise<void> {
    this.assertEditable(current);
    if (can(principal, 'records.edit')) return;
    // A reporter may correct their own incident reports.
    if (current.ownerUser === principal.userId && can(principal, 'records.create_incident') && current.object.type === 'incident') return;
    await this.auditDenied(principal, 'records.edit', String(current.object.id));
    throw new DomainError('forbidden', 'records.forbidden', [], { permission: 'records.edit' });
  }

  private assertEditable(current: CurrentRecord): void {
    const id = String(current.object.id);
    if (current.origin !== 'local') throw new DomainError('conflict', 'records.received_read_only', [], { id });
    if (current.object.revoked === true) throw new DomainError('conflict', 'records.revoked', [{ path: '/revoked', code: 'records.revoked', params: { id } }], { id });
  }

  /** Whether the principal may read this record (no audit: for feeds that filter silently). */
  async canRead(principal: Principal, rec: CurrentRecord): Promise<boolean> {
    if (can(principal, 'records.read_all')) return true;
    return can(principal, 'records.read_own') && rec.ownerUser === principal.userId;
  }

  /** Narrows a filter to what the principal may read; forbidden if nothing. */
  private async scopeFilter(principal: Principal, filter: RecordFilter): Promise<RecordFilter> {
    if (can(principal, 'records.read_all')) return filter;
    if (can(principal, 'records.read_own')) return { ...filter, ownerUser: principal.userId };
    await this.auditDenied(principal, 'records.read_all', 'records');
    throw new DomainError('forbidden', 'records.forbidden', [], { permission: 'records.read_all' });
  }

  private async auditDenied(principal: Principal, permission: string, target: string): Promise<void> {
    await this.db.transaction((tx) =>
      appendAudit(tx, this.clock, { actor: actorOf(principal), action: 'access.denied', target, outcome: 'denied', details: { permission } }),
    );
  }
}

/** [FED-104] Internal: a concurrent request recorded the same idempotency key first (retried, never shown). */
const KEY_RACE = 'records.idempotency_key_race';

/** [FED-104] SHA-256 of the request body as sent (RFC 8785 text; plain JSON text if it is not I-JSON). */
function hashBody(body: Record<string, unknown>): string {
  let text: string;
  try {
    text = canonicalJson(body);
  } catch {
    text = JSON.stringify(body);
  }
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function asObject(input: unknown): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new DomainError('invalid', 'records.not_object', [{ path: '', code: 'records.not_object' }]);
  }
  return input as Record<string, unknown>;
}

/** Same (id, modified) with other content: refuse the whole write. */
function assertNoConflict(results: readonly PutResult[]): void {
  const c = results.find((r) => r.outcome === 'conflict');
  if (c) throw new DomainError('conflict', 'records.version_conflict', [], { id: c.id, modified: '' });
}

function notFound(id: string): DomainError {
  return new DomainError('not_found', 'records.not_found', [], { id });
}

function markingRefsOf(o: StixObject): string[] {
  const refs = new Set<string>();
  if (Array.isArray(o.object_marking_refs)) for (const r of o.object_marking_refs) if (typeof r === 'string') refs.add(r);
  if (Array.isArray(o.granular_markings)) {
    for (const g of o.granular_markings as unknown[]) {
      const ref = (g as { marking_ref?: unknown }).marking_ref;
      if (typeof ref === 'string') refs.add(ref);
    }
  }
  return [...refs];
}

/** Import order: extension and marking definitions, identities, then the rest. */
function rank(o: unknown): number {
  switch ((o as { type?: unknown } | null)?.type) {
    case 'extension-definition':
      return 0;
    case 'marking-definition':
      return 1;
    case 'identity':
      return 2;
    default:
      return 3;
  }
}
