/**
 * SQL of the TAXII server: date_added stamping in change-seq order, version listing with the
 * TAXII filters, status resources, partner bindings and the client's resume points.
 */
import type { Queryable } from '../store/db.ts';
import { Params } from '../store/records.filter.ts';
import type { StixJson } from '../store/records.ts';

/** Which versions of an object match (TAXII 2.1 §3.4.2 match[version]); several are OR-ed. */
export interface VersionMatch {
  last: boolean;
  first: boolean;
  all: boolean;
  /** Version keys (src/store/records.time.ts versionKey) of `modified` timestamps. */
  keys: string[];
}

export interface VersionQuery {
  afterSeq: number;
  /** RFC 3339, exclusive. */
  addedAfter?: string;
  ids?: string[];
  types?: string[];
  specVersions?: string[];
  version: VersionMatch;
  /** Only current versions whose owner is this user (reporters: records.read_own). */
  ownerUser?: string;
  limit: number;
}

export interface VersionRow {
  seq: number;
  id: string;
  dateAdded: string;
  object: StixJson;
}

const TS = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;
const STAMP_BATCH = 50_000;

/** Brings taxii_added up to the last committed change seq. Safe with concurrent callers. */
export async function stampDateAdded(tx: Queryable): Promise<void> {
  const { rows } = await tx.query<{ seq: number; date_added: string | null }>(
    `SELECT seq, to_char(date_added AT TIME ZONE 'UTC', ${TS}) AS date_added FROM taxii_stamp FOR UPDATE`,
  );
  let stamped = Number(rows[0]?.seq ?? 0);
  let prev = rows[0]?.date_added ?? '1970-01-01T00:00:00.000000Z';
  const { rows: c } = await tx.query<{ value: number }>(
    `SELECT value FROM counters WHERE name = 'change_seq'`,
  );
  const upto = Number(c[0]?.value ?? 0);
  while (stamped < upto) {
    const to = Math.min(upto, stamped + STAMP_BATCH);
    // date_added(n) = max(at(n), date_added(n-1) + 1 µs): the running maximum of at(k) - k µs,
    // shifted back by n µs, and never below the previous stamp + n µs.
    const { rows: last } = await tx.query<{ seq: number; date_added: string }>(
      `WITH s AS (
         SELECT c.seq, c.object_id, c.at, row_number() OVER (ORDER BY c.seq) AS rn
         FROM changes c WHERE c.seq > $1 AND c.seq <= $2
       ), d AS (
         SELECT seq, object_id, greatest(
           $3::timestamptz + rn * interval '1 microsecond',
           max(at - rn * interval '1 microsecond') OVER (ORDER BY seq) + rn * interval '1 microsecond') AS date_added
         FROM s
       ), ins AS (
         INSERT INTO taxii_added (seq, id, date_added) SELECT seq, object_id, date_added FROM d RETURNING seq, date_added
       )
       SELECT seq, to_char(date_added AT TIME ZONE 'UTC', ${TS}) AS date_added FROM ins ORDER BY seq DESC LIMIT 1`,
      [stamped, to, prev],
    );
    stamped = to;
    if (last[0]) prev = last[0].date_added;
  }
  await tx.query(`UPDATE taxii_stamp SET seq = $1, date_added = $2::timestamptz`, [stamped, prev]);
}

/** Versions matching `q`, in date_added (= seq) order; one more than `limit` tells there is more. */
export async function listVersions(q: Queryable, query: VersionQuery): Promise<VersionRow[]> {
  const p = new Params();
  const where = [`a.seq > ${p.add(query.afterSeq)}`];
  if (query.addedAfter !== undefined) where.push(`a.date_added > ${p.add(query.addedAfter)}::timestamptz`);
  if (query.ids) where.push(`a.id = ANY(${p.add(query.ids)}::text[])`);
  if (query.types) where.push(`v.type = ANY(${p.add(query.types)}::text[])`);
  if (query.specVersions)
    where.push(`coalesce(v.object->>'spec_version', '2.0') = ANY(${p.add(query.specVersions)}::text[])`);
  if (query.ownerUser !== undefined) where.push(`o.owner_user = ${p.add(query.ownerUser)}`);
  const m = query.version;
  if (!m.all) {
    const alts: string[] = [];
    if (m.last) alts.push('o.seq = a.seq');
    if (m.first)
      alts.push(
        'NOT EXISTS (SELECT 1 FROM object_versions f WHERE f.id = a.id AND f.modified_key < v.modified_key)',
      );
    if (m.keys.length) alts.push(`v.modified_key = ANY(${p.add(m.keys)}::text[])`);
    where.push(alts.length ? `(${alts.join(' OR ')})` : 'false');
  }
  // Walk taxii_added in seq order and look each version up by key (OFFSET 0 keeps the lateral
  // lookups from being flattened into whole-table joins): a page costs its own rows, not the table.
  const { rows } = await q.query<{ seq: number; id: string; date_added: string; object: StixJson }>(
    `SELECT a.seq, a.id, to_char(a.date_added AT TIME ZONE 'UTC', ${TS}) AS date_added, v.object
     FROM taxii_added a
     CROSS JOIN LATERAL (SELECT object, modified_key, type FROM object_versions WHERE id = a.id AND seq = a.seq OFFSET 0) v
     CROSS JOIN LATERAL (SELECT seq, owner_user FROM objects WHERE id = a.id OFFSET 0) o
     WHERE ${where.join(' AND ')}
     ORDER BY a.seq LIMIT ${p.add(query.limit + 1)}`,
    p.values,
  );
  return rows.map((r) => ({ seq: Number(r.seq), id: r.id, dateAdded: r.date_added, object: r.object }));
}

export interface StoredStatus {
  id: string;
  userId: string;
  collectionId: string;
  body: Record<string, unknown>;
}

export async function insertStatus(q: Queryable, s: StoredStatus, at: string): Promise<void> {
  await q.query(
    `INSERT INTO taxii_status (id, user_id, collection_id, request_timestamp, body) VALUES ($1, $2, $3, $4::timestamptz, $5::jsonb)`,
    [s.id, s.userId, s.collectionId, at, JSON.stringify(s.body)],
  );
}

export async function getStatus(q: Queryable, id: string): Promise<StoredStatus | null> {
  const { rows } = await q.query<{
    id: string;
    user_id: string;
    collection_id: string;
    body: Record<string, unknown>;
  }>('SELECT id, user_id, collection_id, body FROM taxii_status WHERE id = $1', [id]);
  const r = rows[0];
  return r ? { id: r.id, userId: r.user_id, collectionId: r.collection_id, body: r.body } : null;
}

/** The peer node a partner account acts for, or null for a local account. */
export async function partnerOf(q: Queryable, userId: string): Promise<string | null> {
  const { rows } = await q.query<{ peer_id: string }>(
    'SELECT peer_id FROM taxii_partners WHERE user_id = $1',
    [userId],
  );
  return rows[0]?.peer_id ?? null;
}

export async function bindPartner(
  q: Queryable,
  userId: string,
  peerId: string,
  at: string,
  by: string,
): Promise<void> {
  await q.query(
    `INSERT INTO taxii_partners (user_id, peer_id, bound_at, bound_by) VALUES ($1, $2, $3::timestamptz, $4)
     ON CONFLICT (user_id) DO UPDATE SET peer_id = EXCLUDED.peer_id, bound_at = EXCLUDED.bound_at, bound_by = EXCLUDED.bound_by`,
    [userId, peerId, at, by],
  );
}

export async function getPullState(
  q: Queryable,
  source: string,
): Promise<{ addedAfter: string; objects: number } | null> {
  const { rows } = await q.query<{ added_after: string; objects: number }>(
    'SELECT added_after, objects FROM taxii_pull_state WHERE source = $1',
    [source],
  );
  return rows[0] ? { addedAfter: rows[0].added_after, objects: Number(rows[0].objects) } : null;
}

export async function savePullState(
  q: Queryable,
  source: string,
  addedAfter: string,
  objects: number,
  at: string,
): Promise<void> {
  await q.query(
    `INSERT INTO taxii_pull_state (source, added_after, objects, updated_at) VALUES ($1, $2, $3, $4::timestamptz)
     ON CONFLICT (source) DO UPDATE SET added_after = EXCLUDED.added_after, objects = taxii_pull_state.objects + EXCLUDED.objects, updated_at = EXCLUDED.updated_at`,
    [source, addedAfter, objects, at],
  );
}
