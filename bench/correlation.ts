/**
 * Correlation latency per new record with a large store (issue 7: p99 ≤ 50 ms at 1M records).
 *   npx tsx bench/run.ts correlation
 * Environment: BENCH_CORRELATION_SIZE (stored incidents, default 1000000), BENCH_CORRELATION_BACKENDS
 * (default "postgres"; "pglite,postgres" for both), BENCH_CORRELATION_PROBES (new records, default 500).
 * Seeds the correlation index directly (features of synthetic incidents, 10,000 rows per
 * multi-row statement): correlation reads only its own tables, so storing a million full STIX
 * records first (11 min on PostgreSQL, far longer on PGlite) measured nothing more. Then times
 * `correlateOne` for each new record — a cold pass, then a warmed pass, with the garbage
 * collector's pauses counted — and the worker's whole batch (index + correlate + store + prune +
 * alerts) for new records stored as full records.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig as loadNodeConfig } from '../src/config/config.ts';
import { initNode, openNode, type SentinelleNode } from '../src/node/node.ts';
import { createScratchDatabase } from '../src/store/test-support/backends.ts';
import { indexFields } from '../src/objects/index-fields.ts';
import { builtinMarking } from '../src/objects/markings.ts';
import { EXT_ID } from '../src/objects/sentinelle-extension.ts';
import type { StixObject } from '../src/objects/stix.ts';
import { DEFAULT_CORRELATION_CONFIG } from '../src/analysis/config.ts';
import { correlateOne } from '../src/analysis/correlate.ts';
import { featuresOf, featuresOfObject, type IncidentFeatures } from '../src/analysis/features.ts';
import { CURSOR } from '../src/analysis/worker.ts';
import { syntheticIncidents } from './synthetic.ts';
import { pct } from './stats.ts';

const SIZE = Number(process.env.BENCH_CORRELATION_SIZE ?? 1_000_000);
const PROBES = Number(process.env.BENCH_CORRELATION_PROBES ?? 500);
const BACKENDS = (process.env.BENCH_CORRELATION_BACKENDS ?? 'postgres').split(',') as (
  'pglite' | 'postgres'
)[];
const ORIGINS = ['local', 'peer-mli', 'peer-ner'];
const ACTORS = Array.from(
  { length: 20 },
  (_, i) => `threat-actor--00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
);

/** Synthetic incidents with some actors (10 %) and serial numbers (5 %, from a pool, so some repeat). */
function enrich(objects: Record<string, unknown>[], seed: number): StixObject[] {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  return objects.map((o) => {
    const ext = (o.extensions as Record<string, Record<string, unknown>>)[EXT_ID]!;
    if (rnd() < 0.1) ext.actor_refs = [ACTORS[Math.floor(rnd() * ACTORS.length)]!];
    if (rnd() < 0.05)
      ext.materiel = [
        { category: 'small_arm', model: 'AK-47', serial_number: `SN-${Math.floor(rnd() * 20_000)}` },
      ];
    return o as StixObject;
  });
}

async function withNode<T>(
  backend: 'pglite' | 'postgres',
  fn: (node: SentinelleNode) => Promise<T>,
): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'snt-bench-corr-'));
  const scratch = backend === 'postgres' ? await createScratchDatabase() : undefined;
  const config = loadNodeConfig({ env: {}, dataDir, databaseUrl: scratch?.url });
  await initNode(config, { organisation: 'Bench', country: 'BFA' });
  const node = await openNode(config);
  await node.analysis.stop();
  try {
    return await fn(node);
  } finally {
    await node.close();
    await scratch?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function put(
  node: SentinelleNode,
  objects: StixObject[],
  originOf: (i: number) => string,
): Promise<void> {
  const lookup = (id: string) => builtinMarking(id);
  await node.db.transaction((tx) =>
    node.records.repo.putMany(
      tx,
      objects.map((object, i) => ({
        object,
        fields: indexFields(object, lookup),
        writtenBy: 'bench',
        ownerUser: null,
        origin: originOf(i),
      })),
    ),
  );
}

/** Seeds the correlation index with `size` synthetic incidents (three origins), in batches of 10,000. */
async function seedIndex(node: SentinelleNode, size: number): Promise<void> {
  for (let stored = 0; stored < size;) {
    const n = Math.min(10_000, size - stored);
    const batch = enrich(syntheticIncidents(n, stored + 11), stored + 3);
    const feats = batch
      .map((o, i) => featuresOfObject(o, ORIGINS[(stored + i) % ORIGINS.length]!, stored + i + 1))
      .filter((f): f is IncidentFeatures => f !== null);
    await node.db.transaction((tx) => node.analysis.repo.upsertIncidents(tx, feats));
    stored += n;
  }
}

/** Times `correlateOne` over every probe; counts the GC pauses that fell inside a timed call. */
async function timeProbes(
  node: SentinelleNode,
  feats: readonly IncidentFeatures[],
): Promise<{ times: number[]; cpu: number[]; links: number; gcMs: number; gcHit: number[] }> {
  const cfg = { ...DEFAULT_CORRELATION_CONFIG };
  const gcs: { start: number; end: number }[] = [];
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcs.push({ start: e.startTime, end: e.startTime + e.duration });
  });
  obs.observe({ entryTypes: ['gc'] });
  const spans: { start: number; end: number }[] = [];
  // CPU time of this process per call: with PGlite the database runs in it, so a call whose wall
  // time is far above its CPU time waited for a core (the machine is shared), not for our code.
  const cpu: number[] = [];
  let links = 0;
  for (const f of feats) {
    const start = performance.now();
    const c0 = process.cpuUsage();
    const c = await correlateOne(node.db, node.analysis.repo, f, cfg);
    const used = process.cpuUsage(c0);
    spans.push({ start, end: performance.now() });
    cpu.push((used.user + used.system) / 1000);
    links += c.links.length;
  }
  // GC entries are delivered asynchronously: let them arrive before reading them.
  await new Promise((r) => setTimeout(r, 50));
  obs.disconnect();
  const gcHit = spans.map((s) =>
    gcs.reduce((ms, g) => ms + Math.max(0, Math.min(s.end, g.end) - Math.max(s.start, g.start)), 0),
  );
  return {
    times: spans.map((s) => s.end - s.start),
    cpu,
    links,
    gcMs: gcHit.reduce((a, b) => a + b, 0),
    gcHit,
  };
}

const f2 = (x: number) => x.toFixed(2);

export async function run(): Promise<void> {
  for (const backend of BACKENDS) {
    await withNode(backend, async (node) => {
      let t0 = performance.now();
      await seedIndex(node, SIZE);
      const seedS = (performance.now() - t0) / 1000;
      t0 = performance.now();
      for (const table of ['analysis_incidents', 'analysis_actor_events', 'analysis_materiel'])
        await node.db.query(backend === 'postgres' ? `VACUUM ANALYZE ${table}` : `ANALYZE ${table}`);
      console.log(
        `correlation ${backend}: index seeded with ${SIZE} incidents in ${seedS.toFixed(0)} s (${Math.round(SIZE / seedS)}/s), analysed in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
      );

      // New records from a partner: stored and indexed, then correlated one by one (timed).
      const probes = enrich(syntheticIncidents(PROBES, 987_654), 4242);
      await put(node, probes, () => 'peer-sen');
      const recs = await node.records.repo.getMany(
        node.db,
        probes.map((p) => String(p.id)),
      );
      const feats = [...recs.values()].map(featuresOf).filter((f) => f !== null);
      await node.db.transaction((tx) => node.analysis.repo.upsertIncidents(tx, feats));
      for (const pass of ['cold', 'warm'] as const) {
        const { times, cpu, links, gcMs, gcHit } = await timeProbes(node, feats);
        const p99 = pct(times, 99);
        const slow = times.map((t, i) => [t, gcHit[i]!] as const).filter(([t]) => t >= pct(times, 95));
        console.log(
          `correlation ${backend} @${SIZE} ${pass}: correlateOne per new record p50 ${f2(pct(times, 50))} ms p95 ${f2(pct(times, 95))} ms p99 ${f2(p99)} ms max ${Math.max(...times).toFixed(1)} ms ` +
            `(${backend === 'pglite' ? 'CPU' : 'client CPU'} p50 ${f2(pct(cpu, 50))} ms p99 ${f2(pct(cpu, 99))} ms; ${links} links for ${feats.length} records; GC inside timed calls ${gcMs.toFixed(0)} ms in all, ${slow.filter(([, g]) => g > 0).length} of the ${slow.length} slowest 5 % hit by GC; ` +
            `target p99 ≤ 50 ms, ratio ${(50 / p99).toFixed(2)})`,
        );
      }
      const cfg = { ...DEFAULT_CORRELATION_CONFIG };

      // The whole worker path: a partner's batch of new records, index + correlate + store + prune + alerts.
      await node.analysis.repo.setCursor(node.db, CURSOR, await node.records.repo.lastSeq(node.db));
      const fresh = enrich(syntheticIncidents(PROBES, 123_457), 77);
      await put(node, fresh, () => 'peer-sen');
      t0 = performance.now();
      const report = { indexed: 0, links: 0, pruned: 0, alerts: 0, alertMs: 0 };
      for (;;) {
        const r = await node.analysis.worker.batch();
        for (const k of Object.keys(report) as (keyof typeof report)[]) report[k] += r[k];
        if (r.changes < cfg.batchSize) break;
      }
      const ms = performance.now() - t0;
      console.log(
        `correlation ${backend} @${SIZE}: worker batch of ${report.indexed} new records in ${ms.toFixed(0)} ms = ${(ms / Math.max(1, report.indexed)).toFixed(2)} ms/record ` +
          `(${report.links} links, ${report.pruned} pruned, ${report.alerts} alerts raised or updated in ${report.alertMs.toFixed(0)} ms)`,
      );
    });
  }
}
