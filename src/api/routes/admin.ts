/** Accounts, API tokens, node information and the audit trail. Permission checks live in the services. */
import type { FastifyInstance } from 'fastify';
import type { SentinelleNode } from '../../node/node.ts';
import { parseBody, queryParams } from '../input.ts';
import { requirePrincipal, requireWriter } from '../app.ts';
import type { Role } from '../../auth/roles.ts';
import { AuditReader } from '../../audit/reader.ts';

export function registerAdminRoutes(app: FastifyInstance, node: SentinelleNode): void {
  const audit = new AuditReader(node.db, node.clock);

  app.get('/api/v1/node', async (req) => {
    requirePrincipal(req);
    const s = node.settings;
    return { node_id: s.nodeId, organisation: s.organisation, country: s.country, identity_id: s.identityId, public_key: node.keys.publicKeySpki, fingerprint: node.keys.fingerprint, database: node.db.kind };
  });

  app.get('/api/v1/users', async (req) => ({ users: await node.users.listUsers(requirePrincipal(req)) }));

  app.post('/api/v1/users', async (req, reply) => {
    const p = requireWriter(req);
    const body = parseBody<{ username: string; display_name?: string; roles: string[]; password: string; locale?: string }>(req.body, {
      username: { kind: 'string', required: true },
      display_name: { kind: 'string', max: 200 },
      roles: { kind: 'string[]', required: true, min: 1 },
      password: { kind: 'string', required: true, max: 1024 },
      locale: { kind: 'string' },
    });
    const user = await node.users.addUser(
      { username: body.username, displayName: body.display_name ?? body.username, roles: body.roles as Role[], password: body.password, locale: body.locale === 'en' ? 'en' : 'fr' },
      p,
    );
    return reply.code(201).send(user);
  });

  app.post<{ Params: { username: string } }>('/api/v1/users/:username/disable', async (req) => {
    await node.users.disableUser(req.params.username, requireWriter(req));
    return { username: req.params.username, disabled: true };
  });

  app.post<{ Params: { username: string } }>('/api/v1/users/:username/enable', async (req) => {
    await node.users.enableUser(req.params.username, requireWriter(req));
    return { username: req.params.username, disabled: false };
  });

  app.get('/api/v1/tokens', async (req) => {
    const p = requirePrincipal(req);
    return { tokens: await node.tokens.listTokens(p.userId, p) };
  });

  app.post('/api/v1/tokens', async (req, reply) => {
    const p = requireWriter(req);
    const body = parseBody<{ name: string; expires_in_days?: number }>(req.body, {
      name: { kind: 'string', required: true, min: 1, max: 200 },
      expires_in_days: { kind: 'integer', min: 1, max: 3650 },
    });
    const expiresAt = body.expires_in_days ? new Date(node.clock.now().getTime() + body.expires_in_days * 86400000) : undefined;
    const created = await node.tokens.createToken(p.userId, body.name, expiresAt, p);
    return reply.code(201).send({ id: created.id, token: created.token, name: body.name, expires_at: expiresAt?.toISOString() ?? null });
  });

  app.delete<{ Params: { id: string } }>('/api/v1/tokens/:id', async (req, reply) => {
    await node.tokens.revokeToken(req.params.id, requireWriter(req));
    return reply.code(204).send();
  });

  app.get('/api/v1/audit', async (req) => {
    const q = queryParams(req.query, ['action', 'actor', 'target', 'outcome', 'from', 'to', 'q', 'limit', 'cursor']);
    return audit.list(requirePrincipal(req), {
      actions: q.get('action')?.split(','),
      actor: q.get('actor'),
      target: q.get('target'),
      outcome: q.get('outcome'),
      from: q.get('from'),
      to: q.get('to'),
      text: q.get('q'),
      limit: q.has('limit') ? Number(q.get('limit')) : 100,
      cursor: q.get('cursor') ?? null,
    });
  });

  app.get('/api/v1/audit/verify', async (req) => audit.verify(requirePrincipal(req)));
}
