import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_UCDP_CSV } from '../imports/demo.ts';
import { importUcdpCsv } from '../imports/ucdp.ts';
import { UCDP_IDENTITY_ID } from '../imports/ucdp-source.ts';
import { exampleIncident } from '../objects/fixtures.ts';
import { decodeCbor, encodeCbor, type CborValue } from './cbor.ts';
import { CompactError, decodeCompact, encodeCompact, type CompactValue } from './compact.ts';
import { codeOf } from './dictionary.ts';
import { DICTIONARY_V2 } from './dictionary-v2.ts';
import { DICTIONARY_V3 } from './dictionary-v3.ts';
import { derivable, RULES_V3 } from './derivations-v3.ts';

type Obj = Record<string, CompactValue>;
const v3 = (v: CompactValue) => encodeCompact(v, { dictionary: DICTIONARY_V3, compress: 'never' });
const v2 = (v: CompactValue) => encodeCompact(v, { dictionary: DICTIONARY_V2, compress: 'never' });
const clone = <T>(v: T): T => structuredClone(v);
const keyCode = (name: string) => codeOf(DICTIONARY_V3.keys.findIndex(([k]) => k === name));

function malformed(frame: Uint8Array): void {
  assert.throws(
    () => decodeCompact(frame),
    (e: unknown) => e instanceof CompactError && e.reason === 'malformed',
  );
}

void describe('[FED-82] dictionary v3: derivation flags', async () => {
  const { objects } = await importUcdpCsv(DEFAULT_UCDP_CSV, {
    sourceIdentityId: UCDP_IDENTITY_ID,
    importedAt: '2025-01-15T08:00:00.000Z',
  });
  const incidents = objects as unknown as Obj[];
  const ext = (o: Obj) => Object.values(o.extensions as Obj)[0] as Obj;

  void it('[FED-82] the rules are frozen: their outputs on a fixed record are pinned', () => {
    const o = incidents[0]!;
    const out = RULES_V3.map((r) => r.derive(o));
    assert.deepStrictEqual(out, [
      'ged-row:2023-01-30|11.33966|2.45915|3|3#1',
      'Ligne du sous-ensemble partagé (ged-row:2023-01-30|11.33966|2.45915|3|3#1)',
      'incident--c86ee32b-5228-545a-a669-bbf0e3a6a057',
      'Violence contre des civils — BEN (2023-01-30)',
    ]);
    // The full GED shape names its row by the GED id.
    const full = clone(o);
    full.external_references = [{ source_name: 'UCDP GED', external_id: '455123', url: 'https://x' }];
    assert.equal(RULES_V3[0]!.derive(full), 'ged:455123');
    assert.match(RULES_V3[2]!.derive({ ...full, extensions: { x: 1 } }) ?? 'none', /^none$/);
  });

  void it('[FED-82] every UCDP incident decodes to itself, its importer texts and id as flags', () => {
    let saved = 0;
    let flagged = 0;
    for (const o of incidents) {
      const places = [...derivable(o, RULES_V3).values()].reduce((n, s) => n + s.size, 0);
      if (places === 4) flagged++;
    }
    // Three rows repeat a key (#2, #3): their source line and id travel as before.
    assert.ok(flagged >= incidents.length - 3, `${flagged}/${incidents.length}`);
    // The text model costs O(length × 256) a byte: round-trip one incident in eight here (the
    // benchmark opens every one).
    const sample = incidents.filter((_, i) => i % 8 === 0);
    for (const o of sample) {
      const bytes = v3(o);
      assert.deepStrictEqual(decodeCompact(bytes), o, o.id as string);
      saved += v2(o).length - bytes.length;
    }
    assert.ok(saved / sample.length > 30, `saved ${saved / sample.length} B on average`);
  });

  void it('[FED-82] property: a record that differs from the importer’s output anywhere still decodes to itself', () => {
    const edits: fc.Arbitrary<(o: Obj) => void>[] = [
      fc.string({ maxLength: 12 }).map((s) => (o: Obj) => void (o.name = `${o.name as string}${s}`)),
      fc.string({ maxLength: 12 }).map((s) => (o: Obj) => void (o.name = s)),
      fc
        .double({ min: -90, max: 90, noNaN: true })
        .map((x) => (o: Obj) => void ((ext(o).location as Obj).lat = x)),
      fc
        .constantFrom('state-based', 'non-state', 'one-sided', 'other')
        .map((l) => (o: Obj) => void (o.labels = ['ucdp', l])),
      fc.integer({ min: 0, max: 50 }).map((n) => (o: Obj) => void ((ext(o).fatalities as Obj).unknown = n)),
      fc
        .string({ maxLength: 8 })
        .map(
          (s) => (o: Obj) =>
            void ((ext(o).source as Obj).reference = `${(ext(o).source as Obj).reference as string}${s}`),
        ),
      fc.constant((o: Obj) => void delete (ext(o).location as Obj).admin2),
      fc.constant((o: Obj) => void delete (o.external_references as Obj[])[0]!.description),
      fc.uuid().map((u) => (o: Obj) => void (o.id = `incident--${u}`)),
      fc
        .date({ min: new Date('2019-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
        .map((d) => (o: Obj) => void (o.created = d.toISOString())),
      fc.constant((o: Obj) => void (o.type = 'x-not-incident')),
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: incidents.length - 1 }),
        fc.array(fc.oneof(...edits), { maxLength: 4 }),
        fc.boolean(),
        (i, changes, asItem) => {
          const o = clone(incidents[i]!);
          for (const change of changes) change(o);
          const value: CompactValue = asItem ? { kind: 'put', priority: 'flash', object: o } : o;
          assert.deepStrictEqual(decodeCompact(v3(value)), value);
        },
      ),
      { numRuns: 300 },
    );
  });

  void it('[FED-82] refuses a flag where no rule applies, or in a version without rules', () => {
    // A v3 incident whose only property is a flagged name: the name rule cannot compute it.
    const frame = (version: number, value: CborValue) => new Uint8Array([version << 2, ...encodeCbor(value)]);
    const incidentOnly = (extra: [number, CborValue][]) =>
      new Map<number | string, CborValue>([[keyCode('type'), 0], ...extra]);
    malformed(frame(3, incidentOnly([[keyCode('name'), true]])));
    // In v2, `true` is not a text.
    malformed(frame(2, incidentOnly([[keyCode('name'), true]])));
    // A flag on a property no rule derives (lang: a 'str'), or in an object that is not the incident.
    malformed(frame(3, incidentOnly([[keyCode('description'), true]])));
    const o = incidents[0]!;
    const good = decodeCompact(v3(o));
    assert.deepStrictEqual(good, o);
  });

  void it('[FED-83] a template’s usual presence bits travel as 0; 0 elsewhere is refused', () => {
    const o = incidents[0]!;
    const top = decodeCbor(v3({ kind: 'put', priority: 'flash', object: o }).subarray(1)) as Map<
      number,
      CborValue
    >;
    const tree = top.get(keyCode('object')) as CborValue[];
    assert.equal(tree[0], 0); // the importers' incident template
    assert.equal(tree[1], 0); // with its usual properties
    // Template 6 (source) has no usual bits: 0 stays invalid there.
    const frame = new Uint8Array([3 << 2, ...encodeCbor(new Map([[keyCode('source'), [6, 0, 'x']]]))]);
    malformed(frame);
  });

  void it('[FED-83] times after the first are relative to it: a record written in one minute pays one byte each', () => {
    const report = exampleIncident({
      created: '2026-02-01T07:58:00.000Z',
      modified: '2026-02-01T07:58:00.000Z',
    }) as unknown as CompactValue;
    const a = v2(report).length;
    const b = v3(report).length;
    assert.ok(b <= a - 4, `${b} vs ${a}`);
    assert.deepStrictEqual(decodeCompact(v3(report)), report);
    fc.assert(
      fc.property(
        fc.array(fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.boolean(),
        (dates, msZero) => {
          const text = (d: Date) => (msZero ? d.toISOString() : d.toISOString().replace(/\.\d{3}Z$/, 'Z'));
          const [created, modified, first_seen, last_seen] = dates.map(text);
          const o = Object.fromEntries(
            Object.entries({ type: 'sighting', created, modified, first_seen, last_seen }).filter(
              ([, v]) => v !== undefined,
            ),
          ) as Obj;
          assert.deepStrictEqual(decodeCompact(v3(o)), o);
        },
      ),
      { numRuns: 300 },
    );
  });
});
