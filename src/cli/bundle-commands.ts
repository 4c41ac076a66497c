/**
 * Offline bundles and the proof of what was shared ([FED-32]–[FED-35]):
 * `sentinelle bundle export --peer X --out file`, `sentinelle bundle import file` and
 * `sentinelle audit shares --peer X`; for narrow links (Iridium SBD, HF, SMS gateways, [FED-85])
 * `sentinelle bundle export --peer X --narrow --out dir` writes one file per link message
 * (≤ 270 bytes by default, `--cap`), and `sentinelle bundle import-narrow --peer X files…` applies them.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { DomainError } from '../core/errors.ts';
import { SBD_MT_BYTES } from '../federation/fragments.ts';
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
    .requiredOption(
      '--out <file>',
      'output file (a directory with --narrow) / fichier de sortie (un répertoire avec --narrow)',
    )
    .option(
      '--narrow',
      'narrow-link messages, one file each (Iridium SBD…) / messages de liaison étroite, un fichier chacun (Iridium SBD…)',
    )
    .option(
      '--cap <bytes>',
      'largest message with --narrow (default 270) / plus grand message avec --narrow (270 par défaut)',
    )
    .action(async (opts: { peer: string; out: string; narrow?: boolean; cap?: string }, cmd: Command) => {
      if (opts.narrow) {
        const cap = opts.cap === undefined ? SBD_MT_BYTES : Number(opts.cap);
        if (!Number.isInteger(cap) || cap < 64 || cap > 65536)
          throw new DomainError('invalid', 'fed.cli.narrow_bad_cap', [
            { path: '/cap', code: 'fed.cli.narrow_bad_cap' },
          ]);
        const r = await h.withNode(cmd, (node) => node.federation.exportNarrow(opts.peer, cap));
        await mkdir(opts.out, { recursive: true, mode: 0o700 });
        const width = String(r.messages.length).length;
        for (const [i, m] of r.messages.entries())
          await writeFile(join(opts.out, `${String(i + 1).padStart(Math.max(4, width), '0')}.sbd`), m, {
            mode: 0o600,
          });
        say('fed.cli.narrow_written', {
          dir: opts.out,
          messages: r.messages.length,
          items: r.items,
          max: Math.max(0, ...r.messages.map((m) => m.length)),
          bytes: r.messages.reduce((n, m) => n + m.length, 0),
          peer: opts.peer,
        });
        return;
      }
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

  bundle
    .command('import-narrow <files...>')
    .description(
      'apply narrow-link messages from a partner, fragments in any order / appliquer des messages de liaison étroite d’un partenaire, fragments dans n’importe quel ordre',
    )
    .requiredOption('--peer <node-id>', 'the partner that sent them / le partenaire qui les a envoyés')
    .action(async (files: string[], opts: { peer: string }, cmd: Command) => {
      const messages = await Promise.all(files.map(async (f) => new Uint8Array(await readFile(f))));
      const r = await h.withNode(cmd, (node) => node.federation.importNarrow(opts.peer, messages));
      say('fed.cli.narrow_read', {
        sender: opts.peer,
        envelopes: r.envelopes,
        applied: r.applied,
        waiting: r.waiting,
      });
      for (const n of r.result.nacks ?? []) say('fed.cli.nack_line', { reason: n.reason, count: 1 });
      for (const [reason, count] of Object.entries(r.refused))
        say('fed.cli.narrow_refused_line', { reason, count: count ?? 0 });
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
