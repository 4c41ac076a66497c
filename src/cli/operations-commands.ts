/** CLI commands of joint operations and protected sites. */
import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { t } from '../i18n/i18n.ts';
import type { CliHelpers } from './helpers.ts';
import type { Conflict } from '../operations/conflicts-repo.ts';
import { operationCollection, sitesCollection } from '../operations/geojson.ts';
import { cotEvents } from '../operations/cot.ts';
import '../operations/messages.ts';

function conflictLine(c: Conflict): string {
  return `${c.id}  ${c.status.padEnd(12)} ${c.severity.padEnd(6)} ${c.kind.padEnd(14)} ${c.overlapFrom} → ${c.overlapTo}  (${c.lat.toFixed(3)}, ${c.lon.toFixed(3)})  ${c.contacts.map((x) => `${x.role} [${x.channel}]`).join(' ; ')}`;
}

export function registerOperationsCommands(program: Command, cli: CliHelpers): void {
  const ops = program
    .command('operations')
    .description('joint operations and deconfliction / opérations conjointes et déconfliction');

  ops
    .command('list')
    .description('operations and activities / opérations et activités')
    .option('--status <s,...>', 'only these statuses')
    .action(async (opts: { status?: string }, cmd: Command) => {
      await cli.withNode(cmd, async (node) => {
        const items = await node.operations.listOperations(cli.principal(), {
          ...(opts.status ? { status: opts.status.split(',') } : {}),
        });
        for (const { object: o, origin } of items)
          cli.io.out(
            `${o.id}  ${String(o.status).padEnd(10)} ${String(o.planned_start)} → ${String(o.planned_end)}  ${String(o.name)}${origin === 'local' ? '' : `  [${origin}]`}`,
          );
        cli.io.out(t(cli.locale(), 'operations.cli.count', { count: items.length }));
      });
    });

  ops
    .command('plan <file>')
    .description(
      'plan an operation from a JSON file and deconflict it / planifier une opération depuis un fichier JSON',
    )
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const body = await cli.readJson(file);
      await cli.withNode(cmd, async (node) => {
        const saved = await node.operations.createOperation(cli.principal(), body);
        cli.io.out(
          t(cli.locale(), 'operations.cli.saved', { id: saved.object.id, count: saved.conflicts.length }),
        );
        for (const c of saved.conflicts) cli.io.out(conflictLine(c));
      });
    });

  ops
    .command('status <id> <status>')
    .description('move an operation along its lifecycle / faire avancer une opération dans son cycle de vie')
    .action(async (id: string, status: string, _opts: unknown, cmd: Command) => {
      await cli.withNode(cmd, async (node) => {
        const saved = await node.operations.setStatus(cli.principal(), id, status);
        cli.io.out(
          t(cli.locale(), 'operations.cli.saved', { id: saved.object.id, count: saved.conflicts.length }),
        );
      });
    });

  ops
    .command('conflicts')
    .description('the deconfliction inbox / la boîte des conflits')
    .option('--all', 'include resolved conflicts')
    .action(async (opts: { all?: boolean }, cmd: Command) => {
      await cli.withNode(cmd, async (node) => {
        await node.operations.settle();
        const list = await node.operations.listConflicts(
          cli.principal(),
          opts.all ? {} : { status: ['open', 'acknowledged'] },
        );
        for (const c of list) cli.io.out(conflictLine(c));
        cli.io.out(t(cli.locale(), 'operations.cli.count', { count: list.length }));
      });
    });

  ops
    .command('resolve <conflictId>')
    .description('resolve a conflict / résoudre un conflit')
    .requiredOption('--resolution <code>', 'coordinated | re-timed | re-routed | accepted-risk')
    .option('--note <text>', 'a short note')
    .action(async (id: string, opts: { resolution: string; note?: string }, cmd: Command) => {
      await cli.withNode(cmd, async (node) => {
        const c = await node.operations.resolve(cli.principal(), id, {
          resolution: opts.resolution,
          ...(opts.note ? { note: opts.note } : {}),
        });
        cli.io.out(conflictLine(c));
      });
    });

  ops
    .command('export <id>')
    .description('an operation area as GeoJSON or CoT / la zone d’une opération en GeoJSON ou CoT')
    .option('--format <geojson|cot>', 'output format', 'geojson')
    .option('--out <file>', 'write to a file instead of standard output')
    .action(async (id: string, opts: { format: string; out?: string }, cmd: Command) => {
      await cli.withNode(cmd, async (node) => {
        const r = await node.operations.areaOf(cli.principal(), id);
        const text =
          opts.format === 'cot'
            ? cotEvents([r.operation, ...r.others], { now: node.clock.now() })
            : JSON.stringify(operationCollection(r.operation, r.others, r.conflicts), null, 1);
        if (opts.out) await writeFile(opts.out, text + '\n');
        else cli.io.out(text);
      });
    });

  const sites = program
    .command('sites')
    .description('protected sites and movements / sites et mouvements protégés');
  sites
    .command('add <file>')
    .description(
      'register a protected site from a JSON file / enregistrer un site protégé depuis un fichier JSON',
    )
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const body = await cli.readJson(file);
      await cli.withNode(cmd, async (node) => {
        const saved = await node.operations.createSite(cli.principal(), body);
        cli.io.out(
          t(cli.locale(), 'operations.cli.saved', { id: saved.object.id, count: saved.conflicts.length }),
        );
        for (const c of saved.conflicts) cli.io.out(conflictLine(c));
      });
    });
  sites
    .command('export')
    .description('protected sites as GeoJSON or CoT / les sites protégés en GeoJSON ou CoT')
    .option('--format <geojson|cot>', 'output format', 'geojson')
    .action(async (opts: { format: string }, cmd: Command) => {
      await cli.withNode(cmd, async (node) => {
        const list = (await node.operations.listSites(cli.principal())).map((s) => s.object);
        cli.io.out(
          opts.format === 'cot'
            ? cotEvents(list, { now: node.clock.now() })
            : JSON.stringify(sitesCollection(list), null, 1),
        );
      });
    });
}
