/**
 * Correlation latency per new record with a large store (issue 7: p99 ≤ 50 ms at 1M records).
 *   npx tsx bench/run.ts correlation
 * Environment: BENCH_CORRELATION_SIZE (stored incidents, default 1000000), BENCH_CORRELATION_BACKENDS
 * (default "postgres"; "pglite,postgres" for both), BENCH_CORRELATION_PROBES (new records, default 500).
 * Seeds with the repository's bulk put (as bench/run.ts does), indexes the features, then times
 * `correlateOne` for each new record, and the worker's whole batch (index + correlate + store + prune).
 */
import { mkdtempSync, rmSync } from 'node:fs';
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
import { featuresOf } from '../src/analysis/features.ts';
import { CURSOR } from '../src/analysis/worker.ts';
import { syntheticIncidents } from './synthetic.ts';

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

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

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

/** Indexes every stored incident's features (the worker's first step), without correlating. */
async function indexAll(node: SentinelleNode): Promise<void> {
  const repo = node.analysis.repo;
  for (;;) {
    const pos = await repo.cursor(node.db, CURSOR);
    const changes = await node.records.repo.changesSince(node.db, pos, 10_000);
    if (changes.length === 0) return;
    const recs = await node.records.repo.getMany(
      node.db,
      changes.map((c) => c.id),
    );
    const feats = [...recs.values()].map(featuresOf).filter((f) => f !== null);
    await node.db.transaction(async (tx) => {
      await repo.upsertIncidents(tx, feats);
      await repo.setCursor(tx, CURSOR, changes[changes.length - 1]!.seq);
    });
  }
}

export async function run(): Promise<void> {
  for (const backend of BACKENDS) {
    await withNode(backend, async (node) => {
      let t0 = performance.now();
      for (let stored = 0; stored < SIZE;) {
        const n = Math.min(20_000, SIZE - stored);
        const batch = enrich(syntheticIncidents(n, stored + 11), stored + 3);
        await put(node, batch, (i) => ORIGINS[(stored + i) % ORIGINS.length]!);
        stored += n;
      }
      const seedS = (performance.now() - t0) / 1000;
      t0 = performance.now();
      await indexAll(node);
      const indexS = (performance.now() - t0) / 1000;
      await node.db.query(
        backend === 'postgres' ? 'VACUUM ANALYZE analysis_incidents' : 'ANALYZE analysis_incidents',
      );
      console.log(
        `correlation ${backend}: seeded ${SIZE} incidents in ${seedS.toFixed(0)} s, feature index built in ${indexS.toFixed(0)} s (${Math.round(SIZE / indexS)}/s)`,
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
      const cfg = { ...DEFAULT_CORRELATION_CONFIG };
      const times: number[] = [];
      let links = 0;
      for (const f of feats) {
        const t = performance.now();
        const c = await correlateOne(node.db, node.analysis.repo, f, cfg);
        times.push(performance.now() - t);
        links += c.links.length;
      }
      const p99 = pct(times, 99);
      console.log(
        `correlation ${backend} @${SIZE}: correlateOne per new record p50 ${pct(times, 50).toFixed(2)} ms p99 ${p99.toFixed(2)} ms max ${Math.max(...times).toFixed(1)} ms ` +
          `(${links} links for ${feats.length} records; target p99 ≤ 50 ms, ratio ${(50 / p99).toFixed(2)})`,
      );

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
