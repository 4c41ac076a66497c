/**
 * The node's service for joint operations, protected sites and deconfliction. Built and started
 * by openNode (src/node/node.ts). Operations and sites are STIX records (versioned and audited by
 * the records service, shared by the policy engine); this service adds the lifecycle, the checks
 * a planner needs, and deconfliction: synchronously on every change made through it, and in the
 * background for whatever else reaches the store (partners' records, imports), by change-feed cursor.
 */
import { randomUUID } from 'node:crypto';
import type { NodeCore } from '../node/node.ts';
import type { Principal } from '../auth/principal.ts';
import { actorOf } from '../auth/principal.ts';
import { can, type Permission } from '../auth/roles.ts';
import { appendAudit } from '../audit/audit.ts';
import { compareUtf16 } from '../core/canonical-json.ts';
import { DomainError, type Issue } from '../core/errors.ts';
import { t } from '../i18n/i18n.ts';
import { isAlpha3 } from '../objects/countries.ts';
import { releasabilityMarking, TLP2_IDS } from '../objects/markings.ts';
import {
  OPERATIONS_EXTENSION_DEFINITION,
  OPERATIONS_EXTENSIONS,
} from '../objects/custom/operations-extension.ts';
import {
  NOTICE_RESOLUTIONS,
  OPERATION_STATUSES,
  type OperationStatus,
} from '../objects/custom/operations-types.ts';
import { formatTimestamp } from '../objects/timestamps.ts';
import { isRecord, type StixObject } from '../objects/stix.ts';
import { raiseAlert, setAlertStatus } from '../analysis/alerts.ts';
import {
  ConflictsRepository,
  RESOLUTIONS,
  type Conflict,
  type ConflictContact,
  type NewConflict,
  type Resolution,
} from './conflicts-repo.ts';
import type { Peer } from '../sharing/peers.ts';
import { footprintOf, type Footprint } from './footprint.ts';
import { FootprintIndex, type Overlap } from './index.ts';
import { canMove, isFinal, nextStatuses } from './lifecycle.ts';
import { blindNotice, noticeContact } from './notice.ts';
import { asBody, tlpMarking, userFields, validateCandidate } from './prepare.ts';
import { OutcomeCalculator, type OutcomeSummary } from './outcomes.ts';
import type { CurrentRecord } from '../store/records.ts';
import './messages.ts';

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

export const OPERATION_TYPE = 'x-sentinelle-operation';
export const SITE_TYPE = 'x-sentinelle-protected-site';
export const NOTICE_TYPE = 'x-sentinelle-deconfliction-notice';
export const OUTCOME_TYPE = 'x-sentinelle-operation-outcome';
const FEED_BATCH = 500;
const WATCHED = /^x-sentinelle-(operation|protected-site|deconfliction-notice)--/;

export interface Saved {
  object: StixObject;
  /** Conflicts the record is part of (new and already known, not yet resolved). */
  conflicts: Conflict[];
}

export class OperationsService {
  readonly index = new FootprintIndex();
  readonly conflicts = new ConflictsRepository();
  private readonly outcomes: OutcomeCalculator;
  private unsubscribe: (() => void) | undefined;
  private draining: Promise<void> = Promise.resolve();
  private pending = false;
  private followUps: Promise<void> = Promise.resolve();
  /** The version of each record last checked, so the feed does not check a write twice. */
  private readonly checked = new Map<string, string>();
  private stopped = false;

  constructor(private readonly node: NodeCore) {
    this.outcomes = new OutcomeCalculator(node);
  }

  /** Stores the extension-definition, loads the index, catches up with the change feed and follows it. */
  async start(): Promise<void> {
    // Installed once, and again when a newer definition ships (a later `modified` is a new version).
    const installed = await this.node.records.repo.get(this.node.db, OPERATIONS_EXTENSION_DEFINITION.id);
    if (installed?.object.modified !== OPERATIONS_EXTENSION_DEFINITION.modified) {
      await this.node.records.importObjects(this.node.system, [OPERATIONS_EXTENSION_DEFINITION], {
        action: 'node.definitions',
      });
    }
    const last = await this.node.records.repo.lastSeq(this.node.db);
    for (const type of [OPERATION_TYPE, SITE_TYPE]) {
      let cursor: string | null = null;
      do {
        const page = await this.node.records.repo.list(
          this.node.db,
          { types: [type] },
          { limit: 1000, cursor, order: 'seq_asc' },
        );
        for (const r of page.items)
          this.index.put(String(r.object.id), footprintOf(r.object as StixObject, r.origin));
        cursor = page.nextCursor;
      } while (cursor);
    }
    if ((await this.conflicts.cursor(this.node.db)) === null)
      await this.conflicts.setCursor(this.node.db, last);
    this.unsubscribe = this.node.changes.subscribe(() => this.poke());
    this.poke();
  }

  /** Stops following the feed; the node closes its database after this resolves. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    await this.draining;
    await this.followUps;
  }

  /** Schedules a pass over the change feed (coalesced; never blocks the writer that poked). */
  poke(): void {
    if (this.pending || this.stopped) return;
    this.pending = true;
    this.draining = this.draining.then(async () => {
      this.pending = false;
      try {
        await this.processChanges();
      } catch (e) {
        if (!this.stopped)
          console.error(JSON.stringify({ event: 'operations.feed_error', error: String(e) }));
      }
    });
  }

  /** Waits until the background follower has handled everything committed so far (tests, CLI). */
  async settle(): Promise<void> {
    this.poke();
    await this.draining;
    await this.followUps;
  }

  /**
   * Handles the change feed from the stored cursor: index updates, conflicts, received notices.
   * The cursor moves after each change handled, so a stop in the middle loses nothing.
   */
  async processChanges(): Promise<number> {
    let handled = 0;
    for (;;) {
      if (this.stopped) return handled;
      const cursor = (await this.conflicts.cursor(this.node.db)) ?? 0;
      const changes = await this.node.records.repo.changesSince(this.node.db, cursor, FEED_BATCH);
      if (changes.length === 0) return handled;
      const ids = [...new Set(changes.map((c) => c.id))].filter((id) => WATCHED.test(id));
      const recs = ids.length
        ? await this.node.records.repo.getMany(this.node.db, ids)
        : new Map<string, CurrentRecord>();
      const done = new Set<string>();
      let last = cursor;
      for (const change of changes) {
        if (this.stopped) break;
        if (WATCHED.test(change.id) && !done.has(change.id)) {
          done.add(change.id);
          await this.onRecord(change.id, recs.get(change.id));
        }
        last = change.seq;
        handled++;
      }
      await this.conflicts.setCursor(this.node.db, last);
    }
  }

  private async onRecord(id: string, rec: CurrentRecord | undefined): Promise<void> {
    if (!rec) {
      this.index.remove(id);
      await this.reevaluate(id, null);
      return;
    }
    const obj = rec.object as StixObject;
    if (obj.type === NOTICE_TYPE) {
      if (rec.origin !== 'local') await this.onNotice(obj, rec.origin);
      return;
    }
    if (this.checked.get(id) === String(obj.modified)) return; // checked when it was written here
    const fp = footprintOf(obj, rec.origin);
    this.index.put(id, fp);
    if (fp) await this.detect(fp, obj);
    else await this.reevaluate(id, null);
  }

  // --- operations ------------------------------------------------------------------------

  async createOperation(principal: Principal, input: unknown): Promise<Saved> {
    await this.require(principal, 'operations.plan', 'operations');
    const body = asBody(input);
    const fields = userFields(body);
    const candidate: Record<string, unknown> = {
      status: 'draft',
      activity_kind: 'operation',
      ...fields,
      type: OPERATION_TYPE,
    };
    const issues: Issue[] = [];
    const tlp = tlpMarking(body.tlp, 'amber', issues);
    if (
      candidate.status !== 'draft' &&
      candidate.status !== 'proposed' &&
      (OPERATION_STATUSES as readonly unknown[]).includes(candidate.status)
    ) {
      issues.push({
        path: '/status',
        code: 'operations.bad_transition',
        params: { from: '∅', to: String(candidate.status), allowed: 'draft, proposed' },
      });
    }
    const obj = await this.checkOperation(candidate, issues);
    const markings = await this.markingsFor(obj, tlp);
    const stored = await this.node.records.create(this.writer(principal), {
      ...obj,
      object_marking_refs: markings,
      extensions: { ...OPERATIONS_EXTENSIONS },
    });
    return { object: stored, conflicts: await this.afterWrite(stored) };
  }

  /** A new version from a partial input (only the given properties change). */
  async updateOperation(principal: Principal, id: string, input: unknown): Promise<Saved> {
    await this.require(principal, 'operations.plan', id);
    const body = asBody(input);
    const current = await this.currentOf(id, OPERATION_TYPE);
    if (isFinal(current.status)) throw finalError(id, String(current.status));
    const fields = userFields(body);
    const issues: Issue[] = [];
    const from = current.status as OperationStatus;
    if (
      fields.status !== undefined &&
      (OPERATION_STATUSES as readonly unknown[]).includes(fields.status) &&
      !canMove(from, fields.status as OperationStatus)
    ) {
      issues.push(transitionIssue(from, fields.status as OperationStatus));
    }
    const { modified: _m, object_marking_refs: oldMarkings, ...rest } = current;
    void _m;
    const candidate: Record<string, unknown> = { ...rest, ...fields };
    for (const [k, v] of Object.entries(fields)) if (v === null) delete candidate[k];
    if (candidate.status === 'active' && candidate.actual_start === undefined)
      candidate.actual_start = formatTimestamp(this.node.clock.now());
    if (candidate.status === 'completed' && candidate.actual_end === undefined)
      candidate.actual_end = formatTimestamp(this.node.clock.now());
    const oldTlp = (oldMarkings ?? []).find((m) => Object.values(TLP2_IDS).includes(m)) ?? TLP2_IDS.amber;
    const tlp = body.tlp === undefined ? oldTlp : tlpMarking(body.tlp, 'amber', issues);
    const obj = await this.checkOperation(candidate, issues);
    const markings = await this.markingsFor(obj, tlp);
    const stored = await this.node.records.update(this.writer(principal), id, {
      ...obj,
      object_marking_refs: markings,
    });
    return { object: stored, conflicts: await this.afterWrite(stored) };
  }

  /** Moves an operation along its lifecycle (actual times are filled in when it starts and ends). */
  async setStatus(principal: Principal, id: string, status: unknown): Promise<Saved> {
    if (typeof status !== 'string' || !(OPERATION_STATUSES as readonly string[]).includes(status)) {
      throw new DomainError('invalid', 'operations.invalid', [
        {
          path: '/status',
          code: 'stix.invalid_vocab',
          params: { value: String(status).slice(0, 50), values: OPERATION_STATUSES.join(', ') },
        },
      ]);
    }
    return this.updateOperation(principal, id, { status });
  }

  async getOperation(
    principal: Principal,
    id: string,
  ): Promise<{
    operation: StixObject;
    origin: string;
    conflicts: Conflict[];
    outcome: StixObject | null;
    next: readonly OperationStatus[];
  }> {
    await this.require(principal, 'operations.read', id);
    const rec = await this.node.records.repo.get(this.node.db, id);
    if (!rec || rec.object.type !== OPERATION_TYPE) throw notFound(id);
    const outcome = await this.outcomes.existing(id);
    return {
      operation: rec.object as StixObject,
      origin: rec.origin,
      conflicts: await this.conflicts.list(this.node.db, { recordId: id }),
      outcome,
      next: rec.origin === 'local' ? nextStatuses(rec.object.status as OperationStatus) : [],
    };
  }

  /** Current operations (and activities), newest first; by status when given. */
  async listOperations(
    principal: Principal,
    query: { status?: string[]; limit?: number } = {},
  ): Promise<{ object: StixObject; origin: string }[]> {
    await this.require(principal, 'operations.read', 'operations');
    const page = await this.node.records.repo.list(
      this.node.db,
      { types: [OPERATION_TYPE] },
      { limit: Math.min(query.limit ?? 500, 1000), cursor: null, order: 'seq_desc' },
    );
    return page.items
      .filter((r) => !query.status?.length || query.status.includes(String(r.object.status)))
      .map((r) => ({ object: r.object as StixObject, origin: r.origin }));
  }

  /** The operation with the records in conflict with it that this node holds (for maps and exports). */
  async areaOf(
    principal: Principal,
    id: string,
  ): Promise<{ operation: StixObject; others: StixObject[]; conflicts: Conflict[] }> {
    const { operation, conflicts } = await this.getOperation(principal, id);
    const ids = conflicts.filter((c) => c.kind !== 'notice').map((c) => (c.aId === id ? c.bId : c.aId));
    const found = ids.length
      ? await this.node.records.repo.getMany(this.node.db, ids)
      : new Map<string, CurrentRecord>();
    const others = [...found.values()]
      .map((r) => r.object as StixObject)
      .filter((o) => o.type === OPERATION_TYPE || o.type === SITE_TYPE);
    return { operation, others, conflicts };
  }

  // --- protected sites ---------------------------------------------------------------------

  async createSite(principal: Principal, input: unknown): Promise<Saved> {
    await this.require(principal, 'sites.manage', 'protected-sites');
    const body = asBody(input);
    const issues: Issue[] = [];
    const tlp = tlpMarking(body.tlp, 'green', issues);
    const candidate = validateCandidate({ ...userFields(body), type: SITE_TYPE }, issues);
    const stored = await this.node.records.create(this.writer(principal), {
      ...candidate,
      object_marking_refs: [tlp],
      extensions: { ...OPERATIONS_EXTENSIONS },
    });
    return { object: stored, conflicts: await this.afterWrite(stored) };
  }

  async updateSite(principal: Principal, id: string, input: unknown): Promise<Saved> {
    await this.require(principal, 'sites.manage', id);
    const body = asBody(input);
    const current = await this.currentOf(id, SITE_TYPE);
    const { modified: _m, ...rest } = current;
    void _m;
    const issues: Issue[] = [];
    const markings =
      body.tlp === undefined ? current.object_marking_refs : [tlpMarking(body.tlp, 'green', issues)];
    const candidate = validateCandidate({ ...rest, ...userFields(body) }, issues);
    const stored = await this.node.records.update(this.writer(principal), id, {
      ...candidate,
      object_marking_refs: markings,
    });
    return { object: stored, conflicts: await this.afterWrite(stored) };
  }

  async listSites(principal: Principal): Promise<{ object: StixObject; origin: string }[]> {
    await this.require(principal, 'operations.read', 'protected-sites');
    const out: { object: StixObject; origin: string }[] = [];
    let cursor: string | null = null;
    do {
      const page = await this.node.records.repo.list(
        this.node.db,
        { types: [SITE_TYPE] },
        { limit: 1000, cursor, order: 'seq_desc' },
      );
      for (const r of page.items) out.push({ object: r.object as StixObject, origin: r.origin });
      cursor = out.length >= 5000 ? null : page.nextCursor;
    } while (cursor);
    return out;
  }

  // --- conflicts ---------------------------------------------------------------------------

  async listConflicts(
    principal: Principal,
    query: { status?: ('open' | 'acknowledged' | 'resolved')[]; recordId?: string } = {},
  ): Promise<Conflict[]> {
    await this.require(principal, 'operations.read', 'conflicts');
    return this.conflicts.list(this.node.db, query);
  }

  async acknowledge(principal: Principal, id: string): Promise<Conflict> {
    await this.require(principal, 'operations.deconflict', id);
    const now = formatTimestamp(this.node.clock.now());
    const c = await this.node.db.transaction(async (tx) => {
      const found = await this.conflicts.get(tx, id);
      if (!found) throw new DomainError('not_found', 'operations.conflict_not_found', [], { id });
      const updated = (await this.conflicts.acknowledge(tx, id, actorOf(principal), now)) ?? found;
      if (updated !== found)
        await appendAudit(tx, this.node.clock, {
          actor: actorOf(principal),
          action: 'operations.conflict.acknowledge',
          target: id,
          outcome: 'success',
          details: { kind: found.kind },
        });
      return updated;
    });
    if (c.alertId) await setAlertStatus(this.node, c.alertId, 'acknowledged').catch(() => undefined);
    return c;
  }

  async resolve(principal: Principal, id: string, input: unknown): Promise<Conflict> {
    await this.require(principal, 'operations.deconflict', id);
    const body = asBody(input);
    const resolution = body.resolution;
    const note = typeof body.note === 'string' ? body.note.slice(0, 2000) : null;
    if (typeof resolution !== 'string' || !(RESOLUTIONS as readonly string[]).includes(resolution)) {
      throw new DomainError(
        'invalid',
        'operations.bad_resolution',
        [
          {
            path: '/resolution',
            code: 'operations.bad_resolution',
            params: { values: RESOLUTIONS.join(', ') },
          },
        ],
        { values: RESOLUTIONS.join(', ') },
      );
    }
    const now = formatTimestamp(this.node.clock.now());
    const c = await this.node.db.transaction(async (tx) => {
      const found = await this.conflicts.get(tx, id);
      if (!found) throw new DomainError('not_found', 'operations.conflict_not_found', [], { id });
      const updated = await this.conflicts.resolve(
        tx,
        id,
        actorOf(principal),
        resolution as Resolution,
        note,
        now,
      );
      if (!updated) throw new DomainError('conflict', 'operations.conflict_resolved', [], { id });
      await appendAudit(tx, this.node.clock, {
        actor: actorOf(principal),
        action: 'operations.conflict.resolve',
        target: id,
        outcome: 'success',
        details: { kind: found.kind, resolution, note },
      });
      return updated;
    });
    if (c.alertId) await setAlertStatus(this.node, c.alertId, 'resolved').catch(() => undefined);
    await this.closeNotices(c, 'resolved');
    return c;
  }

  // --- outcomes ------------------------------------------------------------------------------

  async recordOutcome(principal: Principal, operationId: string, input: unknown): Promise<StixObject> {
    await this.require(principal, 'operations.plan', operationId);
    const op = await this.currentOf(operationId, OPERATION_TYPE);
    return this.outcomes.record(this.writer(principal), op, asBody(input));
  }

  async summary(principal: Principal, from: string, to: string): Promise<OutcomeSummary> {
    await this.require(principal, 'operations.read', 'outcomes');
    return this.outcomes.summary(from, to);
  }

  // --- internals -----------------------------------------------------------------------------

  /** Index the stored version and check it at once, so the caller sees its conflicts. */
  private async afterWrite(obj: StixObject): Promise<Conflict[]> {
    const fp = footprintOf(obj, 'local');
    this.index.put(obj.id, fp);
    if (fp) await this.detect(fp, obj);
    else await this.reevaluate(obj.id, null);
    return this.conflicts.list(this.node.db, { recordId: obj.id, status: ['open', 'acknowledged'] });
  }

  /**
   * After a change of `id`: its unresolved conflicts with records it no longer overlaps are closed
   * by the node (`cleared`), or all of them when it no longer takes part (`overlapping` null:
   * cancelled, completed, revoked or withdrawn: `withdrawn`). Audited; a later overlap reopens them.
   */
  private async reevaluate(id: string, overlapping: ReadonlySet<string> | null): Promise<void> {
    const open = await this.conflicts.unresolvedOf(this.node.db, id);
    const gone = open.filter((c) => overlapping === null || !overlapping.has(c.aId === id ? c.bId : c.aId));
    if (gone.length === 0) return;
    const now = formatTimestamp(this.node.clock.now());
    const resolution = overlapping === null ? 'withdrawn' : 'cleared';
    // The rows in id order, then the audit entries (lock order, appendAudit): two passes over
    // overlapping sets of conflicts never deadlock.
    const closed = await this.node.db.transaction(async (tx) => {
      const out: Conflict[] = [];
      for (const c of [...gone].sort((x, y) => compareUtf16(x.id, y.id))) {
        const done = await this.conflicts.resolve(tx, c.id, 'system', resolution, null, now);
        if (done) out.push(done);
      }
      for (const c of out)
        await appendAudit(tx, this.node.clock, {
          actor: 'system',
          action: 'operations.conflict.clear',
          target: c.id,
          outcome: 'success',
          details: { resolution, changed: id },
        });
      return out;
    });
    for (const c of closed) {
      if (c.alertId) await setAlertStatus(this.node, c.alertId, 'resolved').catch(() => undefined);
      await this.closeNotices(c, 'withdrawn');
    }
  }

  /**
   * The blind notices this node sent about a conflict it has closed get a new version saying so
   * (`resolved` with the resolution, or `withdrawn` when no overlap is left), so the partner's own
   * conflict closes too. Still nothing of the other record goes into them.
   */
  private async closeNotices(c: Conflict, status: 'resolved' | 'withdrawn'): Promise<void> {
    for (const id of c.noticeIds) {
      const rec = await this.node.records.repo.get(this.node.db, id);
      if (!rec || rec.origin !== 'local' || rec.object.status !== 'open') continue;
      const now = this.node.clock.now();
      const prev = Date.parse(String(rec.object.modified));
      const modified = formatTimestamp(new Date(Math.max(now.getTime(), prev + 1)));
      await this.node.records
        .update(this.node.system, id, {
          ...rec.object,
          status,
          resolution: c.resolution ?? 'cleared',
          modified,
        })
        .catch((e: unknown) => {
          // The partner's conflict stays open until it is resolved there: logged, never thrown.
          console.error(
            JSON.stringify({ event: 'operations.notice_close_error', notice: id, error: String(e) }),
          );
        });
    }
  }

  /** Records every overlap of `fp` not known yet: conflict row and audit, alert, blind notices. */
  private async detect(fp: Footprint, obj: StixObject): Promise<void> {
    this.checked.set(obj.id, String(obj.modified));
    const overlaps = this.index.overlapsOf(fp);
    await this.reevaluate(obj.id, new Set(overlaps.map((o) => o.other.id)));
    if (overlaps.length === 0) return;
    const others = await this.node.records.repo.getMany(
      this.node.db,
      overlaps.map((o) => o.other.id),
    );
    const pairs: { a: Side; b: Side; ov: Overlap; pairKey: string }[] = [];
    for (const ov of overlaps) {
      const other = others.get(ov.other.id);
      if (!other) continue;
      const otherSide = { fp: ov.other, obj: other.object as StixObject };
      // The activity first; a site is always the second side.
      const [a, b] = fp.kind === 'site' ? [otherSide, { fp, obj }] : [{ fp, obj }, otherSide];
      pairs.push({ a, b, ov, pairKey: [a.fp.id, b.fp.id].sort().join('|') });
    }
    const known = await this.conflicts.knownPairs(
      this.node.db,
      pairs.map((p) => p.pairKey),
    );
    const fresh = pairs.filter((p) => !known.has(p.pairKey));
    if (fresh.length === 0) return;
    const peers = await this.node.peers.activeMap(this.node.db);
    const now = this.node.clock.now();
    // Every new conflict of this record in one transaction with its audit entries: the rows in
    // pair order, then the audit entries (lock order, appendAudit).
    const stored = await this.node.db.transaction(async (tx) => {
      const out: { conflict: Conflict; a: Side; b: Side; ov: Overlap }[] = [];
      for (const { a, b, ov, pairKey } of [...fresh].sort((x, y) => compareUtf16(x.pairKey, y.pairKey))) {
        const c = await this.conflicts.insert(
          tx,
          this.newConflict(a, b, ov, pairKey, now, peers),
          formatTimestamp(now),
        );
        if (c) out.push({ conflict: c, a, b, ov }); // else found at the same moment by the other path
      }
      for (const { conflict: c, a, b } of out)
        await appendAudit(tx, this.node.clock, {
          actor: 'system',
          action: 'operations.conflict.detect',
          target: c.id,
          outcome: 'success',
          details: { kind: c.kind, a: a.fp.id, b: b.fp.id },
        });
      return out;
    });
    // Alerts and blind notices follow at once, without holding up the planner's answer.
    for (const x of stored) this.followUp(() => this.announce(x.conflict, x.a, x.b, x.ov));
  }

  private newConflict(
    a: Side,
    b: Side,
    ov: Overlap,
    pairKey: string,
    now: Date,
    peers: Map<string, Peer>,
  ): NewConflict {
    const site = b.fp.kind === 'site';
    const leadMs = b.fp.leadHours * 3_600_000;
    const severity = site
      ? a.fp.window.startMs - now.getTime() < leadMs
        ? 'flash'
        : 'high'
      : a.obj.status === 'active' || b.obj.status === 'active'
        ? 'high'
        : 'medium';
    return {
      id: randomUUID(),
      pairKey,
      kind: site ? 'protected-site' : 'activity',
      aId: a.fp.id,
      bId: b.fp.id,
      overlapFrom: new Date(ov.window.startMs).toISOString(),
      overlapTo: new Date(ov.window.endMs).toISOString(),
      lon: ov.where[0],
      lat: ov.where[1],
      distanceM: ov.distanceM,
      contacts: [this.contactOf(a, peers), this.contactOf(b, peers)],
      severity,
    };
  }

  /** Raises the alert of a new conflict and sends the blind notices it calls for. */
  private async announce(conflict: Conflict, a: Side, b: Side, ov: Overlap): Promise<void> {
    const site = b.fp.kind === 'site';
    const alertId = await this.alert(
      conflict,
      [a.obj, b.obj],
      site ? 'operations.alert_site_title' : 'operations.alert_title',
    ).catch(() => null);
    const notices: string[] = [];
    for (const [mine, theirs] of [
      [a, b],
      [b, a],
    ] as const) {
      if (mine.fp.origin !== 'local' || theirs.fp.origin === 'local' || theirs.fp.kind !== 'activity')
        continue;
      const n = await this.noticeTo(theirs, mine, conflict, ov);
      if (n) notices.push(n);
    }
    await this.conflicts.setLinks(this.node.db, conflict.id, alertId, notices);
  }

  /** Queues background work after the current write (in order; errors logged, never thrown at the writer). */
  private followUp(task: () => Promise<void>): void {
    this.followUps = this.followUps.then(task).catch((e: unknown) => {
      if (!this.stopped)
        console.error(JSON.stringify({ event: 'operations.follow_up_error', error: String(e) }));
    });
  }

  /** Sends the owner of `theirs` a blind notice when it may not see `mine` (the policy engine decides). */
  private async noticeTo(theirs: Side, mine: Side, conflict: Conflict, ov: Overlap): Promise<string | null> {
    const peer = (await this.node.peers.activeMap(this.node.db)).get(theirs.fp.origin);
    if (!peer) return null;
    const decision = await this.node.sharing.decideFor(this.node.db, mine.fp.id, peer.nodeId);
    if (decision.decision !== 'withhold') return null; // the partner sees both sides and checks itself
    const rel = await this.ensureRelTo([peer.country]);
    const notice = blindNotice(
      mine.obj,
      theirs.fp.id,
      { startMs: ov.window.startMs, where: ov.where },
      {
        severity: conflict.severity,
        markingRefs: [TLP2_IDS.amber, rel],
        createdByRef: this.node.settings.identityId,
        now: formatTimestamp(this.node.clock.now()),
        fallbackContact: {
          role: t('fr', 'operations.default_contact_role'),
          channel: this.node.settings.organisation,
        },
      },
    );
    const stored = await this.node.records.create(this.node.system, notice);
    return stored.id;
  }

  /** A partner's notice about one of our activities: a conflict in our inbox, and an alert. */
  /** The partner closed the conflict behind its notice: this node's conflict closes the same way. */
  private async onNoticeClosed(notice: StixObject, about: string, origin: string): Promise<void> {
    const found = await this.conflicts.byPair(this.node.db, `${about}|${notice.id}`);
    if (!found || found.status === 'resolved') return;
    const resolution: Resolution =
      notice.status === 'withdrawn'
        ? 'cleared'
        : (NOTICE_RESOLUTIONS as readonly unknown[]).includes(notice.resolution)
          ? (notice.resolution as Resolution)
          : 'coordinated';
    const now = formatTimestamp(this.node.clock.now());
    const done = await this.node.db.transaction(async (tx) => {
      const c = await this.conflicts.resolve(tx, found.id, `peer:${origin}`, resolution, null, now);
      if (c)
        await appendAudit(tx, this.node.clock, {
          actor: 'system',
          action: 'operations.conflict.clear',
          target: c.id,
          outcome: 'success',
          details: { resolution, notice: notice.id, from: origin },
        });
      return c;
    });
    if (done?.alertId) await setAlertStatus(this.node, done.alertId, 'resolved').catch(() => undefined);
  }

  private async onNotice(notice: StixObject, origin: string): Promise<void> {
    const about = String(notice.about_ref);
    const mine = await this.node.records.repo.get(this.node.db, about);
    if (!mine || mine.origin !== 'local') return;
    if (notice.status !== 'open') return this.onNoticeClosed(notice, about, origin);
    const area = isRecord(notice.rough_area) ? (notice.rough_area as Record<string, number>) : {};
    const day = Date.parse(`${String(notice.conflict_day)}T00:00:00Z`);
    const contact = isRecord(notice.contact) ? notice.contact : {};
    const now = formatTimestamp(this.node.clock.now());
    const conflict = await this.node.db.transaction(async (tx) => {
      const c = await this.conflicts.insert(
        tx,
        {
          id: randomUUID(),
          pairKey: `${about}|${notice.id}`,
          kind: 'notice',
          aId: about,
          bId: notice.id,
          overlapFrom: new Date(day).toISOString(),
          overlapTo: new Date(day + 86_400_000).toISOString(),
          lon: ((area.min_lon ?? 0) + (area.max_lon ?? 0)) / 2,
          lat: ((area.min_lat ?? 0) + (area.max_lat ?? 0)) / 2,
          distanceM: 0,
          contacts: [
            {
              recordId: notice.id,
              origin,
              role: text(contact.role),
              channel: text(contact.channel),
            },
          ],
          severity: (notice.severity as Conflict['severity']) ?? 'high',
        },
        now,
      );
      if (c)
        await appendAudit(tx, this.node.clock, {
          actor: 'system',
          action: 'operations.conflict.notice',
          target: c.id,
          outcome: 'success',
          details: { about, notice: notice.id, from: origin },
        });
      return c;
    });
    if (!conflict) return;
    const alertId = await this.alert(
      conflict,
      [mine.object as StixObject],
      'operations.alert_notice_title',
    ).catch(() => null);
    await this.conflicts.setLinks(this.node.db, conflict.id, alertId, []);
  }

  private async alert(c: Conflict, objs: StixObject[], titleCode: string): Promise<string> {
    const [a, b] = objs;
    const contacts = c.contacts.map((x) => `${x.role} (${x.channel})`).join(' ; ');
    const alert = await raiseAlert(this.node, {
      kind: 'deconfliction',
      severity: c.severity,
      title: t('fr', titleCode, { a: text(a?.name), b: text(b?.name) }),
      explanation: t('fr', 'operations.alert_explanation', {
        from: c.overlapFrom,
        to: c.overlapTo,
        distance: c.distanceM,
        lat: c.lat.toFixed(3),
        lon: c.lon.toFixed(3),
        contacts,
      }),
      score: c.severity === 'flash' ? 1 : c.severity === 'high' ? 0.8 : 0.5,
      objectRefs: [c.aId, c.bId],
      signals: [
        { name: 'distance_m', value: c.distanceM },
        { name: 'conflict_kind', value: c.kind },
      ],
      location: { lat: c.lat, lon: c.lon },
      period: { from: c.overlapFrom, to: c.overlapTo },
      dedupeKey: `deconfliction:${c.pairKey}`,
    });
    return alert.id;
  }

  private contactOf(s: Side, peers: Map<string, Peer>): ConflictContact {
    const peer = s.fp.origin === 'local' ? null : peers.get(s.fp.origin);
    const fallback = {
      role: t('fr', 'operations.default_contact_role'),
      channel: peer?.name ?? this.node.settings.organisation,
    };
    return { recordId: s.fp.id, origin: s.fp.origin, ...noticeContact(s.obj, fallback) };
  }

  /** Checks an operation candidate: shape and rules, then what only the node knows (states, units). */
  private async checkOperation(candidate: Record<string, unknown>, issues: Issue[]): Promise<StixObject> {
    const known = new Set([
      this.node.settings.country,
      ...[...(await this.node.peers.activeMap(this.node.db)).values()].map((p) => p.country),
    ]);
    for (const prop of ['participating_states', 'shared_with']) {
      const states = Array.isArray(candidate[prop]) ? (candidate[prop] as unknown[]) : [];
      states.forEach((s, i) => {
        if (typeof s === 'string' && isAlpha3(s) && !known.has(s))
          issues.push({ path: `/${prop}/${i}`, code: 'operations.unknown_state', params: { value: s } });
      });
    }
    const units = Array.isArray(candidate.units) ? candidate.units : [];
    const refs = units
      .map((u) => (isRecord(u) ? u.organisation_ref : undefined))
      .filter((r): r is string => typeof r === 'string' && r.startsWith('identity--'));
    const found = refs.length
      ? await this.node.records.repo.getMany(this.node.db, refs)
      : new Map<string, CurrentRecord>();
    units.forEach((u, i) => {
      const ref = isRecord(u) ? u.organisation_ref : undefined;
      if (typeof ref !== 'string' || !ref.startsWith('identity--')) return;
      const rec = found.get(ref);
      const obj = rec?.object as StixObject | undefined;
      if (!obj || obj.identity_class === 'individual')
        issues.push({
          path: `/units/${i}/organisation_ref`,
          code: 'operations.unknown_unit',
          params: { value: ref },
        });
    });
    return validateCandidate(candidate, issues);
  }

  /**
   * TLP plus REL TO the participating states and those it is shared with for deconfliction (the
   * policy engine then sends it only to them).
   */
  private async markingsFor(obj: StixObject, tlp: string): Promise<string[]> {
    const shared = Array.isArray(obj.shared_with) ? (obj.shared_with as string[]) : [];
    const states = [...(obj.participating_states as string[]), ...shared].filter(isAlpha3);
    return [tlp, await this.ensureRelTo(states)];
  }

  private async ensureRelTo(countries: string[]): Promise<string> {
    const m = releasabilityMarking(countries, this.node.settings.identityId, this.node.clock);
    if (!(await this.node.records.repo.get(this.node.db, m.id)))
      await this.node.records.importObjects(this.node.system, [m], { action: 'operations.marking' });
    return m.id;
  }

  private async currentOf(id: string, type: string): Promise<StixObject> {
    const rec = await this.node.records.repo.get(this.node.db, id);
    if (!rec || rec.object.type !== type) throw notFound(id);
    if (rec.origin !== 'local') throw new DomainError('conflict', 'records.received_read_only', [], { id });
    return rec.object as StixObject;
  }

  /**
   * The principal the records service sees for a write this service has authorised: the same
   * person (audited under their own id), with the record rights the domain permission implies.
   */
  private writer(principal: Principal): Principal {
    return principal.roles.includes('analyst')
      ? principal
      : { ...principal, roles: [...principal.roles, 'analyst'] };
  }

  private async require(principal: Principal, permission: Permission, target: string): Promise<void> {
    if (principal.via === 'system' || principal.via === 'cli' || can(principal, permission)) return;
    await this.node.db.transaction((tx) =>
      appendAudit(tx, this.node.clock, {
        actor: actorOf(principal),
        action: 'access.denied',
        target,
        outcome: 'denied',
        details: { permission },
      }),
    );
    throw new DomainError('forbidden', 'operations.forbidden', [], { permission });
  }
}

interface Side {
  fp: Footprint;
  obj: StixObject;
}

function notFound(id: string): DomainError {
  return new DomainError('not_found', 'operations.not_found', [], { id });
}

function finalError(id: string, status: string): DomainError {
  return new DomainError(
    'conflict',
    'operations.final',
    [{ path: '/status', code: 'operations.final', params: { id, status } }],
    { id, status },
  );
}

function transitionIssue(from: OperationStatus, to: OperationStatus): Issue {
  return {
    path: '/status',
    code: 'operations.bad_transition',
    params: { from, to, allowed: nextStatuses(from).join(', ') || '∅' },
  };
}
