/** HTTP routes of correlation links and alerts (src/analysis/). Thin: parse, call the service, shape the answer. */
import type { FastifyInstance } from 'fastify';
import type { SentinelleNode } from '../../node/node.ts';
import { DomainError } from '../../core/errors.ts';
import { requirePrincipal, requireWriter } from '../app.ts';
import { queryParams } from '../input.ts';
import { MAX_LIST } from '../../analysis/service.ts';

const problem = { $ref: '#/components/responses/Problem' };
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), problem]));
const json = (schema: Record<string, unknown>) => ({
  description: 'OK',
  content: { 'application/json': { schema } },
});
const limitParam = { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_LIST } };
const link = {
  type: 'object',
  description:
    'A correlation link: kind, the pair (a < b), score 0..1, status, and its explanation in French and English (also as a message code and parameters).',
  properties: {
    kind: { enum: ['duplicate', 'cross-border', 'arms'] },
    a: { type: 'string' },
    b: { type: 'string' },
    score: { type: 'number', minimum: 0, maximum: 1 },
    status: { enum: ['open', 'confirmed', 'rejected'] },
    code: { type: 'string' },
    params: { type: 'object' },
    explanation: { type: 'object', properties: { fr: { type: 'string' }, en: { type: 'string' } } },
    alert_id: { type: ['string', 'null'] },
    relationship_id: { type: ['string', 'null'] },
  },
};

/** OpenAPI 3.1 path items of these routes (merged into src/api/openapi.ts). */
export const analysisOpenApiPaths: Record<string, Record<string, unknown>> = {
  '/api/v1/objects/{id}/related': {
    get: {
      summary:
        'Records related to this one by correlation (possible duplicates, cross-border patterns, arms tracing), best first',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }, limitParam],
      responses: {
        '200': json({
          type: 'object',
          properties: { record: { type: 'object' }, items: { type: 'array', items: link } },
        }),
        ...errors(400, 401, 404),
      },
    },
  },
  '/api/v1/analysis/duplicates': {
    get: {
      summary: 'Open possible duplicates, best first, with both records summarised (records.read_all)',
      parameters: [limitParam, { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0 } }],
      responses: {
        '200': json({ type: 'object', properties: { items: { type: 'array', items: link } } }),
        ...errors(400, 401, 403),
      },
    },
  },
  '/api/v1/analysis/links/decision': {
    post: {
      summary:
        'Confirm or reject a correlation link (alerts.triage); confirming a duplicate records a STIX duplicate-of relationship. Audited.',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['kind', 'a', 'b', 'decision'],
              properties: {
                kind: { enum: ['duplicate', 'cross-border', 'arms'] },
                a: { type: 'string' },
                b: { type: 'string' },
                decision: { enum: ['confirm', 'reject'] },
                reason: {
                  type: 'string',
                  maxLength: 500,
                  description: 'Why (optional; kept in the audit trail)',
                },
              },
            },
          },
        },
      },
      responses: { '200': json(link), ...errors(400, 401, 403, 404) },
    },
  },
};

function intParam(q: Map<string, string>, name: string, min: number, max: number, fallback: number): number {
  const raw = q.get(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new DomainError('invalid', 'http.invalid', [
      { path: `/${name}`, code: 'analysis.bad_limit', params: { max } },
    ]);
  return n;
}

export function registerAnalysisRoutes(app: FastifyInstance, node: SentinelleNode): void {
  app.get<{ Params: { id: string } }>('/api/v1/objects/:id/related', async (req) => {
    const p = requirePrincipal(req);
    const q = queryParams(req.query, ['limit']);
    return node.analysis.related(p, req.params.id, intParam(q, 'limit', 1, MAX_LIST, 50));
  });

  app.get('/api/v1/analysis/duplicates', async (req) => {
    const p = requirePrincipal(req);
    const q = queryParams(req.query, ['limit', 'offset']);
    const items = await node.analysis.openDuplicates(p, {
      limit: intParam(q, 'limit', 1, MAX_LIST, 50),
      offset: intParam(q, 'offset', 0, 1_000_000, 0),
    });
    return { items };
  });

  app.post('/api/v1/analysis/links/decision', async (req) =>
    node.analysis.decide(requireWriter(req), req.body),
  );
}
