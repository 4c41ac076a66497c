// POST /api/v1/objects with an Idempotency-Key header ([FED-104] of docs/sync-spec.md), on every backend.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestNode, type TestNode } from '../node/test-support/test-node.ts';
import { testBackends } from '../store/test-support/backends.ts';
import { EXT_ID } from '../objects/sentinelle-extension.ts';
import { TLP } from '../objects/markings.ts';
import { mintedK } from '../objects/ids.ts';

type Role = Parameters<TestNode['as']>[0];

function incident(name: string, overrides: Record<string, unknown> = {}) {
  return {
    type: 'incident',
    name,
    lang: 'fr',
    object_marking_refs: [TLP.amber.id],
    extensions: {
      [EXT_ID]: {
        extension_type: 'property-extension',
        event_type: 'armed_attack_security_forces',
        occurred_at: '2026-02-28T05:30:00Z',
        time_precision: 'hour',
        location: { country: 'BFA' },
        source_reliability: 'B',
        information_credibility: 2,
      },
    },
    ...overrides,
  };
}

for (const backend of await testBackends()) {
  void describe(`[${backend.name}] [FED-104] POST /api/v1/objects with an Idempotency-Key`, { timeout: 120_000 }, () => {
    let tn: TestNode;
    before(async () => {
      tn = await createTestNode({ backend: backend.name });
    });
    after(async () => {
      await tn?.dispose();
    });

    async function post(as: Role, payload: unknown, key?: string, headers: Record<string, string> = {}) {
      const res = await tn.app.inject({
        method: 'POST',
        url: '/api/v1/objects',
        payload: payload as Record<string, unknown>,
        headers: { ...headers, ...(key === undefined ? {} : { 'idempotency-key': key }), ...tn.as(as) },
      });
      return { res, body: JSON.parse(res.body) as Record<string, any> };
    }
    async function named(as: Role, name: string): Promise<string[]> {
      const res = await tn.app.inject({ method: 'GET', url: '/api/v1/objects?type=incident&limit=1000', headers: tn.as(as) });
      const items = (JSON.parse(res.body) as { items: { object: { id: string; name: string } }[] }).items;
      return items.filter((i) => i.object.name === name).map((i) => i.object.id);
    }

    test('the same key twice: one record, with a minted id; the retry answers 200 and says it replayed', async () => {
      const name = 'Embuscade près de Djibo (clé)';
      const key = '6f1c2a9e-3b7d-4e21-9a55-0c8d7e6f5a41';
      const first = await post('reporter', incident(name), key);
      assert.equal(first.res.statusCode, 201, first.res.body);
      assert.equal(first.res.headers['idempotent-replayed'], undefined);
      assert.notEqual(mintedK(first.body.id, 'incident', first.body.created_by_ref, first.body.created), undefined, 'a node-minted id');
      const again = await post('reporter', incident(name), key);
      assert.equal(again.res.statusCode, 200, again.res.body);
      assert.equal(again.res.headers['idempotent-replayed'], 'true');
      assert.equal(again.res.headers.location, `/api/v1/objects/${first.body.id}`);
      assert.deepEqual(again.body, first.body);
      assert.deepEqual(await named('reporter', name), [first.body.id]);
    });

    test('the retry returns the record’s current version after an edit', async () => {
      const name = 'Engin explosif sur la route de Dori (clé)';
      const first = await post('analyst', incident(name), 'edit-then-retry');
      assert.equal(first.res.statusCode, 201, first.res.body);
      const put = await tn.app.inject({
        method: 'PUT',
        url: `/api/v1/objects/${first.body.id}`,
        payload: { ...first.body, description: 'Complété.', modified: undefined },
        headers: tn.as('analyst'),
      });
      assert.equal(put.statusCode, 200, put.body);
      const again = await post('analyst', incident(name), 'edit-then-retry');
      assert.equal(again.res.statusCode, 200, again.res.body);
      assert.equal(again.body.id, first.body.id);
      assert.equal(again.body.description, 'Complété.');
    });

    test('another key, or the same key of another user: another record', async () => {
      const name = 'Attaque du poste de Seytenga (clé)';
      const a = await post('analyst', incident(name), 'key-a');
      const b = await post('analyst', incident(name), 'key-b');
      const c = await post('reporter', incident(name), 'key-a');
      for (const r of [a, b, c]) assert.equal(r.res.statusCode, 201, r.res.body);
      assert.equal(new Set([a.body.id, b.body.id, c.body.id]).size, 3);
      assert.equal((await named('analyst', name)).length, 3);
    });

    test('the same key with another body is refused (409), naming the header, in French and English', async () => {
      const first = await post('analyst', incident('Saisie d’armes à Dori (clé)'), 'reused-key');
      assert.equal(first.res.statusCode, 201, first.res.body);
      const fr = await post('analyst', incident('Un autre rapport'), 'reused-key');
      assert.equal(fr.res.statusCode, 409, fr.res.body);
      assert.equal(fr.body.code, 'records.idempotency_key_reused');
      assert.match(fr.body.detail, /Idempotency-Key/);
      assert.match(fr.body.detail, /clé d'idempotence/);
      assert.ok(fr.body.detail.includes(first.body.id));
      assert.equal(fr.body.record_id, first.body.id, 'the record the key made, for a client to carry on from');
      const en = await post('analyst', incident('Un autre rapport'), 'reused-key', { 'accept-language': 'en' });
      assert.equal(en.res.statusCode, 409);
      assert.match(en.body.detail, /Idempotency-Key/);
      assert.match(en.body.detail, /idempotency key/);
      assert.deepEqual(await named('analyst', 'Un autre rapport'), []);
    });

    test('a bad header is refused (400) naming it, in French and English; nothing is stored', async () => {
      for (const key of ['', 'a b', 'é', 'x'.repeat(101), 'a/b']) {
        const fr = await post('analyst', incident('Rapport à clé invalide'), key);
        assert.equal(fr.res.statusCode, 400, JSON.stringify(key));
        assert.equal(fr.body.code, 'http.idempotency_key_invalid');
        assert.match(fr.body.detail, /En-tête Idempotency-Key/);
      }
      const en = await post('analyst', incident('Rapport à clé invalide'), 'a b', { 'accept-language': 'en' });
      assert.match(en.body.detail, /Invalid Idempotency-Key header/);
      assert.equal((await post('analyst', incident('Rapport à clé ok'), 'x'.repeat(100))).res.statusCode, 201);
      assert.deepEqual(await named('analyst', 'Rapport à clé invalide'), []);
    });

    test('a body with an id and a key: the key still makes the retry return the record (200, not 409 records.exists)', async () => {
      const id = 'incident--3c1f0a7e-9b2d-4c8e-8f6a-1d2e3f4a5b6c';
      const first = await post('analyst', incident('Rapport à id client (clé)', { id }), 'with-id');
      assert.equal(first.res.statusCode, 201, first.res.body);
      assert.equal(first.body.id, id);
      const again = await post('analyst', incident('Rapport à id client (clé)', { id }), 'with-id');
      assert.equal(again.res.statusCode, 200, again.res.body);
      assert.equal(again.body.id, id);
      // Another key for an id already stored: 409 records.exists, as without a key.
      const other = await post('analyst', incident('Rapport à id client (clé)', { id }), 'with-id-2');
      assert.equal(other.res.statusCode, 409);
      assert.equal(other.body.code, 'records.exists');
    });

    test('concurrent requests with the same key: one record, both answers name it', async () => {
      const name = 'Rapport envoyé deux fois en même temps (clé)';
      const [a, b] = await Promise.all([post('reporter', incident(name), 'concurrent'), post('reporter', incident(name), 'concurrent')]);
      assert.deepEqual([a.res.statusCode, b.res.statusCode].sort(), [200, 201], `${a.res.body} ${b.res.body}`);
      assert.equal(a.body.id, b.body.id);
      assert.deepEqual(await named('reporter', name), [a.body.id]);
    });
  });
}
