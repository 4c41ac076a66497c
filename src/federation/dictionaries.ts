/**
 * Every dictionary version a decoder understands ([FED-26], [FED-70] of docs/sync-spec.md), with
 * the pinned digest of each released one (dictionary.test.ts recomputes them).
 */
import { DICTIONARY_V1, type Dictionary } from './dictionary.ts';
import { DICTIONARY_V2 } from './dictionary-v2.ts';
import { DICTIONARY_V3 } from './dictionary-v3.ts';
import { DICTIONARY_V4 } from './dictionary-v4.ts';

export const DICTIONARIES: ReadonlyMap<number, Dictionary> = new Map([
  [1, DICTIONARY_V1],
  [2, DICTIONARY_V2],
  [3, DICTIONARY_V3],
  [4, DICTIONARY_V4],
]);

/** SHA-256 (hex) of each released version's tables. */
export const DICTIONARY_DIGESTS: ReadonlyMap<number, string> = new Map([
  [1, 'a8b6721be59d13f6835e47300eba28b4c36166f35c51fd2485b772fee9fe0b5d'],
  [2, '8bfba3bbb08c7fa8e7909b30e18c004fc85a1c91178ec84ca59a0de3c480e2d2'],
  [3, 'b00aa08653a72361d42f4ab302ace21ad4cdc140e8cb755522cc0946f100bf1b'],
  [4, '463ca663e2e4837e368ff71de9a2b5a498ea06a516e721ef44ce0b92180f050a'],
]);
