/**
 * Signatures (docs/sharing.md §2): an agreement altered after signing is not effective; a
 * signature by an unregistered key does not count; revocations are signed too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgreementDocument } from './agreement.ts';
import { agreementStatuses, signDocument, signedContent, signRevocation, verifyRevocation, verifySignature } from './signing.ts';
import { agreementDoc, NODES, testKeys } from './test-support/fixtures.ts';

const bfa = testKeys();
const sen = testKeys();
const rogue = testKeys();
const keys = new Map<string, string>([
  [NODES.BFA, bfa.publicKeySpki],
  [NODES.SEN, sen.publicKeySpki],
]);
const keyOf = (id: string) => keys.get(id) ?? null;

function signedBoth(doc: AgreementDocument = agreementDoc()) {
  return { document: doc, signatures: [signDocument(doc, bfa.privateKey, NODES.BFA), signDocument(doc, sen.privateKey, NODES.SEN)], revocations: [] };
}

test('the signed text is the RFC 8785 form without signatures and revocations', () => {
  const doc = agreementDoc();
  const withSigs = { ...doc, signatures: [{ node_id: NODES.BFA, alg: 'Ed25519' as const, value: 'x' }], revocations: [] } as AgreementDocument;
  assert.equal(signedContent(withSigs), signedContent(doc));
  assert.ok(signedContent(doc).startsWith('{"expiry":"2027-01-01T00:00:00Z","format":"sentinelle-agreement/1"'));
  // Key order in the input does not matter.
  const reordered = Object.fromEntries(Object.entries(doc).reverse()) as unknown as AgreementDocument;
  assert.equal(signedContent(reordered), signedContent(doc));
});

test('effective only when every party signed with its registered key', () => {
  const v = signedBoth();
  assert.equal(agreementStatuses([v], keyOf).get(1)?.signed, true);
  const one = { ...v, signatures: v.signatures.slice(0, 1) };
  assert.deepEqual(agreementStatuses([one], keyOf).get(1)?.missing, [NODES.SEN]);
});

test('an agreement altered after signing is not effective', () => {
  const v = signedBoth();
  for (const alter of [
    (d: AgreementDocument) => ({ ...d, scope: { ...d.scope, max_tlp: 'amber+strict' as const } }),
    (d: AgreementDocument) => ({ ...d, expiry: '2030-01-01T00:00:00Z' }),
    (d: AgreementDocument) => ({ ...d, parties: [...d.parties].reverse() }),
  ]) {
    const altered = { ...v, document: alter(v.document) };
    const st = agreementStatuses([altered], keyOf).get(1)!;
    assert.equal(st.signed, false);
    assert.deepEqual(st.signedBy, []);
    assert.equal(verifySignature(altered.document, v.signatures[0]!, bfa.publicKeySpki), false);
  }
});

test('a signature by an unregistered key does not count; an unregistered party is reported', () => {
  const doc = agreementDoc();
  const forged = { document: doc, signatures: [signDocument(doc, bfa.privateKey, NODES.BFA), signDocument(doc, rogue.privateKey, NODES.SEN)], revocations: [] };
  const st = agreementStatuses([forged], keyOf).get(1)!;
  assert.equal(st.signed, false);
  assert.deepEqual(st.missing, [NODES.SEN]);
  const gone = agreementStatuses([signedBoth()], (id) => (id === NODES.SEN ? null : keyOf(id))).get(1)!;
  assert.deepEqual(gone.unregistered, [NODES.SEN]);
  assert.equal(gone.signed, false);
  assert.equal(verifySignature(doc, { node_id: NODES.BFA, alg: 'Ed25519', value: 'AAAA' }, bfa.publicKeySpki), false);
  assert.equal(verifySignature(doc, forged.signatures[0]!, 'not-a-key'), false);
});

test('revocation by any party, signed; it covers earlier versions; a later signed version supersedes', () => {
  const v1 = signedBoth();
  const v2 = signedBoth(agreementDoc({ version: 2, title: 'Accord BFA–SEN, version 2' }));
  let st = agreementStatuses([v1, v2], keyOf);
  assert.equal(st.get(1)?.superseded, true);
  assert.equal(st.get(2)?.superseded, false);
  const rev = signRevocation({ agreement_id: v2.document.id, version: 2, node_id: NODES.SEN, revoked_at: '2026-06-01T00:00:00Z', reason: 'fin de coopération' }, sen.privateKey);
  assert.equal(verifyRevocation(rev, sen.publicKeySpki), true);
  assert.equal(verifyRevocation({ ...rev, reason: 'autre' }, sen.publicKeySpki), false);
  st = agreementStatuses([v1, { ...v2, revocations: [rev] }], keyOf);
  assert.deepEqual([st.get(1)?.revoked, st.get(2)?.revoked], [true, true]);
  assert.deepEqual(st.get(2)?.revokedBy, [NODES.SEN]);
  const forged = signRevocation({ agreement_id: v2.document.id, version: 2, node_id: NODES.SEN, revoked_at: '2026-06-01T00:00:00Z' }, rogue.privateKey);
  assert.equal(agreementStatuses([{ ...v2, revocations: [forged] }], keyOf).get(2)?.revoked, false);
  // An unsigned later version does not supersede.
  const v3 = { document: agreementDoc({ version: 3 }), signatures: [], revocations: [] };
  assert.equal(agreementStatuses([v2, v3], keyOf).get(2)?.superseded, false);
});
