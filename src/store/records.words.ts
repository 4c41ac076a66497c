/**
 * Words of full-text search, split the same way when indexing and when querying: maximal runs of
 * letters and digits (Unicode) of the folded text (foldText: lower case, no accents). Splitting in
 * JS keeps both sides identical whatever the database locale, and filling `objects.search` with
 * array_to_tsvector skips PostgreSQL's text parser (see migration 2). So 'Ouaga-Dougou' is the
 * words ouaga and dougou, '12.35' is 12 and 35, 'info@exemple.org' is info, exemple and org.
 */
import { foldText } from '../core/text.ts';

/** A lexeme must stay under PostgreSQL's 2 KiB limit; a long word's prefix still narrows a search. */
const MAX_WORD = 200;
const NON_WORD = /[^\p{L}\p{N}]+/u;
// Fast path of the bulk import: ASCII text needs no Unicode folding, and its words are [a-z0-9]+.
const NON_ASCII = /[\u0080-\uffff]/;
const NON_WORD_ASCII = /[^a-z0-9]+/;

/** Distinct words of `text`, in first-seen order. */
export function searchWords(text: string): string[] {
  const words = new Set<string>();
  const parts = NON_ASCII.test(text) ? foldText(text).split(NON_WORD) : text.toLowerCase().split(NON_WORD_ASCII);
  for (const w of parts) if (w) words.add(w.length > MAX_WORD ? w.slice(0, MAX_WORD) : w);
  return [...words];
}

/**
 * A tsquery requiring every word of `text` as a prefix (`'w1':* & 'w2':*`), or null when the text
 * holds no word. Words are letters and digits only; quotes and backslashes are escaped anyway,
 * so no input can act as a tsquery operator. Cast it with `::tsquery` (no parser, no stemming).
 */
export function buildTsQuery(text: string): string | null {
  const words = searchWords(text);
  if (words.length === 0) return null;
  return words.map((w) => `'${w.replaceAll('\\', '\\\\').replaceAll("'", "''")}':*`).join(' & ');
}
