/**
 * A federation peer in its own process, for the latency and catch-up benchmarks
 * (bench/federation.ts): two real nodes never share one event loop, so the receiver runs here,
 * driven over IPC by the bench (records seen, CPU used, a CPU profile of a stretch).
 *   peer = await spawnPeer('postgres', 'SEN'); …; await peer.close();
 * The child is this same file, started with `--import tsx` and an IPC channel.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { party, type Party } from '../src/federation/engine/test-support/parties.ts';

export interface PeerInfo {
  id: string;
  url: string;
  country: string;
  publicKeySpki: string;
}

interface Request {
  n: number;
  cmd: string;
  args: unknown[];
}

/** The bench's handle on a peer process. */
export class RemotePeer {
  private next = 0;
  private waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  constructor(
    private readonly child: ChildProcess,
    readonly info: PeerInfo,
  ) {
    child.on('message', (m: { n: number; ok: boolean; value?: unknown; error?: string }) => {
      const w = this.waiting.get(m.n);
      this.waiting.delete(m.n);
      if (m.ok) w?.resolve(m.value);
      else w?.reject(new Error(m.error));
    });
  }

  call<T>(cmd: string, ...args: unknown[]): Promise<T> {
    const n = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(n, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ n, cmd, args } satisfies Request);
    });
  }

  async close(): Promise<void> {
    await this.call('dispose');
    this.child.disconnect();
  }
}

export async function spawnPeer(backend: 'pglite' | 'postgres', country: string): Promise<RemotePeer> {
  const child = fork(fileURLToPath(import.meta.url), [backend, country], {
    // From the tsc build (scripts/bench-compiled.mjs) the child is JavaScript already.
    execArgv: import.meta.url.endsWith('.js') ? [] : ['--import', 'tsx'],
    env: { ...process.env, SENTINELLE_BENCH_PEER: '1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const info = await new Promise<PeerInfo>((resolve, reject) => {
    child.once('message', (m: PeerInfo) => resolve(m));
    child.once('exit', (code) => reject(new Error(`bench peer exited (${code})`)));
  });
  return new RemotePeer(child, info);
}

/** Resolves when `id` reads at `b`, checked at each of its change notifications. */
export function visible(b: Party, id: string): Promise<void> {
  return new Promise<void>((resolve) => {
    const check = () =>
      void b.t.node.records.repo.get(b.t.node.db, id).then((r) => {
        if (r) {
          unsubscribe();
          resolve();
        }
      });
    const unsubscribe = b.t.node.changes.subscribe(check);
    check();
  });
}

const profiler = new Session();

/** This process's CPU profile between `profileHere('start')` and `profileHere('stop', file)`. */
export async function profileHere(what: 'start' | 'stop', file?: string): Promise<void> {
  if (what === 'start') {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
    return;
  }
  const { profile } = (await profiler.post('Profiler.stop')) as { profile: unknown };
  profiler.disconnect();
  writeFileSync(file!, JSON.stringify(profile));
}

/** What the bench can ask of the peer's node. */
function commands(p: Party): Record<string, (...args: never[]) => Promise<unknown>> {
  const node = p.t.node;
  return {
    addPeer: async (peer: PeerInfo) => {
      await node.peers.add(node.system, {
        nodeId: peer.id,
        name: `Service ${peer.country}`,
        country: peer.country,
        baseUrl: peer.url,
        publicKey: peer.publicKeySpki,
      });
    },
    /** Imports an agreement file, signs it when asked, returns the file as it stands. */
    agreement: async (file: unknown, id: string, sign: boolean) => {
      await node.agreements.importFile(node.system, file);
      if (sign) await node.agreements.sign(node.system, id);
      return node.agreements.exportFile(node.system, id);
    },
    cpu: async () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1e6;
    },
    stopAnalysis: () => node.analysis.stop(),
    profile: profileHere,
    /** Resolves when the record reads here (the latency bench's "seen"). */
    visible: (id: string) => visible(p, id),
    heldFrom: async (origin: string) => {
      const { rows } = await node.db.query<{ n: number }>('SELECT count(*) AS n FROM objects WHERE origin = $1', [
        origin,
      ]);
      return Number(rows[0]!.n);
    },
    dispose: () => p.t.dispose(),
  };
}

/**
 * BENCH_PEER_SQL=1 (PostgreSQL): the peer (and the bench's sender) times every statement its pool runs and prints, when it
 * is disposed, where its database time went (statement, calls, rows, total ms), slowest first.
 */
export function traceSql(): { report: () => void; reset: () => void } {
  const stats = new Map<string, { calls: number; rows: number; ms: number }>();
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const original = proto.query;
  const count = (sql: string, t0: number, res: { rowCount?: number | null } | undefined) => {
    const key = sql.replace(/\s+/g, ' ').slice(0, 90);
    const s = stats.get(key) ?? { calls: 0, rows: 0, ms: 0 };
    s.calls++;
    s.rows += res?.rowCount ?? 0;
    s.ms += performance.now() - t0;
    stats.set(key, s);
  };
  proto.query = function (this: unknown, ...args: unknown[]) {
    const sql = typeof args[0] === 'string' ? args[0] : '';
    const t0 = performance.now();
    const last = args[args.length - 1];
    // The pool passes a callback; a client in a transaction is awaited.
    if (sql && typeof last === 'function')
      args[args.length - 1] = (err: unknown, res: { rowCount?: number | null }) => {
        count(sql, t0, res);
        return (last as (e: unknown, r: unknown) => unknown)(err, res);
      };
    const r = original.apply(this, args);
    if (!sql || !(r instanceof Promise)) return r;
    return r.then((res: { rowCount?: number | null }) => {
      count(sql, t0, res);
      return res;
    });
  };
  return {
    report: () => {
      const rows = [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25);
      for (const [k, s] of rows)
        console.error(`${s.ms.toFixed(0).padStart(7)} ms ${String(s.calls).padStart(6)} calls ${String(s.rows).padStart(8)} rows  ${k}`);
    },
    reset: () => stats.clear(),
  };
}

if (process.env.SENTINELLE_BENCH_PEER === '1' && process.send) {
  const [backend, country] = process.argv.slice(2) as ['pglite' | 'postgres', string];
  const trace = process.env.BENCH_PEER_SQL === '1' ? traceSql() : undefined;
  if (trace) process.on('disconnect', trace.report);
  const p = await party(backend, country);
  const cmds = commands(p);
  process.on('message', (m: Request) => {
    const f = cmds[m.cmd];
    if (!f) return void process.send!({ n: m.n, ok: false, error: `unknown command ${m.cmd}` });
    (f as (...a: unknown[]) => Promise<unknown>)(...m.args).then(
      (value) => process.send!({ n: m.n, ok: true, value }),
      (e: unknown) => process.send!({ n: m.n, ok: false, error: String((e as Error)?.stack ?? e) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
  process.send({
    id: p.id,
    url: p.url,
    country: p.t.node.settings.country,
    publicKeySpki: p.t.node.keys.publicKeySpki,
  } satisfies PeerInfo);
}
