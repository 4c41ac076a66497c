/**
 * Partner collections (docs/taxii.md §5): a partner account sees one collection per agreement
 * with its node, serving exactly what the policy engine releases — redacted as the agreement
 * says — and never what it withholds (property-based over random records), on both backends.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { testBackends } from '../store/test-support/backends.ts';
import { createTestNode, TEST_PASSWORD, type TestNode } from '../node/test-support/test-node.ts';
import { exampleIncident, exampleNote, exampleThreatActor } from '../objects/fixtures.ts';
import { TLP2_IDS } from '../objects/markings.ts';
import { agreementDoc, NODES, testKeys } from '../sharing/test-support/fixtures.ts';
import { signDocument } from '../sharing/signing.ts';
import { basic, taxiiClient } from './test-support/client.ts';
import { bindPartnerAccount } from './partners.ts';
import type { StixObject } from '../objects/stix.ts';
import type { Tlp } from '../objects/index-fields.ts';

const ROOT = '/taxii2/api/';
const TLPS: (Tlp | null)[] = [null, 'clear', 'green', 'amber', 'amber+strict', 'red'];

interface Spec {
  type: 'incident' | 'note' | 'threat-actor';
  tlp: Tlp | null;
  revoked: boolean;
  precise: boolean;
}

function objectOf(s: Spec): StixObject {
  const markings = s.tlp ? { object_marking_refs: [TLP2_IDS[s.tlp]] } : { object_marking_refs: undefined };
  const id = `${s.type}--${randomUUID()}`;
  if (s.type === 'incident')
    return exampleIncident(
      { id, ...markings },
      {
        actor_refs: undefined,
        occurred_at: '2026-02-27T12:00:00Z',
        location: {
          lat: 13.4512,
          lon: -1.5634,
          precision_m: s.precise ? 10 : 1000,
          country: 'BFA',
          admin1: 'Centre-Nord',
          admin2: 'Bam',
        },
      },
    );
  if (s.type === 'note')
    return exampleNote({ id, object_refs: [id.replace('note', 'incident')], ...markings });
  return exampleThreatActor({ id, ...markings });
}

for (const backend of await testBackends()) {
  describe(`[${backend.name}] TAXII partner collections`, () => {
    let t: TestNode;
    let req: ReturnType<typeof taxiiClient>;
    let sen: string;
    let agreementId: string;

    before(async () => {
      t = await createTestNode({ backend: backend.name });
      req = taxiiClient(t);
      const senKeys = testKeys();
      await t.node.peers.add('cli', {
        nodeId: NODES.SEN,
        name: 'Service SEN',
        country: 'SEN',
        baseUrl: 'https://sen.example',
        publicKey: senKeys.publicKeySpki,
      });
      await t.node.peers.add('cli', {
        nodeId: NODES.NER,
        name: 'Service NER',
        country: 'NER',
        baseUrl: 'https://ner.example',
        publicKey: testKeys().publicKeySpki,
      });
      const liaison = (await t.node.tokens.resolveToken(t.tokens.liaison))!;
      const doc = agreementDoc({
        parties: [t.node.settings.nodeId, NODES.SEN],
        redaction: { coordinates: { precision_deg: 0.5 } },
      });
      agreementId = doc.id;
      const proposed = await t.node.agreements.propose(liaison, doc);
      await t.node.agreements.importFile(liaison, {
        ...doc,
        signatures: [...proposed.signatures, signDocument(proposed.document, senKeys.privateKey, NODES.SEN)],
      });
      for (const [name, peer] of [
        ['sen-taxii', NODES.SEN],
        ['ner-taxii', NODES.NER],
      ] as const) {
        await t.node.users.addUser(
          { username: name, displayName: name, roles: ['partner'], password: TEST_PASSWORD, locale: 'en' },
          'system',
        );
        await bindPartnerAccount(t.node, 'cli', name, peer);
      }
      // An account with any other role is refused: a partner account holds no permission.
      await t.node.users.addUser(
        { username: 'mixed', displayName: 'mixed', roles: ['partner', 'reporter'], password: TEST_PASSWORD, locale: 'en' },
        'system',
      );
      await assert.rejects(bindPartnerAccount(t.node, 'cli', 'mixed', NODES.SEN), /taxii\.partner\.role/);
      sen = basic('sen-taxii', TEST_PASSWORD);
    });
    after(async () => t.dispose());

    test('a partner sees one collection per agreement, read-only, and no local collection', async () => {
      const r = await req('GET', `${ROOT}collections/`, { auth: sen });
      const list = r.body.collections as Record<string, unknown>[];
      assert.deepEqual(
        list.map((c) => [c.id, c.can_read, c.can_write]),
        [[agreementId, true, false]],
      );
      assert.deepEqual(
        (await req('GET', `${ROOT}collections/`, { auth: basic('ner-taxii', TEST_PASSWORD) })).body,
        {},
        'no agreement, no collection',
      );
      const post = await req('POST', `${ROOT}collections/${agreementId}/objects/`, {
        auth: sen,
        body: { objects: [] },
      });
      assert.equal(post.status, 403);
      assert.equal(
        (await req('DELETE', `${ROOT}collections/${agreementId}/objects/${NODES.SEN}/`, { auth: sen }))
          .status,
        403,
      );
    });

    test('served = released by the policy engine, as redacted; withheld records never appear (property)', async () => {
      const spec = fc.record<Spec>({
        type: fc.constantFrom('incident', 'note', 'threat-actor'),
        tlp: fc.constantFrom(...TLPS),
        revoked: fc.boolean(),
        precise: fc.boolean(),
      });
      const seen = new Set<string>();
      await fc.assert(
        fc.asyncProperty(fc.array(spec, { minLength: 1, maxLength: 6 }), async (specs) => {
          const objects = specs.map(objectOf);
          await t.node.records.importObjects(t.node.system, objects);
          for (const [i, s] of specs.entries())
            if (s.revoked) await t.node.records.revoke(t.node.system, objects[i]!.id);
          // Everything the partner can page through, at a small page size.
          const served = new Map<string, Record<string, unknown>>();
          let next: string | undefined;
          do {
            const r = await req(
              'GET',
              `${ROOT}collections/${agreementId}/objects/?limit=3${next ? `&next=${next}` : ''}`,
              { auth: sen },
            );
            assert.equal(r.status, 200);
            for (const o of r.body.objects as Record<string, unknown>[]) {
              assert.ok(!served.has(String(o.id)), 'served once');
              served.set(String(o.id), o);
            }
            next = r.body.more ? String(r.body.next) : undefined;
          } while (next);
          const { rows } = await t.node.db.query<{ id: string }>('SELECT id FROM objects');
          for (const { id } of rows) {
            const d = await t.node.sharing.decideFor(t.node.db, id, NODES.SEN);
            const got = served.get(id);
            seen.add(d.decision);
            if (d.decision === 'withhold')
              assert.equal(
                got,
                undefined,
                `${id} is withheld (${d.reasons.map((x) => x.code).join(',')}) yet served`,
              );
            else {
              assert.ok(got, `${id} is released but not served`);
              const expected = d.redacted ?? (await t.node.records.repo.get(t.node.db, id))!.object;
              assert.deepEqual(got, expected);
            }
          }
          assert.equal(served.size, [...served.keys()].length);
        }),
        { numRuns: 6, seed: 20260301 },
      );
      assert.deepEqual(
        [...seen].sort(),
        ['release', 'release-redacted', 'withhold'],
        'every kind of decision was exercised',
      );
    });

    test('manifest, object by id and versions serve only released current versions', async () => {
      const red = exampleIncident({ id: `incident--${randomUUID()}`, object_marking_refs: [TLP2_IDS.red] });
      const green = exampleIncident(
        { id: `incident--${randomUUID()}`, object_marking_refs: [TLP2_IDS.green] },
        { actor_refs: undefined },
      );
      await t.node.records.importObjects(t.node.system, [red, green]);
      await t.node.records.update(t.node.system, green.id, {
        ...green,
        modified: '2026-02-01T00:00:00.000Z',
      });
      const base = `${ROOT}collections/${agreementId}`;
      assert.equal((await req('GET', `${base}/objects/${red.id}/`, { auth: sen })).status, 404);
      assert.equal((await req('GET', `${base}/objects/${red.id}/versions/`, { auth: sen })).status, 404);
      const manifest = await req('GET', `${base}/manifest/?match[id]=${red.id},${green.id}`, { auth: sen });
      assert.deepEqual(
        (manifest.body.objects as { id: string }[]).map((m) => m.id),
        [green.id],
      );
      const versions = await req('GET', `${base}/objects/${green.id}/versions/`, { auth: sen });
      assert.deepEqual(
        versions.body.versions,
        ['2026-02-01T00:00:00.000Z'],
        'history is not released, only the current version',
      );
      const first = await req('GET', `${base}/objects/${green.id}/?match[version]=first`, { auth: sen });
      assert.equal((first.body.objects as { modified: string }[])[0]!.modified, '2026-02-01T00:00:00.000Z');
    });
  });
}
