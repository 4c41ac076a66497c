/**
 * The STIX record repository: all SQL over `objects` (current versions and their index columns),
 * `earlier_versions` (the versions they replaced; the view `object_versions` shows both), `changes`
 * (the local change feed) and the `change_seq` counter.
 * It decides nothing about who may see what: callers narrow reads with filters.
 *
 * Stored JSON round-trips by value: jsonb may reorder keys and writes 1.0 as 1.
 */
import { DomainError } from '../core/errors.ts';
import type { IndexFields, Tlp } from '../objects/index-fields.ts';
import type { Queryable } from './db.ts';
import { Params, filterConditions } from './records.filter.ts';
import { planPut, prepareItems, versionRef, type StixJson } from './records.plan.ts';
import { compactTimestamp, versionKey } from './records.time.ts';
import { ORDER_SQL, cursorCondition, decodeCursor, encodeCursor, type ListOrder } from './records.cursor.ts';
import './records.messages.ts';

export type { StixJson, PutItem, PutOutcome, PutResult } from './records.plan.ts';
export type { ListOrder } from './records.cursor.ts';
import type { PutItem, PutResult } from './records.plan.ts';

export interface CurrentRecord {
  object: StixJson;
  fields: IndexFields;
  seq: number;
  origin: string;
  ownerUser: string | null;
}

export interface StoredVersion {
  object: StixJson;
  seq: number;
  writtenBy: string | null;
  /** When this node stored the version (UTC, microseconds). */
  writtenAt: string;
}

export interface RecordFilter {
  types?: string[];
  ids?: string[];
  createdByRefs?: string[];
  ownerUser?: string;
  origins?: string[];
  /** Notes, opinions, reports and groupings naming this id in object_refs, or sightings of it. */
  refersTo?: string;
  /** Any of. */
  labels?: string[];
  /** Any of. */
  markingRefs?: string[];
  /** TLP in this list; objects without TLP match only with includeUnmarked. */
  tlpIn?: Tlp[];
  includeUnmarked?: boolean;
  /** Addition to the agreed API: releasable to any of these countries (REL TO); objects without
   *  a REL TO statement match only with includeNoRelTo. Lets sharing filter in SQL, keeping pages whole. */
  relTo?: string[];
  includeNoRelTo?: boolean;
  countries?: string[];
  admin1?: string[];
  /** On lat/lon, edges included; west > east crosses the antimeridian. */
  bbox?: { west: number; south: number; east: number; north: number };
  /** Great-circle distance ≤ radiusKm on a sphere of EARTH_RADIUS_KM, edge included. */
  near?: { lat: number; lon: number; radiusKm: number };
  /** Field of [from, to); 'modified' when absent. */
  timeField?: 'modified' | 'created' | 'event_time';
  from?: string;
  to?: string;
  /** Every word, folded (foldText), as a prefix of an indexed word. */
  text?: string;
  /** Default false. */
  includeRevoked?: boolean;
  changedAfterSeq?: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** `withdraw`: a partner's withdrawal deleted the received copy; the id no longer reads ([FED-9]). */
export type ChangeOp = 'create' | 'update' | 'revoke' | 'withdraw';

export const MAX_PAGE = 1000;
export const MAX_CHANGES = 10_000;

const SELECT_CURRENT = `SELECT object, seq, origin, owner_user, type, revoked, created_by_ref, tlp, rel_to,
  labels, marking_refs, country, admin1, admin2, lat, lon, search_text,
  to_char(event_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS event_time FROM objects`;

interface CurrentRow {
  [k: string]: unknown;
  object: StixJson;
  seq: number;
  origin: string;
  owner_user: string | null;
  type: string;
  revoked: boolean;
  created_by_ref: string | null;
  tlp: Tlp | null;
  rel_to: string[];
  labels: string[];
  marking_refs: string[];
  country: string | null;
  admin1: string | null;
  admin2: string | null;
  lat: number | null;
  lon: number | null;
  search_text: string;
  event_time: string | null;
}

function toRecord(r: CurrentRow): CurrentRecord {
  return {
    object: r.object,
    seq: Number(r.seq),
    origin: r.origin,
    ownerUser: r.owner_user,
    fields: {
      type: r.type,
      // Exactly as in the object (IndexFields contract); the columns hold them as instants.
      created: String(r.object.created),
      modified: String(r.object.modified),
      revoked: r.revoked,
      createdByRef: r.created_by_ref,
      tlp: r.tlp,
      relTo: r.rel_to,
      labels: r.labels,
      markingRefs: r.marking_refs,
      country: r.country,
      admin1: r.admin1,
      admin2: r.admin2,
      lat: r.lat,
      lon: r.lon,
      // Rebuilt from the column: UTC, 'Z', trailing fractional zeros dropped (ms kept).
      eventTime: r.event_time === null ? null : compactTimestamp(r.event_time),
      searchText: r.search_text,
    },
  };
}

// One statement writes a whole batch: the rows arrive as one JSON array, their objects as the JSON
// texts joined by U+001E (which JSON.stringify never leaves raw), each parsed once by the server:
// inside the rows' array, jsonb parsed every object twice (the whole array, then each copy out).
// A version's JSON is stored once (migration 70): the current one in `objects`, earlier ones in
// `earlier_versions`. A row that is not current (stale, or replaced later in the batch) goes to
// `earlier_versions`; a current row replacing a stored one moves that one there. The sub-statements
// share one snapshot, so `earlier` reads each objects row as it was before `updated` changes it.
const WRITE_BATCH = /* sql */ `
WITH b AS MATERIALIZED (
  SELECT r.*, j.object FROM jsonb_to_recordset($1::jsonb) AS r(
    id text, mkey text, mtext text, type text, seq bigint, n bigint, written_by text, op text,
    cur boolean, is_new boolean, owner_set boolean, owner_user text, origin_set boolean, origin text,
    created timestamptz, revoked boolean, created_by_ref text, tlp text, rel_to text[], labels text[],
    marking_refs text[], country text, admin1 text, admin2 text, lat float8, lon float8,
    event_time timestamptz, search_text text, words text)
  JOIN (SELECT t.text::jsonb AS object, t.n FROM string_to_table($3, E'\\x1e') WITH ORDINALITY AS t(text, n)) j
    ON j.n = r.n
),
counter AS (UPDATE counters SET value = $2 WHERE name = 'change_seq'),
earlier AS (
  INSERT INTO earlier_versions (id, modified, modified_key, type, seq, object, written_by, written_at)
  SELECT id, mtext::timestamptz, mkey, type, seq, object, written_by, now() FROM b WHERE NOT cur
  UNION ALL
  SELECT o.id, o.modified, o.modified_key, o.type, o.seq, o.object, o.written_by, o.written_at
  FROM objects o JOIN b ON o.id = b.id WHERE b.cur AND NOT b.is_new
),
feed AS (
  INSERT INTO changes (seq, object_id, modified, modified_text, op)
  SELECT seq, id, mtext::timestamptz, mtext, op FROM b
),
updated AS (
  UPDATE objects o SET type = b.type, created = b.created, modified = b.mtext::timestamptz,
    modified_key = b.mkey, revoked = b.revoked, created_by_ref = b.created_by_ref, tlp = b.tlp,
    rel_to = b.rel_to, labels = b.labels, marking_refs = b.marking_refs, country = b.country,
    admin1 = b.admin1, admin2 = b.admin2, lat = b.lat, lon = b.lon,
    geo = CASE WHEN b.lat IS NOT NULL AND b.lon IS NOT NULL THEN point(b.lon, b.lat) END,
    event_time = b.event_time, search_text = b.search_text,
    search = array_to_tsvector(string_to_array(b.words, ' ')), object = b.object, seq = b.seq,
    written_by = b.written_by, written_at = now(),
    owner_user = CASE WHEN b.owner_set THEN b.owner_user ELSE o.owner_user END,
    origin = CASE WHEN b.origin_set THEN b.origin ELSE o.origin END
  FROM b WHERE b.cur AND NOT b.is_new AND o.id = b.id
)
INSERT INTO objects (id, type, created, modified, modified_key, revoked, created_by_ref, owner_user,
  origin, tlp, rel_to, labels, marking_refs, country, admin1, admin2, lat, lon, geo, event_time,
  search_text, search, object, seq, written_by)
SELECT id, type, created, mtext::timestamptz, mkey, revoked, created_by_ref, owner_user, origin, tlp,
  rel_to, labels, marking_refs, country, admin1, admin2, lat, lon,
  CASE WHEN lat IS NOT NULL AND lon IS NOT NULL THEN point(lon, lat) END, event_time,
  search_text, array_to_tsvector(string_to_array(words, ' ')), object, seq, written_by
FROM b WHERE cur AND is_new`;

/** Repository of STIX records. Stateless: one instance can serve every database. */
export class RecordRepository {
  /**
   * Stores a batch of versions inside the caller's transaction (READ COMMITTED, the default), in a
   * fixed handful of statements whatever the batch size. Outcomes per item, in input order:
   * created (first version of the id), updated (later `modified`: becomes current), unchanged (same
   * id and `modified` already stored with equal JSON: nothing written), stale (earlier than the
   * current version: added to history only), conflict (same id and `modified`, different JSON:
   * nothing written). Items of one id apply in batch order. Each written version gets the next
   * change seq and one `changes` row (op create, revoke when `revoked: true`, else update).
   *
   * Writers are serialised on the `change_seq` counter row, locked first and held until the caller
   * commits: outcomes are decided on a state no one else can change, and seqs become visible in
   * order. Keep the transaction short after this call.
   */
  async putMany(tx: Queryable, items: readonly PutItem[]): Promise<PutResult[]> {
    if (items.length === 0) return [];
    const prepared = prepareItems(items);
    const locked = await tx.query<{ value: number }>(`SELECT value FROM counters WHERE name = 'change_seq' FOR UPDATE`);
    const lastSeq = Number(locked.rows[0]?.value ?? 0);
    const ids = [...new Set(prepared.map((p) => p.id))];
    const current = new Map<string, string>();
    const { rows: cur } = await tx.query<{ id: string; modified_key: string }>(
      'SELECT id, modified_key FROM objects WHERE id = ANY($1::text[])',
      [ids],
    );
    for (const r of cur) current.set(r.id, r.modified_key);
    // Stored versions with the same (id, modified) as an item: needed for unchanged vs conflict.
    const versions = new Map<string, StixJson>();
    const probe = prepared.filter((p) => current.has(p.id));
    if (probe.length > 0) {
      const { rows } = await tx.query<{ id: string; modified_key: string; object: StixJson }>(
        `SELECT v.id, v.modified_key, v.object FROM object_versions v
         JOIN unnest($1::text[], $2::text[]) AS p(id, k) ON v.id = p.id AND v.modified_key = p.k`,
        [probe.map((p) => p.id), probe.map((p) => p.key)],
      );
      for (const r of rows) versions.set(versionRef(r.id, r.modified_key), r.object);
    }
    const plan = planPut(prepared, { current, versions }, lastSeq + 1);
    if (plan.rows.length > 0)
      await tx.query(WRITE_BATCH, [
        JSON.stringify(plan.rows),
        lastSeq + plan.rows.length,
        plan.objects.map((o) => JSON.stringify(o)).join('\x1e'),
      ]);
    return plan.results;
  }

  /**
   * Records in the change feed that `id` was removed (a partner's withdrawal deleted the received
   * copy): the next change seq and one `withdraw` row, under the same counter lock as putMany, so
   * readers of the feed (live feed, map, analysis) drop the id in commit order.
   */
  async recordRemoval(tx: Queryable, id: string, modified: string): Promise<number> {
    const locked = await tx.query<{ value: number }>(`SELECT value FROM counters WHERE name = 'change_seq' FOR UPDATE`);
    const seq = Number(locked.rows[0]?.value ?? 0) + 1;
    await tx.query(
      `INSERT INTO changes (seq, object_id, modified, modified_text, op) VALUES ($1, $2, $3::timestamptz, $3, 'withdraw')`,
      [seq, id, modified],
    );
    await tx.query(`UPDATE counters SET value = $1 WHERE name = 'change_seq'`, [seq]);
    return seq;
  }

  /** The current version of `id` (revoked ones included), or null. */
  async get(q: Queryable, id: string): Promise<CurrentRecord | null> {
    const { rows } = await q.query<CurrentRow>(`${SELECT_CURRENT} WHERE id = $1`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Current versions of the ids that exist, keyed by id. */
  async getMany(q: Queryable, ids: readonly string[]): Promise<Map<string, CurrentRecord>> {
    const out = new Map<string, CurrentRecord>();
    if (ids.length === 0) return out;
    const { rows } = await q.query<CurrentRow>(`${SELECT_CURRENT} WHERE id = ANY($1::text[])`, [[...new Set(ids)]]);
    for (const r of rows) out.set(String(r.object.id), toRecord(r));
    return out;
  }

  /** One stored version; `modified` matches by instant ('…:00.1Z' finds '…:00.100Z'). */
  async getVersion(q: Queryable, id: string, modified: string): Promise<StoredVersion | null> {
    const key = versionKey(modified);
    if (key === null) return null;
    const { rows } = await q.query<VersionRowOut>(`${SELECT_VERSION} WHERE id = $1 AND modified_key = $2`, [id, key]);
    return rows[0] ? toVersion(rows[0]) : null;
  }

  /** Every stored version of `id`, oldest `modified` first. */
  async versions(q: Queryable, id: string): Promise<StoredVersion[]> {
    const { rows } = await q.query<VersionRowOut>(`${SELECT_VERSION} WHERE id = $1 ORDER BY modified_key`, [id]);
    return rows.map(toVersion);
  }

  /**
   * A page of current records matching `filter`, walked with an opaque keyset cursor (base64url of
   * the last row's keys): a walk never repeats or skips a record that stays unchanged meanwhile,
   * whatever is inserted during it. `limit` is 1..MAX_PAGE.
   */
  async list(
    q: Queryable,
    filter: RecordFilter,
    page: { limit: number; cursor?: string | null; order?: ListOrder },
  ): Promise<Page<CurrentRecord>> {
    const order = page.order ?? 'seq_desc';
    if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > MAX_PAGE) {
      throw new DomainError('invalid', 'store.limit_invalid', [{ path: '/limit', code: 'store.limit_invalid', params: { max: MAX_PAGE } }], {
        max: MAX_PAGE,
      });
    }
    const p = new Params();
    const conditions = filterConditions(filter, p);
    if (page.cursor) conditions.push(cursorCondition(decodeCursor(page.cursor, order), p));
    const where = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
    const limit = p.add(page.limit + 1);
    // Map viewports: pick the page's seqs from the covering gist index first (index-only, migration
    // 4), then read just those rows; the one-step plan visits a heap page per point in the box.
    const spatial = (filter.bbox !== undefined || filter.near !== undefined) && order !== 'event_time_desc';
    const sql = spatial
      ? `${SELECT_CURRENT} WHERE seq IN (SELECT seq FROM objects${where} ORDER BY ${ORDER_SQL[order]} LIMIT ${limit}) ORDER BY ${ORDER_SQL[order]}`
      : `${SELECT_CURRENT}${where} ORDER BY ${ORDER_SQL[order]} LIMIT ${limit}`;
    const { rows } = await q.query<CurrentRow>(sql, p.values);
    const more = rows.length > page.limit;
    const shown = more ? rows.slice(0, page.limit) : rows;
    const last = shown[shown.length - 1];
    return {
      items: shown.map(toRecord),
      nextCursor: more && last ? encodeCursor({ o: order, s: Number(last.seq), t: last.event_time }) : null,
    };
  }

  /** How many current records match `filter`. */
  async count(q: Queryable, filter: RecordFilter): Promise<number> {
    const p = new Params();
    const conditions = filterConditions(filter, p);
    const where = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
    const { rows } = await q.query<{ n: number }>(`SELECT count(*) AS n FROM objects${where}`, p.values);
    return Number(rows[0]?.n ?? 0);
  }

  /** The change feed after `afterSeq`, in seq order; `modified` exactly as in the stored object. */
  async changesSince(
    q: Queryable,
    afterSeq: number,
    limit: number,
  ): Promise<{ seq: number; id: string; modified: string; op: ChangeOp }[]> {
    if (!Number.isSafeInteger(afterSeq)) {
      throw new DomainError('invalid', 'store.filter_invalid', [{ path: '/afterSeq', code: 'store.filter_invalid', params: { field: 'afterSeq' } }], {
        field: 'afterSeq',
      });
    }
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CHANGES) {
      throw new DomainError('invalid', 'store.limit_invalid', [{ path: '/limit', code: 'store.limit_invalid', params: { max: MAX_CHANGES } }], {
        max: MAX_CHANGES,
      });
    }
    const { rows } = await q.query<{ seq: number; id: string; modified: string; op: ChangeOp }>(
      `SELECT seq, object_id AS id, op,
         coalesce(modified_text, to_char(modified AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')) AS modified
       FROM changes WHERE seq > $1::bigint ORDER BY seq LIMIT $2`,
      [afterSeq, limit],
    );
    return rows.map((r) => ({ seq: Number(r.seq), id: r.id, modified: r.modified, op: r.op }));
  }

  /** The last committed change seq (0 when nothing was ever stored). */
  async lastSeq(q: Queryable): Promise<number> {
    const { rows } = await q.query<{ value: number }>(`SELECT value FROM counters WHERE name = 'change_seq'`);
    return Number(rows[0]?.value ?? 0);
  }
}

const SELECT_VERSION = `SELECT object, seq, written_by,
  to_char(written_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS written_at FROM object_versions`;

interface VersionRowOut {
  [k: string]: unknown;
  object: StixJson;
  seq: number;
  written_by: string | null;
  written_at: string;
}

function toVersion(r: VersionRowOut): StoredVersion {
  return { object: r.object, seq: Number(r.seq), writtenBy: r.written_by, writtenAt: r.written_at };
}
