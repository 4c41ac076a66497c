/** SQL of the deconfliction inbox (op_conflicts) and the follower's cursor (op_state). */
import type { Queryable } from '../store/db.ts';

export const RESOLUTIONS = ['coordinated', 're-timed', 're-routed', 'accepted-risk'] as const;
/** Closed by the node itself: a side went away (`withdrawn`) or no longer overlaps (`cleared`). */
export const SYSTEM_RESOLUTIONS = ['withdrawn', 'cleared'] as const;
export type Resolution = (typeof RESOLUTIONS)[number] | (typeof SYSTEM_RESOLUTIONS)[number];
export type ConflictStatus = 'open' | 'acknowledged' | 'resolved';
export type ConflictKind = 'activity' | 'protected-site' | 'notice';

export interface ConflictContact {
  recordId: string;
  origin: string;
  role: string;
  channel: string;
}

export interface Conflict {
  id: string;
  pairKey: string;
  kind: ConflictKind;
  aId: string;
  bId: string;
  overlapFrom: string;
  overlapTo: string;
  lon: number;
  lat: number;
  distanceM: number;
  contacts: ConflictContact[];
  severity: 'flash' | 'high' | 'medium' | 'low';
  status: ConflictStatus;
  resolution: Resolution | null;
  resolutionNote: string | null;
  alertId: string | null;
  noticeIds: string[];
  createdAt: string;
  updatedAt: string;
  acknowledgedBy: string | null;
  resolvedBy: string | null;
}

interface Row {
  [k: string]: unknown;
  id: string;
  pair_key: string;
  kind: ConflictKind;
  a_id: string;
  b_id: string;
  overlap_from: string;
  overlap_to: string;
  lon: number;
  lat: number;
  distance_m: number;
  contacts: ConflictContact[];
  severity: Conflict['severity'];
  status: ConflictStatus;
  resolution: Resolution | null;
  resolution_note: string | null;
  alert_id: string | null;
  notice_ids: string[];
  created_at: string;
  updated_at: string;
  acknowledged_by: string | null;
  resolved_by: string | null;
}

const ts = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ${col}`;
const COLUMNS = `id, pair_key, kind, a_id, b_id, ${ts('overlap_from')}, ${ts('overlap_to')}, lon, lat, distance_m, contacts, severity, status,
  resolution, resolution_note, alert_id, notice_ids, ${ts('created_at')}, ${ts('updated_at')}, acknowledged_by, resolved_by`;

function toConflict(r: Row): Conflict {
  return {
    id: r.id,
    pairKey: r.pair_key,
    kind: r.kind,
    aId: r.a_id,
    bId: r.b_id,
    overlapFrom: r.overlap_from,
    overlapTo: r.overlap_to,
    lon: Number(r.lon),
    lat: Number(r.lat),
    distanceM: Number(r.distance_m),
    contacts: r.contacts,
    severity: r.severity,
    status: r.status,
    resolution: r.resolution,
    resolutionNote: r.resolution_note,
    alertId: r.alert_id,
    noticeIds: r.notice_ids,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    acknowledgedBy: r.acknowledged_by,
    resolvedBy: r.resolved_by,
  };
}

export type NewConflict = Omit<
  Conflict,
  | 'status'
  | 'resolution'
  | 'resolutionNote'
  | 'alertId'
  | 'noticeIds'
  | 'createdAt'
  | 'updatedAt'
  | 'acknowledgedBy'
  | 'resolvedBy'
>;

export class ConflictsRepository {
  /**
   * Inserts the conflict unless its pair is already known, or reopens it when the node itself had
   * closed it (a later change overlaps again); returns it only when new or reopened.
   */
  async insert(q: Queryable, c: NewConflict, now: string): Promise<Conflict | null> {
    const { rows } = await q.query<Row>(
      `INSERT INTO op_conflicts (id, pair_key, kind, a_id, b_id, overlap_from, overlap_to, lon, lat, distance_m, contacts, severity, status, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, 'open', $13, $13)
       ON CONFLICT (pair_key) DO UPDATE SET status = 'open', resolution = NULL, resolution_note = NULL,
         resolved_by = NULL, acknowledged_by = NULL, kind = EXCLUDED.kind, overlap_from = EXCLUDED.overlap_from,
         overlap_to = EXCLUDED.overlap_to, lon = EXCLUDED.lon, lat = EXCLUDED.lat, distance_m = EXCLUDED.distance_m,
         contacts = EXCLUDED.contacts, severity = EXCLUDED.severity, updated_at = EXCLUDED.updated_at
       WHERE op_conflicts.resolution IN ('withdrawn', 'cleared')
       RETURNING ${COLUMNS}`,
      [
        c.id,
        c.pairKey,
        c.kind,
        c.aId,
        c.bId,
        c.overlapFrom,
        c.overlapTo,
        c.lon,
        c.lat,
        c.distanceM,
        JSON.stringify(c.contacts),
        c.severity,
        now,
      ],
    );
    return rows[0] ? toConflict(rows[0]) : null;
  }

  /** Which of these pair keys already have a conflict (not one the node closed by itself). */
  async knownPairs(q: Queryable, keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const { rows } = await q.query<{ pair_key: string }>(
      `SELECT pair_key FROM op_conflicts WHERE pair_key = ANY($1::text[])
         AND (resolution IS NULL OR resolution NOT IN ('withdrawn', 'cleared'))`,
      [keys],
    );
    return new Set(rows.map((r) => r.pair_key));
  }

  /** Conflicts between two records (not blind notices) still open or acknowledged that involve `recordId`. */
  async unresolvedOf(q: Queryable, recordId: string): Promise<Conflict[]> {
    const { rows } = await q.query<Row>(
      `SELECT ${COLUMNS} FROM op_conflicts WHERE status <> 'resolved' AND kind <> 'notice' AND (a_id = $1 OR b_id = $1)`,
      [recordId],
    );
    return rows.map(toConflict);
  }

  async get(q: Queryable, id: string): Promise<Conflict | null> {
    const { rows } = await q.query<Row>(`SELECT ${COLUMNS} FROM op_conflicts WHERE id = $1`, [id]);
    return rows[0] ? toConflict(rows[0]) : null;
  }

  async byPair(q: Queryable, pairKey: string): Promise<Conflict | null> {
    const { rows } = await q.query<Row>(`SELECT ${COLUMNS} FROM op_conflicts WHERE pair_key = $1`, [pairKey]);
    return rows[0] ? toConflict(rows[0]) : null;
  }

  async list(
    q: Queryable,
    filter: { status?: ConflictStatus[]; recordId?: string; limit?: number },
  ): Promise<Conflict[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.status?.length) {
      params.push(filter.status);
      where.push(`status = ANY($${params.length}::text[])`);
    }
    if (filter.recordId) {
      params.push(filter.recordId);
      where.push(`(a_id = $${params.length} OR b_id = $${params.length})`);
    }
    params.push(Math.min(Math.max(filter.limit ?? 200, 1), 1000));
    const { rows } = await q.query<Row>(
      `SELECT ${COLUMNS} FROM op_conflicts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id LIMIT $${params.length}`,
      params,
    );
    return rows.map(toConflict);
  }

  async setLinks(
    q: Queryable,
    id: string,
    alertId: string | null,
    noticeIds: readonly string[],
  ): Promise<void> {
    await q.query(
      `UPDATE op_conflicts SET alert_id = coalesce($2, alert_id), notice_ids = $3::jsonb WHERE id = $1`,
      [id, alertId, JSON.stringify(noticeIds)],
    );
  }

  async acknowledge(q: Queryable, id: string, by: string, now: string): Promise<Conflict | null> {
    const { rows } = await q.query<Row>(
      `UPDATE op_conflicts SET status = 'acknowledged', acknowledged_by = $2, updated_at = $3 WHERE id = $1 AND status = 'open' RETURNING ${COLUMNS}`,
      [id, by, now],
    );
    return rows[0] ? toConflict(rows[0]) : null;
  }

  async resolve(
    q: Queryable,
    id: string,
    by: string,
    resolution: Resolution,
    note: string | null,
    now: string,
  ): Promise<Conflict | null> {
    const { rows } = await q.query<Row>(
      `UPDATE op_conflicts SET status = 'resolved', resolution = $3, resolution_note = $4, resolved_by = $2, updated_at = $5,
         acknowledged_by = coalesce(acknowledged_by, $2) WHERE id = $1 AND status <> 'resolved' RETURNING ${COLUMNS}`,
      [id, by, resolution, note, now],
    );
    return rows[0] ? toConflict(rows[0]) : null;
  }

  async cursor(q: Queryable): Promise<number | null> {
    const { rows } = await q.query<{ value: number }>(`SELECT value FROM op_state WHERE key = 'feed'`);
    return rows[0] ? Number(rows[0].value) : null;
  }

  async setCursor(q: Queryable, seq: number): Promise<void> {
    await q.query(
      `INSERT INTO op_state (key, value) VALUES ('feed', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [seq],
    );
  }
}
