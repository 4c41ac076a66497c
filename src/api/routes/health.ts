/** Liveness and readiness for supervisors and load balancers (no authentication, no details). */
import type { FastifyInstance } from 'fastify';
import type { SentinelleNode } from '../../node/node.ts';

export function registerHealthRoutes(app: FastifyInstance, node: SentinelleNode): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    try {
      await node.db.query('SELECT 1');
      return { status: 'ready', database: node.db.kind };
    } catch {
      return reply.code(503).send({ status: 'unavailable' });
    }
  });
}
