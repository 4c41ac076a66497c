/** Peer registry (docs/sharing.md §3) on PGlite and PostgreSQL: admin only, audited, soft removal. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testBackends } from '../store/test-support/backends.ts';
import { listAudit } from '../audit/audit.ts';
import { DomainError } from '../core/errors.ts';
import { fingerprint } from '../node/keys.ts';
import { peerInputFromCard } from './peers.ts';
import { NODES, ORG_IDENTITY, testKeys } from './test-support/fixtures.ts';
import { principal, sharingNode } from './test-support/services.ts';

const SEN_ID = 'identity--7c4fa132-8d5e-4f90-b123-4c5d6e7f8091';

async function rejects(p: Promise<unknown>, kind: string, paths: string[] = []): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof DomainError, String(e));
    assert.equal(e.kind, kind, e.message);
    for (const path of paths) assert.ok(e.issues.some((i) => i.path === path), `${path} in ${e.message}`);
    return e;
  }
  assert.fail('expected a rejection');
}

for (const backend of await testBackends()) {
  describe(`[${backend.name}] peers`, () => {
    test('register, show with fingerprint, list, soft remove, re-register; all audited', async () => {
      const { db, dispose } = await backend.open();
      try {
        const bfa = await sharingNode(db, { nodeId: NODES.BFA, country: 'BFA', organisation: 'Service BFA', identityId: ORG_IDENTITY });
        const sen = testKeys();
        const admin = principal('admin');
        const input = { nodeId: NODES.SEN, name: 'Service SEN', country: 'sen', baseUrl: 'https://sen.example', publicKey: sen.publicKeySpki };
        const added = await bfa.peers.add(admin, input);
        assert.equal(added.country, 'SEN');
        assert.equal(added.fingerprint, sen.fingerprint);
        assert.match(added.fingerprint, /^([0-9A-F]{5} ){7}[0-9A-F]{5}$/);
        assert.equal((await bfa.peers.get(admin, NODES.SEN)).baseUrl, 'https://sen.example');
        assert.deepEqual((await bfa.peers.list(admin)).map((p) => p.nodeId), [NODES.SEN]);

        await rejects(bfa.peers.add(admin, input), 'conflict', ['/node_id']);
        await rejects(bfa.peers.add(admin, { ...input, nodeId: NODES.NER }), 'conflict', ['/public_key']);

        const removed = await bfa.peers.remove(admin, NODES.SEN);
        assert.ok(removed.removedAt);
        assert.deepEqual(await bfa.peers.list(admin), []);
        assert.equal((await bfa.peers.list(admin, { includeRemoved: true }))[0]?.removedBy, 'user:u-admin');
        await rejects(bfa.peers.remove(admin, NODES.SEN), 'conflict');
        await rejects(bfa.peers.remove(admin, NODES.MLI), 'not_found');
        const back = await bfa.peers.add(admin, { ...input, name: 'Service SEN (nouvelle adresse)' });
        assert.equal(back.removedAt, null);

        const audit = await listAudit(db, { actions: ['peer.add', 'peer.remove'] }, { limit: 10 });
        assert.deepEqual(audit.items.map((e) => e.action), ['peer.add', 'peer.remove', 'peer.add']);
        assert.equal(audit.items[2]?.details.fingerprint, sen.fingerprint);
      } finally {
        await dispose();
      }
    });

    test('only admins; a refusal is audited', async () => {
      const { db, dispose } = await backend.open();
      try {
        const bfa = await sharingNode(db, { nodeId: NODES.BFA, country: 'BFA', organisation: 'Service BFA', identityId: ORG_IDENTITY });
        for (const role of ['liaison', 'analyst', 'auditor', 'reporter'] as const) {
          await rejects(bfa.peers.list(principal(role)), 'forbidden');
          await rejects(bfa.peers.add(principal(role), { ...bfa.card(), nodeId: NODES.SEN }), 'forbidden');
        }
        const denied = await listAudit(db, { actions: ['peer.add'], outcome: 'denied' }, { limit: 10 });
        assert.equal(denied.items.length, 4);
      } finally {
        await dispose();
      }
    });

    test('bad input names every field; this node cannot be its own peer', async () => {
      const { db, dispose } = await backend.open();
      try {
        const bfa = await sharingNode(db, { nodeId: NODES.BFA, country: 'BFA', organisation: 'Service BFA', identityId: ORG_IDENTITY });
        const admin = principal('admin');
        await rejects(bfa.peers.add(admin, { nodeId: 'sen', name: 'X', country: 'XX', baseUrl: 'ftp://sen', publicKey: 'abc' }), 'invalid', ['/node_id', '/name', '/country', '/base_url', '/public_key']);
        await rejects(bfa.peers.add(admin, { ...bfa.card(), baseUrl: 'https://user:pw@sen.example' }), 'invalid', ['/node_id', '/base_url', '/public_key']);
        const rsa = 'MCowBQYDK2VuAyEA' + 'A'.repeat(43);
        await rejects(bfa.peers.add(admin, { ...bfa.card(), nodeId: NODES.SEN, publicKey: rsa }), 'invalid', ['/public_key']);
        assert.equal((await listAudit(db, { actions: ['peer.add'], outcome: 'success' }, { limit: 10 })).items.length, 0, 'nothing stored, nothing audited as done');
      } finally {
        await dispose();
      }
    });

    test('node cards: this node’s card registers it elsewhere; a wrong fingerprint is refused', async () => {
      const { db, dispose } = await backend.open();
      const other = await backend.open();
      try {
        const bfa = await sharingNode(db, { nodeId: NODES.BFA, country: 'BFA', organisation: 'Service BFA', identityId: ORG_IDENTITY });
        const sen = await sharingNode(other.db, { nodeId: NODES.SEN, country: 'SEN', organisation: 'Service SEN', identityId: SEN_ID });
        const card = JSON.parse(JSON.stringify(bfa.peers.selfCard('https://bfa.example')));
        assert.equal(card.fingerprint, fingerprint(Buffer.from(card.public_key, 'base64url')));
        const peer = await sen.peers.add('cli', peerInputFromCard(card));
        assert.equal(peer.nodeId, NODES.BFA);
        assert.equal(peer.fingerprint, bfa.deps.self.fingerprint);
        assert.throws(() => peerInputFromCard({ ...card, fingerprint: '00000 00000 00000 00000 00000 00000 00000 00000' }), /peer.bad_card/);
        assert.throws(() => peerInputFromCard({ node_id: NODES.BFA }), /peer.bad_card/);
      } finally {
        await dispose();
        await other.dispose();
      }
    });
  });
}
