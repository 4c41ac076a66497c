/**
 * GET /api/v1/events: the live change feed as server-sent events. Each event names a stored
 * version the caller may read; the client resumes with Last-Event-ID (the change sequence).
 */
import type { FastifyInstance } from 'fastify';
import type { SentinelleNode } from '../../node/node.ts';
import { requirePrincipal } from '../app.ts';
import type { Principal } from '../../auth/principal.ts';

export function registerEventRoutes(app: FastifyInstance, node: SentinelleNode): void {
  app.get('/api/v1/events', async (req, reply) => {
    const principal = requirePrincipal(req);
    // Fails now (403) rather than later inside the stream when the role may read nothing.
    await node.records.count(principal, { ids: [] });
    const lastEventId = Number(req.headers['last-event-id'] ?? (req.query as Record<string, string>).after ?? NaN);
    let cursor = Number.isInteger(lastEventId) && lastEventId >= 0 ? lastEventId : await node.records.repo.lastSeq(node.db);

    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(`: sentinelle live feed\nretry: 2000\n\n`);

    let running = false;
    let again = false;
    let closed = false;
    // A notification after which the change feed holds nothing new means records may have gone
    // without a change row (withdrawals record one, [FED-9], but a restore or a purge may not):
    // `resync` tells the page to re-read what it shows.
    let poked = false;
    const pump = async (fromPoke = false): Promise<void> => {
      if (fromPoke) poked = true;
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          const wasPoked = poked;
          poked = false;
          const changes = await node.records.repo.changesSince(node.db, cursor, 500);
          if (wasPoked && changes.length === 0 && !closed) res.write('event: resync\ndata: {}\n\n');
          for (const c of changes) {
            cursor = c.seq;
            // A withdrawn copy no longer reads: only its id goes out, so the page can drop it.
            const payload = c.op === 'withdraw' ? { id: c.id, modified: c.modified } : await describe(node, principal, c.id);
            if (payload && !closed) res.write(`id: ${c.seq}\nevent: ${c.op}\ndata: ${JSON.stringify({ seq: c.seq, op: c.op, ...payload })}\n\n`);
          }
          if (changes.length === 500) again = true;
        } while (again && !closed);
      } catch (err) {
        req.log.warn({ err }, 'live feed read failed');
      } finally {
        running = false;
      }
    };
    const unsubscribe = node.changes.subscribe(() => void pump(true));
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15000);
    req.raw.on('close', () => {
      closed = true;
      clearInterval(keepAlive);
      unsubscribe();
    });
    void pump();
  });
}

async function describe(node: SentinelleNode, principal: Principal, id: string): Promise<Record<string, unknown> | null> {
  const rec = await node.records.repo.get(node.db, id);
  if (!rec || !(await node.records.canRead(principal, rec))) return null; // not announced to this caller
  return { id, type: rec.object.type, modified: rec.object.modified, name: rec.object.name ?? null, revoked: rec.object.revoked === true, origin: rec.origin, tlp: rec.fields.tlp };
}
