import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { ALPHA3_CODES } from '../objects/countries.ts';
import { TLP1_IDS, TLP2_IDS } from '../objects/markings.ts';
import { COMMON_CHECKS } from '../objects/common-properties.ts';
import { INCIDENT_EXTENSION_REQUIRED, SENTINELLE_IDENTITY_ID } from '../objects/sentinelle-extension.ts';
import {
  CORE_TYPES as SUPPORTED_TYPES,
  SENTINELLE_INCIDENT_EXTENSION_ID,
  TLP2_EXTENSION_ID,
} from '../objects/stix.ts';
import { EVENT_SUBTYPES, EVENT_TYPES } from '../objects/taxonomy.ts';
import { TYPE_RULES } from '../objects/type-rules.ts';
import { UCDP_DATASET_URL, UCDP_IDENTITY_ID } from '../imports/ucdp-source.ts';
import { codeOf, DICTIONARY_V1, positionOf, type Dictionary } from './dictionary.ts';
import { DICTIONARIES, DICTIONARY_DIGESTS } from './dictionaries.ts';
import { DICTIONARY_V2 } from './dictionary-v2.ts';
import { DICTIONARY_V3 } from './dictionary-v3.ts';
import { TEXT_MODEL_PARAMS } from './text-model.ts';
import { analysisExamples } from '../objects/custom/analysis-examples.ts';
import { operationsExamples } from '../objects/custom/operations-examples.ts';
import { cooperationExamples } from '../objects/custom/cooperation-examples.ts';
import * as analysisTypes from '../objects/custom/analysis-types.ts';
import * as operationsTypes from '../objects/custom/operations-types.ts';
import * as cooperationTypes from '../objects/custom/cooperation-types.ts';
import { MESSAGE_TYPES, NACK_REASON_CODES, PRIORITIES, WITHDRAW_REASONS } from './protocol.ts';

const digest = (d: Dictionary) =>
  createHash('sha256')
    .update(
      JSON.stringify(
        d.version === 1
          ? [d.version, d.keys, d.strings, d.ids, d.idTypes, d.deflate]
          : // v2 on: the text model's corpus and parameters decide the coded bytes too.
            [
              d.version,
              d.keys,
              d.strings,
              d.ids,
              d.idTypes,
              d.deflate,
              d.textCorpus,
              TEXT_MODEL_PARAMS,
              d.records,
              // v3 on: the derivation rules (their outputs are pinned in derivations-v3.test.ts).
              ...(d.version >= 3 ? [d.derive?.length, d.timeDelta, d.recordDefaults] : []),
              // v4 on: minted ids, the first time's fraction, templates in any order ([FED-94], [FED-95], [FED-97]).
              ...(d.version >= 4 ? [d.mintedIds, d.timeCode4, d.anyOrder, d.jointText] : []),
            ],
      ),
    )
    .digest('hex');

void describe('compact dictionary', () => {
  void it('[FED-26] every released version is frozen: its digest is pinned', () => {
    for (const [version, d] of DICTIONARIES) {
      assert.equal(d.version, version);
      assert.equal(
        digest(d),
        DICTIONARY_DIGESTS.get(version),
        `dictionary v${version} changed: release a new version instead`,
      );
      assert.ok(Object.isFrozen(d) && Object.isFrozen(d.keys) && Object.isFrozen(d.strings));
    }
  });

  void it('maps table positions to one-byte codes first, both ways', () => {
    for (let p = 0; p < 2000; p++) assert.equal(positionOf(codeOf(p)), p);
    assert.deepEqual([0, 23, 24, 47, 48].map(codeOf), [0, 23, -1, -24, 24]);
  });

  void it('has no duplicate entry in any table', () => {
    const d = DICTIONARY_V1;
    for (const table of [d.keys.map(([k]) => k), d.strings, d.ids, d.idTypes])
      assert.equal(new Set(table).size, table.length);
    assert.ok(d.idTypes.length <= 256, 'a type code is one byte');
  });

  void it('names every property of the supported STIX types and of the incident extension', () => {
    const keys = new Set(DICTIONARY_V1.keys.map(([k]) => k));
    const props = new Set<string>([
      'type',
      'id',
      ...Object.keys(COMMON_CHECKS),
      ...INCIDENT_EXTENSION_REQUIRED,
    ]);
    // Dictionary v1 covers the STIX 2.1 types; Sentinelle's custom types (added later) encode their
    // properties as strings, losslessly, until a v2 dictionary names them.
    for (const type of SUPPORTED_TYPES) for (const k of Object.keys(TYPE_RULES[type].props)) props.add(k);
    for (const p of props) assert.ok(keys.has(p), p);
    assert.ok(keys.has(SENTINELLE_INCIDENT_EXTENSION_ID) && keys.has(TLP2_EXTENSION_ID));
  });

  void it('holds the closed vocabularies: event types and sub-types, countries, protocol codes', () => {
    const strings = new Set(DICTIONARY_V1.strings);
    const closed = [
      ...EVENT_TYPES,
      ...EVENT_TYPES.flatMap((t) => Object.keys(EVENT_SUBTYPES[t])),
      ...ALPHA3_CODES,
      ...SUPPORTED_TYPES,
      ...PRIORITIES,
      ...WITHDRAW_REASONS,
      ...NACK_REASON_CODES,
      ...MESSAGE_TYPES,
      UCDP_DATASET_URL,
    ];
    for (const s of closed) assert.ok(strings.has(s), s);
  });

  void it('well-known ids are the published TLP markings and Sentinelle/UCDP ids', () => {
    const ids = new Set(DICTIONARY_V1.ids);
    for (const id of [
      ...Object.values(TLP2_IDS),
      ...Object.values(TLP1_IDS),
      SENTINELLE_INCIDENT_EXTENSION_ID,
      TLP2_EXTENSION_ID,
      SENTINELLE_IDENTITY_ID,
      UCDP_IDENTITY_ID,
    ]) {
      assert.ok(ids.has(id), id);
    }
    for (const type of SUPPORTED_TYPES) assert.ok(DICTIONARY_V1.idTypes.includes(type), type);
  });

  void it('keeps the DEFLATE preset dictionary within the 32 KiB window', () => {
    assert.ok(Buffer.byteLength(DICTIONARY_V1.deflate) < 32 * 1024);
  });
});

/** Every property name in a value, at any depth. */
function propertyNames(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) for (const e of v) propertyNames(e, out);
  else if (v !== null && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      out.add(k);
      propertyNames(x, out);
    }
  return out;
}

void describe('compact dictionary v2', () => {
  void it('[FED-70] has no duplicate entry in any table', () => {
    const d = DICTIONARY_V2;
    for (const table of [d.keys.map(([k]) => k), d.strings, d.ids, d.idTypes])
      assert.equal(new Set(table).size, table.length);
    assert.ok(d.idTypes.length <= 256, 'a type code is one byte');
  });

  void it('[FED-70] names every property of v1 and of the custom x-sentinelle-* types', () => {
    const keys = new Set(DICTIONARY_V2.keys.map(([k]) => k));
    for (const [k] of DICTIONARY_V1.keys) assert.ok(keys.has(k), k);
    for (const p of propertyNames(Object.values(custom()))) assert.ok(keys.has(p), p);
  });

  void it('[FED-70][FED-83] holds the closed vocabularies of v1 and of the custom types as small integers', () => {
    const strings = new Set(DICTIONARY_V2.strings);
    for (const s of DICTIONARY_V1.strings) assert.ok(strings.has(s), s);
    // v2 is frozen: vocabulary added to the custom types since is in the newest version (v3).
    const newest = new Set(DICTIONARY_V3.strings);
    for (const s of DICTIONARY_V2.strings) assert.ok(newest.has(s), s);
    assert.deepStrictEqual(
      DICTIONARY_V3.strings.slice(0, DICTIONARY_V2.strings.length),
      DICTIONARY_V2.strings,
    );
    for (const m of [analysisTypes, operationsTypes, cooperationTypes])
      for (const v of Object.values(m))
        if (Array.isArray(v))
          for (const s of v as unknown[]) if (typeof s === 'string') assert.ok(newest.has(s), s);
    // What every incident carries costs one byte (positions 0–47).
    const first = new Set(DICTIONARY_V2.strings.slice(0, 48));
    for (const s of [
      'incident',
      '2.1',
      'property-extension',
      'put',
      'BFA',
      'MLI',
      'NER',
      'SEN',
      ...EVENT_TYPES,
    ])
      assert.ok(first.has(s), s);
    for (const t of Object.keys(custom())) assert.ok(DICTIONARY_V2.idTypes.includes(t), t);
  });

  void it('[FED-81] record templates name dictionary keys only, once each, within 31 presence bits', () => {
    const keys = new Set(DICTIONARY_V2.keys.map(([k]) => k));
    for (const tpl of DICTIONARY_V2.records ?? []) {
      assert.equal(new Set(tpl).size, tpl.length);
      assert.ok(tpl.length <= 31);
      for (const k of tpl) assert.ok(keys.has(k), k);
    }
  });
});

function custom(): Record<string, unknown> {
  return { ...analysisExamples(), ...operationsExamples(), ...cooperationExamples() };
}
