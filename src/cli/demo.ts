/**
 * `sentinelle demo`: a living node on first start — initialised as a Burkina Faso service, with
 * the real UCDP events of the Sahel 2020–2023 and a few clearly labelled synthetic records, and
 * one demo account per role. Safe to run again: nothing is duplicated.
 */
import type { NodeConfig } from '../config/config.ts';
import { initNode, openNode, SYSTEM_PRINCIPAL } from '../node/node.ts';
import { buildDemoBundle } from '../imports/demo.ts';
import type { Locale } from '../i18n/i18n.ts';
import type { Role } from '../auth/roles.ts';

export const DEMO_PASSWORD = 'sentinelle-demo';
export const DEMO_USERS: readonly { username: string; password: string; roles: Role[] }[] = [
  { username: 'admin', password: DEMO_PASSWORD, roles: ['admin', 'analyst', 'liaison', 'auditor'] },
  { username: 'analyste', password: DEMO_PASSWORD, roles: ['analyst'] },
  { username: 'rapporteur', password: DEMO_PASSWORD, roles: ['reporter'] },
  { username: 'liaison', password: DEMO_PASSWORD, roles: ['liaison'] },
  { username: 'auditeur', password: DEMO_PASSWORD, roles: ['auditor'] },
];
const DEMO_VERSION = 1;

export async function loadDemo(
  config: NodeConfig,
  ctx: { say: (code: string, params?: Record<string, string | number>) => void; io: { err: (s: string) => void }; locale: Locale },
): Promise<void> {
  await initNode(config, { organisation: 'Direction de la surveillance du territoire — Burkina Faso (démo)', country: 'BFA' });
  const node = await openNode(config);
  try {
    const { rows } = await node.db.query<{ value: { version: number } }>(`SELECT value FROM node_settings WHERE key = 'demo'`);
    if (rows[0]?.value.version !== DEMO_VERSION) {
      ctx.say('cli.demo.loading');
      const bundle = await buildDemoBundle({ nodeIdentityId: node.settings.identityId });
      const report = await node.records.importBundle(SYSTEM_PRINCIPAL, bundle, { action: 'import.demo' });
      await node.db.query(
        `INSERT INTO node_settings (key, value) VALUES ('demo', $1::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
        [JSON.stringify({ version: DEMO_VERSION })],
      );
      ctx.say('cli.demo.loaded', { total: report.total, created: report.created });
    }
    const existing = new Set((await node.users.listUsers('system')).map((u) => u.username));
    for (const u of DEMO_USERS) {
      if (existing.has(u.username)) continue;
      await node.users.addUser({ username: u.username, displayName: u.username, roles: u.roles, password: u.password, locale: 'fr' }, 'system');
    }
    ctx.say('cli.demo.attribution');
  } finally {
    await node.close();
  }
}
