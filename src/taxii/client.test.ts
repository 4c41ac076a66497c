/**
 * `taxii pull` against this node's own TAXII server over real HTTP on 127.0.0.1: full ingest in
 * pages, incremental and resumable runs (stored added_after), bad objects reported with their path
 * while the valid ones are stored, authentication failures. The pulling node runs on both backends.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { testBackends } from '../store/test-support/backends.ts';
import { createTestNode, TEST_PASSWORD, type TestNode } from '../node/test-support/test-node.ts';
import { examplesByType, exampleBundle, exampleNote } from '../objects/fixtures.ts';
import { localCollectionId } from './collections.ts';
import { pull, sourceKey, type PullOptions } from './client.ts';
import { getPullState } from './repo.ts';
import type { StatusDetail } from './envelope.ts';

/**
 * The STIX 2.1 examples only: Sentinelle's custom types (operations, alerts…) start background
 * work in the node (deconfliction, alerts) that would add records while the counts are taken.
 */
const stixBundle = () =>
  exampleBundle(Object.values(examplesByType()).filter((o) => !o.type.startsWith('x-')));

for (const backend of await testBackends()) {
  describe(`[${backend.name}] TAXII client (taxii pull)`, () => {
    let src: TestNode;
    let dst: TestNode;
    let apiRoot: string;
    let col: string;

    before(async () => {
      src = await createTestNode();
      dst = await createTestNode({ backend: backend.name });
      await src.node.records.importBundle(src.node.system, stixBundle());
      const address = await src.app.listen({ host: '127.0.0.1', port: 0 });
      apiRoot = `${address}/taxii2/api/`;
      col = localCollectionId(src.node.settings.nodeId);
    });
    after(async () => {
      await dst.dispose();
      await src.dispose();
    });

    const options = (over: Partial<PullOptions> = {}): PullOptions => ({
      apiRoot,
      collectionId: col,
      credentials: { user: 'analyst', password: TEST_PASSWORD },
      locale: 'en',
      pageSize: 4,
      ...over,
    });
    const notes = (n: number) =>
      Array.from({ length: n }, () => exampleNote({ id: `note--${randomUUID()}`, content: 'later' }));
    const count = async (t: TestNode) =>
      Number((await t.node.db.query<{ n: number }>('SELECT count(*)::int AS n FROM objects')).rows[0]!.n);

    test('a first run ingests the whole collection page by page, with progress, and records the resume point', async () => {
      const before = await count(dst);
      const pages: number[] = [];
      const report = await pull(dst.node, dst.node.system, options({ onPage: (p) => pages.push(p.page) }));
      const total = await count(src);
      assert.equal(report.accepted, total);
      assert.equal(report.rejected, 0);
      assert.equal(report.pages, Math.ceil(total / 4));
      assert.deepEqual(
        pages,
        Array.from({ length: report.pages }, (_, i) => i + 1),
      );
      const { rows } = await src.node.db.query<{ id: string }>('SELECT id FROM objects');
      const got = await dst.node.records.repo.getMany(
        dst.node.db,
        rows.map((r) => r.id),
      );
      assert.equal(got.size, total);
      for (const r of rows) {
        const mine = await src.node.records.repo.get(src.node.db, r.id);
        assert.deepEqual(got.get(r.id)!.object, mine!.object);
      }
      assert.ok((await count(dst)) >= before);
      const state = await getPullState(dst.node.db, sourceKey(apiRoot, col));
      assert.equal(state?.addedAfter, report.resumeFrom);
    });

    test('the next run takes only what was added since; an interrupted run resumes where it stopped', async () => {
      await src.node.records.importObjects(src.node.system, notes(3));
      const second = await pull(dst.node, dst.node.system, options());
      assert.equal(second.accepted, 3);
      assert.equal(second.pages, 1);
      assert.equal((await pull(dst.node, dst.node.system, options())).accepted, 0);
      const five = notes(5);
      await src.node.records.importObjects(src.node.system, five);
      const cut = await pull(dst.node, dst.node.system, options({ pageSize: 2, maxPages: 1 }));
      assert.equal(cut.accepted, 2);
      const rest = await pull(dst.node, dst.node.system, options({ pageSize: 2 }));
      assert.equal(rest.accepted, 3);
      const got = await dst.node.records.repo.getMany(
        dst.node.db,
        five.map((n) => n.id),
      );
      assert.equal(got.size, 5);
    });

    test('--since overrides the resume point; bad objects are reported with their path and the valid ones stored', async () => {
      const batch = notes(3);
      await src.node.records.importObjects(src.node.system, batch);
      const broken = batch[1]!.id;
      // A feed that serves one malformed object: the real server's answer, altered in transit.
      const tampering: typeof fetch = async (input, init) => {
        const res = await fetch(input, init);
        const body = (await res.json()) as { objects?: Record<string, unknown>[] };
        for (const o of body.objects ?? []) if (o.id === broken) delete o.created;
        return new Response(JSON.stringify(body), { status: res.status, headers: res.headers });
      };
      const rejected: (StatusDetail & { page: number })[] = [];
      const r = await pull(
        dst.node,
        dst.node.system,
        options({ fetch: tampering, onRejected: (f) => rejected.push(f) }),
      );
      assert.equal(r.accepted, 2);
      assert.equal(r.rejected, 1);
      assert.equal(rejected[0]!.id, broken);
      assert.match(rejected[0]!.message!, /\/pages\/1\/objects\/1\/created/);
      assert.equal(await dst.node.records.repo.get(dst.node.db, broken), null);
      // Asking again from the start stores the object once it arrives intact.
      const again = await pull(
        dst.node,
        dst.node.system,
        options({ since: '2000-01-01T00:00:00Z', pageSize: 100 }),
      );
      assert.equal(again.rejected, 0);
      assert.ok(await dst.node.records.repo.get(dst.node.db, broken));
    });

    test('wrong credentials, a bad URL or a bad --since fail with a clear error and store nothing', async () => {
      await assert.rejects(
        pull(
          dst.node,
          dst.node.system,
          options({ credentials: { user: 'analyst', password: 'not-the-password' } }),
        ),
        /taxii\.client\.http/,
      );
      await assert.rejects(
        pull(dst.node, dst.node.system, options({ credentials: { token: 'snt_wrong' } })),
        /taxii\.client\.http/,
      );
      await assert.rejects(
        pull(dst.node, dst.node.system, options({ apiRoot: 'not a url' })),
        /taxii\.client\.bad_url/,
      );
      await assert.rejects(
        pull(dst.node, dst.node.system, options({ since: 'yesterday' })),
        /taxii\.client\.bad_since/,
      );
      await assert.rejects(
        pull(dst.node, dst.node.system, options({ apiRoot: 'http://127.0.0.1:9/taxii2/api/' })),
        /taxii\.client\.network/,
      );
    });
  });
}
