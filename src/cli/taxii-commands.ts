/**
 * CLI commands of the TAXII 2.1 client and server (docs/taxii.md):
 * `sentinelle taxii pull <api-root-url> <collection-id>` ingests an external collection
 * incrementally and resumably; `sentinelle taxii partner <username> <peer-node-id>` binds an
 * account to a partner node so that it sees that partner's agreement collections.
 */
import type { Command } from 'commander';
import { DomainError } from '../core/errors.ts';
import { t } from '../i18n/i18n.ts';
import { pull, sourceKey, type Credentials } from '../taxii/client.ts';
import { getPullState } from '../taxii/repo.ts';
import { bindPartnerAccount } from '../taxii/partners.ts';
import type { CliHelpers } from './helpers.ts';
import '../taxii/messages.ts';

interface PullOpts {
  user?: string;
  password?: string;
  token?: string;
  since?: string;
  pageSize?: string;
  maxPages?: string;
}

function credentials(o: PullOpts): Credentials {
  const basic = o.user !== undefined || o.password !== undefined;
  if ((basic && o.token !== undefined) || (o.user === undefined) !== (o.password === undefined)) {
    throw new DomainError('invalid', 'taxii.client.credentials', [
      { path: '/token', code: 'taxii.client.credentials' },
    ]);
  }
  if (o.token !== undefined) return { token: o.token };
  return basic ? { user: o.user!, password: o.password! } : null;
}

function positive(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new DomainError(
      'invalid',
      'taxii.bad_filter',
      [{ path: `/${name}`, code: 'taxii.bad_filter', params: { name } }],
      { name },
    );
  return n;
}

export function registerTaxiiCommands(program: Command, cli: CliHelpers): void {
  const taxii = program
    .command('taxii')
    .description('TAXII 2.1 client and partners / client TAXII 2.1 et partenaires');
  taxii
    .command('pull <api-root-url> <collection-id>')
    .description(
      'ingest a TAXII 2.1 collection, resuming where the last run stopped / ingère une collection TAXII 2.1, en reprenant où le dernier passage s’est arrêté',
    )
    .option('--user <user>', 'HTTP Basic user')
    .option('--password <password>', 'HTTP Basic password')
    .option('--token <token>', 'bearer token')
    .option('--since <timestamp>', 'added_after to start from (RFC 3339), instead of the stored resume point')
    .option('--page-size <n>', 'objects per page (default 500)')
    .option('--max-pages <n>', 'stop after n pages (the next run resumes)')
    .action(async (apiRoot: string, collectionId: string, opts: PullOpts, cmd: Command) => {
      const locale = cli.locale();
      const creds = credentials(opts);
      await cli.withNode(cmd, async (node) => {
        const resume =
          opts.since ?? (await getPullState(node.db, sourceKey(apiRoot, collectionId)))?.addedAfter;
        if (resume) cli.io.err(t(locale, 'taxii.client.resume', { since: resume }));
        const pageSize = positive('page-size', opts.pageSize);
        const maxPages = positive('max-pages', opts.maxPages);
        const report = await pull(node, cli.principal(), {
          apiRoot,
          collectionId,
          credentials: creds,
          locale,
          ...(opts.since !== undefined ? { since: opts.since } : {}),
          ...(pageSize !== undefined ? { pageSize } : {}),
          ...(maxPages !== undefined ? { maxPages } : {}),
          onPage: (p) => cli.io.err(t(locale, 'taxii.client.progress', p)),
          onRejected: (f) =>
            cli.io.err(t(locale, 'taxii.client.rejected', { path: f.id || '-', reason: f.message ?? '' })),
        });
        cli.io.out(
          t(locale, 'taxii.client.done', {
            accepted: report.accepted,
            rejected: report.rejected,
            pages: report.pages,
            resume: report.resumeFrom ?? '-',
          }),
        );
      });
    });
  taxii
    .command('partner <username> <peer-node-id>')
    .description(
      'let an account act for a partner node over TAXII / faire agir un compte pour un nœud partenaire via TAXII',
    )
    .action(async (username: string, peerId: string, _opts: unknown, cmd: Command) => {
      await cli.withNode(cmd, async (node) => {
        await bindPartnerAccount(node, 'cli', username, peerId);
        cli.io.out(t(cli.locale(), 'taxii.partner.bound', { username, peer: peerId }));
      });
    });
}
