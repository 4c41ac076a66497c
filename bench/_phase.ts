import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { incident, party, registerAll, signEverywhere, type Party } from '../src/federation/engine/test-support/parties.ts';
import { agreementDoc } from '../src/sharing/test-support/fixtures.ts';
const N = Number(process.env.N ?? 10000);
const backend = (process.env.B ?? 'postgres') as 'pglite' | 'postgres';
const T = new Map<string, [number, number]>();
function wrap(obj: any, name: string, label: string) {
  const f = obj[name].bind(obj);
  obj[name] = async (...args: any[]) => { const t0 = performance.now(); try { return await f(...args); } finally { const e = T.get(label) ?? [0, 0]; e[0]++; e[1] += performance.now() - t0; T.set(label, e); } };
}
const a = await party(backend, 'BFA'); const b = await party(backend, 'SEN');
await registerAll([a, b]);
await signEverywhere(agreementDoc({ id: randomUUID(), parties: [a.id, b.id], expiry: '2099-01-01T00:00:00Z' }), [a, b]);
if (process.env.WARM !== '0') { await a.t.node.records.create(a.t.node.system, incident(a)); await (a.t.node.federation as any).sync(); }
for (let i = 0; i < N; i += 1000) await a.t.node.records.importObjects(a.t.node.system, Array.from({ length: Math.min(1000, N - i) }, () => incident(a)), { action: 'bench.backlog' });
await a.t.node.analysis.stop(); await b.t.node.analysis.stop();
const fa: any = a.t.node.federation, fb: any = b.t.node.federation;
wrap(fa.sender, 'drain', 'A drain'); wrap(fa.sender, 'assign', 'A assign'); wrap(fa.transport, 'push', 'A push(total)');
wrap(fa.sender.store, 'pending', 'A pending'); wrap(fa.sender.store, 'markSent', 'A markSent'); wrap(fa.transport, 'acceptAcks', 'A acceptAcks');
wrap(fa.deps.sharing, 'planShares', 'A planShares'); wrap(fa.sender.store, 'enqueue', 'A outbox insert'); wrap(fa.deps.sharing.shares, 'insertMany', 'A shares insert');
wrap(fb.receiver, 'receive', 'B receive(total)'); wrap(fb.receiver, 'applyStream', 'B applyStream'); wrap(fb.receiver, 'applyPuts', 'B applyPuts');
wrap(b.t.node.records.repo, 'putMany', 'B putMany'); wrap(b.t.node.records.repo, 'getMany', 'B getMany');
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
const session = new Session(); if (process.env.PROF) { session.connect(); await session.post('Profiler.enable'); await session.post('Profiler.start'); }
const t0 = performance.now();
let rounds = 0;
do { await fa.sync(); rounds++; } while ((await fa.status()).find((s: any) => s.peerId === b.id).backlog > 0 && rounds < 100);
const secs = (performance.now() - t0) / 1000;
if (process.env.PROF) { const { profile } = await session.post('Profiler.stop'); writeFileSync(process.env.PROF, JSON.stringify(profile)); }
console.log(`${backend} ${N} in ${secs.toFixed(2)} s = ${(N / secs).toFixed(0)}/s`);
for (const [k, [n, ms]] of T) console.log(`${ms.toFixed(0).padStart(7)} ms ${String(n).padStart(5)}x ${k}`);
await a.t.dispose(); await b.t.dispose();
