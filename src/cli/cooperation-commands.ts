/**
 * `sentinelle cooperation …` (docs/cooperation.md §5): import of existing spreadsheets (CSV of
 * deliveries or training sessions) with a report of refused rows, the completeness gaps, and the
 * partner report as CSV or print-ready HTML in the language of --lang.
 */
import type { Command } from 'commander';
import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { DomainError } from '../core/errors.ts';
import { t } from '../i18n/i18n.ts';
import { reportCsv, reportHtml } from '../cooperation/report.ts';
import '../cooperation/messages.ts';
import type { CliHelpers } from './helpers.ts';

export function registerCooperationCommands(program: Command, cli: CliHelpers): void {
  const coop = program.command('cooperation').description('cooperation ledger / registre de coopération');

  coop
    .command('import')
    .description(
      'import a CSV of deliveries or training sessions / importer un CSV de livraisons ou de sessions de formation',
    )
    .argument('<kind>', 'deliveries | training')
    .argument('<file>', 'CSV file (UTF-8, header line)')
    .requiredOption('--programme <id>', 'programme the rows belong to (x-sentinelle-programme--…)')
    .action(async (kind: string, file: string, opts: { programme: string }, cmd: Command) => {
      if (kind !== 'deliveries' && kind !== 'training') {
        throw new DomainError(
          'invalid',
          'cooperation.csv_bad_value',
          [
            {
              path: '/kind',
              code: 'cooperation.csv_bad_value',
              params: { value: kind, values: 'deliveries, training' },
            },
          ],
          { value: kind, values: 'deliveries, training' },
        );
      }
      await cli.withNode(cmd, async (node) => {
        const locale = cli.locale();
        const r = await node.cooperation.importCsv('cli', kind, createReadStream(file), opts.programme);
        for (const x of r.refused) {
          cli.io.err(
            t(locale, 'cooperation.import_refused', {
              line: x.line,
              field: x.field || '—',
              message: t(locale, x.code, x.params),
            }),
          );
        }
        const params = { accepted: r.accepted, refused: new Set(r.refused.map((x) => x.line)).size };
        if (params.refused > 0) throw new DomainError('invalid', 'cooperation.import_done', [], params);
        cli.io.out(t(locale, 'cooperation.import_done', params));
      });
    });

  coop
    .command('gaps')
    .description('missing and overdue entries / saisies manquantes ou en retard')
    .option('--receipt-days <n>', 'days after shipping before a missing receipt is overdue', '14')
    .action(async (opts: { receiptDays: string }, cmd: Command) => {
      await cli.withNode(cmd, async (node) => {
        const days = Number(opts.receiptDays);
        if (!Number.isInteger(days) || days < 0)
          throw new DomainError(
            'invalid',
            'cooperation.csv_bad_number',
            [
              {
                path: '/receipt-days',
                code: 'cooperation.csv_bad_number',
                params: { value: opts.receiptDays },
              },
            ],
            { value: opts.receiptDays },
          );
        for (const g of await node.cooperation.completeness('cli', { receiptDays: days })) {
          cli.io.out(
            `${g.kind}\t${g.dueSince.slice(0, 10)}\t${g.daysOverdue}\t${g.partner}\t${g.recordId}\t${g.name}`,
          );
        }
      });
    });

  coop
    .command('report')
    .description(
      'partner report as CSV or print-ready HTML (language: --lang) / rapport par partenaire en CSV ou HTML imprimable',
    )
    .requiredOption('--peer <node-id>', 'partner node id')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD')
    .option('--format <csv|html>', 'output format', 'csv')
    .option('--out <file>', 'write to a file (default: standard output)')
    .action(
      async (
        opts: { peer: string; from: string; to: string; format: string; out?: string },
        cmd: Command,
      ) => {
        if (opts.format !== 'csv' && opts.format !== 'html') {
          throw new DomainError(
            'invalid',
            'cooperation.bad_format',
            [{ path: '/format', code: 'cooperation.bad_format', params: { value: opts.format } }],
            { value: opts.format },
          );
        }
        await cli.withNode(cmd, async (node) => {
          const locale = cli.locale();
          const report = await node.cooperation.report('cli', {
            peer: opts.peer,
            from: opts.from,
            to: opts.to,
          });
          const text = opts.format === 'csv' ? reportCsv(report, locale) : reportHtml(report, locale);
          if (opts.out) {
            await writeFile(opts.out, text, 'utf8');
            cli.io.out(t(locale, 'cooperation.report_written', { file: opts.out }));
          } else cli.io.out(text);
        });
      },
    );
}
