/** CLI commands of correlation and the forecast (`sentinelle forecast evaluate`, `sentinelle forecast run`). */
import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { DomainError } from '../core/errors.ts';
import { t } from '../i18n/i18n.ts';
import { runEvaluation, type EvaluateReport } from '../analysis/forecast/run-evaluation.ts';
import type { CliHelpers } from './helpers.ts';
import '../analysis/forecast/messages.ts';

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '–');

/** The evaluation table, one line per forecaster and scope, in the CLI's language. */
export function evaluationTable(r: EvaluateReport, locale: 'fr' | 'en'): string[] {
  const lines: string[] = [];
  lines.push(
    t(locale, 'forecast.cli.header', {
      countries: r.countries.join(', '),
      unit: t(locale, `forecast.cli.unit.${r.unit}`),
      units: r.units,
      active: r.activeUnits,
      from: r.from,
      to: r.to,
      horizon: r.horizon,
      trained: r.trainedOn.join(', '),
    }),
  );
  const head = [
    t(locale, 'forecast.cli.col.forecaster').padEnd(20),
    t(locale, 'forecast.cli.col.scope').padEnd(16),
    'AUPR'.padStart(7),
    'AUROC'.padStart(7),
    'Brier'.padStart(7),
    'MSLE'.padStart(7),
    'n'.padStart(7),
    t(locale, 'forecast.cli.col.positives').padStart(9),
  ];
  const table = (rows: EvaluateReport['rows']) => {
    lines.push(head.join(' '));
    for (const row of rows) {
      const s = row.scores;
      lines.push(
        [
          t(locale, `forecast.cli.forecaster.${row.forecaster}`).padEnd(20),
          t(locale, `forecast.cli.scope.${row.scope}`).padEnd(16),
          f3(s.aupr).padStart(7),
          f3(s.auroc).padStart(7),
          f3(s.brier).padStart(7),
          f3(s.msle).padStart(7),
          String(s.n).padStart(7),
          String(s.positives).padStart(9),
        ].join(' '),
      );
    }
  };
  table(r.rows);
  for (const g of r.groups) {
    lines.push('');
    lines.push(t(locale, 'forecast.cli.group', { country: g.group, units: g.units, active: g.activeUnits }));
    table(g.rows);
  }
  for (const [country, c] of Object.entries(r.counted)) {
    lines.push(t(locale, 'forecast.cli.outside', { country, outside: c.outside, counted: c.counted }));
  }
  lines.push(
    t(locale, 'forecast.cli.timing', {
      train: (r.trainMs / 1000).toFixed(1),
      predict: (r.predictMs / 1000).toFixed(2),
      months: r.targets.length,
    }),
  );
  return lines;
}

export function registerAnalysisCommands(program: Command, cli: CliHelpers): void {
  const forecast = program
    .command('forecast')
    .description('early-warning forecast / prévision d’alerte précoce');
  forecast
    .command('evaluate')
    .description(
      'rolling-origin evaluation of the forecast against two baselines on a UCDP GED CSV / évaluation glissante de la prévision',
    )
    .requiredOption('--events <csv>', 'UCDP GED CSV (full export or shared subset)')
    .requiredOption('--boundaries <dir>', 'directory of <iso3>_admin1.geojson files')
    .requiredOption('--from <YYYY-MM>', 'first month forecast')
    .requiredOption('--to <YYYY-MM>', 'last month forecast')
    .requiredOption('--unit <cell|admin1>', '0.5° PRIO-GRID cells or admin-1 areas')
    .option('--horizon <1|3>', 'months ahead', '1')
    .option('--country <ISO3,...>', 'countries scored (default: every country with boundaries and events)')
    .option('--no-pool', 'train on the scored countries only')
    .option('--json <file>', 'also write the full result as JSON')
    .action(
      async (opts: {
        events: string;
        boundaries: string;
        from: string;
        to: string;
        unit: string;
        horizon: string;
        country?: string;
        pool: boolean;
        json?: string;
      }) => {
        const report = await runEvaluation({
          events: opts.events,
          boundaries: opts.boundaries,
          from: opts.from,
          to: opts.to,
          unit: opts.unit,
          horizon: opts.horizon,
          ...(opts.country ? { countries: opts.country } : {}),
          noPool: !opts.pool,
        });
        for (const line of evaluationTable(report, cli.locale())) cli.io.out(line);
        if (opts.json) {
          await writeFile(opts.json, JSON.stringify(report, null, 1) + '\n');
          cli.io.out(t(cli.locale(), 'forecast.cli.json_written', { file: opts.json }));
        }
      },
    );

  forecast
    .command('run')
    .description(
      'forecast every unit from the node’s stored incidents, store it and raise alerts / prévoir à partir des incidents du nœud',
    )
    .option('--unit <cell|admin1>', '0.5° PRIO-GRID cells or admin-1 areas', 'admin1')
    .option('--horizon <1|3>', 'months ahead', '1')
    .option('--threshold <p>', 'probability from which a forecast-risk alert is raised (0–1)')
    .option(
      '--surge-sd <k>',
      'a count-surge alert needs this many standard deviations above the last 12 months',
    )
    .option('--top <n>', 'units printed', '10')
    .action(
      async (
        opts: { unit: string; horizon: string; threshold?: string; surgeSd?: string; top: string },
        cmd: Command,
      ) => {
        const locale = cli.locale();
        const num = (field: string, raw: string | undefined, min: number, max: number) => {
          if (raw === undefined) return undefined;
          const v = Number(raw);
          if (!Number.isFinite(v) || v < min || v > max) {
            throw new DomainError(
              'invalid',
              'forecast.api.bad_query',
              [{ path: `/${field}`, code: 'forecast.api.bad_query', params: { field, value: raw } }],
              { field, value: raw },
            );
          }
          return v;
        };
        const threshold = num('threshold', opts.threshold, 0, 1);
        const surgeSd = num('surge-sd', opts.surgeSd, 0, 100);
        const top = num('top', opts.top, 0, 100000) ?? 10;
        await cli.withNode(cmd, async (node) => {
          if (threshold !== undefined) node.forecast.thresholds.risk = threshold;
          if (surgeSd !== undefined) node.forecast.thresholds.surgeSd = surgeSd;
          const view = await node.forecast.run({
            unit: opts.unit as 'cell' | 'admin1',
            horizon: Number(opts.horizon),
          });
          cli.io.out(
            t(locale, 'forecast.cli.run', {
              unit: t(locale, `forecast.cli.unit.${view.unit}`),
              target: view.targetMonth,
              through: view.trainedThrough,
              incidents: view.incidents,
              alerts: view.alerts.length,
            }),
          );
          for (const it of view.items.slice(0, top)) {
            cli.io.out(
              `${it.country}\t${it.id}\t${it.name}\t${(it.probability * 100).toFixed(0)} %\t${it.fatalities.toFixed(1)}\t${it.drivers.map((d) => d.name).join(', ')}`,
            );
          }
        });
      },
    );
}
