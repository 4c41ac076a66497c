/**
 * Federation routes: the peer endpoints that receive pushed envelope batches ([FED-4]) and serve
 * pull requests ([FED-5], long poll) — authenticated by signatures, not by an account — and the per-peer status for operators ([FED-39]).
 */
import type { FastifyInstance } from 'fastify';
import type { SentinelleNode } from '../../node/node.ts';
import { requirePermission } from '../../auth/guard.ts';
import { DomainError } from '../../core/errors.ts';
import { requirePrincipal } from '../app.ts';
import {
  CBOR_TYPE,
  ENVELOPES_PATH,
  PULL_PATH,
  encodeReceiveResult,
} from '../../federation/engine/transport.ts';

export function registerFederationRoutes(app: FastifyInstance, node: SentinelleNode): void {
  app.addContentTypeParser(CBOR_TYPE, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.post(ENVELOPES_PATH, async (req, reply) => {
    if (!(req.body instanceof Uint8Array))
      throw new DomainError('invalid', 'fed.engine.bad_batch', [{ path: '', code: 'fed.engine.bad_batch' }]);
    const result = await node.federation.receiver.receive(new Uint8Array(req.body));
    return reply.type(CBOR_TYPE).send(Buffer.from(encodeReceiveResult(result)));
  });

  app.post(PULL_PATH, async (req, reply) => {
    if (!(req.body instanceof Uint8Array))
      throw new DomainError('invalid', 'fed.engine.bad_pull', [
        { path: '', code: 'fed.engine.bad_pull', params: { detail: 'body' } },
      ]);
    const bytes = await node.federation.servePull(new Uint8Array(req.body));
    return reply.type(CBOR_TYPE).send(Buffer.from(bytes));
  });

  app.get('/api/v1/peers/status', async (req) => {
    const p = requirePrincipal(req);
    await requirePermission(node, p, 'peers.manage', { action: 'peer.status', target: null });
    const peers = await node.federation.status();
    return {
      peers: peers.map((s) => ({
        node_id: s.peerId,
        name: s.name,
        country: s.country,
        connected: s.connected,
        backlog: s.backlog,
        oldest_unacknowledged: s.oldestUnacked,
        last_error: s.lastError,
        last_attempt_at: s.lastAttemptAt,
        last_success_at: s.lastSuccessAt,
        last_ack_at: s.lastAckAt,
      })),
    };
  });
}
