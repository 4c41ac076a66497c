/** HTTP routes of interoperability exports: MISP, CoT, CSV/GeoJSON (src/interop/). Thin: parse, call the service, shape the answer. */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { SentinelleNode } from '../../node/node.ts';
import { requirePrincipal, requireWriter } from '../app.ts';
import { parseListQuery } from './records.ts';
import { exportIncidents, GIS_MEDIA_TYPES, type GisFormat } from '../../interop/gis/export.ts';
import { exportCot } from '../../interop/cot/export.ts';
import { exportMisp, importMisp } from '../../interop/misp/service.ts';
import { formatTimestamp } from '../../objects/timestamps.ts';
import { DomainError } from '../../core/errors.ts';

const problem = { $ref: '#/components/responses/Problem' };
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), problem]));
const q = (name: string, description: string, schema: Record<string, unknown> = { type: 'string' }) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});
const filters = [
  q('type', 'STIX types, comma-separated'),
  q('label', 'labels (any of)'),
  q('marking', 'marking-definition ids (any of)'),
  q('tlp', 'TLP levels'),
  q('created_by', 'created_by_ref identity ids'),
  q('country', 'ISO 3166-1 alpha-3 codes'),
  q('admin1', 'admin-1 area names'),
  q('bbox', 'west,south,east,north'),
  q('near', 'lat,lon,radius_km'),
  q('from', 'time range start (inclusive), RFC 3339'),
  q('to', 'time range end (exclusive), RFC 3339'),
  q('time_field', 'modified | created | event_time'),
  q('q', 'full-text search'),
  q('include_revoked', 'true to include revoked objects', { type: 'boolean' }),
];
const text = (type: string, description: string) => ({
  description,
  content: { [type]: { schema: { type: 'string' } } },
});

/** OpenAPI 3.1 path items of these routes (merged into src/api/openapi.ts). */
export const interopOpenApiPaths: Record<string, Record<string, unknown>> = {
  '/api/v1/export/incidents.csv': {
    get: {
      summary:
        'Incidents as CSV for GIS tools (QGIS: latitude/longitude or wkt column); list filters; analyst export permission; audited',
      parameters: filters,
      responses: { '200': text('text/csv', 'RFC 4180 CSV, one incident per line'), ...errors(400, 401, 403) },
    },
  },
  '/api/v1/export/incidents.geojson': {
    get: {
      summary:
        'Incidents as a GeoJSON FeatureCollection (RFC 7946); list filters; analyst export permission; audited',
      parameters: filters,
      responses: {
        '200': text('application/geo+json', 'FeatureCollection of Point features'),
        ...errors(400, 401, 403),
      },
    },
  },
  '/api/v1/export/cot': {
    get: {
      summary:
        'Incidents and alerts as Cursor-on-Target events (an <events> document); list filters; scoped like the list API; audited',
      parameters: [
        ...filters,
        q('stale_minutes', 'minutes until markers go stale (default 1440)', {
          type: 'integer',
          minimum: 1,
          maximum: 525600,
        }),
      ],
      responses: { '200': text('application/xml', 'CoT events'), ...errors(400, 401, 403) },
    },
  },
  '/api/v1/export/misp': {
    get: {
      summary:
        'A MISP event (core format JSON): a stored report and its references, or the matching incidents, indicators, threat actors; analyst export permission; audited',
      parameters: [
        ...filters,
        q('report', 'id of a report to export as the event'),
        q('info', 'event title when no report is given'),
      ],
      responses: {
        '200': {
          description: 'MISP event and what was not exported',
          content: { 'application/json': { schema: { type: 'object' } } },
        },
        ...errors(400, 401, 403, 404),
      },
    },
  },
  '/api/v1/import/misp': {
    post: {
      summary:
        'Import MISP events (core format JSON): each event stored whole or rejected whole; unmapped parts listed by JSON pointer; import permission',
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
      responses: {
        '200': {
          description: 'Per-event outcome, rejected events and unmapped parts',
          content: { 'application/json': { schema: { type: 'object' } } },
        },
        ...errors(400, 401, 403, 413),
      },
    },
  },
};

function splitQuery(
  query: unknown,
  own: readonly string[],
): { rest: Record<string, unknown>; mine: Record<string, string> } {
  const rest: Record<string, unknown> = {};
  const mine: Record<string, string> = {};
  for (const [k, v] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (own.includes(k)) mine[k] = String(v);
    else rest[k] = v;
  }
  return { rest, mine };
}

export function registerInteropRoutes(app: FastifyInstance, node: SentinelleNode): void {
  for (const format of ['csv', 'geojson'] as GisFormat[]) {
    app.get(`/api/v1/export/incidents.${format}`, async (req, reply) => {
      const chunks = await exportIncidents(
        node,
        requirePrincipal(req),
        parseListQuery(req.query),
        format,
        'api',
      );
      return reply
        .type(GIS_MEDIA_TYPES[format])
        .header('content-disposition', `attachment; filename="incidents.${format}"`)
        .send(Readable.from(chunks));
    });
  }

  app.get('/api/v1/export/cot', async (req, reply) => {
    const { rest, mine } = splitQuery(req.query, ['stale_minutes']);
    const filter = parseListQuery(rest);
    const minutes = mine.stale_minutes === undefined ? undefined : Number(mine.stale_minutes);
    if (minutes !== undefined && !(Number.isInteger(minutes) && minutes >= 1 && minutes <= 525_600)) {
      throw new DomainError('invalid', 'http.invalid', [
        { path: '/stale_minutes', code: 'http.bad_query', params: { reason: 'stale_minutes=1..525600' } },
      ]);
    }
    const chunks = await exportCot(
      node,
      requirePrincipal(req),
      filter,
      minutes ? { staleMs: minutes * 60_000 } : {},
    );
    return reply.type('application/xml; charset=utf-8').send(Readable.from(chunks));
  });

  app.get('/api/v1/export/misp', async (req) => {
    const { rest, mine } = splitQuery(req.query, ['report', 'info']);
    const result = await exportMisp(
      node,
      requirePrincipal(req),
      {
        filter: parseListQuery(rest),
        ...(mine.report ? { reportId: mine.report } : {}),
        ...(mine.info ? { info: mine.info.slice(0, 1000) } : {}),
      },
      { name: node.settings.organisation, identityId: node.settings.identityId },
      'api',
    );
    return { ...result.event, unmapped: result.unmapped };
  });

  app.post('/api/v1/import/misp', async (req) =>
    importMisp(node, requireWriter(req), req.body, formatTimestamp(node.clock.now())),
  );
}
