/**
 * `sentinelle peer status` ([FED-39]: connected, backlog, oldest unacknowledged item, last error
 * per partner) and `sentinelle federation sync` (one round of the stream engine, for cron or
 * for a node that does not run `serve`).
 */
import type { Command } from 'commander';
import { t } from '../i18n/i18n.ts';
import '../federation/engine/messages.ts';
import type { SharingCliHelpers } from './sharing-commands.ts';

export function registerFederationCommands(program: Command, h: SharingCliHelpers): void {
  const peer = program.commands.find((c) => c.name() === 'peer') ?? program.command('peer');
  peer
    .command('status')
    .description('federation status per partner / état de la fédération par partenaire')
    .action(async (_opts: unknown, cmd: Command) => {
      const rows = await h.withNode(cmd, (node) => node.federation.status());
      const L = h.locale();
      h.io.out(t(L, 'fed.engine.status_head'));
      for (const s of rows) {
        const name = `${s.country} ${s.name}`.padEnd(40);
        const connected = t(L, s.connected ? 'fed.engine.yes' : 'fed.engine.no').padEnd(10);
        h.io.out(`${name}${connected}${String(s.backlog).padEnd(12)}${(s.oldestUnacked ?? '-').padEnd(29)}${s.lastError ?? t(L, 'fed.engine.none')}`);
      }
    });

  program
    .command('federation')
    .description('stream engine / moteur de fédération')
    .command('sync')
    .description('one round: plan changes, push to every partner / un cycle : planifier, pousser vers chaque partenaire')
    .action(async (_opts: unknown, cmd: Command) => {
      const r = await h.withNode(cmd, (node) => node.federation.sync());
      h.io.out(JSON.stringify(r));
    });
}
