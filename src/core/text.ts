/**
 * Folds text for search: lower case, accents removed (NFD + strip combining marks), so that
 * "Sécurité", "securite" and "SÉCURITÉ" match. Used both when indexing and when querying.
 */
export function foldText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[’']/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
