/**
 * Agreements between two nodes, each with its own database, on PGlite and PostgreSQL
 * (docs/sharing.md §2–3): propose → export → import and sign → export → import: effective on
 * both; altered, forged or ill-addressed files refused whole; revocation travels the same way.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testBackends, type TestBackend } from '../store/test-support/backends.ts';
import { listAudit } from '../audit/audit.ts';
import { DomainError } from '../core/errors.ts';
import type { AgreementFile } from './agreement.ts';
import { signDocument } from './signing.ts';
import { agreementDoc, AGREEMENT_ID, NODES, ORG_IDENTITY, testKeys } from './test-support/fixtures.ts';
import { principal, sharingNode, type TestSharingNode } from './test-support/services.ts';

const SEN_ID = 'identity--7c4fa132-8d5e-4f90-b123-4c5d6e7f8091';
const liaison = principal('liaison');

async function rejects(p: Promise<unknown>, kind: string, path?: string, code?: string): Promise<void> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof DomainError, String(e));
    assert.equal(e.kind, kind, e.message);
    if (path) assert.ok(e.issues.some((i) => i.path === path && (!code || i.code === code)), `${path} ${code ?? ''} in ${e.message}`);
    return;
  }
  assert.fail('expected a rejection');
}

async function pair(backend: TestBackend) {
  const a = await backend.open();
  const b = await backend.open();
  const bfa = await sharingNode(a.db, { nodeId: NODES.BFA, country: 'BFA', organisation: 'Service BFA', identityId: ORG_IDENTITY });
  const sen = await sharingNode(b.db, { nodeId: NODES.SEN, country: 'SEN', organisation: 'Service SEN', identityId: SEN_ID });
  await bfa.peers.add('cli', sen.card());
  await sen.peers.add('cli', bfa.card());
  return { bfa, sen, dispose: async () => (await a.dispose(), await b.dispose()) };
}

const draft = () => {
  const { id: _id, version: _v, format: _f, ...rest } = agreementDoc();
  return rest;
};

/** JSON round trip, as through a file. */
const file = (f: AgreementFile): AgreementFile => JSON.parse(JSON.stringify(f)) as AgreementFile;

async function signedOnBoth(bfa: TestSharingNode, sen: TestSharingNode): Promise<string> {
  const proposed = await bfa.agreements.propose(liaison, draft());
  const id = proposed.document.id;
  await sen.agreements.importFile(liaison, file(await bfa.agreements.exportFile(liaison, id)));
  await sen.agreements.sign(liaison, id);
  await bfa.agreements.importFile(liaison, file(await sen.agreements.exportFile(liaison, id)));
  return id;
}

for (const backend of await testBackends()) {
  describe(`[${backend.name}] agreements across two nodes`, () => {
    test('propose, export, import, sign, import back: effective on both; every step audited', async () => {
      const { bfa, sen, dispose } = await pair(backend);
      try {
        const proposed = await bfa.agreements.propose(liaison, draft());
        assert.match(proposed.document.id, /^[0-9a-f-]{36}$/);
        assert.equal(proposed.document.version, 1);
        assert.equal(proposed.state, 'awaiting_signatures');
        assert.deepEqual(proposed.status.signedBy, [NODES.BFA]);
        const id = proposed.document.id;

        const imported = await sen.agreements.importFile(liaison, file(await bfa.agreements.exportFile(liaison, id)));
        assert.deepEqual(imported.status.missing, [NODES.SEN]);
        const signed = await sen.agreements.sign(liaison, id);
        assert.equal(signed.state, 'effective');
        await rejects(sen.agreements.sign(liaison, id), 'conflict');

        const back = await bfa.agreements.importFile(liaison, file(await sen.agreements.exportFile(liaison, id)));
        assert.equal(back.state, 'effective');
        assert.deepEqual(back.status.signedBy.sort(), [NODES.BFA, NODES.SEN].sort());
        // Importing the same file again changes nothing.
        assert.equal((await bfa.agreements.importFile(liaison, file(await sen.agreements.exportFile(liaison, id)))).state, 'effective');

        const { text } = await bfa.agreements.describe(liaison, id, undefined, 'en');
        assert.ok(text.includes('State: in force.'), text.join('\n'));
        assert.ok(text.some((l) => l.includes('TLP marking at most TLP:AMBER')));
        const fr = (await bfa.agreements.describe(liaison, id, undefined, 'fr')).text;
        assert.ok(fr.includes('État : en vigueur.'));
        assert.ok(fr.some((l) => l.includes('Service SEN (SEN)')));

        const senAudit = await listAudit(sen.deps.db, { actions: ['agreement.import', 'agreement.sign', 'agreement.export'] }, { limit: 20 });
        assert.deepEqual(senAudit.items.map((e) => e.action).reverse(), ['agreement.import', 'agreement.sign', 'agreement.export', 'agreement.export']);
        const audit = await listAudit(bfa.deps.db, { actions: ['agreement.propose', 'agreement.export', 'agreement.import'] }, { limit: 20 });
        assert.deepEqual(audit.items.map((e) => e.action).reverse(), ['agreement.propose', 'agreement.export', 'agreement.import', 'agreement.import']);
        assert.equal((await bfa.agreements.list(liaison))[0]?.state, 'effective');
      } finally {
        await dispose();
      }
    });

    test('an agreement altered after signing is refused, and nothing is stored', async () => {
      const { bfa, sen, dispose } = await pair(backend);
      try {
        const proposed = await bfa.agreements.propose(liaison, draft());
        const altered = file(await bfa.agreements.exportFile(liaison, proposed.document.id));
        altered.scope.max_tlp = 'amber+strict';
        await rejects(sen.agreements.importFile(liaison, altered), 'invalid', '/signatures/0', 'agreement.signature_invalid');
        await rejects(sen.agreements.get(liaison, proposed.document.id), 'not_found');
        // On the proposer's side the same version with other content is a conflict.
        await rejects(bfa.agreements.importFile(liaison, { ...altered, signatures: [] }), 'conflict', '/version', 'agreement.version_conflict');
      } finally {
        await dispose();
      }
    });

    test('a signature by an unregistered key, by a non-party, or twice is refused', async () => {
      const { bfa, sen, dispose } = await pair(backend);
      try {
        const proposed = await bfa.agreements.propose(liaison, draft());
        const f = file(await bfa.agreements.exportFile(liaison, proposed.document.id));
        const rogue = testKeys();
        const forged = { ...f, signatures: [signDocument(proposed.document, rogue.privateKey, NODES.BFA)] };
        await rejects(sen.agreements.importFile(liaison, forged), 'invalid', '/signatures/0', 'agreement.signature_invalid');
        const outsider = { ...f, signatures: [...f.signatures!, signDocument(proposed.document, rogue.privateKey, NODES.NER)] };
        await rejects(sen.agreements.importFile(liaison, outsider), 'invalid', '/signatures/1', 'agreement.signature_not_party');
        const twice = { ...f, signatures: [...f.signatures!, ...f.signatures!] };
        await rejects(sen.agreements.importFile(liaison, twice), 'invalid', '/signatures/1');
        await rejects(sen.agreements.get(liaison, proposed.document.id), 'not_found');
      } finally {
        await dispose();
      }
    });

    test('parties must be this node and registered peers; versions only move forward', async () => {
      const { bfa, dispose } = await pair(backend);
      try {
        await rejects(bfa.agreements.propose(liaison, { ...draft(), parties: [NODES.BFA, NODES.NER] }), 'invalid', '/parties/1', 'agreement.party_not_registered');
        await rejects(bfa.agreements.propose(liaison, { ...draft(), parties: [NODES.SEN, NODES.NER] }), 'invalid', '/parties', 'agreement.self_not_party');
        await rejects(bfa.agreements.propose(liaison, { ...draft(), expiry: '2025-01-01T00:00:00Z' }), 'invalid', '/expiry', 'agreement.expiry_before_start');
        const v1 = await bfa.agreements.propose(liaison, { ...draft(), id: AGREEMENT_ID });
        await rejects(bfa.agreements.propose(liaison, { ...draft(), id: AGREEMENT_ID, title: 'Autre texte' }), 'conflict', '/version', 'agreement.version_conflict');
        const v2 = await bfa.agreements.propose(liaison, { ...draft(), id: AGREEMENT_ID, version: 2, title: 'Accord BFA–SEN v2' });
        assert.deepEqual(v2.versions.map((v) => v.version), [1, 2]);
        await rejects(bfa.agreements.propose(liaison, { ...draft(), id: AGREEMENT_ID, version: 2, title: 'Encore' }), 'conflict');
        assert.equal(v1.document.version, 1);
        assert.equal((await bfa.agreements.get(liaison, AGREEMENT_ID, 1)).document.title, 'Accord BFA–SEN : incidents sécuritaires');
        await rejects(bfa.agreements.get(liaison, AGREEMENT_ID, 7), 'not_found');
      } finally {
        await dispose();
      }
    });

    test('revocation by either party travels as a signed statement; removing a peer ends effectiveness', async () => {
      const { bfa, sen, dispose } = await pair(backend);
      try {
        const id = await signedOnBoth(bfa, sen);
        const revoked = await sen.agreements.revoke(liaison, id, undefined, 'Fin de la coopération');
        assert.equal(revoked.state, 'revoked');
        await rejects(sen.agreements.revoke(liaison, id), 'conflict');
        const f = file(await sen.agreements.exportFile(liaison, id));
        assert.equal(f.revocations?.length, 1);
        assert.equal((await bfa.agreements.importFile(liaison, f)).state, 'revoked');
        const tampered = { ...f, revocations: [{ ...f.revocations[0]!, reason: 'autre' }] };
        await rejects(bfa.agreements.importFile(liaison, tampered), 'invalid', '/revocations/0', 'agreement.revocation_invalid');

        const id2 = await signedOnBoth(bfa, sen);
        assert.equal((await bfa.agreements.get(liaison, id2)).state, 'effective');
        // The policy engine's reading (one statement: versions, signatures, revocations and the
        // parties' keys) judges as `get` does.
        const engine = async () =>
          new Map((await bfa.agreements.relevant(bfa.deps.db, NODES.BFA, NODES.SEN)).map((a) => [a.document.id, a.status]));
        let seen = await engine();
        assert.deepEqual([...seen.keys()].sort(), [id, id2].sort());
        assert.deepEqual(seen.get(id)!.revokedBy, [NODES.SEN]);
        assert.equal(seen.get(id2)!.revoked, false);
        assert.deepEqual(seen.get(id2)!.signedBy.sort(), [NODES.BFA, NODES.SEN].sort());
        await bfa.peers.remove('cli', NODES.SEN);
        assert.equal((await bfa.agreements.get(liaison, id2)).state, 'party_unregistered');
        seen = await engine();
        assert.deepEqual(seen.get(id2)!.unregistered, [NODES.SEN]);
        assert.equal(seen.get(id2)!.signed, false);
      } finally {
        await dispose();
      }
    });

    test('expiry and start follow the node clock; only liaisons manage agreements', async () => {
      const { bfa, sen, dispose } = await pair(backend);
      try {
        const id = await signedOnBoth(bfa, sen);
        bfa.clock.set('2027-01-01T00:00:00.000Z');
        assert.equal((await bfa.agreements.get(liaison, id)).state, 'expired');
        bfa.clock.set('2025-12-31T23:59:59.999Z');
        assert.equal((await bfa.agreements.get(liaison, id)).state, 'not_started');
        for (const role of ['admin', 'analyst', 'auditor', 'reporter'] as const) {
          await rejects(bfa.agreements.list(principal(role)), 'forbidden');
          await rejects(bfa.agreements.propose(principal(role), draft()), 'forbidden');
        }
        assert.equal((await listAudit(bfa.deps.db, { actions: ['agreement.propose'], outcome: 'denied' }, { limit: 10 })).items.length, 4);
      } finally {
        await dispose();
      }
    });
  });
}
