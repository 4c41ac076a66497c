/**
 * Federation benchmarks (issue 4, docs/sync-spec.md). Two real nodes on loopback (HTTP push, live
 * path through the ChangeHub), on PGlite and PostgreSQL. Prints figures and ratios to the targets;
 * never asserts.
 *   npx tsx bench/run.ts federation
 * Environment: BENCH_FED_LATENCY (samples, default 100), BENCH_FED_BACKLOG (catch-up backlog,
 * default 20000), BENCH_FED_RESYNC (records held before the week-long partition, default 10000),
 * BENCH_FED_BACKENDS (default "pglite,postgres"), BENCH_FED_ANALYSIS ("on" keeps both nodes'
 * correlation workers running during catch-up; by default they are paused, since here both nodes
 * share one process and one event loop, which two real nodes never do), BENCH_FED_PARTS (default
 * "latency,catchup,offline,agreement,resync": which parts to run), BENCH_FED_PROCESSES (default "1,2": latency
 * and catch-up with both nodes in this process, then with the receiver in its own process,
 * bench/fed-peer.ts), BENCH_PEER_PROF (a directory: with the receiver in its own process, each
 * process's CPU profile during each catch-up is written there, receiver-<backend>-<scenario> and
 * sender-<backend>-<scenario>.cpuprofile).
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { decodeCbor } from '../src/federation/cbor.ts';
import { encodeCompact, type CompactValue } from '../src/federation/compact.ts';
import { parseSign1 } from '../src/federation/cose.ts';
import { decodeMessage } from '../src/federation/wire.ts';
import { decodeReceiveResult } from '../src/federation/engine/transport.ts';
import { fetchPost, PushError, type Post, type TransportDeps } from '../src/federation/engine/transport.ts';
import {
  incident,
  party,
  registerAll,
  signEverywhere,
  type Party,
} from '../src/federation/engine/test-support/parties.ts';
import { agreementDoc } from '../src/sharing/test-support/fixtures.ts';
import type { StixObject } from '../src/objects/stix.ts';
import { profileHere, spawnPeer, traceSql, visible, type RemotePeer } from './fed-peer.ts';
import { pct } from './stats.ts';

const LATENCY_N = Number(process.env.BENCH_FED_LATENCY ?? 100);
/** Releases through the live path before the timed ones (warm-up, printed apart). */
const LATENCY_WARMUP = 5;
const BACKLOG_N = Number(process.env.BENCH_FED_BACKLOG ?? 20_000);
const RESYNC_N = Number(process.env.BENCH_FED_RESYNC ?? 10_000);
const PROCESSES = (process.env.BENCH_FED_PROCESSES ?? '1,2').split(',').map(Number) as (1 | 2)[];
const PARTS = new Set((process.env.BENCH_FED_PARTS ?? 'latency,catchup,offline,agreement,resync').split(','));
const BACKENDS = (process.env.BENCH_FED_BACKENDS ?? 'pglite,postgres').split(',') as (
  'pglite' | 'postgres'
)[];

/** Busy and total CPU time of the whole machine so far, in ms (Linux /proc/stat; zeros elsewhere). */
function machineCpu(): { busy: number; total: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = line.reduce((a, b) => a + b, 0);
    const idle = (line[3] ?? 0) + (line[4] ?? 0);
    const tick = 10; // USER_HZ = 100 on Linux
    return { busy: (total - idle) * tick, total: total * tick };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/** CPU time (ms) of each running PostgreSQL server process, by pid (Linux /proc; empty elsewhere). */
function postgresCpu(): Map<string, { ms: number; what: string }> {
  const out = new Map<string, { ms: number; what: string }>();
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const close = stat.lastIndexOf(')');
        if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
        const f = stat.slice(close + 2).split(' ');
        const what = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
        out.set(pid, { ms: (Number(f[11]) + Number(f[12])) * 10, what });
      } catch {
        // gone meanwhile
      }
    }
  } catch {
    // no /proc
  }
  return out;
}

/** CPU (ms) PostgreSQL used since `before`, in total and by process kind (BENCH_PG_DETAIL=1 prints it). */
function postgresCpuSince(before: Map<string, { ms: number; what: string }>): number {
  let total = 0;
  const byKind = new Map<string, number>();
  for (const [pid, now] of postgresCpu()) {
    const used = now.ms - (before.get(pid)?.ms ?? 0);
    total += used;
    const kind = now.what.replace(/\(\d+\)/, '').replace(/ (idle|INSERT|UPDATE|SELECT|COMMIT|BEGIN).*$/, '');
    byKind.set(kind, (byKind.get(kind) ?? 0) + used);
  }
  if (process.env.BENCH_PG_DETAIL === '1')
    for (const [k, ms] of [...byKind].sort((a, b) => b[1] - a[1]).slice(0, 12)) if (ms > 0) console.log(`    ${String(ms).padStart(6)} ms  ${k}`);
  return total;
}

/** Counts bytes both ways on the sender's HTTP transport. */
interface Wire {
  /** The link is down: every post fails as an unreachable partner would. */
  down: boolean;
  sent: number;
  received: number;
  requests: number;
  bodies: Uint8Array[];
  replies: Uint8Array[];
}

function countWire(p: Party): Wire {
  const wire: Wire = { down: false, sent: 0, received: 0, requests: 0, bodies: [], replies: [] };
  const post: Post = async (url, body) => {
    if (wire.down) throw new PushError('unreachable');
    wire.requests++;
    wire.sent += body.length;
    wire.bodies.push(body);
    const reply = await fetchPost(url, body);
    wire.received += reply.length;
    wire.replies.push(reply);
    return reply;
  };
  (p.t.node.federation.transport as unknown as { deps: TransportDeps }).deps.post = post;
  return wire;
}

async function pair(backend: 'pglite' | 'postgres', signed = true): Promise<[Party, Party]> {
  const a = await party(backend, 'BFA');
  const b = await party(backend, 'SEN');
  await registerAll([a, b]);
  if (signed) await signLocal(a, b);
  return [a, b];
}

async function signLocal(a: Party, b: Party): Promise<void> {
  await signEverywhere(
    agreementDoc({ id: randomUUID(), parties: [a.id, b.id], expiry: '2099-01-01T00:00:00Z' }),
    [a, b],
  );
}

async function bulk(p: Party, n: number): Promise<StixObject[]> {
  const out: StixObject[] = [];
  for (let i = 0; i < n; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, n - i) }, () => incident(p));
    await p.t.node.records.importObjects(p.t.node.system, batch, { action: 'bench.backlog' });
    out.push(...batch);
  }
  return out;
}

async function backlogOf(a: Party, b: Party): Promise<number> {
  return (await a.t.node.federation.status()).find((s) => s.peerId === b.id)!.backlog;
}

async function latency(backend: 'pglite' | 'postgres', processes: 1 | 2): Promise<void> {
  // One process: both nodes share an event loop (each one's followers delay the other); two: the
  // partner runs in its own process (bench/fed-peer.ts), as two nodes run.
  const remote = processes === 2 ? await remotePair(backend) : undefined;
  const [a, b] = remote ?? (await pair(backend));
  try {
    if (remote) await signRemote(a, remote[1]);
    await a.t.node.records.create(a.t.node.system, incident(a));
    await a.t.node.federation.sync(); // warm: key set, identity
    a.t.node.federation.start();
    const samples: number[] = [];
    // The first releases of a fresh pair pay for warm-up (JIT, pool connections, each follower's
    // first run on both nodes): timed and printed, not counted in the percentiles.
    const warmup: number[] = [];
    for (let i = 0; i < LATENCY_WARMUP + LATENCY_N; i++) {
      const obj = incident(a);
      const seen = remote ? remote[1].call<void>('visible', obj.id) : visible(b as Party, obj.id);
      const t0 = performance.now();
      await a.t.node.records.create(a.t.node.system, obj);
      await seen;
      (i < LATENCY_WARMUP ? warmup : samples).push(performance.now() - t0);
    }
    await a.t.node.federation.stop();
    const target = backend === 'postgres' ? 100 : 250;
    const p99 = pct(samples, 99);
    console.log(
      `federation ${backend}: create-to-visible at the partner, ${LATENCY_N} sequential releases (live push on loopback), ${processes === 2 ? 'partner in its own process' : 'both nodes in one process'}`,
    );
    console.log(
      `  p50 ${pct(samples, 50).toFixed(1)} ms   p99 ${p99.toFixed(1)} ms   (target p99 ≤ ${target} ms: ${(p99 / target).toFixed(2)}×)`,
    );
    console.log(
      `  max ${Math.max(...samples).toFixed(1)} ms; the ${LATENCY_WARMUP} warm-up releases before them: ${warmup.map((x) => x.toFixed(0)).join(', ')} ms`,
    );
  } finally {
    await a.t.dispose();
    if (remote) await remote[1].close();
    else await (b as Party).t.dispose();
  }
}

/** The sender here, the receiver in its own process (bench/fed-peer.ts), as two real nodes run. */
async function remotePair(backend: 'pglite' | 'postgres'): Promise<[Party, RemotePeer]> {
  const a = await party(backend, 'BFA');
  const b = await spawnPeer(backend, 'SEN');
  await a.t.node.peers.add(a.t.node.system, {
    nodeId: b.info.id,
    name: 'Service SEN',
    country: b.info.country,
    baseUrl: b.info.url,
    publicKey: b.info.publicKeySpki,
  });
  await b.call('addPeer', {
    id: a.id,
    url: a.url,
    country: a.t.node.settings.country,
    publicKeySpki: a.t.node.keys.publicKeySpki,
  });
  return [a, b];
}

async function signRemote(a: Party, b: RemotePeer): Promise<void> {
  const doc = agreementDoc({ id: randomUUID(), parties: [a.id, b.info.id], expiry: '2099-01-01T00:00:00Z' });
  const sys = a.t.node.system;
  await a.t.node.agreements.propose(sys, doc);
  const signed = await b.call('agreement', await a.t.node.agreements.exportFile(sys, doc.id), doc.id, true);
  await a.t.node.agreements.importFile(sys, signed);
}

/**
 * `partition`: the partners were in step, then `BACKLOG_N` records were made while the link was
 * down and the sender ran on (its rounds plan and number each import as it commits, and fail to
 * push), as a running node does; `offline`: the same, but the sender node was stopped during the
 * partition too, so it plans the whole backlog after the link heals; `agreement`: a node holding
 * `BACKLOG_N` records signs its first agreement with a partner (every record re-planned,
 * [FED-102]). The clock runs from the first round after the link heals (or the signature) until
 * the partner holds them all.
 */
async function catchUp(
  backend: 'pglite' | 'postgres',
  processes: 1 | 2,
  scenario: 'partition' | 'offline' | 'agreement',
): Promise<void> {
  const remote = processes === 2 ? await remotePair(backend) : undefined;
  const local = remote ? undefined : await pair(backend, false);
  const a = (remote ?? local)![0];
  const peerId = remote ? remote[1].info.id : local![1].id;
  const sign = () => (remote ? signRemote(a, remote[1]) : signLocal(a, local![1]));
  const held = async () =>
    remote
      ? remote[1].call<number>('heldFrom', a.id)
      : Number(
          (
            await local![1].t.node.db.query<{ n: number }>('SELECT count(*) AS n FROM objects WHERE origin = $1', [
              a.id,
            ])
          ).rows[0]!.n,
        );
  const title = {
    partition: 'catch-up after a partition (the sender ran on and planned during it), backlog of',
    offline: 'catch-up after a partition the sender spent stopped (it plans after the link heals), backlog of',
    agreement: 'first agreement signed by a node holding',
  }[scenario];
  try {
    const wire = countWire(a);
    if (scenario !== 'agreement') {
      // In step before the partition: one record shared, the change feed and the plan current.
      await sign();
      await a.t.node.records.create(a.t.node.system, incident(a));
      await a.t.node.federation.sync();
    }
    const before = await held();
    let planning = 0;
    if (scenario === 'partition') {
      wire.down = true;
      for (let i = 0; i < BACKLOG_N; i += 1000) {
        await bulk(a, Math.min(1000, BACKLOG_N - i));
        const t = performance.now();
        await a.t.node.federation.sync(); // the round a commit pokes: plans, numbers, fails to push
        planning += performance.now() - t;
      }
      wire.down = false;
    } else await bulk(a, BACKLOG_N);
    if (scenario === 'agreement') {
      await a.t.node.federation.sync(); // planned under no agreement: nothing goes
      await sign();
    }
    const analysis = process.env.BENCH_FED_ANALYSIS === 'on';
    if (!analysis) {
      await a.t.node.analysis.stop();
      if (remote) await remote[1].call('stopAnalysis');
      else await local![1].t.node.analysis.stop();
    }
    Object.assign(wire, { sent: 0, received: 0, requests: 0, bodies: [], replies: [] });
    const trace = process.env.BENCH_PEER_SQL === '1' ? traceSql() : undefined;
    const cpu0 = process.cpuUsage();
    const machine0 = machineCpu();
    const pg0 = postgresCpu();
    const peerCpu0 = remote ? await remote[1].call<number>('cpu') : 0;
    const profile = remote ? process.env.BENCH_PEER_PROF : undefined;
    if (profile) {
      await remote![1].call('profile', 'start');
      await profileHere('start');
    }
    const t0 = performance.now();
    let rounds = 0;
    do {
      await a.t.node.federation.sync();
      rounds++;
    } while ((await a.t.node.federation.status()).find((s) => s.peerId === peerId)!.backlog > 0 && rounds < 1000);
    const secs = (performance.now() - t0) / 1000;
    if (profile) {
      await remote![1].call('profile', 'stop', `${profile}/receiver-${backend}-${scenario}.cpuprofile`);
      await profileHere('stop', `${profile}/sender-${backend}-${scenario}.cpuprofile`);
    }
    const cpu = process.cpuUsage(cpu0);
    const machine1 = machineCpu();
    const pgCpu = postgresCpuSince(pg0);
    if (trace) {
      console.error('sender statements during the catch-up:');
      trace.report();
    }
    const peerCpu = remote ? (await remote[1].call<number>('cpu')) - peerCpu0 : 0;
    const got = (await held()) - before;
    const rate = got / secs;
    console.log(
      `federation ${backend}: ${title} ${BACKLOG_N} records, ${processes === 2 ? 'receiver in its own process' : 'both nodes in one process'}${BACKLOG_N < 100_000 ? ' (100k target scaled down; set BENCH_FED_BACKLOG=100000)' : ''}`,
    );
    console.log(
      `  ${got} records in ${secs.toFixed(1)} s (${scenario === 'partition' ? 'push + verify + re-check + apply + ack' : 'plan + sign + push + verify + re-check + apply + ack'}): ${rate.toFixed(0)} records/s (target ≥ 5000: ${(rate / 5000).toFixed(2)}×)`,
    );
    if (scenario === 'partition')
      console.log(
        `  planned and numbered during the partition: ${(planning / 1000).toFixed(1)} s of rounds (${((BACKLOG_N / planning) * 1000).toFixed(0)} records/s), not counted above`,
      );
    const ms = (cpu.user + cpu.system) / 1000;
    console.log(
      remote
        ? `  CPU time: sender process ${((ms * 1000) / got).toFixed(0)} ms per 1,000 records, receiver process ${((peerCpu * 1e6) / got).toFixed(0)} ms (the database server's not counted)`
        : `  CPU time of the process (both nodes): ${((ms * 1000) / got).toFixed(0)} ms per 1,000 records (the database server's not counted)`,
    );
    if (machine1.total > machine0.total) {
      const busy = machine1.busy - machine0.busy;
      console.log(
        `  the machine (${availableParallelism()} cores, both nodes and their databases): ${((busy * 1000) / got).toFixed(0)} ms of CPU per 1,000 records, ${((100 * busy) / (machine1.total - machine0.total)).toFixed(0)} % busy${backend === 'postgres' ? `; PostgreSQL server processes ${((pgCpu * 1000) / got).toFixed(0)} ms of it` : ''}`,
      );
    }
    console.log(
      `  correlation workers ${analysis ? 'running' : 'paused'} during catch-up (BENCH_FED_ANALYSIS)`,
    );
    console.log(
      `  wire: ${(wire.sent / got).toFixed(0)} B/record sent, ${(wire.received / got).toFixed(1)} B/record of acks back, ${wire.requests} requests`,
    );
  } finally {
    await a.t.dispose();
    if (remote) await remote[1].close();
    else await local![1].t.dispose();
  }
}

/**
 * Where the bytes of pushes go: the signed batch headers (of which the item digests), the items'
 * own bytes (each encoded alone), the push messages around them, the acks coming back.
 */
function breakdown(wire: Wire): string {
  let headers = 0;
  let digests = 0;
  let items = 0;
  let itemCount = 0;
  let frames = 0;
  for (const body of wire.bodies) {
    const m = decodeMessage(body);
    if (!m.ok || m.value.type !== 'envelope') continue;
    for (const f of m.value.envelopes) {
      frames++;
      const top = decodeCbor(f);
      if (!Array.isArray(top) || top.length !== 3 || !(top[0] instanceof Uint8Array)) continue;
      headers += top[0].length;
      digests += parseSign1(top[0]).payload.length;
      const list = top[2];
      if (Array.isArray(list))
        for (const it of list)
          if (it instanceof Uint8Array) {
            items += it.length;
            itemCount++;
          }
    }
  }
  let acks = 0;
  for (const r of wire.replies) for (const a of decodeReceiveResult(r)?.acks ?? []) acks += a.length;
  return (
    `  push bodies ${wire.sent} B (${frames} frames, ${itemCount} items): headers ${headers} B (of which digests ${digests} B), ` +
    `items ${items} B as encoded; replies ${wire.received} B (signed acks ${acks} B)`
  );
}

async function resync(backend: 'pglite' | 'postgres'): Promise<void> {
  const [a, b] = await pair(backend);
  try {
    const objects = await bulk(a, RESYNC_N);
    while ((await a.t.node.federation.sync()) && (await backlogOf(a, b)) > 0);
    // A week-long partition: the sender's clock moves on, 50 records change meanwhile.
    a.t.clock.advance(7 * 24 * 3600 * 1000);
    const changed: StixObject[] = [];
    for (let i = 0; i < 50; i++) {
      const o = objects[i * Math.floor(RESYNC_N / 50)]!;
      const next = {
        ...o,
        modified: a.t.clock.now().toISOString(),
        description: `Mise à jour ${i} : bilan révisé après enquête.`,
      };
      changed.push(await a.t.node.records.update(a.t.node.system, o.id, next));
    }
    // The payload: the 50 changed records themselves, compact-encoded together (as on the wire).
    const payload = encodeCompact(changed as unknown as CompactValue).length;
    const wire = countWire(a);
    let rounds = 0;
    do {
      await a.t.node.federation.sync();
      rounds++;
    } while ((await backlogOf(a, b)) > 0 && rounds < 100);
    const total = wire.sent + wire.received;
    const overhead = total - payload;
    console.log(
      `federation ${backend}: resynchronisation after a week-long partition, 50 changes among ${RESYNC_N} records`,
    );
    console.log(
      `  ${total} B on the wire (${wire.requests} requests) for ${payload} B of compact payload: ${overhead} B beyond the payload (target ≤ 2048 B: ${(overhead / 2048).toFixed(2)}×), ${(overhead / 50).toFixed(0)} B per change`,
    );
    console.log(breakdown(wire));
  } finally {
    await a.t.dispose();
    await b.t.dispose();
  }
}

export async function run(): Promise<void> {
  for (const backend of BACKENDS) {
    if (PARTS.has('latency')) for (const n of PROCESSES) await latency(backend, n);
    if (PARTS.has('catchup')) for (const n of PROCESSES) await catchUp(backend, n, 'partition');
    if (PARTS.has('offline')) for (const n of PROCESSES) await catchUp(backend, n, 'offline');
    if (PARTS.has('agreement')) for (const n of PROCESSES) await catchUp(backend, n, 'agreement');
    if (PARTS.has('resync')) await resync(backend);
  }
}
