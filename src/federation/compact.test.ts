import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_UCDP_CSV } from '../imports/demo.ts';
import { importUcdpCsv } from '../imports/ucdp.ts';
import { UCDP_IDENTITY_ID } from '../imports/ucdp-source.ts';
import { ALPHA3_CODES } from '../objects/countries.ts';
import { examplesByType, FIXTURE_IDS } from '../objects/fixtures.ts';
import { TLP1_IDS, TLP2_IDS } from '../objects/markings.ts';
import {
  CASUALTY_CATEGORIES,
  EXT_ID,
  MATERIEL_CATEGORIES,
  SOURCE_RELIABILITY,
  TIME_PRECISIONS,
} from '../objects/sentinelle-extension.ts';
import { EVENT_TYPES, subtypesOf } from '../objects/taxonomy.ts';
import { validateObject } from '../objects/validate.ts';
import { decodeCbor, encodeCbor, type CborValue } from './cbor.ts';
import { CompactError, decodeCompact, encodeCompact, type CompactValue } from './compact.ts';
import { DICTIONARY_V2 } from './dictionary-v2.ts';
import { DICTIONARY_V3 } from './dictionary-v3.ts';
import { DICTIONARY_V4 } from './dictionary-v4.ts';

const roundTrip = (v: CompactValue) => decodeCompact(encodeCompact(v));

void describe('[FED-25] compact encoding round-trips', async () => {
  const { objects } = await importUcdpCsv(DEFAULT_UCDP_CSV, {
    sourceIdentityId: UCDP_IDENTITY_ID,
    importedAt: '2025-01-15T08:00:00.000Z',
  });

  void it('[FED-25] every object of the UCDP import (2,292 incidents) decodes to itself', () => {
    assert.equal(objects.length, 2292);
    let compact = 0;
    let json = 0;
    for (const o of objects) {
      const bytes = encodeCompact(o as CompactValue);
      assert.deepStrictEqual(decodeCompact(bytes), o, o.id);
      compact += bytes.length;
      json += Buffer.byteLength(JSON.stringify(o));
    }
    // The point of the encoding: several times smaller than minified JSON.
    assert.ok(compact * 4 < json, `${compact} vs ${json}`);
  });

  void it('[FED-25] one example of every supported type decodes to itself', () => {
    for (const [type, o] of Object.entries(examplesByType()))
      assert.deepStrictEqual(roundTrip(o as CompactValue), o, type);
  });

  void it('[FED-25] property: every valid incident of the fixture space decodes to itself', () => {
    fc.assert(
      fc.property(incidentArb, (incident) => {
        assert.deepStrictEqual(roundTrip(incident), incident);
      }),
      { numRuns: 400 },
    );
  });

  void it('the incident generator explores valid incidents (few are filtered out)', () => {
    const sample = fc.sample(incidentCandidates, { numRuns: 300, seed: 42 });
    const valid = sample.filter((o) => validateObject(o).ok).length;
    assert.ok(valid >= 270, `${valid}/300 valid`);
  });

  void it('[FED-25] property: any JSON value (and byte strings) decodes to itself', () => {
    const value = fc.letrec<{ v: CompactValue }>((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer(),
        fc.string(),
        fc.constantFrom(...KEY_LIKE),
        fc.uint8Array({ maxLength: 20 }),
        fc.array(tie('v'), { maxLength: 4 }),
        fc.dictionary(fc.oneof(fc.string(), fc.constantFrom(...KEY_LIKE)), tie('v'), {
          maxKeys: 5,
          noNullPrototype: true,
        }),
      ),
    })).v;
    fc.assert(
      fc.property(value, (v) => {
        const back = roundTrip(v);
        assert.deepStrictEqual(back, v);
      }),
      { numRuns: 2000 },
    );
  });

  void it('[FED-25] values a codec cannot carry exactly stay literal, and still round-trip', () => {
    const cases: Record<string, CompactValue>[] = [
      { created: '2026-01-10T09:30:00.1234567891Z' }, // 10 fraction digits
      { created: '2016-12-31T23:59:60Z' }, // leap second
      { modified: 'not a time' },
      { created: 12 }, // wrong type for the property
      { id: 'incident--36057A94-DA71-478E-A7B7-829F5643421E' }, // upper case
      { id: 'x-custom--36057a94-da71-478e-a7b7-829f5643421e' }, // type outside the table
      { lat: -0, lon: 5e15, latitude: 1e-320, longitude: 179.99999999 },
      { labels: ['a', 1] },
      JSON.parse('{"__proto__": "own", "constructor": "x"}') as Record<string, CompactValue>,
      { created: '0001-01-01T00:00:00Z', modified: '9999-12-31T23:59:59.999999999Z' },
    ];
    const proto = JSON.parse('{"__proto__": {"a": 1}}') as Record<string, CompactValue>;
    for (const c of [...cases, proto]) {
      const back = roundTrip(c);
      assert.deepStrictEqual(back, c);
      for (const [k, v] of Object.entries(c))
        if (typeof v === 'number') assert.ok(Object.is((back as Record<string, unknown>)[k], v), k);
    }
    assert.ok(Object.hasOwn(roundTrip(proto) as object, '__proto__'));
  });

  void it('[FED-25] writes ids as 16/17 bytes, timestamps and coordinates as integers', () => {
    const o = {
      id: FIXTURE_IDS.incident,
      created: '2026-01-10T08:00:00.000Z',
      lat: 13.1,
      object_marking_refs: [TLP2_IDS.amber, TLP1_IDS.white],
    };
    const raw = encodeCompact(o, { compress: 'never' });
    // frame, map(4), key id + bstr(17) with its 1-byte head, key created + [s, 3], key lat + int, key refs + [code, code]
    assert.equal(raw.length, 1 + 1 + (1 + 1 + 17) + (1 + 1 + 5 + 1) + (1 + 5) + (1 + 1 + 1 + 1));
  });

  void it('[FED-25] compresses only when it helps', () => {
    assert.equal(encodeCompact({ a: 1 })[0]! & 3, 0);
    assert.equal(
      encodeCompact({ description: 'Embuscade contre une patrouille des FDS. '.repeat(4) })[0]! & 3,
      1,
    );
  });
});

void describe('[FED-27] compact decoding is strict', () => {
  void it('[FED-26] an unknown dictionary version is unsupported_version', () => {
    const frame = encodeCompact({ a: 1 });
    frame[0] = (9 << 2) | (frame[0]! & 3);
    assert.throws(
      () => decodeCompact(frame),
      (e: unknown) => e instanceof CompactError && e.reason === 'unsupported_version',
    );
  });

  const malformed: [string, Uint8Array][] = [
    ['empty frame', new Uint8Array([4])],
    ['unknown compression', Uint8Array.from([(1 << 2) | 3, 0xa0])],
    ['broken deflate stream', Uint8Array.from([(1 << 2) | 1, 0xff, 0xff, 0xff])],
    ['unknown key code', Uint8Array.from([1 << 2, ...encodeCbor(new Map([[9999, 1]]))])],
    ['unknown string code', Uint8Array.from([1 << 2, ...encodeCbor(new Map([[0, 9999]]))])],
    [
      'a property twice (code and name)',
      Uint8Array.from([
        1 << 2,
        ...encodeCbor(
          new Map<number | string, string>([
            [0, 'x'],
            ['type', 'y'],
          ]),
        ),
      ]),
    ],
    ['a 15-byte id', Uint8Array.from([1 << 2, ...encodeCbor(new Map([[2, new Uint8Array(15)]]))])],
    ['a fractional timestamp', Uint8Array.from([1 << 2, ...encodeCbor(new Map([[3, 1.5]]))])],
    ['trailing bytes', Uint8Array.from([1 << 2, 0xa0, 0x00])],
  ];
  for (const [name, frame] of malformed) {
    void it(`refuses ${name} as malformed`, () => {
      assert.throws(
        () => decodeCompact(frame),
        (e: unknown) => e instanceof CompactError && e.reason === 'malformed',
      );
    });
  }

  void it('[FED-27] bounds decompression (a small frame cannot expand without limit)', () => {
    const bomb = deflateRawSync(encodeCbor('a'.repeat(200_000)), { dictionary: Buffer.from('x') });
    const frame = Uint8Array.from([(1 << 2) | 1, ...bomb]);
    assert.ok(frame.length < 1000);
    assert.throws(
      () => decodeCompact(frame, { maxBytes: 10_000 }),
      (e: unknown) => e instanceof CompactError && (e.reason === 'too_large' || e.reason === 'malformed'),
    );
  });

  void it('refuses values JSON cannot hold', () => {
    assert.throws(() => encodeCompact({ a: Number.NaN }), CompactError);
    assert.throws(() => encodeCompact({ a: new Date() } as unknown as CompactValue), CompactError);
  });
});

const v2 = (v: CompactValue, localIds?: readonly string[]) =>
  encodeCompact(v, { dictionary: DICTIONARY_V2, localIds });
const roundTripV2 = (v: CompactValue, localIds?: readonly string[]) =>
  decodeCompact(v2(v, localIds), { localIds });

void describe('[FED-70] compact encoding, dictionary v2', () => {
  void it("[FED-70] every core and custom type's example decodes to itself, custom types much smaller than under v1", () => {
    const examples = Object.entries(examplesByType());
    assert.ok(examples.filter(([t]) => t.startsWith('x-sentinelle-')).length >= 10);
    for (const [type, o] of examples) {
      const frame = v2(o as CompactValue);
      assert.equal(frame[0]! >> 2, 2, type);
      assert.deepStrictEqual(decodeCompact(frame), o, type);
      // v1 wrote the custom types' property names as text; v2 names them.
      if (type.startsWith('x-sentinelle-'))
        assert.ok(frame.length * 1.5 < encodeCompact(o as CompactValue).length, type);
    }
  });

  void it('[FED-70] property: every valid incident of the fixture space decodes to itself', () => {
    fc.assert(
      fc.property(incidentArb, (incident) => {
        assert.deepStrictEqual(roundTripV2(incident), incident);
      }),
      { numRuns: 200 },
    );
  });

  void it('[FED-82] property: every valid incident of the fixture space decodes to itself under v3', () => {
    fc.assert(
      fc.property(incidentArb, (incident) => {
        const item: CompactValue = { kind: 'put', priority: 'flash', object: incident };
        assert.deepStrictEqual(decodeCompact(encodeCompact(item, { dictionary: DICTIONARY_V3 })), item);
      }),
      { numRuns: 200 },
    );
  });

  void it('[FED-97] property: every valid incident, in any key order, decodes to itself under v4', () => {
    const shuffled = (v: CompactValue, r: () => number): CompactValue => {
      if (Array.isArray(v)) return v.map((e) => shuffled(e, r));
      if (v === null || typeof v !== 'object' || v instanceof Uint8Array) return v;
      const keys = Object.keys(v).sort(() => r() - 0.5);
      return Object.fromEntries(keys.map((k) => [k, shuffled(v[k]!, r)]));
    };
    fc.assert(
      fc.property(incidentArb, fc.integer(), (incident, seed) => {
        let x = seed;
        const r = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
        const item = shuffled({ kind: 'put', priority: 'flash', object: incident }, r);
        assert.deepStrictEqual(decodeCompact(encodeCompact(item, { dictionary: DICTIONARY_V4 })), item);
      }),
      { numRuns: 200 },
    );
  });

  void it('[FED-70] property: any JSON value (and byte strings) decodes to itself', () => {
    const keys = [
      ...KEY_LIKE,
      'description',
      'modified',
      'occurred_at',
      'signals',
      'min_lat',
      // [FED-81] record codecs, and names of their templates
      'object',
      'location',
      'source',
      'external_references',
      'lon',
      'country',
      'url',
      'reference',
    ];
    const value = fc.letrec<{ v: CompactValue }>((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer(),
        fc.string({ unit: 'binary' }),
        fc.uint8Array({ maxLength: 20 }),
        fc.array(tie('v'), { maxLength: 4 }),
        fc.dictionary(fc.oneof(fc.string(), fc.constantFrom(...keys)), tie('v'), {
          maxKeys: 5,
          noNullPrototype: true,
        }),
      ),
    })).v;
    // [FED-94]–[FED-98] v4 too (templates in any order, joint texts, time codes from an origin).
    const timeOrigin = Date.parse('2026-03-01T08:31:00Z') / 1000;
    fc.assert(
      fc.property(value, (v) => {
        assert.deepStrictEqual(roundTripV2(v), v);
        const v4 = encodeCompact(v, { dictionary: DICTIONARY_V4, timeOrigin });
        assert.deepStrictEqual(decodeCompact(v4, { timeOrigin }), v);
      }),
      { numRuns: 500 },
    );
  });

  void it('[FED-71] property: a timestamp is one integer, and comes back to the same text', () => {
    fc.assert(
      fc.property(timestampArb, (ts) => {
        const o = { modified: ts };
        assert.deepStrictEqual(roundTripV2(o), o);
      }),
      { numRuns: 1000 },
    );
    const cases = [
      ['2023-01-30T00:00:00.000Z', 3 + 3], // key, int(days·6 + 3)
      ['2025-01-15T08:00:00.000Z', 3 + 5], // minutes
      ['2026-01-09T05:40:17Z', 3 + 5], // seconds
      ['2019-12-31T00:00:00Z', 3 + 1], // before the origin: negative
      ['2026-01-09T05:40:17.5Z', 3 + 1 + 5 + 2], // [code, fraction code]
    ] as const;
    for (const [ts, size] of cases) {
      const frame = v2({ modified: ts }, undefined);
      assert.equal(frame.length, size, ts);
      assert.deepStrictEqual(decodeCompact(frame), { modified: ts });
    }
  });

  void it('[FED-72] free text is coded by the shared model when shorter, literal otherwise', () => {
    const text =
      'Des individus armés à moto ont attaqué le poste de la gendarmerie ; bilan provisoire : deux morts.';
    const coded = v2({ description: text });
    assert.ok(coded.length < Buffer.byteLength(text) * 0.6, `${coded.length}`);
    assert.deepStrictEqual(decodeCompact(coded), { description: text });
    const short = v2({ description: 'x' });
    assert.deepStrictEqual(decodeCbor(short.subarray(1)), new Map([[7, 'x']]));
  });

  void it('[FED-72] values of the record prime the text model (places and dates cost less the second time)', () => {
    const name = 'Embuscade — Tillabéri, NER (2023-05-17)';
    const alone = v2({ name });
    const withContext = v2({ occurred_at: '2023-05-17T00:00:00Z', admin1: 'Tillabéri', name });
    assert.ok(withContext.length - 8 < alone.length, `${withContext.length} vs ${alone.length}`);
    assert.deepStrictEqual(decodeCompact(withContext), {
      occurred_at: '2023-05-17T00:00:00Z',
      admin1: 'Tillabéri',
      name,
    });
  });

  void it('[FED-73] ids both ends know are small integers; a decoder without them refuses', () => {
    const me = 'identity--6b3f9021-7c4d-4e8f-a012-3b4c5d6e7f80';
    const o = { created_by_ref: me, object_marking_refs: [me] };
    const small = v2(o, [me]);
    const full = encodeCompact(o, { dictionary: DICTIONARY_V2, compress: 'never' });
    assert.equal(full.length - small.length, 2 * (18 - 1));
    assert.deepStrictEqual(decodeCompact(small, { localIds: [me] }), o);
    assert.throws(
      () => decodeCompact(small),
      (e: unknown) => e instanceof CompactError && e.reason === 'malformed',
    );
  });

  void it('[FED-81] an object in template order travels without key bytes; any other order as a map', () => {
    const location = { lat: 13.382382, lon: 0.453521, country: 'BFA', admin1: 'Sahel', admin2: 'Yagha' };
    const frame = v2({ location });
    // Same values as a map (lon before lat fits no template): map head + 5 key bytes, against
    // array head + template + 2 bytes of presence bits.
    const asMap = v2({
      location: { lon: 0.453521, lat: 13.382382, country: 'BFA', admin1: 'Sahel', admin2: 'Yagha' },
    });
    assert.equal(asMap.length - frame.length, 6 - 4);
    assert.deepStrictEqual(decodeCompact(frame), { location });
    const reordered = { country: 'BFA', lat: 13.382382, lon: 0.453521 };
    const back = decodeCompact(v2({ location: reordered })) as { location: object };
    assert.deepStrictEqual(Object.keys(back.location), Object.keys(reordered));
    const extra = { lat: 1.5, lon: 2.5, note: 'hors modèle' };
    assert.deepStrictEqual(decodeCompact(v2({ location: extra })), { location: extra });
  });

  void it('[FED-81] refuses records with an unknown template, bad presence bits or the wrong length', () => {
    const frame = (rec: CborValue) => Uint8Array.from([2 << 2, ...encodeCbor(new Map([[18, rec]]))]);
    for (const rec of [
      [99, 1, 5],
      [4, 0, 5],
      [4, 2 ** 6, 5],
      [4, 3, 5],
      [4, 1],
      [4, 1.5, 5],
    ] as CborValue[]) {
      assert.throws(
        () => decodeCompact(frame(rec)),
        (e: unknown) => e instanceof CompactError && e.reason === 'malformed',
        JSON.stringify(rec),
      );
    }
  });

  void it('[FED-72] refuses coded text that is not UTF-8, too long, or lies about its length', () => {
    const frame = (bytes: Uint8Array) => Uint8Array.from([2 << 2, ...encodeCbor(new Map([[7, bytes]]))]);
    for (const bytes of [
      Uint8Array.from([0]), // length 0
      Uint8Array.from([0x80, 0x80, 0x80, 0x01]), // length > 3 LEB128 bytes
      Uint8Array.from([0x81, 0x00, 0x55]), // over-long LEB128
      Uint8Array.from([0x80, 0x40, 0x55]), // 8192 bytes > MAX_MODEL_TEXT_BYTES
    ]) {
      assert.throws(
        () => decodeCompact(frame(bytes)),
        (e: unknown) => e instanceof CompactError && e.reason === 'malformed',
      );
    }
    // Random bits decode to some bytes: accepted only when they are UTF-8 (a string is a string).
    for (let i = 0; i < 50; i++) {
      const bytes = Uint8Array.from([20, ...Array.from({ length: 8 }, (_, j) => (i * 37 + j * 101) & 0xff)]);
      try {
        const back = decodeCompact(frame(bytes)) as { description: string };
        assert.equal(Buffer.byteLength(back.description), 20);
      } catch (e) {
        assert.ok(e instanceof CompactError && e.reason === 'malformed');
      }
    }
  });
});

// --- the incident fixture space ---

const KEY_LIKE = [
  'type',
  'id',
  'created',
  'lat',
  'labels',
  'object_marking_refs',
  'name',
  'kind',
  '__proto__',
  'toString',
];
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const text = (max: number) =>
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: max }).filter((s) => s.trim() !== '');
const two = (n: number) => String(n).padStart(2, '0');
const timestampArb = fc
  .tuple(
    fc.date({
      min: new Date('1990-01-01T00:00:00Z'),
      max: new Date('2035-12-31T23:59:59Z'),
      noInvalidDate: true,
    }),
    fc.constantFrom(0, 1, 3, 6, 9),
    fc.nat(999_999_999),
  )
  .map(([d, digits, frac]) => {
    const base = `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
    return digits === 0 ? `${base}Z` : `${base}.${String(frac).padStart(9, '0').slice(0, digits)}Z`;
  });
const refArb = fc
  .tuple(fc.constantFrom('threat-actor', 'intrusion-set', 'identity'), fc.uuid({ version: [4, 5] }))
  .map(([t, u]) => `${t}--${u}`);
const countsArb = fc.record(Object.fromEntries(CASUALTY_CATEGORIES.map((k) => [k, fc.nat(1_000_000)])), {
  requiredKeys: [],
  noNullPrototype: true,
});

const incidentCandidates = fc
  .record({
    uuid: fc.uuid({ version: [4, 5] }),
    created: timestampArb,
    name: text(120),
    description: opt(fc.string({ unit: 'grapheme', maxLength: 400 })),
    lang: opt(fc.constantFrom('fr', 'en')),
    labels: opt(fc.array(text(20), { minLength: 1, maxLength: 4 })),
    markings: opt(fc.subarray([...Object.values(TLP2_IDS), FIXTURE_IDS.markingDefinition], { minLength: 1 })),
    confidence: opt(fc.integer({ min: 0, max: 100 })),
    external: opt(
      fc.record(
        {
          source_name: text(30),
          external_id: opt(text(20)),
          url: opt(fc.constantFrom('https://ucdp.uu.se/', 'https://example.org/a?b=c')),
        },
        { requiredKeys: ['source_name'] },
      ),
    ),
    event: fc.constantFrom(...EVENT_TYPES).chain((event_type) =>
      fc.record({
        event_type: fc.constant(event_type),
        event_subtype: opt(fc.constantFrom(...subtypesOf(event_type))),
      }),
    ),
    occurred_at: timestampArb,
    time_precision: fc.constantFrom(...TIME_PRECISIONS),
    coords: opt(
      fc.record({
        lat: fc.double({ min: -90, max: 90, noNaN: true }),
        lon: fc.double({ min: -180, max: 180, noNaN: true }),
        precision_m: opt(fc.nat(100_000)),
      }),
    ),
    country: fc.constantFrom(...ALPHA3_CODES),
    admin1: opt(fc.oneof(fc.constantFrom('Centre-Nord', 'Ségou', 'Tillabéri'), text(40))),
    admin2: opt(fc.oneof(fc.constantFrom('Bam', 'Yagha'), text(40))),
    fatalities: opt(countsArb),
    injured: opt(countsArb),
    actor_refs: opt(fc.array(refArb, { minLength: 1, maxLength: 4 })),
    reliability: fc.constantFrom(...SOURCE_RELIABILITY),
    credibility: fc.constantFrom(1, 2, 3, 4),
    source: opt(
      fc.record(
        {
          name: fc.oneof(fc.constantFrom('UCDP GED', 'Rapport de poste'), text(30)),
          reference: opt(fc.string({ maxLength: 40 })),
        },
        { requiredKeys: ['name'] },
      ),
    ),
    materiel: opt(
      fc.array(
        fc.record(
          {
            category: fc.constantFrom(...MATERIEL_CATEGORIES),
            model: opt(text(20)),
            serial_number: opt(fc.string({ maxLength: 20 })),
            quantity: opt(fc.integer({ min: 1, max: 500 })),
          },
          { requiredKeys: ['category'] },
        ),
        { minLength: 1, maxLength: 3 },
      ),
    ),
  })
  .map((r) => {
    const strip = <T extends Record<string, unknown>>(o: T): T =>
      Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
    const ext = strip({
      extension_type: 'property-extension',
      ...strip(r.event),
      occurred_at: r.occurred_at,
      time_precision: r.time_precision,
      location: strip({
        ...(r.coords ? strip(r.coords) : {}),
        country: r.country,
        admin1: r.admin1,
        admin2: r.admin2,
      }),
      fatalities: r.fatalities,
      injured: r.injured,
      actor_refs: r.actor_refs,
      source_reliability: r.reliability,
      information_credibility: r.credibility,
      source: r.source ? strip(r.source) : undefined,
      materiel: r.materiel?.map(strip),
    });
    return strip({
      type: 'incident',
      spec_version: '2.1',
      id: `incident--${r.uuid}`,
      created: r.created,
      modified: r.created,
      name: r.name,
      description: r.description,
      lang: r.lang,
      labels: r.labels,
      confidence: r.confidence,
      object_marking_refs: r.markings,
      external_references: r.external ? [strip(r.external)] : undefined,
      extensions: { [EXT_ID]: ext },
    }) as Record<string, CompactValue>;
  });
const incidentArb = incidentCandidates.filter((o) => validateObject(o).ok);
