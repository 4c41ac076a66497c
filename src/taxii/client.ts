/**
 * The TAXII 2.1 client of `sentinelle taxii pull` (docs/taxii.md §7): reads a collection's objects
 * from an external server in date_added order, page by page (`limit`, `next`), from the last
 * `added_after` this node recorded for that source, and stores each page with the
 * accept-valid-items rule before moving the resume point past it.
 */
import { DomainError } from '../core/errors.ts';
import type { Locale } from '../i18n/i18n.ts';
import type { Principal } from '../auth/principal.ts';
import type { RecordService } from '../records/service.ts';
import type { Db } from '../store/db.ts';
import type { Clock } from '../core/clock.ts';
import { formatTimestamp } from '../objects/timestamps.ts';
import { isRecord } from '../objects/stix.ts';
import { TAXII_MEDIA } from './media.ts';
import { isTimestamp } from './filters.ts';
import { importEach, type StatusDetail } from './envelope.ts';
import { getPullState, savePullState } from './repo.ts';
import './messages.ts';

export type Credentials = { user: string; password: string } | { token: string } | null;

export interface PullOptions {
  apiRoot: string;
  collectionId: string;
  credentials: Credentials;
  /** Overrides the stored resume point. */
  since?: string;
  /** Objects asked per page. */
  pageSize?: number;
  /** Stops after this many pages (the next run resumes). */
  maxPages?: number;
  locale: Locale;
  onPage?: (p: { page: number; accepted: number; rejected: number; total: number }) => void;
  onRejected?: (f: StatusDetail & { page: number }) => void;
  fetch?: typeof fetch;
}

export interface PullReport {
  pages: number;
  accepted: number;
  rejected: number;
  /** The added_after the next run starts from (null when nothing was ever received). */
  resumeFrom: string | null;
}

export interface PullDeps {
  db: Db;
  clock: Clock;
  records: RecordService;
}

/** The source key of the resume point: the API root URL (with its trailing slash) and the collection. */
export function sourceKey(apiRoot: string, collectionId: string): string {
  return `${normaliseRoot(apiRoot)}collections/${collectionId}/`;
}

function normaliseRoot(apiRoot: string): string {
  let u: URL;
  try {
    u = new URL(apiRoot);
  } catch {
    throw new DomainError(
      'invalid',
      'taxii.client.bad_url',
      [{ path: '/api_root', code: 'taxii.client.bad_url', params: { url: apiRoot } }],
      { url: apiRoot },
    );
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new DomainError('invalid', 'taxii.client.bad_url', [], { url: apiRoot });
  u.search = '';
  u.hash = '';
  return u.toString().endsWith('/') ? u.toString() : `${u.toString()}/`;
}

function authHeader(c: Credentials): Record<string, string> {
  if (!c) return {};
  if ('token' in c) return { authorization: `Bearer ${c.token}` };
  return { authorization: `Basic ${Buffer.from(`${c.user}:${c.password}`).toString('base64')}` };
}

export async function pull(deps: PullDeps, principal: Principal, o: PullOptions): Promise<PullReport> {
  if (o.since !== undefined && !isTimestamp(o.since)) {
    throw new DomainError(
      'invalid',
      'taxii.client.bad_since',
      [{ path: '/since', code: 'taxii.client.bad_since', params: { value: o.since } }],
      { value: o.since },
    );
  }
  const source = sourceKey(o.apiRoot, o.collectionId);
  const stored = await getPullState(deps.db, source);
  let addedAfter: string | null = o.since ?? stored?.addedAfter ?? null;
  const doFetch = o.fetch ?? fetch;
  const report: PullReport = { pages: 0, accepted: 0, rejected: 0, resumeFrom: addedAfter };
  // The request's added_after stays fixed while following `next` (a token belongs to its query).
  let queryAfter = addedAfter;
  let next: string | null = null;
  const seenNext = new Set<string>();
  for (;;) {
    if (o.maxPages !== undefined && report.pages >= o.maxPages) break;
    const url = new URL(`${source}objects/`);
    url.searchParams.set('limit', String(o.pageSize ?? 500));
    if (queryAfter) url.searchParams.set('added_after', queryAfter);
    if (next) url.searchParams.set('next', next);
    const page = await getPage(doFetch, url.toString(), o.credentials);
    report.pages++;
    const { successes, failures } = await importEach(
      deps.records,
      principal,
      page.objects,
      o.locale,
      `/pages/${report.pages}/objects`,
      'import.taxii_pull',
    );
    report.accepted += successes.length;
    report.rejected += failures.length;
    for (const f of failures) o.onRejected?.({ ...f, page: report.pages });
    // Move the resume point only once the page is stored (objects come in date_added order, §5.4).
    if (page.dateAddedLast) {
      addedAfter = page.dateAddedLast;
      await savePullState(deps.db, source, addedAfter, successes.length, formatTimestamp(deps.clock.now()));
      report.resumeFrom = addedAfter;
    }
    o.onPage?.({
      page: report.pages,
      accepted: successes.length,
      rejected: failures.length,
      total: report.accepted + report.rejected,
    });
    if (!page.more || page.objects.length === 0) break;
    if (page.next && !seenNext.has(page.next)) {
      seenNext.add(page.next);
      next = page.next;
    } else if (page.dateAddedLast) {
      queryAfter = page.dateAddedLast;
      next = null;
    } else break; // more, but neither next nor date_added: the server cannot be paged further.
  }
  return report;
}

interface PageIn {
  objects: unknown[];
  more: boolean;
  next: string | null;
  dateAddedLast: string | null;
}

async function getPage(doFetch: typeof fetch, url: string, c: Credentials): Promise<PageIn> {
  let res: Response;
  try {
    res = await doFetch(url, { headers: { accept: TAXII_MEDIA, ...authHeader(c) } });
  } catch (e) {
    throw new DomainError('unavailable', 'taxii.client.network', [], {
      url,
      detail: e instanceof Error ? e.message : String(e),
    });
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const said = isRecord(body) ? (body.description ?? body.title) : undefined;
    const detail = typeof said === 'string' ? said.slice(0, 200) : text.slice(0, 200);
    throw new DomainError(res.status === 401 ? 'unauthenticated' : 'unavailable', 'taxii.client.http', [], {
      status: res.status,
      url,
      detail,
    });
  }
  if (!isRecord(body))
    throw new DomainError('unavailable', 'taxii.client.bad_response', [], {
      url,
      detail: 'not a JSON object',
    });
  const objects = body.objects ?? [];
  if (!Array.isArray(objects))
    throw new DomainError('unavailable', 'taxii.client.bad_response', [], {
      url,
      detail: 'objects is not a list',
    });
  const last = res.headers.get('x-taxii-date-added-last');
  return {
    objects,
    more: body.more === true,
    next: typeof body.next === 'string' ? body.next : null,
    dateAddedLast: last && isTimestamp(last) ? last : null,
  };
}
