/**
 * [FED-85] A narrow link between two real nodes: BFA's outbox leaves as narrow-profile messages of
 * at most 270 bytes (one Iridium SBD mobile-terminated message each, signed fragments above), SEN
 * applies them through its receiver — in any order, duplicated, twice — and refuses damage.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { testBackends } from '../../store/test-support/backends.ts';
import { agreementDoc } from '../../sharing/test-support/fixtures.ts';
import { isFragment, SBD_MT_BYTES } from '../fragments.ts';
import { NARROW_VERSION } from '../narrow.ts';
import { mintedK } from '../../objects/ids.ts';
import {
  heldFrom,
  incident,
  party,
  registerAll,
  signEverywhere,
  type Party,
} from './test-support/parties.ts';

const REPORT =
  'Vers 6 h, des hommes armés circulant à moto ont ouvert le feu sur le poste de Kongoussi. ' +
  'Le bilan fait état de 2 morts et 5 blessés évacués vers le CMA. Renseignement à confirmer.';

for (const backend of await testBackends()) {
  describe(`[${backend.name}] narrow link`, () => {
    let bfa: Party, sen: Party;
    before(async () => {
      // Neither node is reachable: the narrow link is the only way.
      [bfa, sen] = [await party(backend.name, 'BFA', false), await party(backend.name, 'SEN', false)];
      await registerAll([bfa, sen]);
      // [FED-96] The agreement names the records both hold that narrow links index: the two identities.
      const narrow_ids = [bfa.t.node.settings.identityId, sen.t.node.settings.identityId];
      await signEverywhere(agreementDoc({ id: randomUUID(), parties: [bfa.id, sen.id], narrow_ids }), [
        bfa,
        sen,
      ]);
      // [FED-16] Key sets exchanged once out of band, so messages can be sealed.
      await sen.t.node.federation.importKeyset(bfa.t.node.federation.exportKeyset());
      await bfa.t.node.federation.importKeyset(sen.t.node.federation.exportKeyset());
    });
    after(async () => {
      for (const p of [bfa, sen]) await p?.t.dispose();
    });

    test('[FED-85] sender → narrow messages (≤ 270 B each) → receiver applies the record, once', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 2; i++)
        ids.push(
          (await bfa.t.node.records.create(bfa.t.node.system, incident(bfa, { description: REPORT }))).id,
        );
      const out = await bfa.t.node.federation.exportNarrow(sen.id);
      assert.ok(out.items >= 2, `${out.items} items`);
      assert.ok(out.messages.length >= out.items);
      for (const m of out.messages) assert.ok(m.length <= SBD_MT_BYTES, `${m.length} bytes`);

      // Reversed, with duplicates: the link gives no order.
      const received = [...out.messages].reverse().concat(out.messages.slice(0, 2));
      const r = await sen.t.node.federation.importNarrow(bfa.id, received);
      assert.deepEqual(r.refused, {});
      assert.equal(r.waiting, 0);
      assert.ok(r.applied >= 2, `${r.applied} applied`);
      const held = await heldFrom(sen, bfa);
      for (const id of ids) assert.ok(held.includes(id), id);
      // A signed ack per stream, kept for the return way.
      assert.ok(r.result.acks.length >= 1);

      // [FED-7] The same messages again change nothing.
      const again = await sen.t.node.federation.importNarrow(bfa.id, out.messages);
      assert.equal(again.applied, 0);
      assert.deepEqual(await heldFrom(sen, bfa), held);
    });

    test('[FED-94][FED-96] a report filed through the API (no client id, 200 characters of text) travels as one sealed message', async () => {
      const body: Record<string, unknown> = {
        ...incident(
          bfa,
          {
            name: 'Attaque du poste de Kongoussi',
            description: [...REPORT].slice(0, 200 - 29 - 28).join(''),
          },
          { source: { name: 'Rapport de poste', reference: 'CR-2026-0042' } },
        ),
      };
      for (const k of ['id', 'created', 'modified', 'created_by_ref']) delete body[k];
      bfa.t.clock.advance(1_234);
      const created = await bfa.t.node.records.create(bfa.t.node.system, body);
      assert.notEqual(
        mintedK(created.id, 'incident', String(created.created_by_ref), String(created.created)),
        undefined,
      );
      const out = await bfa.t.node.federation.exportNarrow(sen.id);
      // Whole messages one at a time (earlier tests' items wait for their acks too): one of them alone carries the report.
      const whole = out.messages.filter((m) => !isFragment(m));
      let carrier: Uint8Array | undefined;
      for (const m of whole) {
        await sen.t.node.federation.importNarrow(bfa.id, [m]);
        if ((await heldFrom(sen, bfa)).includes(created.id)) {
          carrier = m;
          break;
        }
      }
      assert.ok(carrier && carrier.length <= SBD_MT_BYTES, `${carrier?.length} bytes`);
      const held = await sen.t.node.records.get(sen.t.node.system, created.id);
      assert.deepStrictEqual(held.object, created);
    });

    test('[FED-85][FED-78] a damaged or unsealed message is refused and applies nothing', async () => {
      await bfa.t.node.records.create(bfa.t.node.system, incident(bfa, { description: REPORT }));
      const out = await bfa.t.node.federation.exportNarrow(sen.id);
      const whole = out.messages.filter((m) => m[0]! >> 4 === NARROW_VERSION);
      assert.ok(whole.length >= 1, 'an incident in one message');
      const before = await heldFrom(sen, bfa);
      const damaged = whole.map((m) => {
        const x = new Uint8Array(m);
        x[x.length - 20] = x[x.length - 20]! ^ 0x40;
        return x;
      });
      const r = await sen.t.node.federation.importNarrow(bfa.id, damaged);
      assert.equal(r.applied, 0);
      assert.equal(r.refused.decrypt_failed, damaged.length);
      assert.deepEqual(await heldFrom(sen, bfa), before);
      // From the wrong peer: its stream table and keys do not open them.
      const wrong = await bfa.t.node.federation.importNarrow(sen.id, whole).catch((e: Error) => e);
      assert.ok(wrong instanceof Error || wrong.applied === 0);
      // The undamaged messages still apply.
      const ok = await sen.t.node.federation.importNarrow(bfa.id, out.messages);
      assert.ok(ok.applied >= 1);
    });
  });
}
