/**
 * Small, strict validation for the API's own (non-STIX) bodies and query strings: unknown
 * fields are rejected, and every problem names its field.
 */
import { DomainError, type Issue } from '../core/errors.ts';

export type FieldKind = 'string' | 'string[]' | 'boolean' | 'integer' | 'iso-datetime?';
export interface FieldSpec {
  kind: 'string' | 'string[]' | 'boolean' | 'integer';
  required?: boolean;
  min?: number;
  max?: number;
}

/** Checks a JSON body against a flat spec; returns it typed as given. */
export function parseBody<T>(body: unknown, spec: Record<string, FieldSpec>): T {
  const issues: Issue[] = [];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new DomainError('invalid', 'http.invalid', [{ path: '', code: 'records.not_object' }]);
  }
  const obj = body as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!(key in spec)) issues.push({ path: `/${key}`, code: 'http.unknown_property', params: { property: key } });
  }
  for (const [key, f] of Object.entries(spec)) {
    const v = obj[key];
    if (v === undefined || v === null) {
      if (f.required) issues.push({ path: `/${key}`, code: 'http.required' });
      continue;
    }
    const okType =
      (f.kind === 'string' && typeof v === 'string') ||
      (f.kind === 'boolean' && typeof v === 'boolean') ||
      (f.kind === 'integer' && Number.isInteger(v)) ||
      (f.kind === 'string[]' && Array.isArray(v) && v.every((x) => typeof x === 'string'));
    if (!okType) {
      issues.push({ path: `/${key}`, code: 'http.type', params: { expected: f.kind } });
      continue;
    }
    const size = typeof v === 'string' ? v.length : Array.isArray(v) ? v.length : typeof v === 'number' ? v : 0;
    if ((f.min !== undefined && size < f.min) || (f.max !== undefined && size > f.max)) {
      issues.push({ path: `/${key}`, code: 'http.range', params: { min: f.min ?? '-', max: f.max ?? '-' } });
    }
  }
  if (issues.length) throw new DomainError('invalid', 'http.invalid', issues);
  return obj as T;
}

/** Query strings: rejects unknown parameters; Fastify gives strings (or arrays when repeated). */
export function queryParams(query: unknown, allowed: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const issues: Issue[] = [];
  for (const [k, v] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (!allowed.includes(k)) {
      issues.push({ path: `/${k}`, code: 'http.bad_query', params: { reason: k } });
      continue;
    }
    out.set(k, Array.isArray(v) ? v.map(String).join(',') : String(v));
  }
  if (issues.length) throw new DomainError('invalid', 'http.invalid', issues);
  return out;
}
