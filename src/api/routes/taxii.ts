/** HTTP routes of TAXII 2.1 server at /taxii2/ (src/taxii/). Thin: parse, call the service, shape the answer. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SentinelleNode } from '../../node/node.ts';
import { DomainError } from '../../core/errors.ts';
import type { Principal } from '../../auth/principal.ts';
import { fromFastifyError } from '../problem.ts';
import { TaxiiService, API_ROOT_PATH, type Page } from '../../taxii/service.ts';
import { parseFilters } from '../../taxii/filters.ts';
import { checkAccept, checkContentType, errorBody, TaxiiHttpError, TAXII_MEDIA } from '../../taxii/media.ts';

/** OpenAPI 3.1 path items of these routes (merged into src/api/openapi.ts): none, TAXII is described in docs/taxii.md. */
export const taxiiOpenApiPaths: Record<string, Record<string, unknown>> = {};

type Params = { root: string; collection: string; object: string; status: string };
const WWW_AUTHENTICATE = 'Basic realm="sentinelle-taxii", Bearer realm="sentinelle-taxii"';

export function registerTaxiiRoutes(app: FastifyInstance, node: SentinelleNode): void {
  const taxii = new TaxiiService(node);
  taxii.follow(node.changes);
  app.addHook('onClose', async () => taxii.stop());
  void app.register(
    async (r) => {
      r.setErrorHandler(async (err, req, reply) => {
        const domain =
          err instanceof DomainError || err instanceof TaxiiHttpError
            ? err
            : fromFastifyError(err as Parameters<typeof fromFastifyError>[0], node.config.bodyLimitBytes);
        if (!domain) {
          req.log.error({ err, reqId: req.id }, 'internal error');
          return send(reply, 500, {
            title: 'Internal error',
            description: `internal error (ref. ${req.id})`,
            error_id: req.id,
            http_status: '500',
          });
        }
        const body = errorBody(domain, req.locale, req.id);
        if (domain instanceof DomainError && domain.kind === 'unauthenticated')
          void reply.header('www-authenticate', WWW_AUTHENTICATE);
        return send(reply, Number(body.http_status), body);
      });
      r.setNotFoundHandler(async (req, reply) => {
        const body = errorBody(
          new DomainError('not_found', 'taxii.route_not_found', [], {
            url: req.url.split('?')[0]!.slice(0, 200),
          }),
          req.locale,
          req.id,
        );
        return send(reply, 404, body);
      });

      const ready = (req: FastifyRequest): Principal => {
        if (!req.principal) throw new DomainError('unauthenticated', 'taxii.unauthenticated');
        checkAccept(req.headers.accept);
        return req.principal;
      };
      const root = (req: FastifyRequest<{ Params: Partial<Params> }>) => {
        if (req.params.root !== API_ROOT_PATH)
          throw new DomainError('not_found', 'taxii.api_root_not_found', [], {
            root: String(req.params.root).slice(0, 100),
          });
      };
      const collection = async (req: FastifyRequest<{ Params: Partial<Params> }>, p: Principal) => {
        root(req);
        return taxii.collection(p, String(req.params.collection), req.locale);
      };

      r.get('/', async (req, reply) => {
        ready(req);
        return send(reply, 200, taxii.discovery(req.locale, baseUrl(req)));
      });
      r.get<{ Params: Params }>('/:root/', async (req, reply) => {
        ready(req);
        root(req);
        return send(reply, 200, taxii.apiRoot(req.locale));
      });
      r.get<{ Params: Params }>('/:root/status/:status/', async (req, reply) => {
        const p = ready(req);
        root(req);
        return send(reply, 200, await taxii.status(p, req.params.status));
      });
      r.get<{ Params: Params }>('/:root/collections/', async (req, reply) => {
        const p = ready(req);
        root(req);
        const list = await taxii.collections(p, req.locale);
        return send(
          reply,
          200,
          list.length ? { collections: list.map((c) => taxii.collectionResource(c)) } : {},
        );
      });
      r.get<{ Params: Params }>('/:root/collections/:collection/', async (req, reply) => {
        const p = ready(req);
        return send(reply, 200, taxii.collectionResource(await collection(req, p)));
      });
      r.get<{ Params: Params }>('/:root/collections/:collection/manifest/', async (req, reply) => {
        const p = ready(req);
        const c = await collection(req, p);
        const page = await taxii.manifest(p, c, parseFilters(req.query));
        return sendPage(reply, page, 'objects');
      });
      r.get<{ Params: Params }>('/:root/collections/:collection/objects/', async (req, reply) => {
        const p = ready(req);
        const c = await collection(req, p);
        return sendPage(reply, await taxii.objects(p, c, parseFilters(req.query)), 'objects');
      });
      r.post<{ Params: Params }>('/:root/collections/:collection/objects/', async (req, reply) => {
        const p = ready(req);
        const c = await collection(req, p);
        if (!c.canWrite) throw new DomainError('forbidden', 'taxii.cannot_write');
        checkContentType(req.headers['content-type']);
        return send(reply, 202, await taxii.add(p, c, req.body, req.locale));
      });
      r.get<{ Params: Params }>('/:root/collections/:collection/objects/:object/', async (req, reply) => {
        const p = ready(req);
        const c = await collection(req, p);
        const f = parseFilters(req.query);
        await taxii.requireObject(p, c, req.params.object);
        return sendPage(reply, await taxii.objects(p, c, { ...f, ids: [req.params.object] }), 'objects');
      });
      r.delete<{ Params: Params }>('/:root/collections/:collection/objects/:object/', async (req, reply) => {
        const p = ready(req);
        const c = await collection(req, p);
        await taxii.deleteObject(p, c, req.params.object, parseFilters(req.query));
        return reply.code(200).header('content-type', TAXII_MEDIA).send();
      });
      r.get<{ Params: Params }>(
        '/:root/collections/:collection/objects/:object/versions/',
        async (req, reply) => {
          const p = ready(req);
          const c = await collection(req, p);
          return sendPage(
            reply,
            await taxii.versions(p, c, req.params.object, parseFilters(req.query, 'all')),
            'versions',
          );
        },
      );
    },
    { prefix: '/taxii2' },
  );
}

function send(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply
    .code(status)
    .header('content-type', TAXII_MEDIA)
    .send(Buffer.from(JSON.stringify(body), 'utf8'));
}

/** An envelope (§3.7) or versions list (§5.8) with the X-TAXII-Date-Added-First/Last headers (§3.4.1). */
function sendPage(reply: FastifyReply, page: Page<unknown>, key: 'objects' | 'versions'): FastifyReply {
  if (page.first !== undefined) void reply.header('x-taxii-date-added-first', page.first);
  if (page.last !== undefined) void reply.header('x-taxii-date-added-last', page.last);
  return send(reply, 200, { more: page.more, ...(page.next ? { next: page.next } : {}), [key]: page.items });
}

function baseUrl(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}
