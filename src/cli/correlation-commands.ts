/**
 * CLI commands of correlation (src/analysis/): `sentinelle correlation list`, `confirm`, `reject`
 * and `rebuild`. The service checks permissions and input and audits decisions; these only shape
 * the output: a table for a person, with each link's one-line explanation in their language, or
 * JSON with --json.
 */
import type { Command } from 'commander';
import { t, type Locale } from '../i18n/i18n.ts';
import {
  linkId,
  parseLinkId,
  type LinkView,
  type ListedLink,
  type RecordSummary,
} from '../analysis/service.ts';
import type { CliHelpers } from './helpers.ts';
import '../analysis/messages.ts';

/** Where and when a report happened and who made it, in a few words. */
function place(r: RecordSummary): string {
  const when = (r.occurred_at ?? '').slice(0, 10) || '?';
  const where = [r.country, r.admin1].filter((x): x is string => !!x).join(' ') || '?';
  const who = r.created_by_name ?? r.source ?? r.origin;
  return `${when} ${where} (${who})`;
}

/** The table of links: one line per link, its explanation and its id (for confirm / reject) below. */
export function linksTable(items: readonly ListedLink[], locale: Locale): string[] {
  const kindWidth = Math.max(
    ...(['duplicate', 'cross-border', 'arms'] as const).map(
      (k) => t(locale, `analysis.cli.kind.${k}`).length,
    ),
    t(locale, 'analysis.cli.col.kind').length,
  );
  const lines = [
    [
      t(locale, 'analysis.cli.col.score').padEnd(5),
      t(locale, 'analysis.cli.col.status').padEnd(9),
      t(locale, 'analysis.cli.col.kind').padEnd(kindWidth),
      t(locale, 'analysis.cli.col.records'),
    ].join('  '),
  ];
  for (const l of items) {
    lines.push(
      [
        (locale === 'fr' ? l.score.toFixed(2).replace('.', ',') : l.score.toFixed(2)).padEnd(5),
        t(locale, `analysis.cli.status.${l.status}`).padEnd(9),
        t(locale, `analysis.cli.kind.${l.kind}`).padEnd(kindWidth),
        `${place(l.records[0])} ↔ ${place(l.records[1])}`,
      ].join('  '),
    );
    lines.push(`       ${l.explanation[locale]}`);
    lines.push(`       ${linkId(l)}`);
  }
  lines.push(t(locale, 'analysis.cli.count', { count: items.length }));
  return lines;
}

const withId = <T extends LinkView>(l: T) => ({ id: linkId(l), ...l });

export function registerCorrelationCommands(program: Command, cli: CliHelpers): void {
  const correlation = program
    .command('correlation')
    .description(
      'links between reports: possible duplicates, cross-border patterns, arms tracing / liens entre signalements',
    );

  correlation
    .command('list')
    .description(
      'correlation links, best first (default: open ones) / liens de corrélation, les meilleurs d’abord',
    )
    .option('--kind <duplicate|cross-border|arms>', 'only this kind of link')
    .option(
      '--status <open|confirmed|rejected>',
      'only this status (default: open, or every status with --record)',
    )
    .option('--record <id>', 'links of this record')
    .option('--min-score <x>', 'score from 0 to 1')
    .option('--limit <n>', 'links shown (1–200)', '50')
    .option('--json', 'JSON instead of a table')
    .action(
      async (
        opts: {
          kind?: string;
          status?: string;
          record?: string;
          minScore?: string;
          limit: string;
          json?: boolean;
        },
        cmd: Command,
      ) => {
        await cli.withNode(cmd, async (node) => {
          const items = await node.analysis.listLinks(cli.principal(), {
            kind: opts.kind,
            status: opts.status,
            record: opts.record,
            minScore: opts.minScore,
            limit: opts.limit,
          });
          if (opts.json) cli.io.out(JSON.stringify(items.map(withId), null, 1));
          else for (const line of linksTable(items, cli.locale())) cli.io.out(line);
        });
      },
    );

  for (const decision of ['confirm', 'reject'] as const) {
    const c = correlation
      .command(`${decision} <link>`)
      .description(
        decision === 'confirm'
          ? 'confirm a link (a duplicate also records a STIX duplicate-of relationship) / confirmer un lien'
          : 'reject a link: it is never proposed again / rejeter un lien : il ne sera plus proposé',
      )
      .option('--json', 'JSON instead of a sentence');
    if (decision === 'reject') c.option('--reason <text>', 'why (kept in the audit trail)');
    c.action(async (raw: string, opts: { reason?: string; json?: boolean }, cmd: Command) => {
      const { kind, a, b } = parseLinkId(raw);
      await cli.withNode(cmd, async (node) => {
        const l = await node.analysis.decide(cli.principal(), {
          kind,
          a,
          b,
          decision,
          ...(opts.reason !== undefined ? { reason: opts.reason } : {}),
        });
        const locale = cli.locale();
        if (opts.json) {
          cli.io.out(JSON.stringify(withId(l), null, 1));
          return;
        }
        cli.io.out(
          t(locale, 'analysis.cli.decided', {
            link: linkId(l),
            status: t(locale, `analysis.cli.status.${l.status}`),
          }),
        );
        cli.io.out(`  ${l.explanation[locale]}`);
        if (l.relationship_id) cli.io.out(t(locale, 'analysis.cli.relationship', { id: l.relationship_id }));
      });
    });
  }

  correlation
    .command('rebuild')
    .description(
      're-index and re-correlate by replaying the change feed, in bounded batches; resumable / reconstruire la corrélation',
    )
    .option('--since <date>', 'only the changes stored since this date (the index and links stay)')
    .option('--resume', 'continue an interrupted rebuild')
    .option('--json', 'JSON report')
    .action(async (opts: { since?: string; resume?: boolean; json?: boolean }, cmd: Command) => {
      const locale = cli.locale();
      await cli.withNode(cmd, async (node) => {
        const report = await node.analysis.rebuild(cli.principal(), {
          ...(opts.since !== undefined ? { since: opts.since } : {}),
          ...(opts.resume ? { resume: true } : {}),
          onProgress: cli.progress((done, total) =>
            t(locale, 'analysis.cli.rebuild_progress', { done, total }),
          ),
        });
        if (opts.json) {
          cli.io.out(JSON.stringify(report, null, 1));
          return;
        }
        cli.io.out(
          t(locale, 'analysis.cli.rebuilt', {
            ...report,
            seconds: (report.ms / 1000).toFixed(1),
          }),
        );
      });
    });
}
