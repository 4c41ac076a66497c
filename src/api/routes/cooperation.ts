/** HTTP routes of the cooperation ledger (src/cooperation/). Thin: parse, call the service, shape the answer. */
import type { FastifyInstance } from 'fastify';
import type { SentinelleNode } from '../../node/node.ts';
import { DomainError } from '../../core/errors.ts';
import { requirePrincipal, requireWriter } from '../app.ts';
import { queryParams } from '../input.ts';
import { REPORT_STYLE_HASH, reportCsv, reportHtml } from '../../cooperation/report.ts';
import type { Locale } from '../../i18n/i18n.ts';

const problem = { $ref: '#/components/responses/Problem' };
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), problem]));
const json = (schema: Record<string, unknown>, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});
const obj = { type: 'object' };
const body = (description: string) => ({
  required: true,
  content: { 'application/json': { schema: { type: 'object', description } } },
});
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const created = (what: string) => ({
  '201': json(obj, `The stored ${what} record (STIX 2.1)`),
  ...errors(400, 401, 403, 404, 409),
});

/** OpenAPI 3.1 path items of these routes (merged into src/api/openapi.ts). */
export const cooperationOpenApiPaths: Record<string, Record<string, unknown>> = {
  '/api/v1/cooperation/ledger': {
    get: {
      summary:
        'The cooperation ledger: programmes, activities, deliveries with receipt status and serviceability, training per unit and skill, certificates, completeness gaps (cooperation.read)',
      parameters: [
        { name: 'receipt_days', in: 'query', schema: { type: 'integer', minimum: 0, maximum: 3650 } },
      ],
      responses: { '200': json(obj), ...errors(400, 401, 403) },
    },
  },
  '/api/v1/cooperation/completeness': {
    get: {
      summary:
        'Missing and overdue entries: deliveries without a verified receipt after N days, overdue end-use checks, completed activities without outcomes, weapons without serial numbers (cooperation.read)',
      parameters: [
        { name: 'receipt_days', in: 'query', schema: { type: 'integer', minimum: 0, maximum: 3650 } },
      ],
      responses: {
        '200': json({ type: 'object', properties: { items: { type: 'array', items: obj } } }),
        ...errors(400, 401, 403),
      },
    },
  },
  '/api/v1/cooperation/programmes': {
    post: {
      summary: 'Record a partner programme: parties, units, purpose, period (cooperation.manage)',
      requestBody: body('x-sentinelle-programme properties'),
      responses: created('programme'),
    },
  },
  '/api/v1/cooperation/activities': {
    post: {
      summary: 'Record an activity (training session, exercise…) of a programme (cooperation.manage)',
      requestBody: body('x-sentinelle-coop-activity properties'),
      responses: created('activity'),
    },
  },
  '/api/v1/cooperation/activities/{id}': {
    patch: {
      summary:
        'Change an activity: lifecycle proposed → planned → ongoing → completed, or cancelled; outcomes, trainees… (cooperation.manage)',
      parameters: [idParam],
      requestBody: body('properties to change'),
      responses: { '200': json(obj), ...errors(400, 401, 403, 404, 409) },
    },
  },
  '/api/v1/cooperation/deliveries': {
    post: {
      summary:
        'Record a delivery; created before it ships, it is the advance notice shared with the receiving partner (cooperation.manage)',
      requestBody: body('x-sentinelle-delivery properties'),
      responses: created('delivery'),
    },
  },
  '/api/v1/cooperation/deliveries/{id}': {
    patch: {
      summary: 'Change a delivery (shipped, end-use checks scheduled…) (cooperation.manage)',
      parameters: [idParam],
      requestBody: body('properties to change'),
      responses: { '200': json(obj), ...errors(400, 401, 403, 404, 409) },
    },
  },
  '/api/v1/cooperation/receipts': {
    post: {
      summary:
        'Sign the proof of receipt of a delivery made to this node, with the node key (cooperation.manage)',
      requestBody: body('{delivery_ref, received_at?, items?, note?}'),
      responses: created('receipt'),
    },
  },
  '/api/v1/cooperation/receipts/{id}/verification': {
    get: {
      summary:
        "Verify a receipt's Ed25519 signature against the receiving partner's registered key (cooperation.read)",
      parameters: [idParam],
      responses: {
        '200': json({
          type: 'object',
          properties: { valid: { type: 'boolean' }, check: { type: 'string' }, delivery: { type: 'string' } },
        }),
        ...errors(401, 403, 404),
      },
    },
  },
  '/api/v1/cooperation/equipment-logs': {
    post: {
      summary: 'Record a serviceability entry or an end-use check with its evidence (cooperation.manage)',
      requestBody: body('x-sentinelle-equipment-log properties'),
      responses: created('equipment log'),
    },
  },
  '/api/v1/cooperation/report': {
    get: {
      summary:
        'Partner report for a period: training, equipment and intelligence provided and received, readiness, gaps — JSON, CSV or print-ready HTML, in French or English (cooperation.read)',
      parameters: [
        { name: 'peer', in: 'query', required: true, schema: { type: 'string' } },
        { name: 'from', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
        { name: 'to', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
        { name: 'format', in: 'query', schema: { enum: ['json', 'csv', 'html'] } },
        { name: 'lang', in: 'query', schema: { enum: ['fr', 'en'] } },
      ],
      responses: {
        '200': {
          description: 'The report',
          content: {
            'application/json': { schema: obj },
            'text/csv': { schema: { type: 'string' } },
            'text/html': { schema: { type: 'string' } },
          },
        },
        ...errors(400, 401, 403, 404),
      },
    },
  },
};

function receiptDays(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 3650)
    throw new DomainError('invalid', 'http.invalid', [
      {
        path: '/receipt_days',
        code: 'http.bad_query',
        params: { reason: `receipt_days=${raw.slice(0, 20)}` },
      },
    ]);
  return n;
}

export function registerCooperationRoutes(app: FastifyInstance, node: SentinelleNode): void {
  const svc = node.cooperation;

  app.get('/api/v1/cooperation/ledger', async (req) => {
    const q = queryParams(req.query, ['receipt_days']);
    const days = receiptDays(q.get('receipt_days'));
    return svc.overview(requirePrincipal(req), days === undefined ? {} : { receiptDays: days });
  });

  app.get('/api/v1/cooperation/completeness', async (req) => {
    const q = queryParams(req.query, ['receipt_days']);
    const days = receiptDays(q.get('receipt_days'));
    return {
      items: await svc.completeness(requirePrincipal(req), days === undefined ? {} : { receiptDays: days }),
    };
  });

  const create = (
    path: string,
    fn: (p: ReturnType<typeof requireWriter>, b: unknown) => Promise<{ id: string }>,
  ) =>
    app.post(path, async (req, reply) => {
      const o = await fn(requireWriter(req), req.body);
      return reply.code(201).header('location', `/api/v1/objects/${o.id}`).send(o);
    });
  create('/api/v1/cooperation/programmes', (p, b) => svc.createProgramme(p, b));
  create('/api/v1/cooperation/activities', (p, b) => svc.createActivity(p, b));
  create('/api/v1/cooperation/deliveries', (p, b) => svc.createDelivery(p, b));
  create('/api/v1/cooperation/receipts', (p, b) => svc.signReceipt(p, b));
  create('/api/v1/cooperation/equipment-logs', (p, b) => svc.logEquipment(p, b));

  app.patch<{ Params: { id: string } }>('/api/v1/cooperation/activities/:id', async (req) =>
    svc.updateActivity(requireWriter(req), req.params.id, req.body),
  );
  app.patch<{ Params: { id: string } }>('/api/v1/cooperation/deliveries/:id', async (req) =>
    svc.updateDelivery(requireWriter(req), req.params.id, req.body),
  );
  app.get<{ Params: { id: string } }>('/api/v1/cooperation/receipts/:id/verification', async (req) =>
    svc.verifyReceipt(requirePrincipal(req), req.params.id),
  );

  app.get('/api/v1/cooperation/report', async (req, reply) => {
    const q = queryParams(req.query, ['peer', 'from', 'to', 'format', 'lang']);
    const format = q.get('format') ?? 'json';
    const lang = q.get('lang') ?? req.locale;
    const issues = [];
    if (!['json', 'csv', 'html'].includes(format))
      issues.push({
        path: '/format',
        code: 'cooperation.bad_format',
        params: { value: format.slice(0, 20) },
      });
    if (lang !== 'fr' && lang !== 'en')
      issues.push({ path: '/lang', code: 'http.bad_query', params: { reason: `lang=${lang.slice(0, 20)}` } });
    if (!q.get('peer')) issues.push({ path: '/peer', code: 'http.required' });
    if (issues.length) throw new DomainError('invalid', 'http.invalid', issues);
    const report = await svc.report(requirePrincipal(req), {
      peer: q.get('peer')!,
      from: q.get('from') ?? '',
      to: q.get('to') ?? '',
    });
    const locale = lang as Locale;
    const file = `cooperation-${report.peer.country.toLowerCase()}-${report.from}-${report.to}`;
    if (format === 'csv') {
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file}.csv"`)
        .send('\uFEFF' + reportCsv(report, locale));
    }
    if (format === 'html') {
      // The page's only style is its own element, allowed by hash; it has no script.
      return reply
        .type('text/html; charset=utf-8')
        .header(
          'content-security-policy',
          `default-src 'none'; style-src ${REPORT_STYLE_HASH}; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`,
        )
        .send(reportHtml(report, locale));
    }
    return report;
  });
}
