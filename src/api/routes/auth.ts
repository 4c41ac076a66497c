/**
 * Sign-in for the browser (HTTP-only SameSite=Strict session cookie + CSRF token) and resolution
 * of the caller for every request: bearer API token, HTTP Basic (TAXII clients), or session.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SentinelleNode } from '../../node/node.ts';
import type { Principal } from '../../auth/principal.ts';
import { parseBody } from '../input.ts';
import { requirePrincipal, requireWriter } from '../app.ts';
import { DomainError } from '../../core/errors.ts';

export const SESSION_COOKIE = 'sentinelle_session';

export interface Resolved {
  principal: Principal;
  csrfOk: boolean;
}

export async function resolvePrincipal(node: SentinelleNode, req: FastifyRequest): Promise<Resolved | null> {
  const auth = req.headers.authorization;
  if (auth) {
    const [scheme = '', value = ''] = auth.split(' ', 2);
    if (scheme.toLowerCase() === 'bearer') {
      const p = await node.tokens.resolveToken(value.trim());
      if (!p) throw new DomainError('unauthenticated', 'http.unauthenticated');
      return { principal: p, csrfOk: true };
    }
    if (scheme.toLowerCase() === 'basic') {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      if (i < 0) throw new DomainError('unauthenticated', 'http.unauthenticated');
      const p = await node.users.authenticate(decoded.slice(0, i), decoded.slice(i + 1), req.ip);
      return { principal: { ...p, via: 'token' }, csrfOk: true };
    }
    throw new DomainError('unauthenticated', 'http.unauthenticated');
  }
  const cookie = req.cookies[SESSION_COOKIE];
  if (!cookie) return null;
  const s = await node.sessions.resolveSession(cookie);
  if (!s) return null;
  const header = req.headers['x-csrf-token'];
  return { principal: s.principal, csrfOk: typeof header === 'string' && header === s.csrfToken };
}

export function registerAuthRoutes(app: FastifyInstance, node: SentinelleNode): void {
  app.post('/api/v1/auth/login', async (req, reply) => {
    const body = parseBody<{ username: string; password: string }>(req.body, {
      username: { kind: 'string', required: true, max: 64 },
      password: { kind: 'string', required: true, max: 1024 },
    });
    const principal = await node.users.authenticate(body.username, body.password, req.ip);
    const session = await node.sessions.createSession(principal.userId);
    void reply.setCookie(SESSION_COOKIE, session.cookieValue, {
      httpOnly: true,
      sameSite: 'strict',
      secure: node.config.secureCookies,
      path: '/',
      expires: new Date(session.expiresAt),
    });
    return { user: userView(principal), csrf_token: session.csrfToken, expires_at: session.expiresAt };
  });

  app.post('/api/v1/auth/logout', async (req, reply) => {
    requireWriter(req);
    const cookie = req.cookies[SESSION_COOKIE];
    if (cookie) await node.sessions.destroySession(cookie);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  app.get('/api/v1/auth/me', async (req) => {
    const p = requirePrincipal(req);
    const cookie = req.cookies[SESSION_COOKIE];
    const s = p.via === 'session' && cookie ? await node.sessions.resolveSession(cookie) : null;
    return { user: userView(p), ...(s ? { csrf_token: s.csrfToken } : {}) };
  });

  app.put('/api/v1/auth/me/locale', async (req) => {
    const p = requireWriter(req);
    const body = parseBody<{ locale: string }>(req.body, { locale: { kind: 'string', required: true } });
    if (body.locale !== 'fr' && body.locale !== 'en') throw new DomainError('invalid', 'http.invalid', [{ path: '/locale', code: 'http.type', params: { expected: 'fr | en' } }]);
    await node.users.setLocale(p.username, body.locale, p);
    return { locale: body.locale };
  });
}

function userView(p: Principal) {
  return { id: p.userId, username: p.username, roles: p.roles, locale: p.locale };
}
