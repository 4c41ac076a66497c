/**
 * Benchmarks of the node foundation. Prints figures and ratios to the targets; never asserts.
 *   npm run bench                 # all
 *   npm run bench -- ingest       # one of: ingest, query, rss, compact, policy, or a domain's
 *                                 # bench/<name>.ts: federation, taxii, interop, correlation, forecast, operations
 * Compiled, as production runs: node scripts/bench-compiled.mjs <name> (same arguments).
 * Environment: BENCH_N (ingest objects, default 100000), BENCH_QUERY_SIZES (default 100000,1000000).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config/config.ts';
import { initNode, openNode, SYSTEM_PRINCIPAL } from '../src/node/node.ts';
import { createScratchDatabase } from '../src/store/test-support/backends.ts';
import { syntheticIncidents } from './synthetic.ts';
import { indexFields } from '../src/objects/index-fields.ts';
import { builtinMarking } from '../src/objects/markings.ts';
import type { StixObject } from '../src/objects/stix.ts';
import { compact } from './federation-compact.ts';
import { policyBench } from './policy.ts';
import { pct } from './stats.ts';

const which = process.argv[2] ?? 'all';
const N = Number(process.env.BENCH_N ?? 100_000);

async function withNode<T>(backend: 'pglite' | 'postgres', fn: (node: Awaited<ReturnType<typeof openNode>>) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'snt-bench-'));
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

async function ingest(): Promise<void> {
  const objects = syntheticIncidents(N, 1);
  for (const backend of ['pglite', 'postgres'] as const) {
    await withNode(backend, async (node) => {
      const t0 = performance.now();
      await node.records.importObjects(SYSTEM_PRINCIPAL, objects, { batchSize: 2000 });
      const s = (performance.now() - t0) / 1000;
      const rate = N / s;
      const target = backend === 'postgres' ? 30_000 : 10_000;
      console.log(`ingest ${backend}: ${N} incidents (validation included) in ${s.toFixed(1)} s = ${Math.round(rate)} objects/s (target ${target}/s, ratio ${(rate / target).toFixed(2)})`);
    });
  }
}

async function query(): Promise<void> {
  const sizes = (process.env.BENCH_QUERY_SIZES ?? '100000,1000000').split(',').map(Number);
  await withNode('postgres', async (node) => {
    let stored = 0;
    const lookup = (id: string) => builtinMarking(id);
    for (const size of sizes) {
      // Bulk load straight through the repository (validation is measured by the ingest bench).
      while (stored < size) {
        const n = Math.min(20_000, size - stored);
        const batch = syntheticIncidents(n, stored + 7) as StixObject[];
        await node.db.transaction((tx) =>
          node.records.repo.putMany(tx, batch.map((object) => ({ object, fields: indexFields(object, lookup), writtenBy: 'bench', ownerUser: null, origin: 'local' }))),
        );
        stored += n;
      }
      // Steady state: autovacuum keeps the visibility map current, which index-only scans need.
      await node.db.query('VACUUM ANALYZE objects');
      const rnd = mulberry(size);
      const list: number[] = [];
      const bbox: number[] = [];
      for (let i = 0; i < 200; i++) {
        const from = new Date(Date.UTC(2020, Math.floor(rnd() * 40), 1)).toISOString();
        const to = new Date(Date.UTC(2020, Math.floor(rnd() * 40) + 3, 1)).toISOString();
        let t = performance.now();
        await node.records.list(SYSTEM_PRINCIPAL, { types: ['incident'], countries: ['BFA'], timeField: 'event_time', from, to, limit: 100 });
        list.push(performance.now() - t);
        const lat = 10 + rnd() * 8;
        const lon = -5 + rnd() * 9;
        t = performance.now();
        await node.records.list(SYSTEM_PRINCIPAL, { types: ['incident'], bbox: { west: lon, south: lat, east: lon + 1.5, north: lat + 1 }, limit: 500 });
        bbox.push(performance.now() - t);
      }
      console.log(`query postgres @${size}: filtered list p50 ${pct(list, 50).toFixed(1)} ms p95 ${pct(list, 95).toFixed(1)} ms; map viewport (bbox, 500 rows) p50 ${pct(bbox, 50).toFixed(1)} ms p95 ${pct(bbox, 95).toFixed(1)} ms (target p95 ≤ 50 ms, ratio ${(50 / pct(bbox, 95)).toFixed(2)})`);
    }
  });
}

async function rss(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'snt-bench-rss-'));
  const bin = fileURLToPath(new URL('../bin/sentinelle.js', import.meta.url));
  const child = spawn(process.execPath, [bin, 'demo', '--serve', '--port', '0', '--data-dir', dataDir], { env: { ...process.env, SENTINELLE_LOG: 'off' } });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', () => reject(new Error(out)));
  });
  const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'sentinelle-demo' }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  for (let i = 0; i < 50; i++) {
    let next: string | null = null;
    do {
      const r = await fetch(`${url}/api/v1/objects?limit=1000${next ? `&cursor=${next}` : ''}`, { headers: { cookie } });
      next = ((await r.json()) as { next: string | null }).next;
    } while (next);
  }
  const { readFileSync } = await import('node:fs');
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)![1]) / 1024;
  const now = Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
  console.log(`rss demo node (after 50 full list walks): peak ${hwm.toFixed(0)} MB, current ${now.toFixed(0)} MB (target ≤ 300 MB, ratio ${(300 / hwm).toFixed(2)})`);
  child.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}

function mulberry(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

if (which === 'all' || which === 'ingest') await ingest();
if (which === 'all' || which === 'query') await query();
if (which === 'all' || which === 'rss') await rss();
if (which === 'all' || which === 'compact') await compact();
if (which === 'all' || which === 'policy') await policyBench();

// Each domain's benchmarks live in their own file, bench/<name>.ts, exporting `run()`.
const DOMAIN_BENCHES = ['federation', 'taxii', 'interop', 'correlation', 'forecast', 'operations'] as const;
for (const name of DOMAIN_BENCHES) {
  if (which !== 'all' && which !== name) continue;
  // `.js` when run from the tsc build (scripts/bench-compiled.mjs).
  const url = new URL(`./${name}${import.meta.url.endsWith('.js') ? '.js' : '.ts'}`, import.meta.url);
  if (!existsSync(fileURLToPath(url))) continue;
  const mod = (await import(url.href)) as { run: () => Promise<void> };
  await mod.run();
}
