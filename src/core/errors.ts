/**
 * Errors are values inside: validators and services return or throw `DomainError` carrying
 * closed reason codes and JSON-pointer field paths. One mapper (src/api/problem.ts) turns them
 * into application/problem+json (RFC 9457) in the caller's language; the CLI prints one line.
 */
import type { Params } from '../i18n/i18n.ts';

/** One thing wrong with an input: where (RFC 6901 JSON pointer, '' for the whole input) and why. */
export interface Issue {
  path: string;
  /** A message code registered with defineMessages, e.g. 'stix.required'. */
  code: string;
  params?: Params;
}

export type ErrorKind =
  | 'invalid' // 400/422: the input breaks a rule
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409: e.g. a version older than the stored one, editing a revoked object
  | 'too_large' // 413
  | 'unsupported_media_type' // 415
  | 'rate_limited' // 429
  | 'unavailable'; // 503

export class DomainError extends Error {
  readonly kind: ErrorKind;
  readonly issues: readonly Issue[];
  /** Message code describing the error as a whole. */
  readonly code: string;
  readonly params: Params;

  constructor(kind: ErrorKind, code: string, issues: readonly Issue[] = [], params: Params = {}) {
    super(`${code}${issues.length ? ': ' + issues.map((i) => `${i.path || '/'} ${i.code}`).join('; ') : ''}`);
    this.name = 'DomainError';
    this.kind = kind;
    this.code = code;
    this.issues = issues;
    this.params = params;
  }
}

export type Result<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(issues: Issue[]): Result<T> => ({ ok: false, issues });

/** Appends a JSON-pointer segment, escaping per RFC 6901. */
export function pointer(base: string, segment: string | number): string {
  const s = String(segment);
  // Most segments need no escape: skip the two scans (validation builds a pointer per property).
  if (!s.includes('~') && !s.includes('/')) return `${base}/${s}`;
  return `${base}/${s.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}
