/**
 * TAXII 2.1 conformance, written from the OASIS specification (sections cited in test names), on
 * PGlite and PostgreSQL: discovery, API root, collections, objects, manifest, object by id,
 * versions, status, envelopes, filtering, pagination, content negotiation, errors, authentication.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testBackends } from '../store/test-support/backends.ts';
import { createTestNode, TEST_PASSWORD, type TestNode } from '../node/test-support/test-node.ts';
import { examplesByType, exampleBundle, exampleIndicator, FIXTURE_IDS } from '../objects/fixtures.ts';
import { basic, taxiiClient } from './test-support/client.ts';
import { TAXII_MEDIA, STIX_MEDIA } from './media.ts';
import { localCollectionId } from './collections.ts';

/**
 * The STIX 2.1 examples only: Sentinelle's custom types (operations, alerts…) start background
 * work in the node (deconfliction, alerts) that would add records while the counts are taken.
 */
const stixBundle = () =>
  exampleBundle(Object.values(examplesByType()).filter((o) => !o.type.startsWith('x-')));

const ROOT = '/taxii2/api/';

function assertTaxiiError(
  r: { status: number; headers: Record<string, unknown>; body: Record<string, unknown> },
  status: number,
): void {
  assert.equal(r.status, status);
  assert.equal(r.headers['content-type'], TAXII_MEDIA);
  assert.equal(typeof r.body.title, 'string');
  assert.equal(r.body.http_status, String(status));
  assert.equal(typeof r.body.error_id, 'string');
  assert.equal(typeof r.body.description, 'string');
}

for (const backend of await testBackends()) {
  describe(`[${backend.name}] TAXII 2.1 server`, () => {
    let t: TestNode;
    let req: ReturnType<typeof taxiiClient>;
    let col: string;
    let objectsUrl: string;
    let total: number;
    let v1: string;
    let v2: string;

    before(async () => {
      t = await createTestNode({ backend: backend.name });
      req = taxiiClient(t);
      col = localCollectionId(t.node.settings.nodeId);
      objectsUrl = `${ROOT}collections/${col}/objects/`;
      await t.node.records.importBundle(t.node.system, stixBundle());
      const incident = await t.node.records.get(t.node.system, FIXTURE_IDS.incident);
      v1 = String(incident.object.modified);
      const updated = await t.node.records.update(t.node.system, FIXTURE_IDS.incident, {
        ...incident.object,
        modified: '2026-02-01T00:00:00.000Z',
        name: 'second version',
      });
      v2 = String(updated.modified);
      const { rows } = await t.node.db.query<{ n: number }>('SELECT count(*)::int AS n FROM objects');
      total = Number(rows[0]!.n);
    });
    after(async () => t.dispose());

    test('§4.1 discovery lists the API root; §4.2 API root advertises TAXII 2.1 and max_content_length', async () => {
      const d = await req('GET', '/taxii2/');
      assert.equal(d.status, 200);
      assert.equal(d.headers['content-type'], TAXII_MEDIA);
      assert.equal(typeof d.body.title, 'string');
      assert.ok(Array.isArray(d.body.api_roots) && (d.body.api_roots as string[])[0]!.endsWith(ROOT));
      assert.equal(d.body.default, (d.body.api_roots as string[])[0]);
      const r = await req('GET', ROOT);
      assert.equal(r.status, 200);
      assert.deepEqual(r.body.versions, [TAXII_MEDIA]);
      assert.equal(r.body.max_content_length, t.node.config.bodyLimitBytes);
      assertTaxiiError(await req('GET', '/taxii2/other/'), 404);
      assertTaxiiError(await req('GET', `${ROOT}nothing-here/`), 404);
    });

    test('§1.6.8 content negotiation: 406 unless TAXII 2.1 is acceptable; unversioned taxii+json means 2.1', async () => {
      assertTaxiiError(await req('GET', ROOT, { accept: 'application/json' }), 406);
      assertTaxiiError(await req('GET', ROOT, { accept: 'application/taxii+json;version=2.0' }), 406);
      assert.equal((await req('GET', ROOT, { accept: 'application/taxii+json' })).status, 200);
      assert.equal(
        (await req('GET', ROOT, { accept: 'text/html, application/taxii+json; version=2.1' })).status,
        200,
      );
      const wrong = await req('POST', objectsUrl, { body: { objects: [] }, contentType: 'application/json' });
      assertTaxiiError(wrong, 415);
    });

    test('§1.6.7 authentication: HTTP Basic and bearer tokens; 401 with WWW-Authenticate otherwise', async () => {
      const none = await req('GET', ROOT, { auth: null });
      assertTaxiiError(none, 401);
      assert.match(String(none.headers['www-authenticate']), /Basic/);
      assertTaxiiError(await req('GET', ROOT, { auth: basic('analyst', 'wrong-password-123') }), 401);
      assertTaxiiError(await req('GET', ROOT, { auth: 'Bearer snt_nope' }), 401);
      assert.equal((await req('GET', ROOT, { auth: basic('analyst', TEST_PASSWORD) })).status, 200);
    });

    test('§5.1–5.2 collections by role: analysts read and write, reporters read, admins and auditors see none', async () => {
      const a = await req('GET', `${ROOT}collections/`);
      assert.equal(a.status, 200);
      const list = a.body.collections as Record<string, unknown>[];
      assert.equal(list.length, 1);
      assert.equal(list[0]!.id, col);
      assert.equal(list[0]!.can_read, true);
      assert.equal(list[0]!.can_write, true);
      assert.deepEqual(list[0]!.media_types, [STIX_MEDIA]);
      const rep = await req('GET', `${ROOT}collections/${col}/`, { auth: t.as('reporter').authorization });
      assert.equal(rep.body.can_read, true);
      assert.equal(rep.body.can_write, false);
      assert.deepEqual(
        (await req('GET', `${ROOT}collections/`, { auth: t.as('admin').authorization })).body,
        {},
      );
      assertTaxiiError(
        await req('GET', `${ROOT}collections/${col}/`, { auth: t.as('auditor').authorization }),
        404,
      );
      assertTaxiiError(await req('GET', `${ROOT}collections/00000000-0000-4000-8000-000000000000/`), 404);
    });

    test('§5.4 objects: every current object once, walked with limit/next; date_added increases; headers bound each page', async () => {
      const seen: string[] = [];
      let next: string | undefined;
      let previousLast = '';
      let pages = 0;
      do {
        const r = await req('GET', `${objectsUrl}?limit=4${next ? `&next=${next}` : ''}`);
        assert.equal(r.status, 200);
        const objs = r.body.objects as Record<string, unknown>[];
        assert.ok(objs.length <= 4);
        const first = String(r.headers['x-taxii-date-added-first']);
        const last = String(r.headers['x-taxii-date-added-last']);
        assert.ok(first <= last);
        assert.ok(previousLast < first, 'pages do not overlap');
        previousLast = last;
        seen.push(...objs.map((o) => String(o.id)));
        next = r.body.more ? String(r.body.next) : undefined;
        assert.equal(r.body.more, next !== undefined);
        pages++;
      } while (next);
      assert.equal(seen.length, total);
      assert.equal(new Set(seen).size, total);
      assert.equal(pages, Math.ceil(total / 4));
      const inc = (await req('GET', `${objectsUrl}?match[id]=${FIXTURE_IDS.incident}`)).body
        .objects as Record<string, unknown>[];
      assert.equal(inc.length, 1);
      assert.equal(inc[0]!.modified, v2, 'match[version] defaults to last');
    });

    test('§3.4.2 added_after with X-TAXII-Date-Added-Last resumes exactly where the previous page ended', async () => {
      const p1 = await req('GET', `${objectsUrl}?limit=5`);
      const last = String(p1.headers['x-taxii-date-added-last']);
      const rest = await req('GET', `${objectsUrl}?added_after=${last}&limit=1000`);
      const ids = [...(p1.body.objects as { id: string }[]), ...(rest.body.objects as { id: string }[])].map(
        (o) => o.id,
      );
      assert.equal(ids.length, total);
      assert.equal(new Set(ids).size, total);
      assert.equal(rest.body.more, false);
      assert.equal(rest.body.next, undefined);
      const future = await req('GET', `${objectsUrl}?added_after=2999-01-01T00:00:00Z`);
      assert.deepEqual(future.body.objects, []);
      assert.equal(future.headers['x-taxii-date-added-first'], undefined);
    });

    test('§3.4.2 match[type], match[id] (comma-separated or repeated), match[spec_version]', async () => {
      const types = (r: { body: Record<string, unknown> }) =>
        (r.body.objects as { type: string }[]).map((o) => o.type).sort();
      assert.deepEqual(types(await req('GET', `${objectsUrl}?match[type]=incident`)), ['incident']);
      assert.deepEqual(types(await req('GET', `${objectsUrl}?match[type]=incident,indicator`)), [
        'incident',
        'indicator',
      ]);
      assert.deepEqual(types(await req('GET', `${objectsUrl}?match[type]=incident&match[type]=note`)), [
        'incident',
        'note',
      ]);
      const byId = await req('GET', `${objectsUrl}?match[id]=${FIXTURE_IDS.note},${FIXTURE_IDS.report}`);
      assert.deepEqual(
        (byId.body.objects as { id: string }[]).map((o) => o.id).sort(),
        [FIXTURE_IDS.note, FIXTURE_IDS.report].sort(),
      );
      assert.equal(
        ((await req('GET', `${objectsUrl}?match[spec_version]=2.1`)).body.objects as unknown[]).length,
        total,
      );
      assert.deepEqual((await req('GET', `${objectsUrl}?match[spec_version]=2.0`)).body.objects, []);
    });

    test('§3.4.2 match[version]: last, first, all, a timestamp, and combinations', async () => {
      const versions = async (v: string) =>
        (
          (await req('GET', `${objectsUrl}?match[id]=${FIXTURE_IDS.incident}&match[version]=${v}`)).body
            .objects as { modified: string }[]
        ).map((o) => o.modified);
      assert.deepEqual(await versions('last'), [v2]);
      assert.deepEqual(await versions('first'), [v1]);
      assert.deepEqual(await versions('all'), [v1, v2]);
      assert.deepEqual(await versions(v1), [v1]);
      assert.deepEqual(await versions(`first,${v2}`), [v1, v2]);
      assert.deepEqual(await versions('2020-01-01T00:00:00Z'), []);
    });

    test('§3.6 bad filters are 400 error messages naming the parameter', async () => {
      for (const q of [
        'added_after=yesterday',
        'limit=0',
        'limit=-3',
        'limit=abc',
        'next=garbage',
        'match[version]=newest',
        'match[type]=Incident',
        'match[id]=nope',
        'match[spec_version]=two',
      ]) {
        const r = await req('GET', `${objectsUrl}?${q}`);
        assertTaxiiError(r, 400);
        assert.match(JSON.stringify(r.body.details), new RegExp(q.split('=')[0]!.replace(/[[\]]/g, '\\$&')));
      }
      const capped = await req('GET', `${objectsUrl}?limit=50000`);
      assert.equal(capped.status, 200, 'a limit above the maximum is served with fewer objects (§3.5)');
    });

    test('§5.3 manifest: id, date_added, version and media_type per object, paged like objects', async () => {
      const r = await req('GET', `${ROOT}collections/${col}/manifest/?limit=1000`);
      assert.equal(r.status, 200);
      const entries = r.body.objects as Record<string, string>[];
      assert.equal(entries.length, total);
      const inc = entries.find((e) => e.id === FIXTURE_IDS.incident)!;
      assert.equal(inc.version, v2);
      assert.equal(inc.media_type, STIX_MEDIA);
      assert.match(inc.date_added!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      const marking = entries.find((e) => e.id === FIXTURE_IDS.markingDefinition)!;
      assert.match(marking.version!, /^\d{4}-/, 'objects without modified use created');
      const all = await req(
        'GET',
        `${ROOT}collections/${col}/manifest/?match[id]=${FIXTURE_IDS.incident}&match[version]=all`,
      );
      assert.deepEqual(
        (all.body.objects as { version: string }[]).map((e) => e.version),
        [v1, v2],
      );
      const p = await req('GET', `${ROOT}collections/${col}/manifest/?limit=2`);
      assert.equal(p.body.more, true);
      assert.equal(typeof p.body.next, 'string');
    });

    test('§5.6 object by id and §5.8 versions; 404 for an object not in the collection', async () => {
      const o = await req('GET', `${objectsUrl}${FIXTURE_IDS.incident}/`);
      assert.equal(o.status, 200);
      assert.equal((o.body.objects as { modified: string }[])[0]!.modified, v2);
      assert.ok(o.headers['x-taxii-date-added-first']);
      const all = await req('GET', `${objectsUrl}${FIXTURE_IDS.incident}/?match[version]=all`);
      assert.equal((all.body.objects as unknown[]).length, 2);
      const v = await req('GET', `${objectsUrl}${FIXTURE_IDS.incident}/versions/`);
      assert.equal(v.status, 200);
      assert.deepEqual(v.body.versions, [v1, v2]);
      assert.equal(v.body.more, false);
      const paged = await req('GET', `${objectsUrl}${FIXTURE_IDS.incident}/versions/?limit=1`);
      assert.deepEqual(paged.body.versions, [v1]);
      assert.equal(paged.body.more, true);
      const rest = await req(
        'GET',
        `${objectsUrl}${FIXTURE_IDS.incident}/versions/?limit=1&next=${String(paged.body.next)}`,
      );
      assert.deepEqual(rest.body.versions, [v2]);
      assertTaxiiError(await req('GET', `${objectsUrl}incident--00000000-0000-4000-8000-000000000000/`), 404);
      assertTaxiiError(
        await req('GET', `${objectsUrl}incident--00000000-0000-4000-8000-000000000000/versions/`),
        404,
      );
    });

    test('§5.5 POST envelope: valid objects stored, invalid ones reported with their path; §4.3 status resource', async () => {
      const before = await req('GET', `${objectsUrl}?limit=1000`);
      const mark = String(before.headers['x-taxii-date-added-last']);
      const good = exampleIndicator({
        id: 'indicator--0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
        name: 'posted',
      });
      const noPattern = exampleIndicator({
        id: 'indicator--1a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
        pattern: undefined,
      });
      const badMarking = exampleIndicator({
        id: 'indicator--2a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
        object_marking_refs: ['marking-definition--9a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'],
      });
      const r = await req('POST', objectsUrl, {
        body: { objects: [good, noPattern, 'not an object', badMarking] },
      });
      assert.equal(r.status, 202);
      assert.equal(r.headers['content-type'], TAXII_MEDIA);
      const s = r.body;
      assert.equal(s.status, 'complete');
      assert.equal(s.total_count, 4);
      assert.equal(s.success_count, 1);
      assert.equal(s.failure_count, 3);
      assert.equal(s.pending_count, 0);
      assert.deepEqual(
        (s.successes as { id: string }[]).map((x) => x.id),
        [good.id],
      );
      const failures = s.failures as { id: string; message: string }[];
      assert.deepEqual(
        failures.map((f) => f.id),
        [noPattern.id, '', badMarking.id],
      );
      assert.match(failures[0]!.message, /\/objects\/1\/pattern/);
      assert.match(failures[2]!.message, /\/objects\/3\/object_marking_refs\/0/);
      const again = await req('GET', `${ROOT}status/${String(s.id)}/`);
      assert.equal(again.status, 200);
      assert.deepEqual(again.body, s);
      assertTaxiiError(
        await req('GET', `${ROOT}status/${String(s.id)}/`, { auth: t.as('liaison').authorization }),
        404,
      );
      const added = await req('GET', `${objectsUrl}?added_after=${mark}`);
      assert.deepEqual(
        (added.body.objects as { id: string }[]).map((o) => o.id),
        [good.id],
      );
      // Re-posting the same object changes nothing and still succeeds.
      assert.equal((await req('POST', objectsUrl, { body: { objects: [good] } })).body.success_count, 1);
      assert.deepEqual(
        (await req('GET', `${objectsUrl}?added_after=${String(added.headers['x-taxii-date-added-last'])}`))
          .body.objects,
        [],
      );
    });

    test('§5.5 bad envelopes and bodies are 400; writers only (403)', async () => {
      assertTaxiiError(await req('POST', objectsUrl, { body: '{"objects": [' }), 400);
      assertTaxiiError(await req('POST', objectsUrl, { body: [1, 2] }), 400);
      assertTaxiiError(await req('POST', objectsUrl, { body: { objects: 'x' } }), 400);
      assertTaxiiError(await req('POST', objectsUrl, { body: { objects: [], extra: 1 } }), 400);
      assertTaxiiError(
        await req('POST', objectsUrl, { body: { objects: [] }, auth: t.as('reporter').authorization }),
        403,
      );
    });

    test('§5.7 DELETE revokes the object (history is kept); first/all versions and non-revokers refused', async () => {
      const url = `${objectsUrl}${FIXTURE_IDS.note}/`;
      assertTaxiiError(await req('DELETE', url, { auth: t.as('reporter').authorization }), 403);
      assertTaxiiError(await req('DELETE', `${url}?match[version]=all`), 400);
      assert.equal((await req('DELETE', url)).status, 200);
      const after = await req('GET', url);
      assert.equal((after.body.objects as { revoked?: boolean }[])[0]!.revoked, true);
      assert.equal((await req('DELETE', url)).status, 200, 'idempotent');
      assertTaxiiError(await req('DELETE', `${objectsUrl}note--00000000-0000-4000-8000-000000000000/`), 404);
    });

    test('reporters read only their own records through TAXII', async () => {
      const reporter = (await t.node.tokens.resolveToken(t.tokens.reporter))!;
      const own = await t.node.records.create(reporter, {
        type: 'incident',
        name: 'field report',
        extensions: exampleBundle().objects.find((o) => o.type === 'incident')!.extensions,
      });
      const r = await req('GET', objectsUrl, { auth: t.as('reporter').authorization });
      assert.deepEqual(
        (r.body.objects as { id: string }[]).map((o) => o.id),
        [own.id],
      );
    });
  });
}
