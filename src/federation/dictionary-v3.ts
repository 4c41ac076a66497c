/**
 * Dictionary v3 of the compact encoding ([FED-82], [FED-83] of docs/sync-spec.md), written by the
 * narrow profile v2 (narrow.ts). The tables, text corpus, text model and record templates are v2's;
 * what v3 adds changes only how values are written:
 * - derivation flags (derivations-v3.ts): a property that equals what its rule computes from the
 *   rest of the record travels as one byte;
 * - times relative to the frame's first time (the created, modified and occurred_at of one record
 *   are close together: one or two bytes instead of three to five);
 * - each record template's usual presence bits written as 0 (one byte instead of two or three);
 * - the string table gains, at its end, the deconfliction-notice resolutions added to the
 *   operations types after v2 was frozen (so every position of v2 keeps its code).
 * Frozen like v1 and v2: the digest is pinned in dictionaries.ts, the rules' outputs in
 * derivations-v3.test.ts.
 */
import type { Dictionary } from './dictionary.ts';
import { DICTIONARY_V2 } from './dictionary-v2.ts';
import { RULES_V3 } from './derivations-v3.ts';

export const DICTIONARY_V3: Dictionary = Object.freeze({
  ...DICTIONARY_V2,
  version: 3,
  strings: Object.freeze([
    ...DICTIONARY_V2.strings,
    'coordinated',
    're-timed',
    're-routed',
    'accepted-risk',
    'cleared',
  ]),
  derive: RULES_V3,
  timeDelta: true,
  // Usual presence bits of templates 0–4 (dictionary-v2.ts RECORDS_V2): an importer's incident
  // (no confidence, no granular markings), a form's incident, an importer's extension (no injured,
  // actors or materiel), a form's extension (all), a location without precision_m.
  recordDefaults: Object.freeze([23551, 21503, 7295, 8191, 59]),
});
