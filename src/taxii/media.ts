/**
 * TAXII 2.1 media types (§1.6.8) and error messages (§3.6.1): every response, errors included,
 * is application/taxii+json;version=2.1; a request must accept it (406 otherwise) and a POST must
 * send it (415 otherwise).
 */
import type { ErrorKind } from '../core/errors.ts';
import { DomainError } from '../core/errors.ts';
import { t, type Locale } from '../i18n/i18n.ts';
import '../auth/messages.ts';
import './messages.ts';

export const TAXII_MEDIA = 'application/taxii+json;version=2.1';
export const STIX_MEDIA = 'application/stix+json;version=2.1';

/** A transport-level refusal that has no domain kind (406). */
export class TaxiiHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly params: Record<string, string>,
  ) {
    super(code);
  }
}

interface MediaRange {
  type: string;
  params: Map<string, string>;
}

function parseMedia(value: string): MediaRange[] {
  return value
    .split(',')
    .map((part) => {
      const [type = '', ...rest] = part.split(';').map((s) => s.trim());
      const params = new Map<string, string>();
      for (const r of rest) {
        const i = r.indexOf('=');
        if (i > 0)
          params.set(
            r.slice(0, i).trim().toLowerCase(),
            r
              .slice(i + 1)
              .trim()
              .replace(/^"|"$/g, ''),
          );
      }
      return { type: type.toLowerCase(), params };
    })
    .filter((m) => m.type !== '');
}

/** taxii+json with no version (meaning the latest, §1.6.8.1) or version 2.1. */
function isTaxii21(m: MediaRange): boolean {
  const v = m.params.get('version');
  return m.type === 'application/taxii+json' && (v === undefined || v === '2.1');
}

/** Throws 406 unless the Accept header admits TAXII 2.1 (a missing header admits anything, RFC 9110 §12.5.1). */
export function checkAccept(accept: string | undefined): void {
  if (accept === undefined) return;
  const ranges = parseMedia(accept).filter((m) => m.params.get('q') !== '0');
  if (ranges.some((m) => isTaxii21(m) || m.type === '*/*' || m.type === 'application/*')) return;
  throw new TaxiiHttpError(406, 'taxii.not_acceptable', { accept: accept.slice(0, 200) });
}

/** Throws 415 unless the body is declared as TAXII 2.1. */
export function checkContentType(contentType: string | undefined): void {
  const m = contentType ? parseMedia(contentType)[0] : undefined;
  if (m && isTaxii21(m)) return;
  throw new DomainError('unsupported_media_type', 'taxii.unsupported_media_type', [], {
    type: (contentType ?? '-').slice(0, 200),
  });
}

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

/** The TAXII error message resource (§3.6.1). */
export interface TaxiiErrorBody {
  title: string;
  description: string;
  error_id: string;
  error_code: string;
  http_status: string;
  external_details?: string;
  details?: Record<string, unknown>;
}

export function errorBody(
  err: DomainError | TaxiiHttpError,
  locale: Locale,
  requestId: string,
): TaxiiErrorBody {
  if (err instanceof TaxiiHttpError) {
    return {
      title: t(locale, 'taxii.title.not_acceptable'),
      description: t(locale, err.code, err.params),
      error_id: requestId,
      error_code: err.code,
      http_status: String(err.status),
    };
  }
  const issues = err.issues.map((i) => ({
    path: i.path,
    code: i.code,
    message: t(locale, i.code, i.params),
  }));
  const first = issues[0];
  return {
    title: t(locale, `http.title.${err.kind}`),
    description:
      t(locale, err.code, err.params) +
      (first && err.kind === 'invalid' ? ` ${first.path || '/'} : ${first.message}` : ''),
    error_id: requestId,
    error_code: err.code,
    http_status: String(STATUS[err.kind]),
    ...(issues.length ? { details: { issues } } : {}),
  };
}
