/**
 * Fans the database's change notifications (LISTEN/NOTIFY on CHANGES_CHANNEL) out to live
 * subscribers of this process: browser feeds, federation senders. Notifications carry only a
 * sequence number; each subscriber then reads the change feed from its own cursor, so a missed
 * or coalesced notification costs nothing.
 */
import type { Db } from '../store/db.ts';
import { CHANGES_CHANNEL } from './service.ts';

export class ChangeHub {
  private readonly subscribers = new Set<() => void>();
  private unlisten: (() => Promise<void>) | undefined;

  constructor(private readonly db: Db) {}

  async start(): Promise<void> {
    if (this.unlisten) return;
    this.unlisten = await this.db.listen(CHANGES_CHANNEL, () => {
      for (const poke of this.subscribers) poke();
    });
  }

  /** `poke` is called on every change notification; returns the unsubscribe function. */
  subscribe(poke: () => void): () => void {
    this.subscribers.add(poke);
    return () => this.subscribers.delete(poke);
  }

  get size(): number {
    return this.subscribers.size;
  }

  async stop(): Promise<void> {
    this.subscribers.clear();
    await this.unlisten?.();
    this.unlisten = undefined;
  }
}
