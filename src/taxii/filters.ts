/**
 * Query parameters of the TAXII 2.1 endpoints (§3.4 filtering, §3.5 pagination): added_after,
 * limit, next, match[id|type|version|spec_version]. Values of a match may be comma-separated
 * or repeated. Every bad value is a 400 naming the parameter; unknown parameters are ignored.
 */
import { DomainError, type Issue } from '../core/errors.ts';
import { versionKey } from '../store/records.time.ts';
import type { VersionMatch } from './repo.ts';
import './messages.ts';

/** The largest page this server returns (a client asking for more gets this many, §3.5). */
export const MAX_LIMIT = 1000;
export const DEFAULT_LIMIT = 100;

export interface TaxiiFilters {
  addedAfter?: string;
  limit: number;
  /** The seq after which the page starts (decoded `next`). */
  afterSeq: number;
  ids?: string[];
  types?: string[];
  version: VersionMatch;
  /** Whether match[version] was given (the versions endpoint defaults to all). */
  versionGiven: boolean;
  specVersions?: string[];
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const STIX_ID = /^[a-z0-9][a-z0-9-]*[a-z0-9]--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STIX_TYPE = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;
const SPEC_VERSION = /^\d+\.\d+$/;

/** The opaque `next` token: the seq of the last item of the page. */
export function encodeNext(seq: number): string {
  return Buffer.from(`s${seq}`, 'utf8').toString('base64url');
}

function decodeNext(token: string): number | null {
  const m = /^s(\d{1,15})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : null;
}

function values(raw: unknown): string[] | undefined {
  if (raw === undefined) return undefined;
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  return list.flatMap((v) => (typeof v === 'string' ? v : JSON.stringify(v)).split(',')).map((s) => s.trim());
}

function single(raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  const v: unknown = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function isTimestamp(v: string): boolean {
  return RFC3339.test(v) && versionKey(v) !== null && !Number.isNaN(Date.parse(v));
}

/** Parses the TAXII query parameters of a request; `defaultVersion` per endpoint (§5.4, §5.8). */
export function parseFilters(query: unknown, defaultVersion: 'last' | 'all' = 'last'): TaxiiFilters {
  const q = (typeof query === 'object' && query !== null ? query : {}) as Record<string, unknown>;
  const issues: Issue[] = [];
  const bad = (name: string, value: string, expected: string) =>
    issues.push({
      path: `/${name}`,
      code: 'taxii.bad_filter.detail',
      params: { name, value: value.slice(0, 100), expected },
    });

  const out: TaxiiFilters = {
    limit: DEFAULT_LIMIT,
    afterSeq: 0,
    version: { last: false, first: false, all: false, keys: [] },
    versionGiven: false,
  };
  const added = single(q.added_after);
  if (added !== undefined) {
    if (isTimestamp(added)) out.addedAfter = added;
    else bad('added_after', added, 'RFC 3339 UTC');
  }
  const limit = single(q.limit);
  if (limit !== undefined) {
    const n = Number(limit);
    if (!/^\d+$/.test(limit) || !Number.isSafeInteger(n) || n < 1) bad('limit', limit, 'integer ≥ 1');
    else out.limit = Math.min(n, MAX_LIMIT);
  }
  const next = single(q.next);
  if (next !== undefined) {
    const s = decodeNext(next);
    if (s === null) bad('next', next, 'token from a previous page');
    else out.afterSeq = s;
  }
  const ids = values(q['match[id]']);
  if (ids) {
    for (const id of ids) if (!STIX_ID.test(id)) bad('match[id]', id, 'STIX identifier');
    out.ids = ids;
  }
  const types = values(q['match[type]']);
  if (types) {
    for (const ty of types) if (!STIX_TYPE.test(ty)) bad('match[type]', ty, 'STIX type');
    out.types = types;
  }
  const specs = values(q['match[spec_version]']);
  if (specs) {
    for (const s of specs) if (!SPEC_VERSION.test(s)) bad('match[spec_version]', s, '2.1');
    out.specVersions = specs;
  }
  const versions = values(q['match[version]']);
  if (versions) {
    out.versionGiven = true;
    for (const v of versions) {
      if (v === 'last' || v === 'first' || v === 'all') out.version[v] = true;
      else if (isTimestamp(v)) out.version.keys.push(versionKey(v)!);
      else bad('match[version]', v, 'last | first | all | RFC 3339');
    }
  } else out.version[defaultVersion] = true;
  if (issues.length)
    throw new DomainError('invalid', 'taxii.bad_filter', issues, { name: String(issues[0]!.params!.name) });
  return out;
}
