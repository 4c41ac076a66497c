/** HTTP routes of interoperability exports: MISP, CoT, CSV/GeoJSON (src/interop/). Thin: parse, call the service, shape the answer. */
import type { FastifyInstance } from 'fastify';
import type { SentinelleNode } from '../../node/node.ts';

/** OpenAPI 3.1 path items of these routes (merged into src/api/openapi.ts). */
export const interopOpenApiPaths: Record<string, Record<string, unknown>> = {};

export function registerInteropRoutes(app: FastifyInstance, node: SentinelleNode): void {
  void app;
  void node;
}
