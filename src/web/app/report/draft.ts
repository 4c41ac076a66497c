/**
 * The report draft and the outbox, kept in the browser's storage per user, so a report survives
 * a reload, a power cut of the laptop or a dropped link, and leaves when the node answers again.
 */
import type { ReportForm } from './model.ts';

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

  /** Queues a report; queuing the same report id again replaces it. */
  enqueue(form: ReportForm, now: Date): void {
    const rest = this.outbox().filter((q) => q.form.id !== form.id);
    this.storage.setItem(this.outboxKey, JSON.stringify([...rest, { form, queuedAt: now.toISOString() }]));
  }

  dequeue(id: string): void {
    const rest = this.outbox().filter((q) => q.form.id !== id);
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
