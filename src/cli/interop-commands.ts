/**
 * CLI side of interoperability formats: `sentinelle import --format ucdp|acled|misp <file>` and
 * `sentinelle export --format csv|geojson|misp|cot` (both dispatched from src/cli/main.ts), and
 * `sentinelle cot-stream` (the TAK feed on its own, without the HTTP API).
 */
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import type { Command } from 'commander';
import type { Principal } from '../auth/principal.ts';
import { DomainError } from '../core/errors.ts';
import { t, type Locale } from '../i18n/i18n.ts';
import type { SentinelleNode } from '../node/node.ts';
import { formatTimestamp } from '../objects/timestamps.ts';
import type { RecordFilter } from '../store/records.ts';
import { openCsv } from '../imports/csv.ts';
import { ucdpToStix } from '../imports/ucdp.ts';
import { UCDP_IDENTITY_ID, ucdpSourceIdentity } from '../imports/ucdp-source.ts';
import { acledToStix } from '../imports/acled.ts';
import { ACLED_IDENTITY_ID, acledSourceIdentity } from '../imports/acled-source.ts';
import { importStream, type StreamImportResult } from '../imports/pipeline.ts';
import type { RowIssue } from '../imports/ucdp-row.ts';
import { exportIncidents } from '../interop/gis/export.ts';
import { exportCot } from '../interop/cot/export.ts';
import { CotStreamServer } from '../interop/cot/stream.ts';
import { exportMisp, importMisp } from '../interop/misp/service.ts';
import type { CliHelpers } from './helpers.ts';
import '../interop/messages.ts';
import './messages.ts';

export const INTEROP_IMPORT_FORMATS = ['ucdp', 'acled', 'misp'] as const;
export const INTEROP_EXPORT_FORMATS = ['csv', 'geojson', 'misp', 'cot'] as const;

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const isOneOf = <T extends string>(list: readonly T[], v: string): v is T =>
  (list as readonly string[]).includes(v);

/** Rows skipped by an importer, at most 20 on the terminal (the count is always given). */
function printRowIssues(io: Io, locale: Locale, file: string, issues: readonly RowIssue[]): void {
  for (const issue of issues.slice(0, 20))
    io.err(`  ${file}:${issue.line} ${issue.field} : ${t(locale, issue.code, issue.params)}`);
  if (issues.length > 20) io.err(`  … ${issues.length - 20}`);
}

function printStore(io: Io, locale: Locale, r: StreamImportResult<unknown>): void {
  for (const o of r.rejected.slice(0, 20))
    io.err(
      `  ${t(locale, 'interop.cli.rejected_object', { id: o.id, reason: o.issues[0] ? `${o.issues[0].path} ${t(locale, o.issues[0].code, o.issues[0].params)}` : t(locale, o.code) })}`,
    );
  io.out(t(locale, 'cli.import.done', { ...r.store }));
}

/** `sentinelle import --format ucdp|acled|misp <file>`: CSV files stream in bounded chunks. */
export async function importInteropFile(
  node: SentinelleNode,
  principal: Principal,
  format: string,
  file: string,
  io: Io,
  locale: Locale,
): Promise<void> {
  const importedAt = formatTimestamp(node.clock.now());
  if (format === 'misp') {
    let doc: unknown;
    try {
      doc = JSON.parse(await readFile(file, 'utf8'));
    } catch (e) {
      throw new DomainError('invalid', 'cli.import.read_failed', [], {
        file,
        reason: e instanceof Error ? e.message : String(e),
      });
    }
    const r = await importMisp(node, principal, doc, importedAt);
    io.out(
      t(locale, 'interop.cli.misp_imported', {
        events: r.events.length,
        rejected: r.rejected.length,
        unmapped: r.unmappedCount,
      }),
    );
    for (const rej of r.rejected)
      for (const i of rej.issues.slice(0, 10)) io.err(`  ${file}#${i.path} : ${t(locale, i.code, i.params)}`);
    for (const u of r.unmapped.slice(0, 50))
      io.err(`  ${t(locale, 'interop.cli.unmapped', { path: u.path, reason: t(locale, u.code, u.params) })}`);
    return;
  }
  // The total is unknown while streaming: a line every 10,000 objects.
  let shown = 0;
  const onProgress = (n: number) => {
    if (n - shown >= 10_000) {
      shown = n;
      io.err(t(locale, 'interop.cli.progress', { done: n }));
    }
  };
  const table = await openCsv(file);
  try {
    if (format === 'ucdp') {
      const r = await importStream(
        node,
        principal,
        ucdpToStix(table, { sourceIdentityId: UCDP_IDENTITY_ID, importedAt }),
        { leading: [ucdpSourceIdentity()], action: 'import.ucdp', onProgress },
      );
      io.out(
        t(locale, 'cli.import.ucdp', {
          rows: r.source.rowsRead,
          incidents: r.source.incidents,
          skipped: r.source.skippedRows,
          outside: r.source.outside,
        }),
      );
      printRowIssues(io, locale, file, r.source.issues);
      printStore(io, locale, r);
    } else {
      const r = await importStream(
        node,
        principal,
        acledToStix(table, { sourceIdentityId: ACLED_IDENTITY_ID, importedAt }),
        { leading: [acledSourceIdentity()], action: 'import.acled', onProgress },
      );
      io.out(
        t(locale, 'interop.cli.acled_imported', {
          rows: r.source.rowsRead,
          incidents: r.source.incidents,
          skipped: r.source.skippedRows,
        }),
      );
      printRowIssues(io, locale, file, r.source.issues);
      printStore(io, locale, r);
    }
  } finally {
    await table.close();
  }
}

/** `sentinelle export --format csv|geojson|misp|cot`: to `out` or standard output. */
export async function exportInteropFile(
  node: SentinelleNode,
  principal: Principal,
  format: string,
  filter: RecordFilter,
  out: string | undefined,
  io: Io,
  locale: Locale,
): Promise<void> {
  if (!isOneOf(INTEROP_EXPORT_FORMATS, format)) {
    throw new DomainError(
      'invalid',
      'interop.bad_format',
      [
        {
          path: '/format',
          code: 'interop.bad_format',
          params: { format, formats: `stix, ${INTEROP_EXPORT_FORMATS.join(', ')}` },
        },
      ],
      { format, formats: `stix, ${INTEROP_EXPORT_FORMATS.join(', ')}` },
    );
  }
  let chunks: AsyncIterable<string> | Iterable<string>;
  if (format === 'misp') {
    const r = await exportMisp(
      node,
      principal,
      { filter },
      { name: node.settings.organisation, identityId: node.settings.identityId },
      'cli',
    );
    for (const u of r.unmapped.slice(0, 50))
      io.err(`  ${t(locale, 'interop.cli.unmapped', { path: u.path, reason: t(locale, u.code, u.params) })}`);
    chunks = [JSON.stringify(r.event, null, 1) + '\n'];
  } else if (format === 'cot') chunks = await exportCot(node, principal, filter);
  else chunks = await exportIncidents(node, principal, filter, format, 'cli');
  if (!out) {
    let text = '';
    for await (const c of chunks) text += c;
    io.out(text.replace(/\n$/, ''));
    return;
  }
  const ws = createWriteStream(out);
  for await (const c of chunks) if (!ws.write(c)) await once(ws, 'drain');
  ws.end();
  await once(ws, 'finish');
  io.out(t(locale, 'interop.cli.exported', { format, file: out }));
}

export function registerInteropCommands(program: Command, cli: CliHelpers): void {
  program
    .command('cot-stream')
    .description('serve only the CoT (TAK) stream on a TCP port / servir uniquement le flux CoT (TAK)')
    .requiredOption('--port <port>', 'TCP port')
    .option('--host <host>', 'listen address (127.0.0.1)')
    .action(async (opts: { port: string; host?: string }, cmd: Command) => {
      await cli.withNode(cmd, async (node) => {
        const stream = new CotStreamServer(node, {
          port: Number(opts.port),
          ...(opts.host ? { host: opts.host } : {}),
        });
        const a = await stream.start();
        cli.io.out(t(cli.locale(), 'interop.cli.cot_listening', { address: `${a.host}:${a.port}` }));
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await stream.stop();
      });
    });
}
