/**
 * Dictionary v4 of the compact encoding ([FED-94]–[FED-97] of docs/sync-spec.md), written by the narrow
 * profile v3 (narrow.ts). Tables, templates, derivation rules and usual presence bits are v3's;
 * v4 adds:
 * - minted ids ([FED-94]): a record whose id is the one its node minted from the record's own
 *   type, creator and creation time (src/objects/ids.ts mintedStixId) sends the id as its k —
 *   one byte (`false`) for k = 0, two ([k]) up to 23 — and the decoder recomputes it;
 * - time codes ([FED-95]) with a millisecond unit beside day, minute and second, each counted
 *   from the origin rounded down to that unit: later times from the frame's first time, the first
 *   from the time origin the caller gives (the narrow profile v3: its signing minute). A record
 *   the API created at some millisecond and sent minutes later pays 4–5 bytes for `created`, 1
 *   for an equal `modified`, 3 for an `occurred_at` to the minute (9, 5 and 5 in v3);
 * - record templates matched by key set, in any order ([FED-97]): a record read back from the
 *   store (PostgreSQL jsonb orders keys by length) still travels as a template; it decodes with
 *   the template's key order, which JSON does not give a meaning (RFC 8259 §4);
 * - texts ([FED-98]): a materiel line's model, manufacturer marks and headstamp go through the
 *   text model like names and descriptions (same key positions: only the codec changes), and all
 *   the frame's coded texts are one model run — one coder flush and one byte-string head for all,
 *   their lengths first — instead of one each; the model's corpus gains 3.4 KB of field-report
 *   prose (text-corpus-v4.ts).
 * Frozen like v1–v3: the digest is pinned in dictionaries.ts, mintedStixId's output in
 * ids.test.ts.
 */
import type { Dictionary } from './dictionary.ts';
import { DICTIONARY_V3 } from './dictionary-v3.ts';
import { TEXT_CORPUS_V4 } from './text-corpus-v4.ts';

/** [FED-98] Free-text materiel fields, coded by the text model instead of sent as literals. */
const TEXT_KEYS_V4: ReadonlySet<string> = new Set(['model', 'manufacturer_marks', 'headstamp']);

export const DICTIONARY_V4: Dictionary = Object.freeze({
  ...DICTIONARY_V3,
  version: 4,
  keys: Object.freeze(
    DICTIONARY_V3.keys.map(([name, codec]) =>
      Object.freeze([name, TEXT_KEYS_V4.has(name) ? 'text' : codec] as const),
    ),
  ),
  mintedIds: true,
  timeCode4: true,
  anyOrder: true,
  jointText: true,
  textCorpus: TEXT_CORPUS_V4,
});
