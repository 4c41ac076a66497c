/** HTTP routes of joint operations, protected sites, deconfliction (src/operations/). Thin: parse, call the service, shape the answer. */
import type { FastifyInstance } from 'fastify';
import type { SentinelleNode } from '../../node/node.ts';

/** OpenAPI 3.1 path items of these routes (merged into src/api/openapi.ts). */
export const operationsOpenApiPaths: Record<string, Record<string, unknown>> = {};

export function registerOperationsRoutes(app: FastifyInstance, node: SentinelleNode): void {
  void app;
  void node;
}
