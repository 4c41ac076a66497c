/**
 * Narrow profile v3 ([FED-94]–[FED-96] of docs/sync-spec.md): an incident filed through the form
 * or API (node-minted id, millisecond creation time, the link's agreement ids) signed and sealed
 * in one Iridium SBD mobile-terminated message.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { manualClock } from '../core/clock.ts';
import { exampleIncident, FIXTURE_IDS } from '../objects/fixtures.ts';
import { mintedStixId } from '../objects/ids.ts';
import { SBD_MT_BYTES } from './fragments.ts';
import type { KeySet } from './keyset.ts';
import { openNarrow, sealNarrow, signNarrow, type NarrowLink, type OpenOptions } from './narrow.ts';
import type { Item } from './protocol.ts';
import { makePeer, streamOf } from './test-support/peers.ts';

const bfa = makePeer();
const sen = makePeer();
const clock = manualClock('2026-03-01T09:00:00Z');
const stream = streamOf(bfa, sen);
const SEN_IDENTITY = 'identity--5d2c7a1e-8b4f-4e9a-b6c3-1f0d9e8a7b62';
// [FED-96] The agreement's narrow_ids: both identities, the armed group the report names.
const link: NarrowLink = {
  streams: [stream],
  localIds: [FIXTURE_IDS.identity, SEN_IDENTITY, FIXTURE_IDS.threatActor],
};
const keysets = new Map<string, KeySet>([
  [bfa.node, bfa.keyset],
  [sen.node, sen.keyset],
]);
const atSen: OpenOptions = {
  me: sen.node,
  keysetOf: (n) => keysets.get(n),
  kex: [sen.kex],
  now: new Date('2026-03-01T09:00:00Z'),
};

const NAME = 'Embuscade contre une patrouille près de Kongoussi';
const SOURCE = { name: 'Rapport de poste', reference: 'CR-2026-0042' };
const chars = (s: string) => [...s].length;
/** Sealed size of the report with a full 200-character description (pinned: sizes are exact). */
const FULL_BYTES = 273;

/** The incident as the node stores it when a user files it through the API (no client id). */
function filed(descriptionChars: number): Item {
  const created = '2026-03-01T08:14:07.482Z';
  const text =
    'Vers 5 h, des hommes armés à moto ont ouvert le feu sur la patrouille partie de Kongoussi. Deux militaires tués, trois blessés évacués vers le CMA. ' +
    'Les assaillants ont fui vers le nord. Renseignement à confirmer par une seconde source.';
  const object = exampleIncident(
    {
      id: mintedStixId('incident', FIXTURE_IDS.identity, created, 0),
      created,
      modified: created,
      name: NAME,
      description: [...text].slice(0, descriptionChars).join(''),
    },
    { source: SOURCE },
  );
  return { kind: 'put', priority: 'flash', object };
}

const sealed = (item: Item, seq: number, l = link) =>
  sealNarrow(
    signNarrow(item, { stream, epoch: 1, seq }, l, bfa.sig, bfa.keyset, clock),
    l,
    bfa.kex.privateKey,
    sen.kexPublic.publicKey,
  );

void describe('[FED-94] narrow profile v3: form-made incidents', () => {
  // The issue's case: 200 characters of text in all (name, description, source name and reference).
  const budget = 200 - chars(NAME) - chars(SOURCE.name) - chars(SOURCE.reference);
  const issueCase = filed(budget);

  void it('[FED-94][FED-96] 200 characters of text, signed and sealed, fit one SBD MT message and open to the same item', () => {
    const bytes = sealed(issueCase, 2292);
    assert.ok(bytes.length <= SBD_MT_BYTES, `${bytes.length} bytes`);
    const r = openNarrow(bytes, link, { ...atSen, requireSealed: true });
    assert.ok(r.ok, r.ok ? '' : r.reason);
    assert.ok(r.sealed);
    assert.deepStrictEqual(r.value.item, issueCase);
    // Profile v2 (dictionary v3) on the same link: the 17-byte id and 8 bytes of times more, 1 byte less for "AK-47" as a literal.
    const v2 = sealNarrow(
      signNarrow(issueCase, { stream, epoch: 1, seq: 2292 }, link, bfa.sig, bfa.keyset, clock, 2),
      link,
      bfa.kex.privateKey,
      sen.kexPublic.publicKey,
    );
    assert.ok(v2.length > SBD_MT_BYTES, `${v2.length} bytes`);
    assert.equal(v2.length - bytes.length, 24);
  });

  void it('[FED-76] any changed byte of the signed or sealed form is refused, never read as another record', () => {
    const signed = signNarrow(issueCase, { stream, epoch: 1, seq: 5 }, link, bfa.sig, bfa.keyset, clock);
    const seal = sealNarrow(signed, link, bfa.kex.privateKey, sen.kexPublic.publicKey);
    for (const original of [signed, seal]) {
      for (let i = 0; i < original.length; i++) {
        const bad = new Uint8Array(original);
        bad[i] = bad[i]! ^ 0x01;
        const r = openNarrow(bad, link, atSen);
        assert.ok(!r.ok, `byte ${i} of ${original.length}`);
      }
    }
  });

  void it('[FED-96] a receiver whose agreement ids differ refuses the message as bad_signature', () => {
    const bytes = sealed(issueCase, 6);
    const other: NarrowLink = {
      streams: [stream],
      localIds: [FIXTURE_IDS.identity, FIXTURE_IDS.threatActor, SEN_IDENTITY],
    };
    const r = openNarrow(bytes, other, atSen);
    assert.ok(!r.ok && r.reason === 'bad_signature', r.ok ? 'opened' : r.reason);
  });

  void it('a full 200-character description with name and source: sizes as measured (bench: compact)', () => {
    const full = sealed(filed(200), 7);
    const r = openNarrow(full, link, atSen);
    assert.ok(r.ok);
    assert.deepStrictEqual(r.value.item, filed(200));
    // Deterministic for this record (the bench reports the distribution over varied reports).
    assert.equal(full.length, FULL_BYTES);
  });
});
