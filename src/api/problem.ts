/**
 * The one mapper from domain errors to HTTP: application/problem+json (RFC 9457), with the
 * offending field as a JSON pointer and every text in the caller's language.
 */
import type { FastifyError } from 'fastify';
import { DomainError, type ErrorKind } from '../core/errors.ts';
import { t, type Locale } from '../i18n/i18n.ts';
import './messages.ts';

export const PROBLEM_TYPE_BASE = 'https://sentinelle.invalid/problems/';

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  /** A conflict with a stored record (a `records.*` conflict): its id. */
  record_id?: string;
  errors?: { pointer: string; code: string; detail: string }[];
}

export function problemOf(err: DomainError, locale: Locale, instance?: string): Problem {
  const status = STATUS[err.kind];
  const problem: Problem = {
    type: PROBLEM_TYPE_BASE + err.code,
    title: t(locale, `http.title.${err.kind}`),
    status,
    detail: t(locale, err.code, err.params),
    code: err.code,
    ...(instance ? { instance } : {}),
    // A record conflict (records.exists, records.idempotency_key_reused, records.version_conflict)
    // names the stored record, so a client can carry on from it; other ids are not records.
    ...(err.kind === 'conflict' && err.code.startsWith('records.') && typeof err.params.id === 'string'
      ? { record_id: err.params.id }
      : {}),
  };
  if (err.issues.length) {
    problem.errors = err.issues.map((i) => ({ pointer: i.path, code: i.code, detail: t(locale, i.code, i.params) }));
    // The first field problem is the most useful one-line detail for a person.
    if (err.kind === 'invalid') problem.detail = `${problem.detail} ${problem.errors[0]!.pointer || '/'} : ${problem.errors[0]!.detail}`;
  }
  return problem;
}

/** Turns Fastify's own errors (body parsing, size) into domain errors; anything else is internal. */
export function fromFastifyError(err: FastifyError, bodyLimit: number): DomainError | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new DomainError('too_large', 'http.too_large', [], { limit: bodyLimit });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new DomainError('unsupported_media_type', 'http.unsupported_media_type', [], { type: '?' });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new DomainError('invalid', 'http.malformed_json', [{ path: '', code: 'http.malformed_json' }]);
    default:
      if (err instanceof SyntaxError || err.statusCode === 400) {
        return new DomainError('invalid', 'http.malformed_json', [{ path: '', code: 'http.malformed_json' }]);
      }
      return undefined;
  }
}
