import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { exampleIncident, FIXTURE_IDS } from '../objects/fixtures.ts';
import { mintedStixId, newStixId } from '../objects/ids.ts';
import { decodeCbor, encodeCbor, type CborValue } from './cbor.ts';
import { CompactError, decodeCompact, encodeCompact, type CompactValue } from './compact.ts';
import { codeOf } from './dictionary.ts';
import { DICTIONARY_V2 } from './dictionary-v2.ts';
import { DICTIONARY_V3 } from './dictionary-v3.ts';
import { DICTIONARY_V4 } from './dictionary-v4.ts';

type Obj = Record<string, CompactValue>;
const enc = (v: CompactValue, d = DICTIONARY_V4) => encodeCompact(v, { dictionary: d, compress: 'never' });
const keyCode = (name: string) => codeOf(DICTIONARY_V4.keys.findIndex(([k]) => k === name));
const frame = (m: Map<string | number, CborValue>) => Uint8Array.from([4 << 2, ...encodeCbor(m)]);

function malformed(bytes: Uint8Array): void {
  assert.throws(
    () => decodeCompact(bytes),
    (e: unknown) => e instanceof CompactError && e.reason === 'malformed',
  );
}

/** An incident as RecordService.create writes it: created at a millisecond, modified = created, minted id. */
function formMade(k = 0, created = '2026-03-01T08:14:07.482Z'): Obj {
  const o = exampleIncident({ created, modified: created }) as unknown as Obj;
  o.id = mintedStixId('incident', FIXTURE_IDS.identity, created, k);
  return o;
}

void describe('[FED-94] dictionary v4', () => {
  void it('[FED-94] a minted id travels as its k: one byte for k = 0, two up to 23; the decoder recomputes it', () => {
    // 17 bytes (type byte and UUID) and their CBOR head → `false`, or [k].
    for (const [k, saved] of [
      [0, 17],
      [5, 16],
    ] as const) {
      const o = formMade(k);
      const item: CompactValue = { kind: 'put', priority: 'flash', object: o };
      const v4 = enc(item);
      assert.deepStrictEqual(decodeCompact(v4), item);
      const without = enc(item, { ...DICTIONARY_V4, version: 60, mintedIds: undefined });
      assert.equal(without.length - v4.length, saved);
    }
    // A client's random id, or one minted with other inputs, travels whole.
    for (const o of [
      { ...formMade(), id: newStixId('incident') },
      { ...formMade(), created: '2026-03-01T08:14:07.483Z' },
    ]) {
      const v4 = enc(o);
      assert.deepStrictEqual(decodeCompact(v4), o);
      assert.equal(enc(o, { ...DICTIONARY_V4, version: 61, mintedIds: undefined }).length, v4.length);
    }
  });

  void it('[FED-94] refuses a minted id without the creator or creation time it is computed from, and in v3', () => {
    malformed(
      frame(
        new Map<string | number, CborValue>([
          [keyCode('type'), 'incident'],
          [keyCode('id'), false],
        ]),
      ),
    );
    malformed(
      frame(
        new Map<string | number, CborValue>([
          [keyCode('type'), 'incident'],
          [keyCode('created'), 0],
          [keyCode('id'), [3]],
        ]),
      ),
    );
    const v3 = Uint8Array.from([
      3 << 2,
      ...encodeCbor(
        new Map<string | number, CborValue>([
          [keyCode('type'), 'incident'],
          [keyCode('created_by_ref'), 'identity--8bceecf3-3b26-474b-a007-c52acd251597'],
          [keyCode('created'), 0],
          [keyCode('id'), false],
        ]),
      ),
    ]);
    malformed(v3);
  });

  void it('[FED-95] times: a millisecond unit, each unit from the origin rounded down to it; the first from the given origin', () => {
    // Created at a millisecond, signed 17 minutes later; modified = created; occurred the day before, to the minute.
    const o = formMade(0, '2026-03-01T08:14:07.482Z');
    const signed = Date.parse('2026-03-01T08:31:00Z') / 1000;
    const item: CompactValue = { kind: 'put', priority: 'flash', object: o };
    const v4 = encodeCompact(item, { dictionary: DICTIONARY_V4, compress: 'never', timeOrigin: signed });
    assert.deepStrictEqual(decodeCompact(v4, { timeOrigin: signed }), item);
    const v3times = encodeCompact(item, {
      dictionary: { ...DICTIONARY_V4, version: 62, timeCode4: undefined },
      compress: 'never',
    });
    // created 9 → 5 bytes, modified 5 → 1 (occurred_at, 51 days before to the minute: 5 either way).
    assert.equal(v3times.length - v4.length, 8);
    // Another origin reads other times (and so primes the text model otherwise): never the same record.
    let other: CompactValue | undefined;
    try {
      other = decodeCompact(v4, { timeOrigin: signed + 60 });
    } catch (e) {
      assert.ok(e instanceof CompactError, String(e));
    }
    assert.notDeepStrictEqual(other, item);
    // Codes, from the origin 2020-01-01 (default): tag 3 is milliseconds, 4–6 add ".000".
    const t = (created: CborValue, modified: CborValue) =>
      decodeCompact(
        frame(
          new Map<string | number, CborValue>([
            [keyCode('created'), created],
            [keyCode('modified'), modified],
          ]),
        ),
      );
    assert.deepStrictEqual(t(482 * 7 + 3, 0 * 7 + 3), {
      created: '2020-01-01T00:00:00.482Z',
      modified: '2020-01-01T00:00:00.482Z',
    });
    // A minute code counts from the first time rounded down to its minute; ".000" with tag 5.
    assert.deepStrictEqual(t(482 * 7 + 3, 2 * 7 + 5), {
      created: '2020-01-01T00:00:00.482Z',
      modified: '2020-01-01T00:02:00.000Z',
    });
    // Milliseconds that make a whole second have their own code (".000"): refused as tag 3.
    assert.throws(
      () => t(1000 * 7 + 3, 0),
      (e: unknown) => e instanceof CompactError && e.reason === 'malformed',
    );
    assert.throws(
      () => t([3, 5], 0),
      (e: unknown) => e instanceof CompactError && e.reason === 'malformed',
    );
  });

  void it('[FED-97] a record in the store’s key order (jsonb: by length) travels as its template, no larger', () => {
    const jsonbOrder = (v: CompactValue): CompactValue => {
      if (Array.isArray(v)) return v.map(jsonbOrder);
      if (v === null || typeof v !== 'object' || v instanceof Uint8Array) return v;
      const keys = Object.keys(v).sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
      return Object.fromEntries(keys.map((k) => [k, jsonbOrder(v[k]!)]));
    };
    const item: CompactValue = { kind: 'put', priority: 'flash', object: formMade(1) };
    const stored = jsonbOrder(item);
    assert.notDeepStrictEqual(Object.keys((stored as Obj).object as Obj), Object.keys(formMade(1)));
    const v4 = enc(stored);
    assert.deepStrictEqual(decodeCompact(v4), item);
    // Within a byte: the item's own keys (no template) keep their order, which primes the text model.
    assert.ok(Math.abs(v4.length - enc(item).length) <= 1, `${v4.length} vs ${enc(item).length}`);
    // In v3 the same record missed its templates and cost more.
    assert.ok(enc(stored, DICTIONARY_V3).length > enc(item, DICTIONARY_V3).length + 10);
    // The decoded record has the template's order (the form's, for this incident).
    assert.deepStrictEqual(Object.keys((decodeCompact(v4) as Obj).object as Obj), Object.keys(formMade(1)));
  });

  void it('[FED-26] frames of dictionaries v2 and v3 still decode to the same record', () => {
    const item: CompactValue = { kind: 'put', priority: 'flash', object: formMade(2) };
    for (const d of [DICTIONARY_V2, DICTIONARY_V3, DICTIONARY_V4])
      assert.deepStrictEqual(decodeCompact(enc(item, d)), item);
  });

  void it('[FED-94][FED-95] property: any mix of minted or other ids and times decodes to itself', () => {
    const stamp = fc
      .tuple(fc.integer({ min: 0, max: 4e11 }), fc.constantFrom(0, 1, 3))
      .map(([ms, digits]) => {
        const iso = new Date(Date.UTC(2020, 0, 1) + ms).toISOString();
        return digits === 3 ? iso : digits === 1 ? `${iso.slice(0, 19)}.${iso[20]}Z` : `${iso.slice(0, 19)}Z`;
      });
    fc.assert(
      fc.property(
        stamp,
        fc.option(stamp),
        fc.integer({ min: -1, max: 30 }),
        fc.boolean(),
        (created, modified, k, creator) => {
          const o = exampleIncident({ created, modified: modified ?? created }) as unknown as Obj;
          if (!creator) delete o.created_by_ref;
          if (k >= 0 && creator) o.id = mintedStixId('incident', FIXTURE_IDS.identity, created, k);
          const item: CompactValue = { kind: 'put', priority: 'routine', object: o };
          assert.deepStrictEqual(decodeCompact(enc(item)), item);
        },
      ),
      { numRuns: 300 },
    );
  });
});

void describe('[FED-98] dictionary v4: materiel text', () => {
  void it('[FED-98] a materiel model goes through the text model, fewer bytes than the literal, same positions', () => {
    const withModel = (model: CompactValue): Obj => {
      const o = formMade(0);
      (Object.values(o.extensions as Obj)[0] as Obj).materiel = [
        { category: 'small_arm', model, quantity: 2 },
      ];
      return o;
    };
    const v3keys = { ...DICTIONARY_V4, version: 63, keys: DICTIONARY_V3.keys };
    for (const model of ['Kalachnikov à crosse pliante', 'bidon piégé']) {
      const o = withModel(model);
      const v4 = enc(o);
      assert.deepStrictEqual(decodeCompact(v4), o);
      assert.ok(enc(o, v3keys).length > v4.length, model);
    }
    assert.deepStrictEqual(
      DICTIONARY_V4.keys.map(([k]) => k),
      DICTIONARY_V3.keys.map(([k]) => k),
    );
    // A model the text codec cannot carry (not a string) still travels, under its name.
    const odd = withModel(47);
    assert.deepStrictEqual(decodeCompact(enc(odd)), odd);
  });
});

void describe('[FED-98] dictionary v4: texts in one model run', () => {
  void it('[FED-98] the first coded text holds every length and the coded bytes, the others null; malformed heads refused', () => {
    const o = formMade(0);
    const v4 = enc(o);
    assert.deepStrictEqual(decodeCompact(v4), o);
    // Name, description, source reference, materiel model ("Rapport de poste" is a dictionary string): one byte string, three nulls.
    const count = (v: CborValue, what: (x: CborValue) => boolean): number =>
      (what(v) ? 1 : 0) +
      (Array.isArray(v)
        ? v.reduce((n: number, x) => n + count(x, what), 0)
        : v instanceof Map
          ? [...v.values()].reduce((n: number, x) => n + count(x, what), 0)
          : 0);
    const tree = decodeCbor(v4.subarray(1));
    // (The creator and the actor, not local ids here, are 17-byte typed ids.)
    assert.equal(
      count(tree, (x) => x instanceof Uint8Array && x.length !== 17),
      1,
    );
    assert.equal(
      count(tree, (x) => x === null),
      3,
    );
    // Null where no coded text leads, or a second byte string: refused.
    malformed(frame(new Map<string | number, CborValue>([[keyCode('name'), null]])));
    malformed(
      frame(
        new Map<string | number, CborValue>([
          [keyCode('name'), Uint8Array.from([3, 0x41])],
          [keyCode('description'), Uint8Array.from([1, 0x41])],
        ]),
      ),
    );
    // A length of zero, or lengths past the longest text: refused.
    malformed(frame(new Map<string | number, CborValue>([[keyCode('name'), Uint8Array.from([0, 0x41])]])));
    malformed(
      frame(new Map<string | number, CborValue>([[keyCode('name'), Uint8Array.from([0x81, 0x40, 0x41])]])),
    );
    // Dictionary strings and empty texts stay as they were; the rest round-trips in any mix.
    const mixed = { ...formMade(0), name: '', description: 'flash' };
    assert.deepStrictEqual(decodeCompact(enc(mixed)), mixed);
  });
});
