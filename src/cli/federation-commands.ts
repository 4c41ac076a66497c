/**
 * `sentinelle peer status` ([FED-39]: connected, backlog, oldest unacknowledged item, last error
 * per partner), `sentinelle federation sync` (one round of the stream engine, for cron or for a
 * node that does not run `serve`), `federation pull` ([FED-5]) and `federation keyset
 * export|import` ([FED-16]); `bundle` and `audit shares` are in bundle-commands.ts.
 */
import type { Command } from 'commander';
import { t } from '../i18n/i18n.ts';
import '../federation/engine/messages.ts';
import { readBundleFile, writeBundleFile } from '../federation/bundle-file.ts';
import { registerBundleCommands } from './bundle-commands.ts';
import type { SharingCliHelpers } from './sharing-commands.ts';

export function registerFederationCommands(program: Command, h: SharingCliHelpers): void {
  const say = (code: string, params: Record<string, string | number> = {}) =>
    h.io.out(t(h.locale(), code, params));
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
        h.io.out(
          `${name}${connected}${String(s.backlog).padEnd(12)}${(s.oldestUnacked ?? '-').padEnd(29)}${(s.lastAckAt ?? '-').padEnd(29)}${s.lastError ?? t(L, 'fed.engine.none')}`,
        );
      }
    });

  const federation = program.command('federation').description('stream engine / moteur de fédération');
  federation
    .command('sync')
    .description(
      'one round: plan changes, push to every partner / un cycle : planifier, pousser vers chaque partenaire',
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const r = await h.withNode(cmd, (node) => node.federation.sync());
      h.io.out(JSON.stringify(r));
    });

  federation
    .command('pull')
    .description(
      'fetch from a partner that cannot reach this node / relever chez un partenaire qui ne peut joindre ce nœud',
    )
    .requiredOption('--peer <node-id>', 'partner node id / identifiant du nœud partenaire')
    .option('--wait <ms>', 'long poll: wait up to this long for a first item / attente longue (ms)', '0')
    .action(async (opts: { peer: string; wait: string }, cmd: Command) => {
      const wait = Math.max(0, Math.min(30_000, Number.parseInt(opts.wait, 10) || 0));
      const r = await h.withNode(cmd, (node) => node.federation.pull(opts.peer, wait));
      say('fed.cli.pulled', { peer: opts.peer, rounds: r.rounds, received: r.received, applied: r.applied });
    });

  const keyset = federation
    .command('keyset')
    .description('key sets exchanged once out of band / jeux de clés échangés une fois hors ligne');
  keyset
    .command('export')
    .description('write this node’s signed key set / écrire le jeu de clés signé de ce nœud')
    .requiredOption('--out <file>', 'output file / fichier de sortie')
    .action(async (opts: { out: string }, cmd: Command) => {
      const { signed, version } = await h.withNode(cmd, async (node) => node.federation.ownSignedKeyset());
      await writeBundleFile(opts.out, signed);
      say('fed.cli.keyset_written', { version, file: opts.out });
    });
  keyset
    .command('import <file>')
    .description('import a partner’s signed key set / importer le jeu de clés signé d’un partenaire')
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const bytes = await readBundleFile(file);
      const r = await h.withNode(cmd, (node) => node.federation.importKeyset(bytes));
      say('fed.cli.keyset_imported', {
        node: r.node,
        version: r.version,
        unchanged: r.changed ? '' : t(h.locale(), 'fed.cli.unchanged'),
      });
    });

  registerBundleCommands(program, h);
}
