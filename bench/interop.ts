/**
 * Importer throughput (issue 5): rows/s of the shared UCDP GED file and of a synthetic ACLED
 * export of the same size, (a) read and mapped only, (b) imported into a fresh node through the
 * streaming pipeline (chunks of 500 objects, one transaction each), (c) re-imported unchanged,
 * on PGlite and PostgreSQL. Then a large synthetic ACLED file mapped only, with the heap growth,
 * to show that inputs stream. Prints figures; never asserts.
 *   npx tsx bench/run.ts interop        (BENCH_ACLED_LARGE, default 200000 rows)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { loadConfig } from '../src/config/config.ts';
import { initNode, openNode, SYSTEM_PRINCIPAL } from '../src/node/node.ts';
import { createScratchDatabase } from '../src/store/test-support/backends.ts';
import { openCsv } from '../src/imports/csv.ts';
import { ucdpToStix } from '../src/imports/ucdp.ts';
import { UCDP_IDENTITY_ID, ucdpSourceIdentity } from '../src/imports/ucdp-source.ts';
import { acledToStix } from '../src/imports/acled.ts';
import { ACLED_IDENTITY_ID, acledSourceIdentity } from '../src/imports/acled-source.ts';
import { importStream } from '../src/imports/pipeline.ts';
import { DEFAULT_UCDP_CSV } from '../src/imports/demo.ts';
import type { StixObject } from '../src/objects/stix.ts';

const IMPORTED_AT = '2025-01-15T08:00:00.000Z';
const LARGE = Number(process.env.BENCH_ACLED_LARGE ?? 200_000);

const ACLED_HEADER =
  'event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp';
const KINDS = [
  [
    'Battles',
    'Armed clash',
    'Military Forces of Burkina Faso (2022-)',
    '1',
    'JNIM: Group for Support of Islam and Muslims',
    '2',
  ],
  [
    'Violence against civilians',
    'Attack',
    'Islamic State Sahel Province',
    '2',
    'Civilians (Burkina Faso)',
    '7',
  ],
  [
    'Explosions/Remote violence',
    'Remote explosive/landmine/IED',
    'JNIM: Group for Support of Islam and Muslims',
    '2',
    'Military Forces of Burkina Faso (2022-)',
    '1',
  ],
  ['Protests', 'Peaceful protest', 'Protesters (Burkina Faso)', '6', '', ''],
] as const;

/** A synthetic ACLED export (made-up rows in ACLED's column layout), generated lazily. */
function* syntheticAcled(n: number): Generator<string> {
  yield ACLED_HEADER + '\n';
  let buf = '';
  for (let i = 0; i < n; i++) {
    const k = KINDS[i % KINDS.length]!;
    const d = new Date(Date.UTC(2020, 0, 1) + (i % 1400) * 86_400_000).toISOString().slice(0, 10);
    const lat = (10 + ((i * 7919) % 5000) / 1000).toFixed(4);
    const lon = (-5 + ((i * 104729) % 7000) / 1000).toFixed(4);
    buf += `BFA${i},${d},${d.slice(0, 4)},1,Political violence,${k[0]},${k[1]},"${k[2]}",,${k[3]},"${k[4]}",,${k[5]},,,854,Western Africa,Burkina Faso,Centre-Nord,Sanmatenga,,Kaya,${lat},${lon},1,Synthetic,National,"Synthetic row ${i}, made up for a benchmark.",${i % 9},,${1_700_000_000 + i}\n`;
    if (buf.length > 64_000) {
      yield buf;
      buf = '';
    }
  }
  yield buf;
}

type Mapper = 'ucdp' | 'acled';
const source = (m: Mapper, rows: number) =>
  m === 'ucdp' ? DEFAULT_UCDP_CSV : Readable.from(syntheticAcled(rows));
async function generator(m: Mapper, rows: number): Promise<AsyncGenerator<StixObject, { rowsRead: number }>> {
  const table = await openCsv(source(m, rows));
  return m === 'ucdp'
    ? ucdpToStix(table, { sourceIdentityId: UCDP_IDENTITY_ID, importedAt: IMPORTED_AT })
    : acledToStix(table, { sourceIdentityId: ACLED_IDENTITY_ID, importedAt: IMPORTED_AT });
}

async function mapOnly(m: Mapper, rows: number): Promise<{ rows: number; seconds: number; heapMb: number }> {
  const heap0 = process.memoryUsage().heapUsed;
  let peak = heap0;
  const t0 = performance.now();
  const gen = await generator(m, rows);
  let n = 0;
  for (;;) {
    const r = await gen.next();
    if (r.done) {
      const seconds = (performance.now() - t0) / 1000;
      return { rows: r.value.rowsRead, seconds, heapMb: (peak - heap0) / 1e6 };
    }
    if (++n % 10_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
}

async function withNode<T>(
  backend: 'pglite' | 'postgres',
  fn: (node: Awaited<ReturnType<typeof openNode>>) => Promise<T>,
): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'snt-bench-interop-'));
  const scratch = backend === 'postgres' ? await createScratchDatabase() : undefined;
  const config = loadConfig({ env: {}, dataDir, databaseUrl: scratch?.url });
  await initNode(config, { organisation: 'Bench', country: 'BFA' });
  const node = await openNode(config);
  try {
    return await fn(node);
  } finally {
    await node.close();
    await scratch?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function store(node: Awaited<ReturnType<typeof openNode>>, m: Mapper, rows: number) {
  const t0 = performance.now();
  const r = await importStream(node, SYSTEM_PRINCIPAL, await generator(m, rows), {
    leading: [m === 'ucdp' ? ucdpSourceIdentity() : acledSourceIdentity()],
    action: `import.${m}`,
  });
  return { rows: r.source.rowsRead, seconds: (performance.now() - t0) / 1000, store: r.store };
}

const rate = (rows: number, s: number) => `${Math.round(rows / s).toLocaleString('en')} rows/s`;

export async function run(): Promise<void> {
  const ucdpRows = (await mapOnly('ucdp', 0)).rows;
  console.log(
    `\n== interop: importers (UCDP GED shared file: ${ucdpRows} rows; synthetic ACLED: same size) ==`,
  );
  for (const m of ['ucdp', 'acled'] as const) {
    const r = await mapOnly(m, ucdpRows);
    console.log(
      `${m.padEnd(5)} read+map only        ${r.rows} rows in ${r.seconds.toFixed(2)} s = ${rate(r.rows, r.seconds)}`,
    );
  }
  for (const backend of ['pglite', 'postgres'] as const) {
    try {
      await withNode(backend, async (node) => {
        for (const m of ['ucdp', 'acled'] as const) {
          const first = await store(node, m, ucdpRows);
          const again = await store(node, m, ucdpRows);
          console.log(
            `${m.padEnd(5)} ${backend.padEnd(8)} import  ${first.rows} rows in ${first.seconds.toFixed(2)} s = ${rate(first.rows, first.seconds)} (created ${first.store.created})`,
          );
          console.log(
            `${m.padEnd(5)} ${backend.padEnd(8)} re-import unchanged   ${again.seconds.toFixed(2)} s = ${rate(again.rows, again.seconds)} (unchanged ${again.store.unchanged}/${again.store.total})`,
          );
        }
      });
    } catch (e) {
      console.log(`${backend}: skipped (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
    }
  }
  const big = await mapOnly('acled', LARGE);
  console.log(
    `acled read+map only, ${big.rows.toLocaleString('en')} synthetic rows: ${big.seconds.toFixed(1)} s = ${rate(big.rows, big.seconds)}; heap growth ≤ ${big.heapMb.toFixed(0)} MB (streamed, not held)`,
  );
}
