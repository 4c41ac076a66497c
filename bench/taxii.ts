/**
 * TAXII objects endpoint throughput (issue 5): objects/s served by
 * GET /taxii2/api/collections/<all>/objects/ walked with limit=1000 and `next` over 100k objects,
 * over real HTTP on 127.0.0.1, on PGlite and PostgreSQL. Seeding uses the repository's bulk put
 * (as bench/run.ts does) and is not timed; the first request's date_added stamping of the 100k
 * versions is reported on its own. Prints figures; never asserts.
 *   npx tsx bench/run.ts taxii        (BENCH_TAXII_N, default 100000)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/config.ts';
import { initNode, openNode } from '../src/node/node.ts';
import { buildApp } from '../src/api/app.ts';
import { createScratchDatabase } from '../src/store/test-support/backends.ts';
import { indexFields } from '../src/objects/index-fields.ts';
import { builtinMarking } from '../src/objects/markings.ts';
import type { StixObject } from '../src/objects/stix.ts';
import { localCollectionId } from '../src/taxii/collections.ts';
import { TAXII_MEDIA } from '../src/taxii/media.ts';
import { syntheticIncidents } from './synthetic.ts';

const N = Number(process.env.BENCH_TAXII_N ?? 100_000);

async function walk(
  base: string,
  auth: string,
  maxPages = Infinity,
): Promise<{ objects: number; pages: number; seconds: number; firstMs: number }> {
  let next: string | undefined;
  let objects = 0;
  let pages = 0;
  let firstMs = 0;
  const t0 = performance.now();
  do {
    const t = performance.now();
    const res = await fetch(`${base}?limit=1000${next ? `&next=${next}` : ''}`, {
      headers: { accept: TAXII_MEDIA, authorization: auth },
    });
    const body = (await res.json()) as { objects?: unknown[]; more?: boolean; next?: string };
    if (pages === 0) firstMs = performance.now() - t;
    objects += body.objects?.length ?? 0;
    pages++;
    next = body.more ? body.next : undefined;
  } while (next && pages < maxPages);
  return { objects, pages, seconds: (performance.now() - t0) / 1000, firstMs };
}

export async function run(): Promise<void> {
  for (const backend of ['pglite', 'postgres'] as const) {
    const dataDir = mkdtempSync(join(tmpdir(), 'snt-bench-taxii-'));
    const scratch = backend === 'postgres' ? await createScratchDatabase() : undefined;
    const config = loadConfig({ env: {}, dataDir, databaseUrl: scratch?.url });
    await initNode(config, { organisation: 'Bench', country: 'BFA' });
    const node = await openNode(config);
    const app = await buildApp({ node, webRoot: null });
    try {
      const lookup = (id: string) => builtinMarking(id);
      for (let stored = 0; stored < N;) {
        const n = Math.min(20_000, N - stored);
        const batch = syntheticIncidents(n, stored + 7) as StixObject[];
        await node.db.transaction((tx) =>
          node.records.repo.putMany(
            tx,
            batch.map((object) => ({
              object,
              fields: indexFields(object, lookup),
              writtenBy: 'bench',
              ownerUser: null,
              origin: 'local',
            })),
          ),
        );
        stored += n;
      }
      await node.db.query('VACUUM ANALYZE objects');
      const user = await node.users.addUser(
        {
          username: 'bench-analyst',
          displayName: 'bench',
          roles: ['analyst'],
          password: 'bench-password-123',
          locale: 'en',
        },
        'system',
      );
      const token = (await node.tokens.createToken(user.id, 'bench', null, 'system')).token;
      const address = await app.listen({ host: '127.0.0.1', port: 0 });
      const base = `${address}/taxii2/api/collections/${localCollectionId(node.settings.nodeId)}/objects/`;
      const auth = `Bearer ${token}`;
      const first = await walk(base, auth, 1);
      console.log(
        `taxii ${backend}: first request (date_added stamping of ${N} versions + first page) ${first.firstMs.toFixed(0)} ms`,
      );
      const all = await walk(base, auth);
      const rate = all.objects / all.seconds;
      console.log(
        `taxii ${backend}: served ${all.objects} objects in ${all.pages} pages of 1000 in ${all.seconds.toFixed(1)} s = ${Math.round(rate)} objects/s over HTTP (no numeric target in issue 5; 10,000/s used as reference, ratio ${(rate / 10_000).toFixed(2)})`,
      );
      const again = await walk(`${base}`, auth, 10);
      console.log(
        `taxii ${backend}: 10 pages again, ${Math.round(again.objects / again.seconds)} objects/s (warm)`,
      );
    } finally {
      await app.close();
      await node.close();
      await scratch?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}
