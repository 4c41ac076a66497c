/**
 * `sentinelle peer|agreement|policy|reciprocity` (docs/sharing.md §3): the liaison officers'
 * workflow across nodes without a network between them — cards and agreement files carried out
 * of band, signatures verified on import. The console operator is trusted ('cli'), as for every
 * other command; everything is audited by the services.
 */
import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { DomainError } from '../core/errors.ts';
import { t, type Locale } from '../i18n/i18n.ts';
import type { SentinelleNode } from '../node/node.ts';
import { peerInputFromCard, type Peer, type PeerInput } from '../sharing/peers.ts';
import type { AgreementView } from '../sharing/agreements.ts';
import type { Counts } from '../sharing/reciprocity.ts';
import './sharing-messages.ts';

export interface SharingCliHelpers {
  /** Opens the node of the command's global options, runs `fn`, closes it. */
  withNode<T>(cmd: Command, fn: (node: SentinelleNode) => Promise<T>): Promise<T>;
  io: { out: (s: string) => void; err: (s: string) => void };
  /** The locale of messages (set from --lang before each action). */
  locale(): Locale;
  readJson(file: string): Promise<unknown>;
}

function version(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new DomainError('invalid', 'cli.policy.bad_version', [{ path: '/version', code: 'cli.policy.bad_version', params: { value: raw } }], { value: raw });
  return n;
}

function counts(c: Counts): string {
  const types = Object.entries(c.byType).map(([k, v]) => `${k} ${v}`);
  const prios = Object.entries(c.byPriority).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${v}`);
  return c.total === 0 ? '0' : `${c.total} (${[...types, ...prios].join(', ')})`;
}

export function registerSharingCommands(program: Command, h: SharingCliHelpers): void {
  const say = (code: string, params: Record<string, string | number> = {}) => h.io.out(t(h.locale(), code, params));
  const stored = (v: AgreementView) =>
    say('cli.agreement.stored', {
      id: v.document.id,
      version: v.document.version,
      state: t(h.locale(), `sharing.state.${v.state}`),
      signed: v.status.signedBy.join(', ') || t(h.locale(), 'cli.agreement.nobody'),
      missing: v.status.missing.join(', ') || t(h.locale(), 'cli.agreement.nobody'),
    });
  const peerLine = (p: Peer) => `${p.nodeId}\t${p.country}\t${p.name}\t${p.fingerprint}\t${p.removedAt ? t(h.locale(), 'cli.peer.removed_on', { at: p.removedAt }) : t(h.locale(), 'cli.peer.active')}`;

  const peer = program.command('peer').description('partner nodes / nœuds partenaires');
  peer
    .command('self')
    .description('this node’s card, to give partners / la fiche de ce nœud, à remettre aux partenaires')
    .option('--url <url>', 'base URL partners reach this node at')
    .option('--out <file>', 'write the card to a file (default: standard output)')
    .action(async (opts: { url?: string; out?: string }, cmd: Command) => {
      await h.withNode(cmd, async (node) => {
        const card = node.peers.selfCard(opts.url);
        const text = JSON.stringify(card, null, 1);
        if (opts.out) {
          await writeFile(opts.out, text + '\n');
          say('cli.peer.card_written', { file: opts.out });
        } else h.io.out(text);
        say('cli.peer.self', { node_id: card.node_id, country: card.country, fingerprint: card.fingerprint });
      });
    });
  peer
    .command('add')
    .description('register a partner node / enregistrer un nœud partenaire')
    .option('--card <file>', 'the partner’s card (sentinelle peer self --out)')
    .option('--node-id <uuid>', 'node id')
    .option('--name <name>', 'name')
    .option('--country <ISO3>', 'country, ISO 3166-1 alpha-3')
    .option('--url <url>', 'base URL')
    .option('--public-key <spki>', 'Ed25519 public key, SPKI DER base64url')
    .action(async (opts: { card?: string; nodeId?: string; name?: string; country?: string; url?: string; publicKey?: string }, cmd: Command) => {
      let input: PeerInput;
      if (opts.card) input = peerInputFromCard(await h.readJson(opts.card), opts.url);
      else {
        const { nodeId, name, country, url, publicKey } = opts;
        if (!nodeId || !name || !country || !url || !publicKey) throw new DomainError('invalid', 'cli.peer.missing_fields');
        input = { nodeId, name, country, baseUrl: url, publicKey };
      }
      const p = await h.withNode(cmd, (node) => node.peers.add('cli', input));
      say('cli.peer.added', { name: p.name, country: p.country, node_id: p.nodeId, fingerprint: p.fingerprint });
    });
  peer
    .command('list')
    .description('list partner nodes / lister les partenaires')
    .option('--all', 'include removed peers')
    .action(async (opts: { all?: boolean }, cmd: Command) => {
      const peers = await h.withNode(cmd, (node) => node.peers.list('cli', { includeRemoved: opts.all === true }));
      if (peers.length === 0) say('cli.peer.none');
      for (const p of peers) h.io.out(peerLine(p));
    });
  peer
    .command('show <node-id>')
    .description('show a partner node and its fingerprint / afficher un partenaire')
    .action(async (nodeId: string, _o: unknown, cmd: Command) => {
      const p = await h.withNode(cmd, (node) => node.peers.get('cli', nodeId));
      const state = p.removedAt ? t(h.locale(), 'cli.peer.removed_on', { at: p.removedAt }) : t(h.locale(), 'cli.peer.active');
      say('cli.peer.details', { name: p.name, country: p.country, node_id: p.nodeId, base_url: p.baseUrl, fingerprint: p.fingerprint, added_at: p.addedAt, added_by: p.addedBy, state });
    });
  peer
    .command('remove <node-id>')
    .description('remove a partner node (its agreements stop being effective) / retirer un partenaire')
    .action(async (nodeId: string, _o: unknown, cmd: Command) => {
      const p = await h.withNode(cmd, (node) => node.peers.remove('cli', nodeId));
      say('cli.peer.removed', { name: p.name, country: p.country });
    });

  const agreement = program.command('agreement').description('sharing agreements / accords de partage');
  agreement
    .command('propose')
    .description('store a draft agreement and sign it for this node / proposer un accord et le signer')
    .requiredOption('--file <draft.json>', 'the draft agreement (JSON)')
    .action(async (opts: { file: string }, cmd: Command) => {
      const draft = await h.readJson(opts.file);
      stored(await h.withNode(cmd, (node) => node.agreements.propose('cli', draft)));
    });
  agreement
    .command('import <file>')
    .description('import a partner’s copy; every signature is verified / importer la copie d’un partenaire')
    .action(async (file: string, _o: unknown, cmd: Command) => {
      const doc = await h.readJson(file);
      stored(await h.withNode(cmd, (node) => node.agreements.importFile('cli', doc)));
    });
  agreement
    .command('sign <id>')
    .description('sign an agreement for this node / signer un accord')
    .option('--version <n>', 'version (default: the latest)')
    .action(async (id: string, opts: { version?: string }, cmd: Command) => {
      stored(await h.withNode(cmd, (node) => node.agreements.sign('cli', id, version(opts.version))));
    });
  agreement
    .command('revoke <id>')
    .description('revoke an agreement with a signed statement / révoquer un accord')
    .option('--version <n>', 'version (default: the latest; earlier ones go with it)')
    .option('--reason <text>', 'why')
    .action(async (id: string, opts: { version?: string; reason?: string }, cmd: Command) => {
      stored(await h.withNode(cmd, (node) => node.agreements.revoke('cli', id, version(opts.version), opts.reason)));
    });
  agreement
    .command('list')
    .description('list agreements and their state / lister les accords')
    .action(async (_o: unknown, cmd: Command) => {
      const list = await h.withNode(cmd, (node) => node.agreements.list('cli'));
      if (list.length === 0) say('cli.agreement.none');
      for (const v of list) h.io.out(`${v.document.id}\tv${v.document.version}\t${t(h.locale(), `sharing.state.${v.state}`)}\t${v.document.title}`);
    });
  agreement
    .command('show <id>')
    .description('explain an agreement in plain language (--lang fr|en) / expliquer un accord')
    .option('--version <n>', 'version (default: the latest)')
    .action(async (id: string, opts: { version?: string }, cmd: Command) => {
      const { text } = await h.withNode(cmd, (node) => node.agreements.describe('cli', id, version(opts.version), h.locale()));
      for (const line of text) h.io.out(line);
    });
  agreement
    .command('export <id>')
    .description('write the agreement with its signatures to a file / exporter un accord signé')
    .requiredOption('--out <file>', 'output file')
    .option('--version <n>', 'version (default: the latest)')
    .action(async (id: string, opts: { out: string; version?: string }, cmd: Command) => {
      const f = await h.withNode(cmd, (node) => node.agreements.exportFile('cli', id, version(opts.version)));
      await writeFile(opts.out, JSON.stringify(f, null, 1) + '\n');
      say('cli.agreement.exported', { id: f.id, version: f.version, file: opts.out, count: f.signatures?.length ?? 0 });
    });

  const policy = program.command('policy').description('the sharing policy engine / le moteur de politique de partage');
  policy
    .command('explain')
    .description('why a record goes (or not) to a partner / pourquoi un enregistrement part (ou non)')
    .requiredOption('--record <id>', 'STIX id of the record')
    .requiredOption('--peer <node-id>', 'node id of the partner')
    .action(async (opts: { record: string; peer: string }, cmd: Command) => {
      const { text } = await h.withNode(cmd, (node) => node.sharing.explain('cli', opts.record, opts.peer, h.locale()));
      for (const line of text) h.io.out(line);
    });

  program
    .command('reciprocity')
    .description('records released to and received from each partner, per month / réciprocité des échanges')
    .option('--peer <node-id>', 'one partner')
    .option('--from <YYYY-MM>', 'first month (default: 11 months before --to)')
    .option('--to <YYYY-MM>', 'last month (default: this month)')
    .option('--json', 'print the figures as JSON')
    .action(async (opts: { peer?: string; from?: string; to?: string; json?: boolean }, cmd: Command) => {
      const report = await h.withNode(cmd, (node) => node.sharing.reciprocity('cli', { peerId: opts.peer, from: opts.from, to: opts.to }));
      if (opts.json) return h.io.out(JSON.stringify(report, null, 1));
      say('cli.reciprocity.head', { from: report.from, to: report.to });
      if (report.peers.length === 0) say('cli.reciprocity.none');
      for (const p of report.peers) {
        say('cli.reciprocity.peer', { name: p.name, country: p.country, node_id: p.peerId });
        for (const m of p.months) say('cli.reciprocity.line', { month: m.month, released: counts(m.released), received: counts(m.received) });
        const balance = p.totals.released.total - p.totals.received.total;
        say('cli.reciprocity.total', { released: p.totals.released.total, received: p.totals.received.total, balance: balance > 0 ? `+${balance}` : String(balance) });
      }
    });
}
