/**
 * [FED-28][FED-9] Property: for random operation histories on BFA — releases at random TLP, TLP
 * raised and lowered, records revoked, synchronisation at random points, push or pull — SEN never
 * holds a record BFA's policy engine withholds from it (checked after every delivery), nothing
 * sits in SEN's queues (items ahead of a gap are not stored), and once synchronised SEN holds
 * exactly what the engine releases.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { testBackends } from '../../store/test-support/backends.ts';
import { TLP2_IDS } from '../../objects/markings.ts';
import type { StixObject } from '../../objects/stix.ts';
import { agreementDoc } from '../../sharing/test-support/fixtures.ts';
import { isInstalledDefinition, isStandardObject } from './sender.ts';
import {
  heldFrom,
  incident,
  party,
  registerAll,
  signEverywhere,
  type Party,
} from './test-support/parties.ts';

type Tlp = 'clear' | 'green' | 'amber' | 'red';
type Op =
  | { op: 'create'; tlp: Tlp }
  | { op: 'retag'; pick: number; tlp: Tlp }
  | { op: 'revoke'; pick: number }
  | { op: 'push' }
  | { op: 'pull' };

const tlp = fc.constantFrom<Tlp>('clear', 'green', 'amber', 'red');
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: tlp.map((t) => ({ op: 'create' as const, tlp: t })) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('retag' as const), pick: fc.nat(), tlp }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('revoke' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.constant({ op: 'push' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'pull' as const }) },
);

/** Every record SEN holds from BFA is one BFA's policy engine releases to SEN now. */
async function assertNothingWithheldHeld(bfa: Party, sen: Party): Promise<void> {
  for (const id of await heldFrom(sen, bfa)) {
    const own = await bfa.t.node.records.repo.get(bfa.t.node.db, id);
    assert.ok(own, `${id} held by SEN but gone on BFA`);
    const d = await bfa.t.node.sharing.decideFor(bfa.t.node.db, id, sen.id);
    assert.notEqual(
      d.decision,
      'withhold',
      `SEN holds ${id}, which BFA withholds (${d.reasons.map((r) => r.code).join(', ')})`,
    );
  }
}

async function assertExactlyReleased(bfa: Party, sen: Party): Promise<void> {
  const { rows } = await bfa.t.node.db.query<{ id: string }>(`SELECT id FROM objects WHERE origin = 'local'`);
  const held = new Set(await heldFrom(sen, bfa));
  for (const { id } of rows) {
    const own = (await bfa.t.node.records.repo.get(bfa.t.node.db, id))!;
    if (isStandardObject(id) || isInstalledDefinition(own.object)) continue;
    const d = await bfa.t.node.sharing.decideFor(bfa.t.node.db, id, sen.id);
    assert.equal(held.has(id), d.decision !== 'withhold', id);
  }
}

for (const backend of await testBackends()) {
  describe(`[${backend.name}] no partner holds what the policy engine withholds`, () => {
    let bfa: Party, sen: Party;
    before(async () => {
      [bfa, sen] = [await party(backend.name, 'BFA'), await party(backend.name, 'SEN')];
      await registerAll([bfa, sen]);
      await signEverywhere(
        agreementDoc({ id: randomUUID(), parties: [bfa.id, sen.id], expiry: '2099-01-01T00:00:00Z' }),
        [bfa, sen],
      );
    });
    after(async () => {
      for (const p of [bfa, sen]) await p?.t.dispose();
    });

    test('[FED-28][FED-9][FED-8] random histories: never a withheld record at rest on SEN, exact once synchronised', async () => {
      const mine: StixObject[] = [];
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 3, maxLength: 7 }), async (ops) => {
          for (const o of ops) {
            bfa.t.clock.advance(60_000);
            const now = bfa.t.clock.now().toISOString();
            if (o.op === 'create') {
              const obj = incident(bfa, {
                created: now,
                modified: now,
                object_marking_refs: [TLP2_IDS[o.tlp]],
              });
              mine.push(await bfa.t.node.records.create(bfa.t.node.system, obj));
            } else if ((o.op === 'retag' || o.op === 'revoke') && mine.length) {
              const i = o.pick % mine.length;
              const cur = mine[i]!;
              if (cur.revoked) continue;
              const next =
                o.op === 'retag'
                  ? { ...cur, modified: now, object_marking_refs: [TLP2_IDS[o.tlp]] }
                  : { ...cur, modified: now, revoked: true };
              mine[i] = await bfa.t.node.records.update(bfa.t.node.system, cur.id, next);
            } else if (o.op === 'push') {
              await bfa.t.node.federation.sync();
              await assertNothingWithheldHeld(bfa, sen);
            } else if (o.op === 'pull') {
              await sen.t.node.federation.pull(bfa.id);
              await assertNothingWithheldHeld(bfa, sen);
            }
          }
          await bfa.t.node.federation.sync();
          await assertNothingWithheldHeld(bfa, sen);
          await assertExactlyReleased(bfa, sen);
        }),
        { numRuns: backend.name === 'pglite' ? 6 : 4, seed: 4242 },
      );
    });
  });
}
