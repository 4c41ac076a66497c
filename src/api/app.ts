/**
 * The node's HTTP API (Fastify). Routes are thin: they parse the request, call a service with the
 * caller's principal, and shape the answer. Errors leave through one handler as problem+json.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import { randomUUID } from 'node:crypto';
import type { SentinelleNode } from '../node/node.ts';
import { DomainError } from '../core/errors.ts';
import { negotiateLocale, type Locale } from '../i18n/i18n.ts';
import type { Principal } from '../auth/principal.ts';
import { fromFastifyError, problemOf } from './problem.ts';
import { registerAuthRoutes, SESSION_COOKIE, resolvePrincipal } from './routes/auth.ts';
import { registerRecordRoutes } from './routes/records.ts';
import { registerAdminRoutes } from './routes/admin.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { registerEventRoutes } from './routes/events.ts';
import { registerSharingRoutes } from './routes/sharing.ts';
import { registerFederationRoutes } from './routes/federation.ts';
import { registerTaxiiRoutes } from './routes/taxii.ts';
import { registerInteropRoutes } from './routes/interop.ts';
import { registerAnalysisRoutes } from './routes/analysis.ts';
import { registerForecastRoutes } from './routes/forecast.ts';
import { registerOperationsRoutes } from './routes/operations.ts';
import { registerCooperationRoutes } from './routes/cooperation.ts';
import { openApiDocument } from './openapi.ts';
import { DEFAULT_WEB_ROOT, serveWeb } from '../web/server/static.ts';
import { registerCompression } from '../web/server/compress.ts';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    principal: Principal | null;
    csrfOk: boolean;
  }
}

export interface AppOptions {
  node: SentinelleNode;
  /** Log requests as JSON lines (never bodies). Off in tests. */
  logger?: boolean;
  https?: { key: Buffer; cert: Buffer; ca?: Buffer; requestCert?: boolean } | undefined;
  /** The built web application served at `/` (default dist/web/public); null serves none. */
  webRoot?: string | null;
}

export interface RegisteredRoute {
  method: string;
  url: string;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance & { routesSeen: RegisteredRoute[] }> {
  const { node } = options;
  const app = Fastify({
    logger: options.logger ? { level: 'info', redact: ['req.headers.authorization', 'req.headers.cookie'] } : false,
    bodyLimit: node.config.bodyLimitBytes,
    genReqId: () => randomUUID(),
    ...(options.https ? { https: { ...options.https, rejectUnauthorized: false } } : {}),
  }) as unknown as FastifyInstance & { routesSeen: RegisteredRoute[] };
  const routesSeen: RegisteredRoute[] = [];
  app.routesSeen = routesSeen;
  app.addHook('onRoute', (r) => {
    for (const m of Array.isArray(r.method) ? r.method : [r.method]) if (m !== 'HEAD') routesSeen.push({ method: m, url: r.url });
  });

  await app.register(cookie);
  registerCompression(app);
  app.decorateRequest('locale', 'fr');
  app.decorateRequest('principal', null);
  app.decorateRequest('csrfOk', false);

  // STIX/TAXII media types are JSON too.
  app.addContentTypeParser(
    ['application/stix+json', 'application/taxii+json', 'application/problem+json'],
    { parseAs: 'string' },
    (_req, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(new DomainError('invalid', 'http.malformed_json', [{ path: '', code: 'http.malformed_json' }]), undefined);
      }
    },
  );

  app.addHook('onRequest', async (req, reply) => {
    req.locale = negotiateLocale(req.headers['accept-language'], node.config.defaultLocale);
    securityHeaders(reply);
    const resolved = await resolvePrincipal(node, req);
    req.principal = resolved?.principal ?? null;
    req.csrfOk = resolved?.csrfOk ?? false;
    if (resolved?.principal && !req.headers['accept-language']) req.locale = resolved.principal.locale;
  });

  app.setErrorHandler(async (err, req, reply) => {
    const domain = err instanceof DomainError ? err : fromFastifyError(err as Parameters<typeof fromFastifyError>[0], node.config.bodyLimitBytes);
    if (domain) return sendProblem(reply, req, domain);
    const ref = req.id;
    req.log.error({ err, reqId: ref }, 'internal error');
    return reply
      .code(500)
      .type('application/problem+json')
      .send({ type: 'about:blank', title: 'Internal error', status: 500, detail: `internal error (ref. ${ref})`, code: 'http.internal' });
  });
  // The web application answers GETs that no API route takes (its pages route on the client).
  const webRoot = options.webRoot === undefined ? DEFAULT_WEB_ROOT : options.webRoot;
  app.setNotFoundHandler(async (req, reply) => {
    if (webRoot && (await serveWeb(webRoot, req, reply))) return reply;
    return sendProblem(reply, req, new DomainError('not_found', 'http.not_found', [], { method: req.method, url: req.url.split('?')[0] }));
  });

  registerHealthRoutes(app, node);
  registerAuthRoutes(app, node);
  registerRecordRoutes(app, node);
  registerAdminRoutes(app, node);
  registerEventRoutes(app, node);
  registerSharingRoutes(app, node);
  registerFederationRoutes(app, node);
  registerTaxiiRoutes(app, node);
  registerInteropRoutes(app, node);
  registerAnalysisRoutes(app, node);
  registerForecastRoutes(app, node);
  registerOperationsRoutes(app, node);
  registerCooperationRoutes(app, node);
  app.get('/api/v1/openapi.json', async () => openApiDocument());
  return app;
}

export function sendProblem(reply: FastifyReply, req: FastifyRequest, err: DomainError): FastifyReply {
  const problem = problemOf(err, req.locale, req.url.split('?')[0]);
  if (err.kind === 'rate_limited' && err.params.retryAfter !== undefined) {
    void reply.header('retry-after', String(err.params.retryAfter));
  }
  if (err.kind === 'unauthenticated') void reply.header('www-authenticate', 'Bearer realm="sentinelle", Basic realm="sentinelle"');
  return reply.code(problem.status).type('application/problem+json').send(problem);
}

function securityHeaders(reply: FastifyReply): void {
  void reply.headers({
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  });
}

/** The caller's principal, or a 401. */
export function requirePrincipal(req: FastifyRequest): Principal {
  if (!req.principal) throw new DomainError('unauthenticated', 'http.unauthenticated');
  return req.principal;
}

/** Unsafe methods authenticated by cookie need the CSRF token (double submit, header). */
export function requireWriter(req: FastifyRequest): Principal {
  const p = requirePrincipal(req);
  if (p.via === 'session' && !req.csrfOk) throw new DomainError('forbidden', 'http.csrf');
  return p;
}

export { SESSION_COOKIE };
