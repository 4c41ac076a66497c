/**
 * The cooperation ledger (docs/cooperation.md): programmes, activities and training, equipment
 * deliveries with signed proofs of receipt, serviceability logs and end-use checks, the
 * completeness dashboard and partner reports. Every entry is a STIX record written through
 * `node.records` (so it is audited, in the change feed and shared under agreements); this service
 * checks what needs other records (declared units, parties, serial numbers of other deliveries,
 * lifecycle transitions) and follows the change feed to index serial numbers and to raise an alert
 * when an item reported lost or stolen appears in an incident.
 */
import type { NodeCore } from '../node/node.ts';
import { DomainError, type Issue } from '../core/errors.ts';
import { requirePermission } from '../auth/guard.ts';
import type { Actor, Principal } from '../auth/principal.ts';
import type { Permission, Role } from '../auth/roles.ts';
import type { StixObject } from '../objects/stix.ts';
import { isStixId, newStixId } from '../objects/ids.ts';
import { compareTimestamps, formatTimestamp, isTimestamp } from '../objects/timestamps.ts';
import {
  COOPERATION_EXTENSION_DEFINITION,
  COOPERATION_EXTENSION_ID,
} from '../objects/custom/cooperation-extension.ts';
import { serialKey } from '../objects/custom/cooperation-rules.ts';
import type { ActivityStatus, CooperationType } from '../objects/custom/cooperation-types.ts';
import { SENTINELLE_INCIDENT_EXTENSION_ID } from '../objects/sentinelle-extension.ts';
import { raiseAlert } from '../analysis/alerts.ts';
import { findMaterielMatches } from '../analysis/materiel.ts';
import { t } from '../i18n/i18n.ts';
import { CooperationRepository } from './repo.ts';
import { checkReceipt, signReceipt } from './receipt.ts';
import {
  certificates,
  completeness,
  deliveryStates,
  itemStates,
  trainingAggregate,
  type CompletenessOptions,
  type Gap,
  type LedgerData,
  type Rec,
} from './ledger.ts';
import { issuesToRefusals, mapCsv, type CsvKind, type Refusal } from './csv-import.ts';
import type { CsvSource } from '../imports/csv.ts';
import { validateObject } from '../objects/validate.ts';
import { buildReport, type PartnerReport } from './report.ts';
import './messages.ts';

const DATE_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export interface ReportQuery {
  peer: string;
  /** YYYY-MM-DD, inclusive. */
  from: string;
  to: string;
}

/** Allowed lifecycle moves (docs/cooperation.md §1). */
export const TRANSITIONS: Readonly<Record<ActivityStatus, readonly ActivityStatus[]>> = {
  proposed: ['planned', 'cancelled'],
  planned: ['ongoing', 'cancelled'],
  ongoing: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

const FEED_BATCH = 500;
/** Types the follower indexes from whole records. */
const INDEXED_TYPES = ['x-sentinelle-delivery', 'x-sentinelle-equipment-log'];
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const asRecord = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const listOf = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.map(asRecord) : []);

function invalid(issues: Issue[]): DomainError {
  return new DomainError('invalid', 'cooperation.invalid', issues);
}

export class CooperationService {
  readonly repo = new CooperationRepository();
  private unsubscribe: (() => void) | undefined;
  private chain: Promise<void> = Promise.resolve();
  private pending = false;
  private stopped = false;
  private defined = false;

  constructor(private readonly node: NodeCore) {}

  /** Stores the extension-definition if missing and starts following the change feed. */
  async start(): Promise<void> {
    await this.ensureDefinition();
    this.unsubscribe = this.node.changes.subscribe(() => this.poke());
    this.poke();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    await this.chain;
  }

  private async ensureDefinition(): Promise<void> {
    if (this.defined) return;
    if (!(await this.node.records.repo.get(this.node.db, COOPERATION_EXTENSION_ID))) {
      await this.node.records.importObjects(this.node.system, [COOPERATION_EXTENSION_DEFINITION], {
        action: 'node.definitions',
      });
    }
    this.defined = true;
  }

  // --- permissions -----------------------------------------------------------------------

  private async need(
    actor: Actor,
    permission: Permission,
    action: string,
    target: string | null = null,
  ): Promise<void> {
    await requirePermission(this.node, actor, permission, { action, target });
  }

  /**
   * The principal the records service sees for a ledger write: the caller, who holds
   * 'cooperation.manage' (checked here), allowed to create the ledger's records. The audit entry
   * still names the caller.
   */
  private writer(actor: Actor): Principal {
    if (typeof actor === 'string') return { ...this.node.system, via: actor };
    const roles = new Set<Role>([...actor.roles, 'analyst']);
    return { ...actor, roles: [...roles] };
  }

  // --- reads ------------------------------------------------------------------------------

  /** Every current record of a ledger type (revoked ones excluded), with its origin. */
  async all(type: CooperationType): Promise<(Rec & { _origin?: string })[]> {
    const out: Rec[] = [];
    let cursor: string | null = null;
    do {
      const page = await this.node.records.repo.list(
        this.node.db,
        { types: [type] },
        { limit: 1000, cursor, order: 'seq_asc' },
      );
      for (const r of page.items) out.push(r.object);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }

  private async getOf(type: CooperationType, id: unknown, path: string, code: string): Promise<StixObject> {
    const rec = typeof id === 'string' ? await this.node.records.repo.get(this.node.db, id) : null;
    if (!rec || rec.object.type !== type || rec.object.revoked === true) {
      throw new DomainError('not_found', code, [{ path, code, params: { id: String(id).slice(0, 200) } }], {
        id: String(id).slice(0, 200),
      });
    }
    return rec.object as StixObject;
  }

  /** Everything the figures are computed from. */
  async data(actor: Actor): Promise<LedgerData> {
    await this.need(actor, 'cooperation.read', 'cooperation.read');
    const [programmes, activities, deliveries, receipts, logs] = await Promise.all([
      this.all('x-sentinelle-programme'),
      this.all('x-sentinelle-coop-activity'),
      this.all('x-sentinelle-delivery'),
      this.all('x-sentinelle-receipt'),
      this.all('x-sentinelle-equipment-log'),
    ]);
    const keyOf = await this.node.peers.keyLookup(this.node.db);
    return {
      self: this.node.settings.nodeId,
      now: this.node.clock.now(),
      programmes,
      activities,
      deliveries,
      receipts,
      logs,
      checkReceipt: (r, d) =>
        r.delivery_ref === d.id ? checkReceipt(r, str(d.receiver_node), keyOf) : 'wrong_signer',
    };
  }

  async completeness(actor: Actor, opts: CompletenessOptions = {}): Promise<Gap[]> {
    return completeness(await this.data(actor), opts);
  }

  // --- programmes and activities -----------------------------------------------------------

  private base(type: CooperationType, body: Record<string, unknown>): Record<string, unknown> {
    const { type: _t, extensions: _e, ...rest } = body;
    void _t;
    void _e;
    // JSON semantics: a property set to undefined is absent.
    const present = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    return { type, ...present, extensions: { [COOPERATION_EXTENSION_ID]: { extension_type: 'new-sdo' } } };
  }

  async createProgramme(actor: Actor, input: unknown): Promise<StixObject> {
    await this.need(actor, 'cooperation.manage', 'cooperation.programme.create');
    await this.ensureDefinition();
    return this.node.records.create(this.writer(actor), this.base('x-sentinelle-programme', asRecord(input)));
  }

  /** Parties and units the programme declares; issues for nodes or units it does not. */
  private async checkAgainstProgramme(
    body: Record<string, unknown>,
    units: { path: string; value: unknown }[],
  ): Promise<Issue[]> {
    const programme = await this.getOf(
      'x-sentinelle-programme',
      body.programme_ref,
      '/programme_ref',
      'cooperation.programme_not_found',
    );
    const parties = new Set(listOf(programme.parties).map((p) => p.node_id));
    const issues: Issue[] = [];
    for (const k of ['provider_node', 'receiver_node']) {
      if (typeof body[k] === 'string' && !parties.has(body[k]))
        issues.push({ path: `/${k}`, code: 'cooperation.not_party', params: { value: String(body[k]) } });
    }
    const known = new Set(
      listOf(programme.units)
        .filter((u) => u.node_id === body.receiver_node)
        .map((u) => u.code),
    );
    for (const u of units) {
      if (typeof u.value === 'string' && !known.has(u.value))
        issues.push({
          path: u.path,
          code: 'cooperation.unknown_unit',
          params: { value: u.value.slice(0, 100) },
        });
    }
    return issues;
  }

  async createActivity(actor: Actor, input: unknown): Promise<StixObject> {
    await this.need(actor, 'cooperation.manage', 'cooperation.activity.create');
    await this.ensureDefinition();
    const body = this.base('x-sentinelle-coop-activity', asRecord(input));
    body.status ??= 'proposed';
    const issues = await this.checkAgainstProgramme(
      body,
      listOf(body.trainees).map((tr, i) => ({ path: `/trainees/${i}/unit`, value: tr.unit })),
    );
    if (issues.length) throw invalid(issues);
    return this.node.records.create(this.writer(actor), body);
  }

  /**
   * Moves an activity along its lifecycle (proposed → planned → ongoing → completed, or
   * cancelled before completion), with any other properties given (dates, outcomes, trainees).
   */
  async updateActivity(actor: Actor, id: string, changes: unknown): Promise<StixObject> {
    await this.need(actor, 'cooperation.manage', 'cooperation.activity.update', id);
    const current = await this.getOf(
      'x-sentinelle-coop-activity',
      id,
      '/id',
      'cooperation.activity_not_found',
    );
    const patch = asRecord(changes);
    const {
      id: _i,
      type: _t,
      created: _c,
      modified: _m,
      spec_version: _s,
      extensions: _e,
      programme_ref: _p,
      ...rest
    } = patch;
    void [_i, _t, _c, _m, _s, _e, _p];
    const from = current.status as ActivityStatus;
    const to = (rest.status ?? from) as ActivityStatus;
    if (to !== from && !(TRANSITIONS[from] ?? []).includes(to)) {
      throw new DomainError(
        'invalid',
        'cooperation.bad_transition',
        [{ path: '/status', code: 'cooperation.bad_transition', params: { from, to: String(to) } }],
        { from, to: String(to) },
      );
    }
    if (to === 'ongoing' && !rest.start && !current.start)
      rest.start = formatTimestamp(this.node.clock.now());
    if (to === 'completed' && !rest.end && !current.end) rest.end = formatTimestamp(this.node.clock.now());
    const { modified: _cm, ...cur } = current;
    void _cm;
    const next: Record<string, unknown> = { ...cur, ...rest };
    for (const [k, v] of Object.entries(rest)) if (v === null) delete next[k];
    const issues = await this.checkAgainstProgramme(
      next,
      listOf(next.trainees).map((tr, i) => ({ path: `/trainees/${i}/unit`, value: tr.unit })),
    );
    if (issues.length) throw invalid(issues);
    return this.node.records.update(this.writer(actor), id, next);
  }

  // --- equipment ---------------------------------------------------------------------------

  /** Serial numbers of a delivery's items that another delivery already holds. */
  private async serialIssues(body: Record<string, unknown>, exceptId: string): Promise<Issue[]> {
    await this.catchUp();
    const where = new Map<string, { path: string; label: string }>();
    listOf(body.items).forEach((it, i) => {
      (Array.isArray(it.serial_numbers) ? it.serial_numbers : []).forEach((s: unknown, j: number) => {
        if (typeof s === 'string' && serialKey(s))
          where.set(serialKey(s), { path: `/items/${i}/serial_numbers/${j}`, label: s });
      });
    });
    const used = await this.repo.serialsInUse(this.node.db, [...where.keys()], exceptId);
    return [...used].map(([serial, other]) => ({
      path: where.get(serial)!.path,
      code: 'cooperation.serial_in_use',
      params: { value: where.get(serial)!.label.slice(0, 100), other },
    }));
  }

  /**
   * Records a delivery. Created before it ships (status 'notified'), the record is the advance
   * notice: shared under the agreement with the receiving partner like any record.
   */
  async createDelivery(actor: Actor, input: unknown): Promise<StixObject> {
    await this.need(actor, 'cooperation.manage', 'cooperation.delivery.create');
    await this.ensureDefinition();
    const body = this.base('x-sentinelle-delivery', asRecord(input));
    body.status ??= 'notified';
    body.provider_node ??= this.node.settings.nodeId;
    body.id ??= newStixId('x-sentinelle-delivery');
    const issues = [
      ...(await this.checkAgainstProgramme(body, [{ path: '/receiving_unit', value: body.receiving_unit }])),
      ...(await this.serialIssues(body, String(body.id))),
    ];
    if (issues.length) throw invalid(issues);
    const obj = await this.node.records.create(this.writer(actor), body);
    await this.catchUp();
    return obj;
  }

  /** Marks a delivery shipped (and any other changes, e.g. end-use checks scheduled). */
  async updateDelivery(actor: Actor, id: string, changes: unknown): Promise<StixObject> {
    await this.need(actor, 'cooperation.manage', 'cooperation.delivery.update', id);
    const current = await this.getOf('x-sentinelle-delivery', id, '/id', 'cooperation.delivery_not_found');
    const {
      id: _i,
      type: _t,
      created: _c,
      modified: _m,
      spec_version: _s,
      extensions: _e,
      programme_ref: _p,
      provider_node: _pn,
      ...rest
    } = asRecord(changes);
    void [_i, _t, _c, _m, _s, _e, _p, _pn];
    const { modified: _cm, ...cur } = current;
    void _cm;
    const next: Record<string, unknown> = { ...cur, ...rest };
    if (next.status === 'shipped' && !next.shipped_at)
      next.shipped_at = formatTimestamp(this.node.clock.now());
    const issues = [
      ...(await this.checkAgainstProgramme(next, [{ path: '/receiving_unit', value: next.receiving_unit }])),
      ...(await this.serialIssues(next, id)),
    ];
    if (issues.length) throw invalid(issues);
    const obj = await this.node.records.update(this.writer(actor), id, next);
    await this.catchUp();
    return obj;
  }

  /**
   * The receiving node's proof of receipt: what arrived (by default, everything the delivery
   * lists), when, signed with this node's key over the receipt's canonical JSON.
   */
  async signReceipt(actor: Actor, input: unknown): Promise<StixObject> {
    await this.need(actor, 'cooperation.manage', 'cooperation.receipt.sign');
    await this.ensureDefinition();
    const body = asRecord(input);
    const delivery = await this.getOf(
      'x-sentinelle-delivery',
      body.delivery_ref,
      '/delivery_ref',
      'cooperation.delivery_not_found',
    );
    const self = this.node.settings.nodeId;
    const issues: Issue[] = [];
    if (delivery.receiver_node !== self)
      issues.push({ path: '/delivery_ref', code: 'cooperation.not_receiver' });
    if (delivery.status === 'cancelled')
      issues.push({
        path: '/delivery_ref',
        code: 'cooperation.delivery_cancelled',
        params: { id: delivery.id },
      });
    const receivedAt = body.received_at ?? formatTimestamp(this.node.clock.now());
    const since = str(delivery.shipped_at ?? delivery.planned_ship_date);
    if (isTimestamp(receivedAt) && isTimestamp(since) && compareTimestamps(receivedAt, since) < 0) {
      issues.push({
        path: '/received_at',
        code: 'stix.must_not_precede',
        params: { property: 'received_at', other: delivery.shipped_at ? 'shipped_at' : 'planned_ship_date' },
      });
    }
    const existing = (await this.all('x-sentinelle-receipt')).find(
      (r) => r.delivery_ref === delivery.id && r.receiver_node === self,
    );
    if (existing)
      issues.push({
        path: '/delivery_ref',
        code: 'cooperation.already_received',
        params: { id: delivery.id },
      });
    const items =
      body.items ??
      listOf(delivery.items).map((it) => ({
        item_type: it.item_type,
        quantity: it.quantity,
        ...(it.serial_numbers ? { serial_numbers: it.serial_numbers } : {}),
      }));
    const delivered = new Set(
      listOf(delivery.items).flatMap((it) =>
        Array.isArray(it.serial_numbers) ? it.serial_numbers.map((s: unknown) => serialKey(String(s))) : [],
      ),
    );
    listOf(items).forEach((it, i) =>
      (Array.isArray(it.serial_numbers) ? it.serial_numbers : []).forEach((s: unknown, j: number) => {
        if (typeof s === 'string' && !delivered.has(serialKey(s)))
          issues.push({
            path: `/items/${i}/serial_numbers/${j}`,
            code: 'cooperation.serial_not_delivered',
            params: { value: s.slice(0, 100) },
          });
      }),
    );
    if (issues.length) throw invalid(issues);
    const receipt: Record<string, unknown> = {
      ...this.base('x-sentinelle-receipt', {}),
      id: newStixId('x-sentinelle-receipt'),
      name: `Receipt ${str(delivery.name)}`.slice(0, 250),
      delivery_ref: delivery.id,
      delivery_modified: delivery.modified,
      provider_node: delivery.provider_node,
      receiver_node: self,
      received_at: receivedAt,
      items,
      ...(typeof body.note === 'string' && body.note ? { note: body.note } : {}),
      ...(Array.isArray(body.object_marking_refs)
        ? { object_marking_refs: body.object_marking_refs }
        : delivery.object_marking_refs
          ? { object_marking_refs: delivery.object_marking_refs }
          : {}),
    };
    receipt.signature = signReceipt(receipt, this.node.keys.privateKey, self);
    return this.node.records.create(this.writer(actor), receipt);
  }

  /** Whether a stored receipt's signature verifies against its delivery's receiving node. */
  async verifyReceipt(
    actor: Actor,
    receiptId: string,
  ): Promise<{ valid: boolean; check: string; delivery: string }> {
    await this.need(actor, 'cooperation.read', 'cooperation.receipt.verify', receiptId);
    const receipt = await this.getOf('x-sentinelle-receipt', receiptId, '/id', 'records.not_found');
    const delivery = await this.getOf(
      'x-sentinelle-delivery',
      receipt.delivery_ref,
      '/delivery_ref',
      'cooperation.delivery_not_found',
    );
    const check = checkReceipt(
      receipt,
      str(delivery.receiver_node),
      await this.node.peers.keyLookup(this.node.db),
    );
    return { valid: check === 'valid', check, delivery: delivery.id };
  }

  /** A serviceability entry or an end-use check (with its evidence) for a delivered item. */
  async logEquipment(actor: Actor, input: unknown): Promise<StixObject> {
    await this.need(actor, 'cooperation.manage', 'cooperation.equipment.log');
    await this.ensureDefinition();
    const body = this.base('x-sentinelle-equipment-log', asRecord(input));
    const delivery = await this.getOf(
      'x-sentinelle-delivery',
      body.delivery_ref,
      '/delivery_ref',
      'cooperation.delivery_not_found',
    );
    const issues: Issue[] = [];
    if (typeof body.serial_number === 'string') {
      const delivered = new Set(
        listOf(delivery.items).flatMap((it) =>
          Array.isArray(it.serial_numbers) ? it.serial_numbers.map((s: unknown) => serialKey(String(s))) : [],
        ),
      );
      if (!delivered.has(serialKey(body.serial_number)))
        issues.push({
          path: '/serial_number',
          code: 'cooperation.serial_not_delivered',
          params: { value: body.serial_number.slice(0, 100) },
        });
    }
    const since = str(delivery.shipped_at ?? delivery.planned_ship_date);
    if (
      isTimestamp(body.observed_at) &&
      isTimestamp(since) &&
      compareTimestamps(body.observed_at, since) < 0
    ) {
      issues.push({
        path: '/observed_at',
        code: 'stix.must_not_precede',
        params: { property: 'observed_at', other: delivery.shipped_at ? 'shipped_at' : 'planned_ship_date' },
      });
    }
    if (issues.length) throw invalid(issues);
    body.name ??=
      `${str(body.entry_kind)} ${str(body.serial_number ?? body.item_type)}`.trim().slice(0, 250) || 'log';
    if (!body.object_marking_refs && delivery.object_marking_refs)
      body.object_marking_refs = delivery.object_marking_refs;
    const obj = await this.node.records.create(this.writer(actor), body);
    await this.catchUp();
    return obj;
  }

  // --- change feed: serial index and lost-equipment alerts -----------------------------------

  private poke(): void {
    if (this.pending || this.stopped) return;
    this.pending = true;
    this.chain = this.chain.then(async () => {
      this.pending = false;
      if (!this.stopped) await this.follow().catch(() => undefined);
    });
  }

  /** Processes the change feed up to now (serialised with the background follower). */
  async catchUp(): Promise<void> {
    const run = this.chain.then(() => this.follow());
    this.chain = run.catch(() => undefined);
    await run;
  }

  private async follow(): Promise<void> {
    const { db, records } = this.node;
    for (;;) {
      const cursor = await this.repo.cursor(db);
      const changes = await records.repo.changesSince(db, cursor, FEED_BATCH);
      if (!changes.length) return;
      const ids = [...new Set(changes.map((c) => c.id))];
      // Only deliveries and equipment logs are read whole; of incidents (most of a feed, e.g. a
      // partner's backlog arriving), only the serial numbers they name.
      const indexed = ids.filter((id) => isStixId(id, INDEXED_TYPES));
      const current = await records.repo.getMany(db, indexed);
      for (const rec of current.values()) {
        const o = rec.object as Rec;
        if (o.type === 'x-sentinelle-delivery') await this.indexDelivery(o);
        else if (o.type === 'x-sentinelle-equipment-log') await this.indexLog(o);
      }
      const incidents = ids.filter((id) => isStixId(id, 'incident'));
      for (const [id, serials] of await this.repo.incidentSerials(db, incidents))
        await this.matchIncident(id, serials);
      await this.repo.setCursor(db, changes[changes.length - 1]!.seq);
    }
  }

  private async indexDelivery(o: Rec): Promise<void> {
    const serials =
      o.revoked === true || o.status === 'cancelled'
        ? []
        : listOf(o.items).flatMap((it) =>
            Array.isArray(it.serial_numbers)
              ? it.serial_numbers.map((s: unknown) => ({ serial: serialKey(String(s)), label: String(s) }))
              : [],
          );
    await this.repo.setDeliverySerials(
      this.node.db,
      str(o.id),
      serials.filter((s) => s.serial),
    );
  }

  private async indexLog(o: Rec): Promise<void> {
    const serial = serialKey(str(o.serial_number));
    if (!serial || o.entry_kind !== 'serviceability' || o.revoked === true) return;
    if (o.status === 'lost' || o.status === 'stolen') {
      await this.repo.addLost(this.node.db, {
        serial,
        logId: str(o.id),
        deliveryId: str(o.delivery_ref),
        status: str(o.status),
        label: str(o.serial_number),
        reportedAt: str(o.observed_at),
      });
      // Seen already after the loss: incidents the correlation worker has indexed.
      const seen = await findMaterielMatches(this.node.db, [{ serial_number: str(o.serial_number) }]).catch(
        () => [],
      );
      for (const m of seen) {
        if (m.kind !== 'serial' || (m.eventTime && m.eventTime < str(o.observed_at))) continue;
        const rec = await this.node.records.repo.get(this.node.db, m.recordId);
        if (rec)
          await this.alertSeen(rec.object, [
            {
              serial,
              logId: str(o.id),
              deliveryId: str(o.delivery_ref),
              status: str(o.status),
              label: str(o.serial_number),
              reportedAt: str(o.observed_at),
            },
          ]);
      }
    } else if (o.status === 'operational' || o.status === 'under_repair' || o.status === 'unserviceable') {
      await this.repo.clearLost(this.node.db, serial, str(o.delivery_ref));
    }
  }

  /** A current, unrevoked incident naming serial numbers: an alert for each one reported lost. */
  private async matchIncident(id: string, named: readonly string[]): Promise<void> {
    const serials = [...new Set(named.map((s) => serialKey(s)).filter((s) => s.length >= 3))];
    const lost = await this.repo.lostAmong(this.node.db, serials);
    if (!lost.length) return;
    const rec = await this.node.records.repo.get(this.node.db, id);
    if (rec) await this.alertSeen(rec.object, lost);
  }

  private async alertSeen(
    incident: Rec,
    lost: {
      serial: string;
      logId: string;
      deliveryId: string;
      status: string;
      label: string;
      reportedAt: string;
    }[],
  ): Promise<void> {
    const ext = asRecord(asRecord(incident.extensions)[SENTINELLE_INCIDENT_EXTENSION_ID]);
    const loc = asRecord(ext.location);
    const locale = 'fr';
    for (const l of lost) {
      const params = {
        serial: l.label,
        status: l.status,
        date: l.reportedAt.slice(0, 10),
        delivery: l.deliveryId,
        record: str(incident.id),
      };
      await raiseAlert(this.node, {
        kind: 'lost-equipment-seen',
        severity: 'high',
        title: t(locale, 'cooperation.alert_title', params),
        explanation: t(locale, 'cooperation.alert_explanation', params),
        score: 1,
        objectRefs: [str(incident.id), l.logId, l.deliveryId],
        signals: [
          { name: 'serial_number', value: l.label },
          { name: 'reported_status', value: l.status },
          { name: 'reported_at', value: l.reportedAt },
        ],
        ...(typeof loc.lat === 'number' && typeof loc.lon === 'number'
          ? { location: { lat: loc.lat, lon: loc.lon } }
          : {}),
        ...(typeof loc.country === 'string' ? { country: loc.country } : {}),
        ...(typeof loc.admin1 === 'string' ? { admin1: loc.admin1 } : {}),
        dedupeKey: `lost-equipment:${l.serial}:${str(incident.id)}`,
      });
    }
  }

  /**
   * Imports a spreadsheet of deliveries or training sessions into a programme. Rows that map to a
   * valid entry are stored together (one transaction); the others are refused with line, column
   * and reason. Nothing of a refused row is stored.
   */
  async importCsv(
    actor: Actor,
    kind: CsvKind,
    source: CsvSource,
    programmeRef: string,
  ): Promise<{ accepted: number; refused: Refusal[]; ids: string[] }> {
    await this.need(actor, 'cooperation.manage', 'cooperation.import');
    await this.ensureDefinition();
    const programme = await this.getOf(
      'x-sentinelle-programme',
      programmeRef,
      '/programme',
      'cooperation.programme_not_found',
    );
    const parties = listOf(programme.parties).map((p) => ({
      node_id: str(p.node_id),
      country: str(p.country),
    }));
    const { rows } = await mapCsv(kind, source, programme.id, parties);
    await this.catchUp();
    const refused: Refusal[] = [];
    const accepted: Record<string, unknown>[] = [];
    const serialLines = new Map<string, number>();
    const now = formatTimestamp(this.node.clock.now());
    const type = kind === 'deliveries' ? 'x-sentinelle-delivery' : 'x-sentinelle-coop-activity';
    for (const row of rows) {
      if ('refusals' in row) {
        refused.push(...row.refusals);
        continue;
      }
      const body: Record<string, unknown> = {
        ...this.base(type, row.body),
        spec_version: '2.1',
        id: newStixId(type),
        created: now,
        modified: now,
        created_by_ref: this.node.settings.identityId,
      };
      const v = validateObject(body);
      const issues: Issue[] = v.ok ? [] : [...v.issues];
      if (!issues.length) {
        const units =
          kind === 'deliveries'
            ? [{ path: '/receiving_unit', value: body.receiving_unit }]
            : listOf(body.trainees).map((tr, i) => ({ path: `/trainees/${i}/unit`, value: tr.unit }));
        issues.push(...(await this.checkAgainstProgramme(body, units)));
      }
      if (!issues.length && kind === 'deliveries') {
        issues.push(...(await this.serialIssues(body, String(body.id))));
        const mine = listOf(body.items).flatMap((it) =>
          Array.isArray(it.serial_numbers) ? it.serial_numbers.map(String) : [],
        );
        for (const s of mine) {
          const earlier = serialLines.get(serialKey(s));
          if (earlier !== undefined)
            issues.push({
              path: '/items/0/serial_numbers',
              code: 'cooperation.csv_duplicate_serial',
              params: { value: s, line: earlier },
            });
        }
        if (!issues.length) for (const s of mine) serialLines.set(serialKey(s), row.line);
      }
      if (issues.length) refused.push(...issuesToRefusals(kind, row.line, issues));
      else accepted.push(body);
    }
    if (accepted.length)
      await this.node.records.importObjects(this.writer(actor), accepted, { action: 'cooperation.import' });
    await this.catchUp();
    return { accepted: accepted.length, refused, ids: accepted.map((a) => String(a.id)) };
  }

  /** The partner report for a period (docs/cooperation.md §4). */
  async report(actor: Actor, query: ReportQuery): Promise<PartnerReport> {
    const issues: Issue[] = [];
    for (const k of ['from', 'to'] as const) {
      if (
        typeof query[k] !== 'string' ||
        !DATE_RE.test(query[k]) ||
        Number.isNaN(Date.parse(`${query[k]}T00:00:00Z`))
      ) {
        issues.push({
          path: `/${k}`,
          code: 'cooperation.bad_date',
          params: { value: String(query[k] ?? '').slice(0, 30) },
        });
      }
    }
    if (!issues.length && query.to < query.from) issues.push({ path: '/to', code: 'cooperation.bad_period' });
    if (issues.length) throw invalid(issues);
    const data = await this.data(actor);
    const peer = await this.node.peers.repo.get(this.node.db, query.peer);
    if (!peer)
      throw new DomainError(
        'not_found',
        'cooperation.peer_not_found',
        [{ path: '/peer', code: 'cooperation.peer_not_found', params: { id: query.peer } }],
        { id: query.peer },
      );
    // Intelligence records from the sharing reciprocity figures (whole months covering the period);
    // the caller's right to read them is 'cooperation.read', checked above.
    const recip = await this.node.sharing.reciprocity('system', {
      peerId: peer.nodeId,
      from: query.from.slice(0, 7),
      to: query.to.slice(0, 7),
    });
    const totals = recip.peers[0]?.totals;
    const s = this.node.settings;
    return buildReport({
      data,
      self: { nodeId: s.nodeId, organisation: s.organisation, country: s.country },
      peer: { nodeId: peer.nodeId, name: peer.name, country: peer.country },
      from: query.from,
      to: query.to,
      intelligence: { provided: totals?.released.total ?? 0, received: totals?.received.total ?? 0 },
    });
  }

  /** What the ledger screens show: entries, receipt status, serviceability, training figures, gaps. */
  async overview(actor: Actor, opts: CompletenessOptions = {}): Promise<Record<string, unknown>> {
    const data = await this.data(actor);
    const states = deliveryStates(data);
    const items = itemStates(data.deliveries, data.logs, data.now);
    const partners = new Map<string, { node_id: string; name: string; country: string }>();
    for (const p of data.programmes)
      for (const party of listOf(p.parties))
        if (party.node_id !== data.self)
          partners.set(str(party.node_id), {
            node_id: str(party.node_id),
            name: str(party.name),
            country: str(party.country),
          });
    return {
      self: data.self,
      now: data.now.toISOString(),
      partners: [...partners.values()],
      programmes: data.programmes,
      activities: data.activities,
      deliveries: data.deliveries.map((d) => {
        const st = states.get(str(d.id))!;
        const mine = items.filter((i) => i.item.deliveryId === d.id);
        const serviceability: Record<string, number> = {};
        for (const i of mine)
          serviceability[i.item.status] = (serviceability[i.item.status] ?? 0) + i.quantity;
        return {
          delivery: d,
          receipt: st.receipt,
          receipt_id: st.receiptId,
          received_at: st.receivedAt,
          receipt_problem: st.receiptProblem,
          serviceability,
        };
      }),
      training: trainingAggregate(data.activities),
      certificates: certificates(data.activities, data.now),
      gaps: completeness(data, opts),
    };
  }

  /** Receipt status of each delivery (for views). */
  async deliveryStates(actor: Actor): Promise<ReturnType<typeof deliveryStates>> {
    return deliveryStates(await this.data(actor));
  }
}
