/** HTTP routes of joint operations, protected sites, deconfliction (src/operations/). Thin: parse, call the service, shape the answer. */
import type { FastifyInstance } from 'fastify';
import type { SentinelleNode } from '../../node/node.ts';
import { requirePrincipal, requireWriter } from '../app.ts';
import { queryParams } from '../input.ts';
import type { Conflict, ConflictStatus } from '../../operations/conflicts-repo.ts';
import { operationCollection, sitesCollection } from '../../operations/geojson.ts';
import { cotEvent, cotEvents } from '../../operations/cot.ts';

const problem = { $ref: '#/components/responses/Problem' };
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), problem]));
const json = (schema: Record<string, unknown>) => ({
  description: 'OK',
  content: { 'application/json': { schema } },
});
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const body = (schema: Record<string, unknown>) => ({
  required: true,
  content: { 'application/json': { schema } },
});
const stix = {
  type: 'object',
  description: 'The STIX object (x-sentinelle-operation, -protected-site, -operation-outcome).',
};
const conflict = {
  type: 'object',
  description:
    'A deconfliction conflict: the two records (or our activity and a partner’s blind notice), when and where they overlap, whom to contact, triage.',
  properties: {
    id: { type: 'string' },
    kind: { enum: ['activity', 'protected-site', 'notice'] },
    a_id: { type: 'string' },
    b_id: { type: 'string' },
    overlap_from: { type: 'string' },
    overlap_to: { type: 'string' },
    lon: { type: 'number' },
    lat: { type: 'number' },
    distance_m: { type: 'number' },
    contacts: { type: 'array', items: { type: 'object' } },
    severity: { enum: ['flash', 'high', 'medium', 'low'] },
    status: { enum: ['open', 'acknowledged', 'resolved'] },
    resolution: { enum: ['coordinated', 're-timed', 're-routed', 'accepted-risk', null] },
    alert_id: { type: ['string', 'null'] },
    notice_ids: { type: 'array', items: { type: 'string' } },
  },
};
const saved = { type: 'object', properties: { object: stix, conflicts: { type: 'array', items: conflict } } };
const geojson = {
  description: 'GeoJSON FeatureCollection (RFC 7946)',
  content: { 'application/geo+json': { schema: { type: 'object' } } },
};
const cot = {
  description: 'Cursor-on-Target XML (drawing shapes for TAK)',
  content: { 'application/xml': { schema: { type: 'string' } } },
};

/** OpenAPI 3.1 path items of these routes (merged into src/api/openapi.ts). */
export const operationsOpenApiPaths: Record<string, Record<string, unknown>> = {
  '/api/v1/operations': {
    get: {
      summary: 'Operations and planned activities known to this node, newest first (operations.read)',
      parameters: [
        { name: 'status', in: 'query', schema: { type: 'string' }, description: 'Comma-separated statuses' },
      ],
      responses: {
        '200': json({
          type: 'object',
          properties: {
            items: {
              type: 'array',
              items: { type: 'object', properties: { object: stix, origin: { type: 'string' } } },
            },
          },
        }),
        ...errors(400, 401, 403),
      },
    },
    post: {
      summary:
        'Plan an operation or activity (operations.plan): validated, marked REL TO its states, deconflicted at once',
      requestBody: body({
        type: 'object',
        required: ['name', 'area', 'planned_start', 'planned_end', 'participating_states'],
      }),
      responses: { '201': json(saved), ...errors(400, 401, 403) },
    },
  },
  '/api/v1/operations/summary': {
    get: {
      summary:
        'Outcomes of operations that ended in [from, to): objectives, incidents before/after, materiel, casualties, per month',
      parameters: [
        { name: 'from', in: 'query', required: true, schema: { type: 'string' } },
        { name: 'to', in: 'query', required: true, schema: { type: 'string' } },
      ],
      responses: { '200': json({ type: 'object' }), ...errors(400, 401, 403) },
    },
  },
  '/api/v1/operations/{id}': {
    get: {
      summary: 'An operation with its conflicts, outcome and allowed next statuses',
      parameters: [idParam],
      responses: { '200': json({ type: 'object' }), ...errors(401, 403, 404) },
    },
    patch: {
      summary:
        'A new version with the given properties changed (operations.plan); refused once completed or cancelled',
      parameters: [idParam],
      requestBody: body({ type: 'object' }),
      responses: { '200': json(saved), ...errors(400, 401, 403, 404, 409) },
    },
  },
  '/api/v1/operations/{id}/status': {
    post: {
      summary: 'Move along the lifecycle draft → proposed → approved → active → completed (or cancelled)',
      parameters: [idParam],
      requestBody: body({
        type: 'object',
        required: ['status'],
        properties: {
          status: { enum: ['draft', 'proposed', 'approved', 'active', 'completed', 'cancelled'] },
        },
      }),
      responses: { '200': json(saved), ...errors(400, 401, 403, 404, 409) },
    },
  },
  '/api/v1/operations/{id}/outcome': {
    post: {
      summary:
        'Record results of a completed operation against its objectives; incidents before/after are counted from the store',
      parameters: [idParam],
      requestBody: body({ type: 'object' }),
      responses: { '200': json(stix), ...errors(400, 401, 403, 404, 409) },
    },
  },
  '/api/v1/operations/{id}/geojson': {
    get: {
      summary: 'The operation’s area and what overlaps it, as GeoJSON',
      parameters: [idParam],
      responses: { '200': geojson, ...errors(401, 403, 404) },
    },
  },
  '/api/v1/operations/{id}/cot': {
    get: {
      summary: 'The operation’s area as a CoT drawing shape for TAK',
      parameters: [idParam],
      responses: { '200': cot, ...errors(401, 403, 404) },
    },
  },
  '/api/v1/protected-sites': {
    get: {
      summary: 'Protected sites and movements (operations.read)',
      responses: {
        '200': json({ type: 'object', properties: { items: { type: 'array', items: stix } } }),
        ...errors(401, 403),
      },
    },
    post: {
      summary:
        'Register a protected site or movement with its notice lead time and expiry (sites.manage); checked against planned activities',
      requestBody: body({
        type: 'object',
        required: ['name', 'site_kind', 'area', 'valid_from', 'valid_until'],
      }),
      responses: { '201': json(saved), ...errors(400, 401, 403) },
    },
  },
  '/api/v1/protected-sites/{id}': {
    patch: {
      summary: 'A new version of a protected site (sites.manage)',
      parameters: [idParam],
      requestBody: body({ type: 'object' }),
      responses: { '200': json(saved), ...errors(400, 401, 403, 404) },
    },
  },
  '/api/v1/protected-sites/geojson': {
    get: { summary: 'Protected sites as GeoJSON', responses: { '200': geojson, ...errors(401, 403) } },
  },
  '/api/v1/protected-sites/cot': {
    get: {
      summary: 'Protected sites as CoT drawing shapes (an <events> list)',
      responses: { '200': cot, ...errors(401, 403) },
    },
  },
  '/api/v1/deconfliction/conflicts': {
    get: {
      summary: 'The conflict inbox (operations.read)',
      parameters: [
        {
          name: 'status',
          in: 'query',
          schema: { type: 'string' },
          description: 'Comma-separated: open, acknowledged, resolved',
        },
        { name: 'record', in: 'query', schema: { type: 'string' } },
      ],
      responses: {
        '200': json({ type: 'object', properties: { items: { type: 'array', items: conflict } } }),
        ...errors(400, 401, 403),
      },
    },
  },
  '/api/v1/deconfliction/conflicts/{id}/acknowledge': {
    post: {
      summary: 'Acknowledge a conflict (operations.deconflict), audited',
      parameters: [idParam],
      responses: { '200': json(conflict), ...errors(401, 403, 404) },
    },
  },
  '/api/v1/deconfliction/conflicts/{id}/resolve': {
    post: {
      summary: 'Resolve a conflict with a resolution code (operations.deconflict), audited',
      parameters: [idParam],
      requestBody: body({
        type: 'object',
        required: ['resolution'],
        properties: {
          resolution: { enum: ['coordinated', 're-timed', 're-routed', 'accepted-risk'] },
          note: { type: 'string' },
        },
      }),
      responses: { '200': json(conflict), ...errors(400, 401, 403, 404, 409) },
    },
  },
};

export function conflictView(c: Conflict): Record<string, unknown> {
  return {
    id: c.id,
    kind: c.kind,
    a_id: c.aId,
    b_id: c.bId,
    overlap_from: c.overlapFrom,
    overlap_to: c.overlapTo,
    lon: c.lon,
    lat: c.lat,
    distance_m: c.distanceM,
    contacts: c.contacts.map((x) => ({
      record_id: x.recordId,
      origin: x.origin,
      role: x.role,
      channel: x.channel,
    })),
    severity: c.severity,
    status: c.status,
    resolution: c.resolution,
    resolution_note: c.resolutionNote,
    alert_id: c.alertId,
    notice_ids: c.noticeIds,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    acknowledged_by: c.acknowledgedBy,
    resolved_by: c.resolvedBy,
  };
}

const list = (v: string | undefined) => (v ? v.split(',').filter(Boolean) : undefined);

export function registerOperationsRoutes(app: FastifyInstance, node: SentinelleNode): void {
  const ops = node.operations;
  const savedView = (s: { object: unknown; conflicts: Conflict[] }) => ({
    object: s.object,
    conflicts: s.conflicts.map(conflictView),
  });

  app.get('/api/v1/operations', async (req) => {
    const q = queryParams(req.query, ['status']);
    const items = await ops.listOperations(requirePrincipal(req), { status: list(q.get('status')) });
    return { items: items.map((i) => ({ object: i.object, origin: i.origin })) };
  });
  app.post('/api/v1/operations', async (req, reply) =>
    reply.code(201).send(savedView(await ops.createOperation(requireWriter(req), req.body))),
  );
  app.get('/api/v1/operations/summary', async (req) => {
    const q = queryParams(req.query, ['from', 'to']);
    return ops.summary(requirePrincipal(req), q.get('from') ?? '', q.get('to') ?? '');
  });
  app.get<{ Params: { id: string } }>('/api/v1/operations/:id', async (req) => {
    const r = await ops.getOperation(requirePrincipal(req), req.params.id);
    return {
      operation: r.operation,
      origin: r.origin,
      conflicts: r.conflicts.map(conflictView),
      outcome: r.outcome,
      next: r.next,
    };
  });
  app.patch<{ Params: { id: string } }>('/api/v1/operations/:id', async (req) =>
    savedView(await ops.updateOperation(requireWriter(req), req.params.id, req.body)),
  );
  app.post<{ Params: { id: string } }>('/api/v1/operations/:id/status', async (req) => {
    const b = (req.body ?? {}) as { status?: unknown };
    return savedView(await ops.setStatus(requireWriter(req), req.params.id, b.status));
  });
  app.post<{ Params: { id: string } }>('/api/v1/operations/:id/outcome', async (req) =>
    ops.recordOutcome(requireWriter(req), req.params.id, req.body),
  );
  app.get<{ Params: { id: string } }>('/api/v1/operations/:id/geojson', async (req, reply) => {
    const r = await ops.areaOf(requirePrincipal(req), req.params.id);
    return reply.type('application/geo+json').send(operationCollection(r.operation, r.others, r.conflicts));
  });
  app.get<{ Params: { id: string } }>('/api/v1/operations/:id/cot', async (req, reply) => {
    const r = await ops.areaOf(requirePrincipal(req), req.params.id);
    const now = node.clock.now();
    const doc = cotEvents([r.operation, ...r.others], { now });
    return reply
      .type('application/xml')
      .send(r.others.length ? doc : (cotEvent(r.operation, { now }) ?? doc));
  });

  app.get('/api/v1/protected-sites', async (req) => {
    queryParams(req.query, []);
    return {
      items: (await ops.listSites(requirePrincipal(req))).map((i) => ({
        object: i.object,
        origin: i.origin,
      })),
    };
  });
  app.post('/api/v1/protected-sites', async (req, reply) =>
    reply.code(201).send(savedView(await ops.createSite(requireWriter(req), req.body))),
  );
  app.patch<{ Params: { id: string } }>('/api/v1/protected-sites/:id', async (req) =>
    savedView(await ops.updateSite(requireWriter(req), req.params.id, req.body)),
  );
  app.get('/api/v1/protected-sites/geojson', async (req, reply) => {
    const sites = await ops.listSites(requirePrincipal(req));
    return reply.type('application/geo+json').send(sitesCollection(sites.map((s) => s.object)));
  });
  app.get('/api/v1/protected-sites/cot', async (req, reply) => {
    const sites = await ops.listSites(requirePrincipal(req));
    return reply.type('application/xml').send(
      cotEvents(
        sites.map((s) => s.object),
        { now: node.clock.now() },
      ),
    );
  });

  app.get('/api/v1/deconfliction/conflicts', async (req) => {
    const q = queryParams(req.query, ['status', 'record']);
    const status = list(q.get('status')) as ConflictStatus[] | undefined;
    const items = await ops.listConflicts(requirePrincipal(req), { status, recordId: q.get('record') });
    return { items: items.map(conflictView) };
  });
  app.post<{ Params: { id: string } }>('/api/v1/deconfliction/conflicts/:id/acknowledge', async (req) =>
    conflictView(await ops.acknowledge(requireWriter(req), req.params.id)),
  );
  app.post<{ Params: { id: string } }>('/api/v1/deconfliction/conflicts/:id/resolve', async (req) =>
    conflictView(await ops.resolve(requireWriter(req), req.params.id, req.body)),
  );
}
