/**
 * The `sentinelle` command. Every failure exits non-zero with one line naming the reason, in
 * French or English (--lang, else SENTINELLE_LOCALE, else LANG).
 */
import { Command, CommanderError } from 'commander';
import { readFile, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { DomainError } from '../core/errors.ts';
import { t, type Locale } from '../i18n/i18n.ts';
import { loadConfig, type ConfigInput } from '../config/config.ts';
import { initNode, openNode, type SentinelleNode } from '../node/node.ts';
import type { Principal } from '../auth/principal.ts';
import type { Role } from '../auth/roles.ts';
import { verifyAuditChain } from '../audit/audit.ts';
import { appendAudit } from '../audit/audit.ts';
import { newStixId } from '../objects/ids.ts';
import { serve } from './serve.ts';
import { loadDemo, DEMO_USERS } from './demo.ts';
import { readPasswordFromStdin } from './prompt.ts';
import { parseListQuery } from '../api/routes/records.ts';
import { registerSharingCommands } from './sharing-commands.ts';
import { registerFederationCommands } from './federation-commands.ts';
import { registerKeysCommands } from './keys-commands.ts';
import { registerTaxiiCommands } from './taxii-commands.ts';
import { exportInteropFile, importInteropFile, registerInteropCommands } from './interop-commands.ts';
import { registerAnalysisCommands } from './analysis-commands.ts';
import { registerCorrelationCommands } from './correlation-commands.ts';
import { registerOperationsCommands } from './operations-commands.ts';
import { registerCooperationCommands } from './cooperation-commands.ts';
import type { CliHelpers } from './helpers.ts';
import './messages.ts';

interface GlobalOpts {
  dataDir?: string;
  databaseUrl?: string;
  lang?: string;
}

export function cliLocale(explicit?: string): Locale {
  const v = (explicit ?? process.env.SENTINELLE_LOCALE ?? process.env.LANG ?? 'fr').slice(0, 2).toLowerCase();
  return v === 'en' ? 'en' : 'fr';
}

export const cliPrincipal = (locale: Locale): Principal => ({
  userId: 'cli',
  username: 'cli',
  roles: ['admin', 'analyst', 'liaison', 'auditor'],
  locale,
  via: 'cli',
});

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[], io: { out: (s: string) => void; err: (s: string) => void } = defaultIo): Promise<number> {
  const program = new Command();
  let locale: Locale = cliLocale();
  const say = (code: string, params: Record<string, string | number> = {}) => io.out(t(locale, code, params));

  const configOf = (g: GlobalOpts, extra: Partial<ConfigInput> = {}) =>
    loadConfig({ dataDir: g.dataDir, databaseUrl: g.databaseUrl, ...extra });
  const withNode = async <T>(g: GlobalOpts, fn: (node: SentinelleNode) => Promise<T>): Promise<T> => {
    const node = await openNode(configOf(g));
    try {
      return await fn(node);
    } finally {
      await node.close();
    }
  };

  program
    .name('sentinelle')
    .description('Sentinelle — échange souverain de renseignement de sécurité (STIX 2.1) / sovereign security intelligence exchange')
    .option('-d, --data-dir <dir>', 'data directory / répertoire de données (SENTINELLE_DATA_DIR, ./data)')
    .option('--database-url <url>', 'PostgreSQL URL (DATABASE_URL); default embedded PGlite')
    .option('--lang <fr|en>', 'language of messages / langue des messages')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .hook('preAction', (cmd) => {
      locale = cliLocale((cmd.optsWithGlobals<GlobalOpts>()).lang);
    });

  program
    .command('init')
    .description('initialise the node: data directory, signing key, database / initialiser le nœud')
    .requiredOption('--org <name>', 'organisation name / nom de l’organisation')
    .requiredOption('--country <ISO3>', 'country, ISO 3166-1 alpha-3 (e.g. BFA) / pays')
    .action(async (opts: { org: string; country: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOpts>();
      const config = configOf(g);
      const { settings, created } = await initNode(config, { organisation: opts.org, country: opts.country });
      say(created ? 'cli.init.done' : 'cli.init.exists', { ...settings, dataDir: config.dataDir });
      const node = await openNode(config);
      say('cli.fingerprint', { fingerprint: node.keys.fingerprint });
      await node.close();
    });

  program
    .command('serve')
    .description('run the node’s HTTP API / lancer le serveur')
    .option('--host <host>', 'listen address (127.0.0.1)')
    .option('--port <port>', 'port (8080)')
    .option('--tls-cert <file>', 'TLS certificate (PEM) for HTTPS')
    .option('--tls-key <file>', 'TLS private key (PEM)')
    .option('--tls-ca <file>', 'CA bundle: require and verify client certificates (partner endpoints)')
    .option('--cot-port <port>', 'also serve the CoT (TAK) stream on this TCP port (docs/interop.md)')
    .action(async (opts: { host?: string; port?: string; tlsCert?: string; tlsKey?: string; tlsCa?: string; cotPort?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOpts>();
      const config = configOf(g, { host: opts.host, port: opts.port, tlsCert: opts.tlsCert, tlsKey: opts.tlsKey, tlsCa: opts.tlsCa });
      await serve(config, { say, locale, ...(opts.cotPort !== undefined ? { cotPort: opts.cotPort } : {}) });
    });

  const user = program.command('user').description('accounts / comptes');
  user
    .command('add <username>')
    .description('create an account / créer un compte')
    .requiredOption('--role <roles>', 'comma-separated: admin, analyst, reporter, liaison, auditor, partner')
    .option('--display-name <name>', 'display name')
    .option('--locale <fr|en>', 'language of the account', 'fr')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (username: string, opts: { role: string; displayName?: string; locale: string; passwordStdin?: boolean }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOpts>();
      const password = opts.passwordStdin ? await readPasswordFromStdin() : process.env.SENTINELLE_PASSWORD;
      if (!password) throw new DomainError('invalid', 'cli.user.password_required', [{ path: '/password', code: 'cli.user.password_required' }]);
      const roles = opts.role.split(',').map((r) => r.trim()) as Role[];
      await withNode(g, (node) =>
        node.users.addUser({ username, displayName: opts.displayName ?? username, roles, password, locale: opts.locale === 'en' ? 'en' : 'fr' }, 'cli'),
      );
      say('cli.user.added', { username, roles: roles.join(', ') });
    });
  user
    .command('list')
    .description('list accounts / lister les comptes')
    .action(async (_o: unknown, cmd: Command) => {
      await withNode(cmd.optsWithGlobals<GlobalOpts>(), async (node) => {
        for (const u of await node.users.listUsers('cli')) {
          io.out(`${u.username}\t${u.roles.join(',')}\t${u.disabled ? 'disabled/désactivé' : 'active/actif'}\t${u.locale}`);
        }
      });
    });
  for (const [name, enable] of [['disable', false], ['enable', true]] as const) {
    user
      .command(`${name} <username>`)
      .description(enable ? 'enable an account / réactiver un compte' : 'disable an account / désactiver un compte')
      .action(async (username: string, _o: unknown, cmd: Command) => {
        await withNode(cmd.optsWithGlobals<GlobalOpts>(), (node) =>
          enable ? node.users.enableUser(username, 'cli') : node.users.disableUser(username, 'cli'),
        );
        say(enable ? 'cli.user.enabled' : 'cli.user.disabled', { username });
      });
  }

  const token = program.command('token').description('API tokens for scripts / jetons d’API');
  token
    .command('create')
    .requiredOption('--user <username>', 'account the token acts as')
    .requiredOption('--name <name>', 'what the token is for')
    .option('--expires-days <n>', 'expiry in days (default: none)')
    .action(async (opts: { user: string; name: string; expiresDays?: string }, cmd: Command) => {
      await withNode(cmd.optsWithGlobals<GlobalOpts>(), async (node) => {
        const expiresAt = opts.expiresDays ? new Date(node.clock.now().getTime() + Number(opts.expiresDays) * 86400000) : undefined;
        const owner = await node.users.getUserByUsername(opts.user);
        if (!owner) throw new DomainError('not_found', 'cli.user.unknown', [], { username: opts.user });
        const created = await node.tokens.createToken(owner.id, opts.name, expiresAt ?? null, 'cli');
        say('cli.token.created', { id: created.id });
        io.out(created.token);
      });
    });
  token
    .command('revoke <id>')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      await withNode(cmd.optsWithGlobals<GlobalOpts>(), (node) => node.tokens.revokeToken(id, 'cli'));
      say('cli.token.revoked', { id });
    });

  program
    .command('import <file>')
    .description('import a STIX 2.1 bundle (all or nothing, idempotent) or a UCDP GED CSV / importer un lot STIX 2.1 ou un CSV UCDP GED')
    .option('--format <stix|ucdp|acled|misp>', 'input format (default: ucdp for .csv files, else stix)')
    .action(async (file: string, opts: { format?: string }, cmd: Command) => {
      const format = opts.format ?? (file.toLowerCase().endsWith('.csv') ? 'ucdp' : 'stix');
      await withNode(cmd.optsWithGlobals<GlobalOpts>(), async (node) => {
        const onProgress = progress(io, (done, total) => t(locale, 'cli.import.progress', { done, total }));
        if (format === 'ucdp' || format === 'acled' || format === 'misp') {
          // Streamed in bounded chunks; valid rows stored, bad rows reported (src/cli/interop-commands.ts).
          await importInteropFile(node, cliPrincipal(locale), format, file, io, locale);
          return;
        }
        if (format !== 'stix') {
          const formats = 'stix, ucdp, acled, misp';
          throw new DomainError('invalid', 'interop.bad_format', [{ path: '/format', code: 'interop.bad_format', params: { format, formats } }], { format, formats });
        }
        const report = await node.records.importBundle(cliPrincipal(locale), await readJson(file), { onProgress });
        say('cli.import.done', { ...report });
      });
    });

  program
    .command('export')
    .description('export a STIX 2.1 bundle / exporter un lot STIX 2.1')
    .option('--out <file>', 'output file (default: standard output)')
    .option('--type <types>', 'object types, comma-separated')
    .option('--country <codes>', 'ISO3 countries, comma-separated')
    .option('--from <date>', 'modified from (inclusive)')
    .option('--to <date>', 'modified to (exclusive)')
    .option('--label <labels>', 'labels, comma-separated')
    .option('--q <text>', 'full-text search')
    .option('--format <stix|csv|geojson|misp|cot>', 'output format (default: stix)')
    .option('--include-revoked', 'also revoked objects (a full backup) / aussi les objets révoqués (sauvegarde complète)')
    .action(async (opts: { out?: string; type?: string; country?: string; from?: string; to?: string; label?: string; q?: string; format?: string; includeRevoked?: boolean }, cmd: Command) => {
      const query: Record<string, string> = {};
      for (const k of ['type', 'country', 'from', 'to', 'label', 'q'] as const) if (opts[k]) query[k] = opts[k];
      if (opts.includeRevoked) query.include_revoked = 'true';
      const filter = parseListQuery(query);
      if (opts.format && opts.format !== 'stix') {
        const format = opts.format;
        await withNode(cmd.optsWithGlobals<GlobalOpts>(), (node) => exportInteropFile(node, cliPrincipal(locale), format, filter, opts.out, io, locale));
        return;
      }
      await withNode(cmd.optsWithGlobals<GlobalOpts>(), async (node) => {
        const objects: unknown[] = [];
        for await (const rec of node.records.iterate(cliPrincipal(locale), filter)) objects.push(rec.object);
        const text = JSON.stringify({ type: 'bundle', id: newStixId('bundle'), objects }, null, 1);
        await node.db.transaction((tx) =>
          appendAudit(tx, node.clock, { actor: 'cli', action: 'export', target: opts.out ?? 'stdout', outcome: 'success', details: { count: objects.length, via: 'cli' } }),
        );
        if (opts.out) {
          await writeFile(opts.out, text);
          say('cli.export.done', { count: objects.length, file: opts.out });
        } else io.out(text);
      });
    });

  const audit = program.command('audit').description('audit trail / journal d’audit');
  audit
    .command('verify')
    .description('verify the hash chain; names the first bad entry / vérifier la chaîne')
    .action(async (_o: unknown, cmd: Command) => {
      const result = await withNode(cmd.optsWithGlobals<GlobalOpts>(), (node) =>
        verifyAuditChain(node.db, { onProgress: progress(io, (done, total) => t(locale, 'cli.audit.progress', { done, total })) }),
      );
      if (result.ok) {
        say('cli.audit.ok', { count: result.count, head: result.headHash.slice(0, 16) });
        return;
      }
      io.err(t(locale, 'cli.audit.bad', { seq: result.firstBadSeq, reason: result.reason }));
      throw new CommanderError(2, 'audit.broken', '');
    });

  program
    .command('demo')
    .description('initialise a demo node with real public event data / nœud de démonstration')
    .option('--serve', 'then serve it')
    .option('--port <port>', 'port (8080)')
    .option('--host <host>', 'listen address (127.0.0.1)')
    .action(async (opts: { serve?: boolean; port?: string; host?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOpts>();
      const config = configOf(g, { port: opts.port, host: opts.host });
      if (opts.serve && process.argv[1]) {
        // Initialisation and import run in a short-lived child process: creating a PGlite cluster
        // grows the WebAssembly heap to ~800 MB, and that heap never shrinks. The serving process
        // then stays small.
        const child = spawnSync(process.execPath, [process.argv[1], 'demo', '--data-dir', config.dataDir, '--lang', locale, ...(config.databaseUrl ? ['--database-url', config.databaseUrl] : [])], { stdio: 'inherit' });
        if (child.status !== 0) throw new CommanderError(child.status ?? 1, 'demo.failed', '');
      } else {
        await loadDemo(config, { say, io, locale });
      }
      if (opts.serve) {
        await serve(config, { say, locale, demoLogin: DEMO_USERS[0] });
      }
    });

  const cliHelpers: CliHelpers = {
    withNode: <T>(cmd: Command, fn: (node: SentinelleNode) => Promise<T>) => withNode(cmd.optsWithGlobals<GlobalOpts>(), fn),
    io,
    locale: () => locale,
    readJson,
    principal: () => cliPrincipal(locale),
    progress: (line: (done: number, total: number) => string) => progress(io, line),
  };
  registerSharingCommands(program, cliHelpers);
  registerFederationCommands(program, cliHelpers);
  registerKeysCommands(program, cliHelpers);
  registerTaxiiCommands(program, cliHelpers);
  registerInteropCommands(program, cliHelpers);
  registerAnalysisCommands(program, cliHelpers);
  registerCorrelationCommands(program, cliHelpers);
  registerOperationsCommands(program, cliHelpers);
  registerCooperationCommands(program, cliHelpers);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      if (err.message) io.err(err.message.replace(/^error: /, t(locale, 'cli.error', { message: '' })));
      return err.exitCode || 1;
    }
    io.err(t(locale, 'cli.error', { message: describeError(err, locale) }));
    return 1;
  }
}

/** One line a person can act on. */
export function describeError(err: unknown, locale: Locale): string {
  if (err instanceof DomainError) {
    const first = err.issues[0];
    const head = t(locale, err.code, err.params);
    return first ? `${head} ${first.path || '/'} : ${t(locale, first.code, first.params)}` : head;
  }
  if (err instanceof Error) return err.message.split('\n')[0] ?? String(err);
  return String(err);
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new DomainError('invalid', 'cli.import.read_failed', [], { file, reason: e instanceof Error ? e.message : String(e) });
  }
}

/** Progress on stderr, at most every 5 %, only when stderr is a terminal or for long runs. */
function progress(io: { err: (s: string) => void }, line: (done: number, total: number) => string) {
  let lastPct = -1;
  return (done: number, total: number) => {
    const pct = total ? Math.floor((done / total) * 20) : 20;
    if (pct !== lastPct && total >= 2000) {
      lastPct = pct;
      io.err(line(done, total));
    }
  };
}

const defaultIo = {
  out: (s: string) => process.stdout.write(s + '\n'),
  err: (s: string) => process.stderr.write(s + '\n'),
};
