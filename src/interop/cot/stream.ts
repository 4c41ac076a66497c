/**
 * A CoT streaming endpoint for TAK clients (ATAK, WinTAK, iTAK as a "TAK server" input): plain
 * TCP, one CoT XML event per message, each followed by a newline.
 *
 * Protocol (docs/interop.md, "CoT stream"):
 * 1. the client sends one line: a Sentinelle API token (`sentinelle token create`), optionally
 *    prefixed by `Bearer `; within 10 s, at most 1 KiB;
 * 2. a bad token, or an account that may read nothing, gets one line `ERROR <reason>` and the
 *    connection is closed; success is audited;
 * 3. the server sends the most recent readable incidents and alerts that have a position (up to
 *    200), then every new or updated one as it is committed (the change feed, node.changes), and
 *    a `t-x-d-d` delete for a revoked one. What a principal receives is exactly what the list API
 *    would show them: an analyst all, a reporter their own reports.
 * A client that does not read (more than 4 MiB waiting) is disconnected: ingest never waits.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { appendAudit } from '../../audit/audit.ts';
import { actorOf, type Principal } from '../../auth/principal.ts';
import { can } from '../../auth/roles.ts';
import type { Clock } from '../../core/clock.ts';
import { t } from '../../i18n/i18n.ts';
import type { ChangeHub } from '../../records/change-hub.ts';
import type { RecordService } from '../../records/service.ts';
import type { StixObject } from '../../objects/stix.ts';
import type { Db } from '../../store/db.ts';
import { COT_TYPES, cotDelete, recordToCot, type CotMapOptions } from './map.ts';
import { cotEventXml } from './xml.ts';
import '../messages.ts';

export interface CotStreamDeps {
  db: Db;
  clock: Clock;
  records: RecordService;
  changes: ChangeHub;
  tokens: { resolveToken(token: string): Promise<Principal | null> };
}

export interface CotStreamOptions {
  port: number;
  host?: string;
  staleMs?: number;
  baseUrl?: string;
  /** Records sent on connection (default 200). */
  snapshot?: number;
  authTimeoutMs?: number;
}

const MAX_LINE = 1024;
const MAX_BUFFERED = 4 * 1024 * 1024;

export class CotStreamServer {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly deps: CotStreamDeps,
    private readonly options: CotStreamOptions,
  ) {}

  /** Listens; resolves with the bound port (useful with port 0). */
  async start(): Promise<{ host: string; port: number }> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host ?? '127.0.0.1', () => resolve());
    });
    const a = server.address();
    return {
      host: this.options.host ?? '127.0.0.1',
      port: typeof a === 'object' && a ? a.port : this.options.port,
    };
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('error', () => socket.destroy());
    let buf = Buffer.alloc(0);
    let unsubscribe: (() => void) | undefined;
    const timer = setTimeout(() => socket.destroy(), this.options.authTimeoutMs ?? 10_000);
    socket.on('close', () => {
      clearTimeout(timer);
      unsubscribe?.();
      this.sockets.delete(socket);
    });
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      const nl = buf.indexOf(0x0a);
      if (nl < 0 && buf.length <= MAX_LINE) return;
      socket.off('data', onData);
      clearTimeout(timer);
      const line = nl < 0 ? '' : buf.subarray(0, nl).toString('utf8');
      this.authenticate(line)
        .then(async (principal) => {
          if (!principal) {
            socket.end(
              `ERROR ${t('en', 'interop.cot.unauthenticated')} / ${t('fr', 'interop.cot.unauthenticated')}\n`,
            );
            return;
          }
          unsubscribe = await this.serve(socket, principal);
          if (socket.destroyed) unsubscribe();
        })
        .catch(() => socket.destroy());
    };
    socket.on('data', onData);
  }

  private async authenticate(line: string): Promise<Principal | null> {
    const token = line.trim().replace(/^bearer\s+/i, '');
    if (!token) return null;
    const p = await this.deps.tokens.resolveToken(token).catch(() => null);
    if (!p || !(can(p, 'records.read_all') || can(p, 'records.read_own'))) return null;
    return p;
  }

  /** Sends the snapshot, then follows the change feed; returns the unsubscribe function. */
  private async serve(socket: Socket, principal: Principal): Promise<() => void> {
    const { db, records, changes, clock } = this.deps;
    await appendAudit(db, clock, {
      actor: actorOf(principal),
      action: 'export',
      target: 'cot-stream',
      outcome: 'success',
      details: { via: 'cot', format: 'cot' },
    });
    let cursor = await records.repo.lastSeq(db);
    const mapOptions = (): CotMapOptions => ({
      now: clock.now(),
      ...(this.options.staleMs !== undefined ? { staleMs: this.options.staleMs } : {}),
      ...(this.options.baseUrl ? { baseUrl: this.options.baseUrl } : {}),
    });
    const send = (o: StixObject): void => {
      if (socket.destroyed) return;
      if (socket.writableLength > MAX_BUFFERED) {
        socket.destroy();
        return;
      }
      const event = o.revoked === true ? cotDelete(o.id, mapOptions()) : recordToCot(o, mapOptions());
      if (event) socket.write(cotEventXml(event) + '\n');
    };
    const page = await records.list(principal, {
      types: [...COT_TYPES],
      limit: this.options.snapshot ?? 200,
      order: 'seq_desc',
    });
    for (const rec of [...page.items].reverse()) send(rec.object as StixObject);

    // One pump at a time per connection; a poke during a pump runs one more round after it.
    let running = false;
    let again = false;
    const pump = async (): Promise<void> => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          for (;;) {
            const batch = await records.repo.changesSince(db, cursor, 500);
            if (!batch.length || socket.destroyed) break;
            cursor = batch[batch.length - 1]!.seq;
            const ids = [...new Set(batch.map((c) => c.id))].filter((id) =>
              (COT_TYPES as readonly string[]).some((ty) => id.startsWith(`${ty}--`)),
            );
            const current = await records.repo.getMany(db, ids);
            for (const id of ids) {
              const rec = current.get(id);
              if (rec && (await records.canRead(principal, rec))) send(rec.object as StixObject);
            }
          }
        } while (again && !socket.destroyed);
      } finally {
        running = false;
      }
    };
    const unsubscribe = changes.subscribe(() => {
      pump().catch(() => socket.destroy());
    });
    // Changes committed between the cursor and the subscription.
    await pump();
    return unsubscribe;
  }
}
