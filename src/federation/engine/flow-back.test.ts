/**
 * [FED-36] What a partner adds about a received record — its notes and sightings — flows back to
 * the originator when the agreement's scope allows those types, and not when it does not. Two
 * real nodes on loopback, on every backend.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { testBackends } from '../../store/test-support/backends.ts';
import { TLP2_IDS } from '../../objects/markings.ts';
import { agreementDoc } from '../../sharing/test-support/fixtures.ts';
import {
  heldFrom,
  incident,
  party,
  registerAll,
  signEverywhere,
  type Party,
} from './test-support/parties.ts';

for (const backend of await testBackends()) {
  void describe(`[${backend.name}] notes and sightings flow back to the originator [FED-36]`, () => {
    let bfa: Party;
    let sen: Party;

    before(async () => {
      bfa = await party(backend.name, 'BFA');
      sen = await party(backend.name, 'SEN');
      await registerAll([bfa, sen]);
      const base = agreementDoc({
        id: randomUUID(),
        parties: [bfa.id, sen.id],
        expiry: '2099-01-01T00:00:00Z',
      });
      await signEverywhere(
        // Notes in scope, sightings not: each side's types are the agreement's, both ways.
        { ...base, scope: { ...base.scope, types: ['incident', 'identity', 'note'] } },
        [bfa, sen],
      );
    });
    after(async () => {
      await bfa?.t.dispose();
      await sen?.t.dispose();
    });

    test('a note SEN writes on BFA’s incident reaches BFA; a sighting outside the scope stays home', async () => {
      const obj = await bfa.t.node.records.create(bfa.t.node.system, incident(bfa));
      await bfa.t.node.federation.sync();
      assert.ok(await sen.t.node.records.repo.get(sen.t.node.db, obj.id), 'SEN holds the incident');

      const note = await sen.t.node.records.create(sen.t.node.system, {
        type: 'note',
        content: 'Recoupé par nos équipes : même groupe vu à Djibo la veille.',
        object_refs: [obj.id],
        object_marking_refs: [TLP2_IDS.amber],
      });
      const sighting = await sen.t.node.records.create(sen.t.node.system, {
        type: 'sighting',
        sighting_of_ref: obj.id,
        count: 1,
        object_marking_refs: [TLP2_IDS.amber],
      });
      await sen.t.node.federation.sync();

      const { rows: nacks } = await sen.t.node.db.query<{ record_id: string; nack_reason: string }>(
        `SELECT record_id, nack_reason FROM fed_outbox WHERE nack_reason IS NOT NULL`,
      );
      assert.deepEqual(nacks, [], 'BFA accepted what SEN released');
      const back = await heldFrom(bfa, sen);
      assert.ok(back.includes(note.id), 'the note came back to the originator');
      assert.ok(!back.includes(sighting.id), 'the sighting is outside the agreement');
      const stored = await bfa.t.node.records.repo.get(bfa.t.node.db, note.id);
      assert.deepEqual(stored?.object.object_refs, [obj.id]);
      // The originator's own incident is not overwritten by its echo.
      const own = await bfa.t.node.records.repo.get(bfa.t.node.db, obj.id);
      assert.equal(own?.origin, 'local');
    });
  });
}
