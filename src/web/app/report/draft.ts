/**
 * The report draft and the outbox, kept in the browser's storage per user, so a report survives
 * a reload, a power cut of the laptop or a dropped link, and leaves when the node answers again.
 */
import { reportKey, type ReportForm } from './model.ts';

export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface QueuedReport {
  form: ReportForm;
  queuedAt: string;
}

export class DraftStore {
  private readonly draftKey: string;
  private readonly outboxKey: string;

  constructor(
    private readonly storage: KeyValueStorage,
    userId: string,
  ) {
    this.draftKey = `sentinelle.draft.${userId}`;
    this.outboxKey = `sentinelle.outbox.${userId}`;
  }

  loadDraft(): ReportForm | null {
    return this.read<ReportForm>(this.draftKey);
  }

  saveDraft(form: ReportForm): void {
    this.storage.setItem(this.draftKey, JSON.stringify(form));
  }

  clearDraft(): void {
    this.storage.removeItem(this.draftKey);
  }

  outbox(): QueuedReport[] {
    return this.read<QueuedReport[]>(this.outboxKey) ?? [];
  }

  /** Queues a report; queuing the same report (same `reportKey`) again replaces it. */
  enqueue(form: ReportForm, now: Date): void {
    const rest = this.outbox().filter((q) => reportKey(q.form) !== reportKey(form));
    this.storage.setItem(this.outboxKey, JSON.stringify([...rest, { form, queuedAt: now.toISOString() }]));
  }

  /** Removes the report of this `reportKey` (its idempotency key, or the id of an older draft). */
  dequeue(key: string): void {
    const rest = this.outbox().filter((q) => reportKey(q.form) !== key);
    if (rest.length) this.storage.setItem(this.outboxKey, JSON.stringify(rest));
    else this.storage.removeItem(this.outboxKey);
  }

  private read<T>(key: string): T | null {
    try {
      const raw = this.storage.getItem(key);
      return raw ? (JSON.parse(raw) as T) : null;
    } catch {
      return null;
    }
  }
}
