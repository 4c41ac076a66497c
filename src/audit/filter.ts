/**
 * Validation of audit-trail searches and their translation to one parameterised WHERE clause.
 * Pages run newest first; the cursor is the opaque encoding of the last seq seen.
 */
import { DomainError, type Issue } from '../core/errors.ts';
import { AUDIT_OUTCOMES } from './chain.ts';
import type { AuditOutcome } from './audit.ts';

export interface AuditFilter {
  actions?: string[];
  actor?: string;
  target?: string;
  outcome?: AuditOutcome;
  /** RFC 3339 date or date-time, inclusive. */
  from?: string;
  /** RFC 3339 date or date-time, exclusive. */
  to?: string;
  /** Case-insensitive substring of action, actor, target or details. */
  text?: string;
}

export interface AuditPage {
  limit: number;
  cursor?: string | null;
}

export const MAX_AUDIT_PAGE = 1000;

const RFC3339 = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2}))?$/;

export function encodeCursor(seq: number): string {
  return Buffer.from(`s${seq}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): number | null {
  const m = /^s([1-9]\d{0,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m?.[1] ? Number(m[1]) : null;
}

// `at` is always Date#toISOString text, so comparing it as text orders it as time.
function isoBound(value: string, path: string, issues: Issue[]): string | null {
  const ms = RFC3339.test(value) ? Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value) : NaN;
  if (Number.isNaN(ms)) {
    issues.push({ path, code: 'audit.bad_date' });
    return null;
  }
  return new Date(ms).toISOString();
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Validates a search; throws DomainError('invalid') listing every bad field. */
export function buildAuditQuery(
  filter: AuditFilter,
  page: AuditPage,
): { where: string; params: unknown[]; limit: number } {
  const issues: Issue[] = [];
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    clauses.push(sql(`$${params.length}`));
  };

  if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > MAX_AUDIT_PAGE) {
    issues.push({ path: '/limit', code: 'audit.bad_limit', params: { max: MAX_AUDIT_PAGE } });
  }
  if (page.cursor !== undefined && page.cursor !== null) {
    const seq = decodeCursor(page.cursor);
    if (seq === null) issues.push({ path: '/cursor', code: 'audit.bad_cursor' });
    else add((n) => `seq < ${n}`, seq);
  }
  if (filter.actions !== undefined) {
    const bad = filter.actions.findIndex((a) => typeof a !== 'string' || a.length === 0 || a.length > 100);
    if (bad >= 0) issues.push({ path: `/actions/${bad}`, code: 'audit.bad_action' });
    else if (filter.actions.length > 0) add((n) => `action = ANY(${n}::text[])`, filter.actions);
  }
  if (filter.actor !== undefined) add((n) => `actor = ${n}`, filter.actor);
  if (filter.target !== undefined) add((n) => `target = ${n}`, filter.target);
  if (filter.outcome !== undefined) {
    if (!AUDIT_OUTCOMES.includes(filter.outcome))
      issues.push({ path: '/outcome', code: 'audit.bad_outcome' });
    else add((n) => `outcome = ${n}`, filter.outcome);
  }
  if (filter.from !== undefined) {
    const from = isoBound(filter.from, '/from', issues);
    if (from) add((n) => `at >= ${n}`, from);
  }
  if (filter.to !== undefined) {
    const to = isoBound(filter.to, '/to', issues);
    if (to) add((n) => `at < ${n}`, to);
  }
  if (filter.text !== undefined && filter.text.trim() !== '') {
    add(
      (n) =>
        `(action ILIKE ${n} OR actor ILIKE ${n} OR coalesce(target, '') ILIKE ${n} OR details::text ILIKE ${n})`,
      likePattern(filter.text.trim()),
    );
  }
  if (issues.length > 0) throw new DomainError('invalid', 'audit.invalid_filter', issues);
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params, limit: page.limit };
}
