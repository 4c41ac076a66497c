/**
 * The ledger's figures, computed from its records (pure functions, no database): receipt status of
 * deliveries, training aggregated per unit and skill, certificates, serviceability and readiness of
 * delivered equipment, and the completeness dashboard (docs/cooperation.md §4).
 */
import type { ReceiptCheck } from './receipt.ts';
import { serialKey } from '../objects/custom/cooperation-rules.ts';

export type Rec = Readonly<Record<string, unknown>>;

export interface LedgerData {
  /** This node's id. */
  self: string;
  now: Date;
  programmes: Rec[];
  activities: Rec[];
  deliveries: Rec[];
  receipts: Rec[];
  logs: Rec[];
  /** Checks a receipt's signature against the delivery's receiving node. */
  checkReceipt: (receipt: Rec, delivery: Rec) => ReceiptCheck;
}

const DAY = 86_400_000;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const list = (v: unknown): Rec[] => (Array.isArray(v) ? (v as Rec[]) : []);
const time = (v: unknown): number => (typeof v === 'string' ? Date.parse(v) : NaN);

export type ReceiptState = 'received' | 'awaiting' | 'invalid' | 'cancelled';

export interface DeliveryState {
  id: string;
  receipt: ReceiptState;
  receiptId: string | null;
  receivedAt: string | null;
  /** Why the receipts found do not count (invalid). */
  receiptProblem: ReceiptCheck | null;
}

/** Receipt status of every delivery: only a receipt whose signature verifies counts. */
export function deliveryStates(d: LedgerData): Map<string, DeliveryState> {
  const byDelivery = new Map<string, Rec[]>();
  for (const r of d.receipts)
    byDelivery.set(str(r.delivery_ref), [...(byDelivery.get(str(r.delivery_ref)) ?? []), r]);
  const out = new Map<string, DeliveryState>();
  for (const del of d.deliveries) {
    const id = str(del.id);
    const state: DeliveryState = {
      id,
      receipt: del.status === 'cancelled' ? 'cancelled' : 'awaiting',
      receiptId: null,
      receivedAt: null,
      receiptProblem: null,
    };
    for (const r of byDelivery.get(id) ?? []) {
      const check = d.checkReceipt(r, del);
      if (check === 'valid') {
        Object.assign(state, {
          receipt: 'received',
          receiptId: str(r.id),
          receivedAt: str(r.received_at),
          receiptProblem: null,
        });
        break;
      }
      state.receipt = 'invalid';
      state.receiptProblem = check;
    }
    out.set(id, state);
  }
  return out;
}

export interface TrainingRow {
  unit: string;
  skill: string;
  sessions: number;
  trainees: number;
  traineeHours: number;
  passed: number;
  failed: number;
}

/**
 * Completed training sessions per receiving unit and skill: a session teaching several skills
 * counts in each; trainee-hours are trainees × hours of each trainee row.
 */
export function trainingAggregate(
  activities: readonly Rec[],
  keep: (a: Rec) => boolean = () => true,
): TrainingRow[] {
  const rows = new Map<string, TrainingRow>();
  for (const a of activities) {
    if (a.activity_kind !== 'training' || a.status !== 'completed' || !keep(a)) continue;
    const skills = Array.isArray((a.course as Rec | undefined)?.skills)
      ? ((a.course as Rec).skills as string[])
      : [];
    for (const skill of skills) {
      const seen = new Set<string>();
      for (const t of list(a.trainees)) {
        const unit = str(t.unit);
        const key = `${unit}|${skill}`;
        const row = rows.get(key) ?? {
          unit,
          skill,
          sessions: 0,
          trainees: 0,
          traineeHours: 0,
          passed: 0,
          failed: 0,
        };
        if (!seen.has(unit)) row.sessions++;
        seen.add(unit);
        row.trainees += num(t.count);
        row.traineeHours += num(t.count) * num(t.hours);
        row.passed += num(t.passed);
        row.failed += num(t.failed);
        rows.set(key, row);
      }
    }
  }
  return [...rows.values()].sort((x, y) => x.unit.localeCompare(y.unit) || x.skill.localeCompare(y.skill));
}

export interface CertificateRow {
  activityId: string;
  name: string;
  unit: string;
  holders: number;
  expires: string;
  valid: boolean;
  recognisedBy: string[];
}

/** Certificates of completed training: holders are those who passed (all trainees when no results were given). */
export function certificates(activities: readonly Rec[], now: Date): CertificateRow[] {
  const out: CertificateRow[] = [];
  for (const a of activities) {
    const cert = a.certificate as Rec | undefined;
    if (!cert || a.status !== 'completed' || !Number.isFinite(time(a.end))) continue;
    const expires = new Date(time(a.end) + num(cert.valid_days) * DAY).toISOString();
    for (const t of list(a.trainees)) {
      const holders = t.passed !== undefined ? num(t.passed) : num(t.count);
      out.push({
        activityId: str(a.id),
        name: str(cert.name),
        unit: str(t.unit),
        holders,
        expires,
        valid: Date.parse(expires) > now.getTime(),
        recognisedBy: Array.isArray(cert.recognised_by) ? (cert.recognised_by as string[]) : [],
      });
    }
  }
  return out;
}

export interface ItemState {
  deliveryId: string;
  itemType: string;
  serial: string | null;
  status: string;
  at: string | null;
}

/**
 * Latest serviceability of each delivered item as of `asOf` (serialised items one by one; items
 * without serial numbers by type, with the quantity of the delivery). 'unreported' when no entry.
 */
export function itemStates(
  deliveries: readonly Rec[],
  logs: readonly Rec[],
  asOf: Date,
): { item: ItemState; quantity: number }[] {
  const latest = new Map<string, Rec>();
  for (const l of logs) {
    if (l.entry_kind !== 'serviceability' || time(l.observed_at) > asOf.getTime()) continue;
    const key = `${str(l.delivery_ref)}|${l.serial_number ? serialKey(str(l.serial_number)) : `type:${str(l.item_type)}`}`;
    const prev = latest.get(key);
    if (!prev || time(prev.observed_at) <= time(l.observed_at)) latest.set(key, l);
  }
  const out: { item: ItemState; quantity: number }[] = [];
  for (const d of deliveries) {
    const started = time(d.shipped_at ?? d.planned_ship_date);
    if (d.status === 'cancelled' || !(started <= asOf.getTime())) continue;
    for (const it of list(d.items)) {
      const serials = Array.isArray(it.serial_numbers) ? (it.serial_numbers as string[]) : [];
      const entries = serials.length
        ? serials.map((s) => ({ key: serialKey(s), serial: s, qty: 1 }))
        : [{ key: `type:${str(it.item_type)}`, serial: null, qty: num(it.quantity) }];
      for (const e of entries) {
        const l = latest.get(`${str(d.id)}|${e.key}`);
        out.push({
          item: {
            deliveryId: str(d.id),
            itemType: str(it.item_type),
            serial: e.serial,
            status: l ? str(l.status) : 'unreported',
            at: l ? str(l.observed_at) : null,
          },
          quantity: e.qty,
        });
      }
    }
  }
  return out;
}

export interface ReadinessPoint {
  month: string;
  counts: Record<string, number>;
  total: number;
  /** Operational share of items whose state is known (0..1), null when none is. */
  operationalRate: number | null;
}

/** Serviceability of delivered equipment at the end of each month. */
export function readinessTrend(
  deliveries: readonly Rec[],
  logs: readonly Rec[],
  months: readonly string[],
): ReadinessPoint[] {
  return months.map((month) => {
    const [y, m] = month.split('-').map(Number) as [number, number];
    const end = new Date(Date.UTC(y, m, 1) - 1);
    const counts: Record<string, number> = {};
    let total = 0;
    for (const { item, quantity } of itemStates(deliveries, logs, end)) {
      counts[item.status] = (counts[item.status] ?? 0) + quantity;
      total += quantity;
    }
    const known = total - (counts.unreported ?? 0);
    return { month, counts, total, operationalRate: known > 0 ? (counts.operational ?? 0) / known : null };
  });
}

export type GapKind = 'receipt_overdue' | 'end_use_check_overdue' | 'outcome_missing' | 'serials_missing';

export interface Gap {
  kind: GapKind;
  recordId: string;
  name: string;
  /** The partner concerned (the other node of the activity or delivery). */
  partner: string;
  /** When the entry became due. */
  dueSince: string;
  daysOverdue: number;
}

export interface CompletenessOptions {
  /** Days after shipping before a missing receipt counts as overdue (default 14). */
  receiptDays?: number;
}

/**
 * Missing and overdue entries at `d.now`: deliveries without a valid receipt N days after they
 * shipped (or were to ship), scheduled end-use checks past due with no check recorded, completed
 * activities without outcomes, and weapons delivered without serial numbers.
 */
export function completeness(d: LedgerData, opts: CompletenessOptions = {}): Gap[] {
  const now = d.now.getTime();
  const receiptDays = opts.receiptDays ?? 14;
  const states = deliveryStates(d);
  const gaps: Gap[] = [];
  const other = (r: Rec) => (r.provider_node === d.self ? str(r.receiver_node) : str(r.provider_node));
  const push = (kind: GapKind, r: Rec, due: number) =>
    gaps.push({
      kind,
      recordId: str(r.id),
      name: str(r.name),
      partner: other(r),
      dueSince: new Date(due).toISOString(),
      daysOverdue: Math.floor((now - due) / DAY),
    });
  const checksDone = new Set(
    d.logs
      .filter((l) => l.entry_kind === 'end-use-check')
      .map((l) => `${str(l.delivery_ref)}|${time(l.check_due)}`),
  );
  for (const del of d.deliveries) {
    if (del.status === 'cancelled') continue;
    const shipped = time(del.shipped_at ?? del.planned_ship_date);
    const due = shipped + receiptDays * DAY;
    if (states.get(str(del.id))?.receipt !== 'received' && due < now) push('receipt_overdue', del, due);
    for (const ch of list(del.end_use_checks)) {
      const t = time(ch.due);
      if (t < now && !checksDone.has(`${str(del.id)}|${t}`)) push('end_use_check_overdue', del, t);
    }
    if (
      list(del.items).some((it) => it.category === 'weapon' && !Array.isArray(it.serial_numbers)) &&
      shipped < now
    )
      push('serials_missing', del, shipped);
  }
  for (const a of d.activities) {
    if (a.status === 'completed' && !(typeof a.outcomes === 'string' && a.outcomes.trim()))
      push('outcome_missing', a, time(a.end ?? a.modified));
  }
  return gaps.sort((x, y) => x.dueSince.localeCompare(y.dueSince) || x.recordId.localeCompare(y.recordId));
}
