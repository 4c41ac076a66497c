/**
 * Withdraw semantics (docs/sharing.md §8): a partner that received a record gets a withdraw when
 * it stops qualifying — TLP raised, releasability removed, record revoked, moved out of the area,
 * agreement expired or revoked — and nothing is sent twice.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TLP2_IDS } from '../objects/markings.ts';
import { exampleIncident } from '../objects/fixtures.ts';
import type { StixObject } from '../objects/stix.ts';
import { decide } from './policy.ts';
import { contentHash, nextShareAction, type PreviousShare } from './share-action.ts';
import { agreementDoc, context, inForce, NOW, policyRecord, REL_TO, SEN } from './test-support/fixtures.ts';

const BAM = { lat: 13.45, lon: -1.56, precision_m: 1000, country: 'BFA', admin1: 'Centre-Nord', admin2: 'Bam' };
const v1 = exampleIncident({ object_marking_refs: [TLP2_IDS.amber, REL_TO.BFA_SEN.id] }, { actor_refs: undefined, occurred_at: '2026-02-27T12:00:00Z', location: BAM });
const areaDoc = agreementDoc({ scope: { ...agreementDoc().scope, area: { countries: ['BFA'] } } });

function act(previous: PreviousShare | null, obj: StixObject, opts: { doc?: typeof areaDoc; status?: Parameters<typeof inForce>[1]; now?: number } = {}) {
  const d = decide(policyRecord(obj), inForce(opts.doc ?? areaDoc, opts.status), SEN, context([], opts.now === undefined ? {} : { now: opts.now }));
  return nextShareAction(previous, d, obj);
}

const sent: PreviousShare = { decision: 'release', recordModified: String(v1.modified), contentHash: contentHash(v1) };
const later = (over: Record<string, unknown>, ext?: Record<string, unknown>) =>
  exampleIncident({ object_marking_refs: [TLP2_IDS.amber, REL_TO.BFA_SEN.id], modified: '2026-02-28T00:00:00.000Z', ...over }, { actor_refs: undefined, occurred_at: '2026-02-27T12:00:00Z', location: BAM, ...ext });

describe('withdraw when a record stops qualifying', () => {
  const rows: { name: string; obj: StixObject; opts?: Parameters<typeof act>[2] }[] = [
    { name: 'TLP raised to RED', obj: later({ object_marking_refs: [TLP2_IDS.red, REL_TO.BFA_SEN.id] }) },
    { name: 'releasability narrowed to BFA, NER', obj: later({ object_marking_refs: [TLP2_IDS.amber, REL_TO.BFA_NER.id] }) },
    { name: 'record revoked', obj: later({ revoked: true }) },
    { name: 'moved out of the area', obj: later({}, { location: { country: 'NER', lat: 13.5, lon: 2.1 } }) },
    { name: 'agreement expired', obj: v1, opts: { now: Date.parse('2027-01-01T00:00:00Z') } },
    { name: 'agreement revoked', obj: v1, opts: { status: { revoked: true, revokedBy: ['x'] } } },
  ];
  for (const row of rows) {
    test(row.name, () => {
      const a = act(sent, row.obj, row.opts);
      assert.equal(a.action, 'withdraw');
      assert.ok(a.action === 'withdraw' && ['IMMEDIATE', 'FLASH'].includes(a.priority));
      assert.equal(act(null, row.obj, row.opts).action, 'none', 'never sent: nothing to withdraw');
      assert.equal(act({ decision: 'withdraw', recordModified: String(v1.modified), contentHash: null }, row.obj, row.opts).action, 'none', 'already withdrawn');
    });
  }
});

describe('puts', () => {
  test('first release is a put; the same copy again is nothing; a new version is a put', () => {
    const first = act(null, v1);
    assert.equal(first.action, 'put');
    assert.equal(act(sent, v1).action, 'none');
    assert.equal(act(sent, later({ name: 'Embuscade (bilan révisé)' })).action, 'put');
    assert.equal(act({ decision: 'withdraw', recordModified: String(v1.modified), contentHash: null }, v1).action, 'put', 'qualifies again after a withdraw');
    assert.equal(act({ decision: 'withhold', recordModified: String(v1.modified), contentHash: null }, v1).action, 'put');
  });
  test('the same version redacted differently (agreement changed) is sent again', () => {
    const stricter = agreementDoc({ version: 2, scope: areaDoc.scope, redaction: { strip_free_text: true } });
    const a = act(sent, v1, { doc: stricter, now: NOW });
    assert.equal(a.action, 'put');
    assert.ok(a.action === 'put' && a.object.description === undefined);
  });
});
