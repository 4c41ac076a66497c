/** HTTP routes of TAXII 2.1 server at /taxii2/ (src/taxii/). Thin: parse, call the service, shape the answer. */
import type { FastifyInstance } from 'fastify';
import type { SentinelleNode } from '../../node/node.ts';

/** OpenAPI 3.1 path items of these routes (merged into src/api/openapi.ts). */
export const taxiiOpenApiPaths: Record<string, Record<string, unknown>> = {};

export function registerTaxiiRoutes(app: FastifyInstance, node: SentinelleNode): void {
  void app;
  void node;
}
