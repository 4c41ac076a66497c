/**
 * The node's live change feed (server-sent events, GET /api/v1/events): one connection for the
 * whole application, shared by the map and the feed. The browser reconnects by itself with
 * Last-Event-ID; when the node refuses the stream (session expired) `onClosed` lets the shell check.
 */
export type ChangeOp = 'create' | 'update' | 'revoke';

/** A stored version the caller may read. */
export interface LiveEvent {
  seq: number;
  op: ChangeOp;
  id: string;
  type: string;
  modified: string;
  name: string | null;
  revoked: boolean;
  origin: string;
  tlp: string | null;
}

/** A partner withdrew its copy: the id no longer reads and leaves every list and the map. */
export interface WithdrawEvent {
  seq: number;
  op: 'withdraw';
  id: string;
}

export type LiveStatus = 'connecting' | 'live' | 'down';

export class LiveEvents {
  private source: EventSource | null = null;
  private lastSeq: number | null = null;
  private readonly listeners = new Set<(e: LiveEvent) => void>();
  private readonly withdrawListeners = new Set<(e: WithdrawEvent) => void>();
  private readonly statusListeners = new Set<(s: LiveStatus) => void>();
  private readonly resyncListeners = new Set<() => void>();
  private retry: ReturnType<typeof setTimeout> | undefined;
  status: LiveStatus = 'connecting';

  constructor(private readonly onClosed: () => Promise<boolean>) {}

  start(): void {
    this.stop();
    const url = this.lastSeq === null ? '/api/v1/events' : `/api/v1/events?after=${this.lastSeq}`;
    const es = new EventSource(url);
    this.source = es;
    this.setStatus('connecting');
    es.onopen = () => this.setStatus('live');
    const handle = (msg: MessageEvent<string>) => {
      const event = JSON.parse(msg.data) as LiveEvent;
      this.lastSeq = event.seq;
      for (const l of this.listeners) l(event);
    };
    for (const op of ['create', 'update', 'revoke']) es.addEventListener(op, handle as EventListener);
    es.addEventListener('withdraw', ((msg: MessageEvent<string>) => {
      const event = JSON.parse(msg.data) as WithdrawEvent;
      this.lastSeq = event.seq;
      for (const l of this.withdrawListeners) l(event);
    }) as EventListener);
    es.addEventListener('resync', () => {
      for (const l of this.resyncListeners) l();
    });
    es.onerror = () => {
      this.setStatus('down');
      if (es.readyState !== EventSource.CLOSED) return; // the browser retries by itself
      // Refused (e.g. 401): ask the shell whether we are still signed in, then try again later.
      this.retry = setTimeout(() => {
        void this.onClosed().then((signedIn) => {
          if (signedIn && this.source === es) this.start();
        });
      }, 3000);
    };
  }

  stop(): void {
    clearTimeout(this.retry);
    this.source?.close();
    this.source = null;
  }

  subscribe(fn: (e: LiveEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Records withdrawn by the partner that sent them: drop the id wherever it is shown. */
  onWithdraw(fn: (e: WithdrawEvent) => void): () => void {
    this.withdrawListeners.add(fn);
    return () => this.withdrawListeners.delete(fn);
  }

  /** Records may have gone without a new version (a partner withdrew them): re-read what is shown. */
  onResync(fn: () => void): () => void {
    this.resyncListeners.add(fn);
    return () => this.resyncListeners.delete(fn);
  }

  onStatus(fn: (s: LiveStatus) => void): () => void {
    this.statusListeners.add(fn);
    return () => this.statusListeners.delete(fn);
  }

  private setStatus(s: LiveStatus): void {
    this.status = s;
    for (const l of this.statusListeners) l(s);
  }
}
