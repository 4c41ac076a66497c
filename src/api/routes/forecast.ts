/** HTTP routes of early-warning forecasts (src/analysis/forecast/). Thin: parse, call the service, shape the answer. */
import type { FastifyInstance } from 'fastify';
import type { SentinelleNode } from '../../node/node.ts';
import { DomainError } from '../../core/errors.ts';
import { can } from '../../auth/roles.ts';
import { requirePrincipal } from '../app.ts';
import { queryParams } from '../input.ts';
import '../../analysis/forecast/messages.ts';

const problem = { $ref: '#/components/responses/Problem' };
const unitForecast = {
  type: 'object',
  description:
    'One unit: a 0.5° PRIO-GRID cell (id = gid) or an admin-1 area (id = HASC code), its forecast and the signals that drove it.',
  properties: {
    id: { type: 'string' },
    country: { type: 'string', description: 'ISO 3166-1 alpha-3' },
    name: { type: 'string' },
    lat: { type: 'number' },
    lon: { type: 'number' },
    probability: {
      type: 'number',
      minimum: 0,
      maximum: 1,
      description: 'P(at least one event in the target month)',
    },
    fatalities: {
      type: 'number',
      minimum: 0,
      description: 'Expected deaths (point forecast minimising squared log error)',
    },
    drivers: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { type: 'string' }, value: { type: 'number' }, weight: { type: 'number' } },
      },
    },
  },
};

/** OpenAPI 3.1 path items of these routes (merged into src/api/openapi.ts). */
export const forecastOpenApiPaths: Record<string, Record<string, unknown>> = {
  '/api/v1/forecast': {
    get: {
      summary:
        'Latest early-warning forecast per unit, riskiest first, computed from the stored incidents (recomputed when they changed) (records.read_all)',
      parameters: [
        { name: 'unit', in: 'query', schema: { enum: ['cell', 'admin1'], default: 'admin1' } },
        { name: 'horizon', in: 'query', schema: { enum: [1, 3], default: 1 } },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 5000, default: 100 } },
      ],
      responses: {
        '200': {
          description: 'OK',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  unit: { enum: ['cell', 'admin1'] },
                  horizon: { type: 'integer' },
                  trainedThrough: { type: 'string', description: 'Last month observed, YYYY-MM' },
                  targetMonth: { type: 'string', description: 'Month forecast, YYYY-MM' },
                  createdAt: { type: 'string', format: 'date-time' },
                  incidents: { type: 'integer' },
                  latestIncidentMonth: {
                    type: ['string', 'null'],
                    description:
                      'Month of the latest dated incident (YYYY-MM): months after it count as calm',
                  },
                  items: { type: 'array', items: unitForecast },
                },
              },
            },
          },
        },
        '400': problem,
        '401': problem,
        '403': problem,
      },
    },
  },
};

const bad = (field: string, value: string) =>
  new DomainError(
    'invalid',
    'forecast.api.bad_query',
    [{ path: `/${field}`, code: 'forecast.api.bad_query', params: { field, value } }],
    { field, value },
  );

export function registerForecastRoutes(app: FastifyInstance, node: SentinelleNode): void {
  app.get('/api/v1/forecast', async (req) => {
    const p = requirePrincipal(req);
    // Forecasts are computed from every incident the node holds: only those who may read them all.
    if (!can(p, 'records.read_all'))
      throw new DomainError('forbidden', 'records.forbidden', [], { permission: 'records.read_all' });
    const q = queryParams(req.query, ['unit', 'horizon', 'limit']);
    const unit = q.get('unit') ?? 'admin1';
    if (unit !== 'cell' && unit !== 'admin1') throw bad('unit', unit);
    const horizon = q.get('horizon') ?? '1';
    if (horizon !== '1' && horizon !== '3') throw bad('horizon', horizon);
    const limitRaw = q.get('limit') ?? '100';
    const limit = Number(limitRaw);
    if (!/^\d+$/.test(limitRaw) || limit < 1 || limit > 5000) throw bad('limit', limitRaw);
    const view = await node.forecast.current(unit, Number(horizon), limit);
    return {
      unit: view.unit,
      horizon: view.horizon,
      trainedThrough: view.trainedThrough,
      targetMonth: view.targetMonth,
      createdAt: view.createdAt,
      incidents: view.incidents,
      latestIncidentMonth: view.latestIncidentMonth,
      items: view.items,
    };
  });
}
