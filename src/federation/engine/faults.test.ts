/**
 * [FED-10][FED-13] Crash faults with real processes and real storage: BFA and SEN run as child
 * processes (PGlite data directories, or PostgreSQL databases), BFA pushing a backlog to SEN while
 * the test SIGKILLs the receiver and the sender at random moments, several times, restarting each.
 * Afterwards: zero records lost, zero applied twice (the receiver's audited `applied` counts add
 * up to exactly the items released), and SEN's state equals what the policy engine releases from
 * BFA's state.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../config/config.ts';
import { initNode, openNode, type SentinelleNode } from '../../node/node.ts';
import { exampleIncident } from '../../objects/fixtures.ts';
import { TLP2_IDS } from '../../objects/markings.ts';
import type { StixObject } from '../../objects/stix.ts';
import { agreementDoc } from '../../sharing/test-support/fixtures.ts';
import { contentHash } from '../../sharing/share-action.ts';
import { createScratchDatabase, testBackends } from '../../store/test-support/backends.ts';
import { isInstalledDefinition, isStandardObject } from './sender.ts';

const CHILD = fileURLToPath(new URL('./test-support/node-process.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const RECORDS = 150;
const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** A deterministic generator, so a failing run can be replayed from its seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

interface Site {
  dir: string;
  url: string | undefined;
  port: number;
  id: string;
  child?: ChildProcess;
  lines: { backlog: number }[];
}

function start(site: Site): void {
  const args = ['--import', 'tsx', CHILD, site.dir, String(site.port), site.url ?? ''];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, SENTINELLE_LOG: 'off' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let buf = '';
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      try {
        site.lines.push(JSON.parse(line) as { backlog: number });
      } catch {
        // not ours
      }
    }
  });
  site.child = child;
}

function kill(site: Site, signal: NodeJS.Signals): Promise<void> {
  const c = site.child;
  if (!c || c.exitCode !== null || c.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    c.once('exit', () => resolve());
    c.kill(signal);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the site printed `n` more rounds (bounded by the test runner's timeout). */
async function rounds(site: Site, n: number): Promise<void> {
  const target = site.lines.length + n;
  while (site.lines.length < target) await sleep(20);
}

async function open(site: Site): Promise<SentinelleNode> {
  return openNode(loadConfig({ env: {}, dataDir: site.dir, databaseUrl: site.url }));
}

for (const backend of await testBackends()) {
  const kills = backend.name === 'pglite' ? 2 : 1;
  describe(`[${backend.name}] crash faults with real processes`, { timeout: 240_000 }, () => {
    test(`[FED-10][FED-13][FED-28] SIGKILL of the receiver and of the sender mid-batch, ${kills} times each: zero lost, zero applied twice`, async () => {
      const work = mkdtempSync(join(tmpdir(), 'snt-fault-'));
      cleanups.push(() => rmSync(work, { recursive: true, force: true }));
      const sites: Site[] = [];
      for (const [name, country] of [
        ['bfa', 'BFA'],
        ['sen', 'SEN'],
      ] as const) {
        let url: string | undefined;
        if (backend.name === 'postgres') {
          const scratch = await createScratchDatabase();
          cleanups.push(scratch.drop);
          url = scratch.url;
        }
        const dir = join(work, name);
        const { settings } = await initNode(loadConfig({ env: {}, dataDir: dir, databaseUrl: url }), {
          organisation: `Service ${country}`,
          country,
        });
        sites.push({ dir, url, port: await freePort(), id: settings.nodeId, lines: [] });
      }
      const [A, B] = sites as [Site, Site];
      cleanups.push(
        () => kill(A, 'SIGKILL'),
        () => kill(B, 'SIGKILL'),
      );
      const [a, b] = [await open(A), await open(B)];
      try {
        await a.peers.add(a.system, {
          nodeId: B.id,
          name: 'Service SEN',
          country: 'SEN',
          baseUrl: `http://127.0.0.1:${B.port}`,
          publicKey: b.keys.publicKeySpki,
        });
        await b.peers.add(b.system, {
          nodeId: A.id,
          name: 'Service BFA',
          country: 'BFA',
          baseUrl: `http://127.0.0.1:${A.port}`,
          publicKey: a.keys.publicKeySpki,
        });
        const id = randomUUID();
        await a.agreements.propose(
          a.system,
          agreementDoc({ id, parties: [A.id, B.id], expiry: '2099-01-01T00:00:00Z' }),
        );
        await b.agreements.importFile(b.system, await a.agreements.exportFile(a.system, id));
        await b.agreements.sign(b.system, id);
        await a.agreements.importFile(a.system, await b.agreements.exportFile(b.system, id));
        // A third of the backlog is TLP:RED: the policy engine withholds it.
        const objects = Array.from({ length: RECORDS }, (_, i) =>
          exampleIncident(
            {
              id: `incident--${randomUUID()}`,
              created_by_ref: a.settings.identityId,
              ...(i % 3 === 0 ? { object_marking_refs: [TLP2_IDS.red] } : {}),
            },
            { actor_refs: undefined },
          ),
        );
        await a.records.importObjects(a.system, objects, { action: 'test.backlog' });
      } finally {
        await a.close();
        await b.close();
      }

      const random = rng(backend.name === 'pglite' ? 7 : 11);
      start(B);
      start(A);
      for (let k = 0; k < kills; k++) {
        await rounds(A, 1 + Math.floor(random() * 3));
        await sleep(Math.floor(random() * 300));
        await kill(B, 'SIGKILL');
        await sleep(Math.floor(random() * 200));
        start(B);
        await rounds(A, 1 + Math.floor(random() * 3));
        await sleep(Math.floor(random() * 300));
        await kill(A, 'SIGKILL');
        start(A);
      }
      // Let them converge: BFA reports an empty backlog after a full round.
      for (;;) {
        await rounds(A, 1);
        if (A.lines.at(-1)!.backlog === 0) break;
      }
      await kill(A, 'SIGTERM');
      await kill(B, 'SIGTERM');

      const [a2, b2] = [await open(A), await open(B)];
      try {
        const { rows } = await a2.db.query<{ id: string }>(`SELECT id FROM objects WHERE origin = 'local'`);
        let released = 0;
        for (const { id } of rows) {
          if (isStandardObject(id)) continue;
          const own = (await a2.records.repo.get(a2.db, id))!;
          if (isInstalledDefinition(own.object)) continue;
          const d = await a2.sharing.decideFor(a2.db, id, B.id);
          const held = await b2.records.repo.get(b2.db, id);
          if (d.decision === 'withhold') assert.equal(held, null, `${id} withheld but held`);
          else {
            released++;
            assert.ok(held, `${id} lost`);
            assert.equal(
              contentHash(held.object as StixObject),
              contentHash((d.redacted ?? own.object) as StixObject),
            );
          }
        }
        assert.ok(released >= (RECORDS * 2) / 3, `released ${released}`);
        // Zero applied twice: the receiver's audited applications add up to the items released
        // (records, and the key set once).
        const { rows: audit } = await b2.db.query<{ applied: number }>(
          `SELECT (details->>'applied')::int AS applied FROM audit_log WHERE action = 'federation.receive'`,
        );
        const applied = audit.reduce((n, r) => n + Number(r.applied), 0);
        assert.equal(applied, released + 1);
        const { rows: versions } = await b2.db.query<{ n: number }>(
          'SELECT count(*) AS n FROM object_versions v JOIN objects o ON o.id = v.id WHERE o.origin = $1',
          [A.id],
        );
        assert.equal(Number(versions[0]!.n), released);
      } finally {
        await a2.close();
        await b2.close();
      }
    });
  });
}
