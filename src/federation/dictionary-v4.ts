/**
 * Dictionary v4 of the compact encoding ([FED-94]– of docs/sync-spec.md), written by the narrow
 * profile v3 (narrow.ts). Tables, text model, templates, derivation rules and relative times are
 * v3's; v4 adds:
 * - minted ids ([FED-94]): a record whose id is the one its node minted from the record's own
 *   type, creator and creation time (src/objects/ids.ts mintedStixId) sends the id as its k —
 *   one byte (`false`) for k = 0, two ([k]) up to 23 — and the decoder recomputes it;
 * - time codes with nine tags instead of six ([FED-95]): the three new ones say "with the
 *   fraction of the frame's first time", so a `modified` equal to a millisecond `created` is one
 *   byte instead of five;
 * - record templates matched by key set, in any order ([FED-97]): a record read back from the
 *   store (PostgreSQL jsonb orders keys by length) still travels as a template; it decodes with
 *   the template's key order, which JSON does not give a meaning (RFC 8259 §4).
 * Frozen like v1–v3: the digest is pinned in dictionaries.ts, mintedStixId's output in
 * ids.test.ts.
 */
import type { Dictionary } from './dictionary.ts';
import { DICTIONARY_V3 } from './dictionary-v3.ts';

export const DICTIONARY_V4: Dictionary = Object.freeze({
  ...DICTIONARY_V3,
  version: 4,
  mintedIds: true,
  sameFraction: true,
  anyOrder: true,
});
