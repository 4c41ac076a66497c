/**
 * Offline bundles and the proof of what was shared ([FED-32]–[FED-35]):
 * `sentinelle bundle export --peer X --out file`, `sentinelle bundle import file` and
 * `sentinelle audit shares --peer X`.
 */
import type { Command } from 'commander';
import { t } from '../i18n/i18n.ts';
import '../federation/engine/messages.ts';
import { readBundleFile, writeBundleFile } from '../federation/bundle-file.ts';
import type { SharingCliHelpers } from './sharing-commands.ts';

export function registerBundleCommands(program: Command, h: SharingCliHelpers): void {
  const say = (code: string, params: Record<string, string | number> = {}) =>
    h.io.out(t(h.locale(), code, params));
  const bundle = program
    .command('bundle')
    .description('offline bundles (USB stick) / lots hors ligne (clé USB)');
  bundle
    .command('export')
    .description(
      'write what waits for a partner, encrypted to it / écrire ce qui attend un partenaire, chiffré pour lui',
    )
    .requiredOption('--peer <node-id>', 'partner node id / identifiant du nœud partenaire')
    .requiredOption('--out <file>', 'output file / fichier de sortie')
    .action(async (opts: { peer: string; out: string }, cmd: Command) => {
      const r = await h.withNode(cmd, (node) => node.federation.exportBundle(opts.peer));
      await writeBundleFile(opts.out, r.bytes);
      say('fed.cli.bundle_written', {
        file: opts.out,
        envelopes: r.envelopes,
        acks: r.acks,
        bytes: r.bytes.length,
        peer: opts.peer,
      });
    });
  bundle
    .command('import <file>')
    .description('apply a bundle addressed to this node / appliquer un lot destiné à ce nœud')
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const bytes = await readBundleFile(file);
      const r = await h.withNode(cmd, (node) => node.federation.importBundle(bytes));
      const L = h.locale();
      say('fed.cli.bundle_read', {
        sender: r.sender,
        complete: t(L, r.complete ? 'fed.cli.complete' : 'fed.cli.incomplete'),
        items: r.items,
        applied: r.applied,
        settled: r.settled,
      });
      for (const [reason, count] of Object.entries(r.nacks))
        say('fed.cli.nack_line', { reason, count: count ?? 0 });
      for (const x of r.rejected) say('fed.cli.rejected_line', { index: x.index, reason: x.reason });
    });

  const audit = program.commands.find((c) => c.name() === 'audit') ?? program.command('audit');
  audit
    .command('shares')
    .description(
      'what was released to a partner, with signed receipts / ce qui a été diffusé à un partenaire, avec reçus signés',
    )
    .requiredOption('--peer <node-id>', 'partner node id / identifiant du nœud partenaire')
    .action(async (opts: { peer: string }, cmd: Command) => {
      const lines = await h.withNode(cmd, (node) => node.federation.shares(opts.peer));
      const L = h.locale();
      h.io.out(t(L, 'fed.cli.shares_head'));
      for (const s of lines) {
        const receipt = t(L, `fed.cli.receipt.${s.receipt}`, { at: s.receiptSignedAt ?? '' });
        h.io.out(
          [
            s.recordId ?? `(${s.kind})`,
            s.kind,
            s.agreementId,
            `${s.epoch}/${s.seq}`,
            s.releasedAt,
            s.ackedAt ?? '-',
            s.nackReason ?? '-',
            receipt,
          ].join('\t'),
        );
      }
      say('fed.cli.shares_total', {
        total: lines.length,
        peer: opts.peer,
        verified: lines.filter((s) => s.receipt === 'verified').length,
      });
    });
}
