/**
 * GET /api/v1/objects/{id}/releases between two real nodes on loopback (BFA → SEN, one signed
 * agreement): the sender sees the partner it released a record to and its acknowledgement; the
 * receiver sees where the record came from, under which agreement, and when it arrived.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { testBackends } from '../../store/test-support/backends.ts';
import { createTestNode, type TestNode } from '../../node/test-support/test-node.ts';
import { exampleIncident } from '../../objects/fixtures.ts';
import { agreementDoc } from '../../sharing/test-support/fixtures.ts';
import type { AgreementDocument } from '../../sharing/agreement.ts';

interface Party {
  t: TestNode;
  id: string;
}

async function party(backend: 'pglite' | 'postgres', country: string): Promise<Party & { url: string }> {
  const t = await createTestNode({ backend, country, organisation: `Service ${country}` });
  const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  return { t, id: t.node.settings.nodeId, url };
}

async function signBoth(doc: AgreementDocument, a: Party, b: Party): Promise<void> {
  await a.t.node.agreements.propose(a.t.node.system, doc);
  await b.t.node.agreements.importFile(
    b.t.node.system,
    await a.t.node.agreements.exportFile(a.t.node.system, doc.id),
  );
  await b.t.node.agreements.sign(b.t.node.system, doc.id);
  await a.t.node.agreements.importFile(
    a.t.node.system,
    await b.t.node.agreements.exportFile(b.t.node.system, doc.id),
  );
}

async function releases(p: Party, id: string, role: Parameters<TestNode['as']>[0]) {
  const res = await p.t.app.inject({
    method: 'GET',
    url: `/api/v1/objects/${encodeURIComponent(id)}/releases`,
    headers: p.t.as(role),
  });
  return { status: res.statusCode, body: JSON.parse(res.body) as Record<string, any> };
}

for (const backend of await testBackends()) {
  describe(`[${backend.name}] record releases and provenance`, () => {
    let bfa: Party & { url: string }, sen: Party & { url: string };
    const agreementId = randomUUID();

    before(async () => {
      [bfa, sen] = [await party(backend.name, 'BFA'), await party(backend.name, 'SEN')];
      for (const [a, b] of [
        [bfa, sen],
        [sen, bfa],
      ] as const) {
        await a.t.node.peers.add(a.t.node.system, {
          nodeId: b.id,
          name: `Service ${b.t.node.settings.country}`,
          country: b.t.node.settings.country,
          baseUrl: b.url,
          publicKey: b.t.node.keys.publicKeySpki,
        });
      }
      await signBoth(
        agreementDoc({ id: agreementId, title: 'Accord de test BFA–SEN', parties: [bfa.id, sen.id] }),
        bfa,
        sen,
      );
    });

    after(async () => {
      for (const p of [bfa, sen]) await p?.t.dispose();
    });

    test('the sender sees the partner, the agreement and the acknowledgement; the receiver sees the provenance', async () => {
      const id = `incident--${randomUUID()}`;
      const obj = exampleIncident(
        {
          id,
          created_by_ref: bfa.t.node.settings.identityId,
          created: '2026-02-28T10:00:00.000Z',
          modified: '2026-02-28T10:00:00.000Z',
        },
        { occurred_at: '2026-02-27T12:00:00Z', actor_refs: undefined },
      );
      await bfa.t.node.records.create(bfa.t.node.system, obj);

      const queued = await releases(bfa, id, 'analyst');
      assert.equal(queued.status, 200);
      assert.deepEqual(queued.body.releases, [], 'nothing decided before the engine runs');
      assert.equal(queued.body.provenance, null, 'a local record has no provenance');

      await bfa.t.node.federation.sync();
      const sent = await releases(bfa, id, 'liaison');
      assert.equal(sent.status, 200);
      assert.equal(sent.body.releases.length, 1);
      const r = sent.body.releases[0];
      assert.equal(r.peer.node_id, sen.id);
      assert.equal(r.peer.name, 'Service SEN');
      assert.equal(r.agreement.id, agreementId);
      assert.equal(r.decision, 'release');
      assert.equal(r.state, 'acknowledged');
      assert.ok(r.acked_at, 'the time of the signed receipt');
      // Marked sent by the same update that settles it, at the push (not after the receipt).
      assert.ok(r.sent_at, 'the time it was pushed');
      assert.ok(r.sent_at <= r.acked_at);

      const got = await releases(sen, id, 'analyst');
      assert.equal(got.status, 200);
      assert.deepEqual(got.body.releases, []);
      assert.equal(got.body.provenance.origin.node_id, bfa.id);
      assert.equal(got.body.provenance.origin.name, 'Service BFA');
      assert.deepEqual(got.body.provenance.agreements, [
        { id: agreementId, title: 'Accord de test BFA–SEN' },
      ]);
      assert.ok(got.body.provenance.first_received_at);
    });

    test('reporters and admins may not read releases (audited denial); an unknown record is 404', async () => {
      const some = `incident--${randomUUID()}`;
      assert.equal((await releases(bfa, some, 'reporter')).status, 403);
      assert.equal((await releases(bfa, some, 'admin')).status, 403);
      assert.equal((await releases(bfa, some, 'analyst')).status, 404);
    });
  });
}
