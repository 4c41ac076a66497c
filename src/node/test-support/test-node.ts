/**
 * A real node for tests: a temporary data directory, PGlite (or a scratch PostgreSQL database),
 * one account and API token per role, and the Fastify app for in-process HTTP requests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config/config.ts';
import { initNode, openNode, type SentinelleNode } from '../node.ts';
import { buildApp } from '../../api/app.ts';
import { manualClock } from '../../core/clock.ts';
import { createScratchDatabase } from '../../store/test-support/backends.ts';
import type { Role } from '../../auth/roles.ts';
import { TEST_COST } from '../../auth/passwords.ts';

export const TEST_PASSWORD = 'correct-horse-battery';
export const ROLES: Role[] = ['admin', 'analyst', 'reporter', 'liaison', 'auditor'];

export interface TestNode {
  node: SentinelleNode;
  app: Awaited<ReturnType<typeof buildApp>>;
  clock: ReturnType<typeof manualClock>;
  /** Bearer token per role (user named after the role). */
  tokens: Record<Role, string>;
  /** Authorization header for a role. */
  as(role: Role): { authorization: string };
  /** Closes the node and its app, then opens them again on the same data and database (a restart). */
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

export async function createTestNode(options: { backend?: 'pglite' | 'postgres'; country?: string; organisation?: string; bodyLimitBytes?: number } = {}): Promise<TestNode> {
  const dataDir = mkdtempSync(join(tmpdir(), 'snt-node-'));
  const scratch = options.backend === 'postgres' ? await createScratchDatabase() : undefined;
  const config = loadConfig({ env: {}, dataDir, databaseUrl: scratch?.url, bodyLimitBytes: options.bodyLimitBytes });
  const clock = manualClock('2026-03-01T08:00:00.000Z');
  await initNode(config, { organisation: options.organisation ?? 'Test Service', country: options.country ?? 'BFA' }, { clock });
  const node = await openNode(config, { clock, passwordCost: TEST_COST });
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) {
    const user = await node.users.addUser({ username: role, displayName: role, roles: [role], password: TEST_PASSWORD, locale: 'fr' }, 'system');
    tokens[role] = (await node.tokens.createToken(user.id, `test ${role}`, null, 'system')).token;
  }
  const app = await buildApp({ node });
  const t: TestNode = {
    node,
    app,
    clock,
    tokens,
    as: (role) => ({ authorization: `Bearer ${tokens[role]}` }),
    async restart() {
      await t.app.close();
      await t.node.close();
      t.node = await openNode(config, { clock, passwordCost: TEST_COST });
      t.app = await buildApp({ node: t.node });
    },
    async dispose() {
      await t.app.close();
      await t.node.close();
      await scratch?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}
