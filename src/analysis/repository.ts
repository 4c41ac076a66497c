/**
 * All SQL of correlation: the feature index of incidents, the materiel identifier index, the
 * links and the worker's cursor. Decides nothing about who may see what.
 */
import type { Queryable } from '../store/db.ts';
import type { CorrelationConfig } from './config.ts';
import { cellsAround, type IncidentFeatures } from './features.ts';
import type { IdentifierKind } from './materiel.ts';
import type { LinkKind } from './rules.ts';

export type LinkStatus = 'open' | 'confirmed' | 'rejected';

export interface LinkRow {
  kind: LinkKind;
  a: string;
  b: string;
  score: number;
  code: string;
  params: Record<string, string | number>;
  status: LinkStatus;
  alertId: string | null;
  relationshipId: string | null;
  createdAt: string;
  updatedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
}

/** What the analysts' list filters on (every field optional). */
export interface LinkFilter {
  kind?: LinkKind;
  status?: LinkStatus;
  record?: string;
  minScore?: number;
}

export interface NewLink {
  kind: LinkKind;
  a: string;
  b: string;
  score: number;
  code: string;
  params: Record<string, string | number>;
}

interface IncidentRow {
  [k: string]: unknown;
  id: string;
  provenance: string;
  origin: string;
  t: number;
  lat: number | null;
  lon: number | null;
  cell: number | null;
  country: string | null;
  admin1: string | null;
  event_type: string;
  fatalities: number | null;
  actor_refs: string[];
  seq: number;
}

const INCIDENT_COLUMNS = `id, provenance, origin, (extract(epoch FROM event_time) * 1000)::float8 AS t, lat, lon, cell,
  country, admin1, event_type, fatalities, actor_refs, seq`;

function toFeatures(r: IncidentRow): IncidentFeatures {
  return {
    id: r.id,
    provenance: r.provenance,
    origin: r.origin,
    time: Number(r.t),
    lat: r.lat,
    lon: r.lon,
    cell: r.cell,
    country: r.country,
    admin1: r.admin1,
    eventType: r.event_type,
    fatalities: r.fatalities,
    actorRefs: r.actor_refs,
    materiel: [],
    seq: Number(r.seq),
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** What `candidates` returns: incidents for the duplicate and cross-border rules, identifier matches for arms. */
export interface Candidates {
  duplicates: IncidentFeatures[];
  crossBorder: IncidentFeatures[];
  materiel: MaterielMatch[];
}

export interface MaterielMatch {
  recordId: string;
  kind: IdentifierKind;
  value: string;
  label: string;
  provenance: string;
}

interface CandidateRow extends IncidentRow {
  src: 'duplicate' | 'area' | 'cross-border' | 'arms';
  m_kind: string | null;
  m_value: string | null;
  m_label: string | null;
}

const NO_IDENTIFIER = 'NULL::text AS m_kind, NULL::text AS m_value, NULL::text AS m_label';
const NO_INCIDENT = `NULL::text AS origin, NULL::float8 AS t, NULL::float8 AS lat, NULL::float8 AS lon,
  NULL::integer AS cell, NULL::text AS country, NULL::text AS admin1, NULL::text AS event_type,
  NULL::integer AS fatalities, NULL::text[] AS actor_refs, NULL::bigint AS seq`;

const LINK_COLUMNS = `kind, a, b, score, code, params, status, alert_id, relationship_id,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at,
  to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS updated_at, decided_by,
  to_char(decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS decided_at`;

interface LinkDbRow {
  [k: string]: unknown;
  kind: LinkKind;
  a: string;
  b: string;
  score: number;
  code: string;
  params: Record<string, string | number>;
  status: LinkStatus;
  alert_id: string | null;
  relationship_id: string | null;
  created_at: string;
  updated_at: string;
  decided_by: string | null;
  decided_at: string | null;
}

function toLink(r: LinkDbRow): LinkRow {
  return {
    kind: r.kind,
    a: r.a,
    b: r.b,
    score: Number(r.score),
    code: r.code,
    params: r.params,
    status: r.status,
    alertId: r.alert_id,
    relationshipId: r.relationship_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
  };
}

export class AnalysisRepository {
  async cursor(q: Queryable, name: string): Promise<number> {
    const { rows } = await q.query<{ position: number }>(
      'SELECT position FROM analysis_cursor WHERE name = $1',
      [name],
    );
    return Number(rows[0]?.position ?? 0);
  }

  async setCursor(q: Queryable, name: string, position: number): Promise<void> {
    await q.query(
      `INSERT INTO analysis_cursor (name, position, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (name) DO UPDATE SET position = GREATEST(analysis_cursor.position, EXCLUDED.position), updated_at = now()`,
      [name, position],
    );
  }

  /** Stores (or replaces) the features and materiel identifiers of incidents, in two statements each. */
  async upsertIncidents(q: Queryable, items: readonly IncidentFeatures[]): Promise<void> {
    if (items.length === 0) return;
    const rows = items.map((f) => ({
      id: f.id,
      provenance: f.provenance,
      origin: f.origin,
      event_time: iso(f.time),
      lat: f.lat,
      lon: f.lon,
      cell: f.cell,
      country: f.country,
      admin1: f.admin1,
      event_type: f.eventType,
      fatalities: f.fatalities,
      actor_refs: f.actorRefs,
      seq: f.seq,
    }));
    await q.query(
      `INSERT INTO analysis_incidents (id, provenance, origin, event_time, lat, lon, cell, country, admin1, event_type, fatalities, actor_refs, seq)
       SELECT id, provenance, origin, event_time, lat, lon, cell, country, admin1, event_type, fatalities, actor_refs, seq
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, provenance text, origin text, event_time timestamptz, lat float8,
         lon float8, cell integer, country text, admin1 text, event_type text, fatalities integer, actor_refs text[], seq bigint)
       ON CONFLICT (id) DO UPDATE SET provenance = EXCLUDED.provenance, origin = EXCLUDED.origin,
         event_time = EXCLUDED.event_time, lat = EXCLUDED.lat, lon = EXCLUDED.lon, cell = EXCLUDED.cell,
         country = EXCLUDED.country, admin1 = EXCLUDED.admin1, event_type = EXCLUDED.event_type,
         fatalities = EXCLUDED.fatalities, actor_refs = EXCLUDED.actor_refs, seq = EXCLUDED.seq`,
      [JSON.stringify(rows)],
    );
    const ids = items.map((f) => f.id);
    await q.query('DELETE FROM analysis_actor_events WHERE id = ANY($1::text[])', [ids]);
    const actors = items.flatMap((f) =>
      f.actorRefs.map((actor) => ({
        actor,
        id: f.id,
        event_time: iso(f.time),
        lat: f.lat,
        lon: f.lon,
        country: f.country,
      })),
    );
    if (actors.length) {
      await q.query(
        `INSERT INTO analysis_actor_events (actor, event_time, id, lat, lon, country)
         SELECT actor, event_time, id, lat, lon, country FROM jsonb_to_recordset($1::jsonb)
           AS r(actor text, event_time timestamptz, id text, lat float8, lon float8, country text)
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(actors)],
      );
    }
    await q.query('DELETE FROM analysis_materiel WHERE record_id = ANY($1::text[])', [ids]);
    const materiel = items.flatMap((f) =>
      f.materiel.map((k) => ({
        kind: k.kind,
        value: k.value,
        record_id: f.id,
        provenance: f.provenance,
        label: k.label,
      })),
    );
    if (materiel.length) {
      await q.query(
        `INSERT INTO analysis_materiel (kind, value, record_id, provenance, label)
         SELECT kind, value, record_id, provenance, label FROM jsonb_to_recordset($1::jsonb)
           AS r(kind text, value text, record_id text, provenance text, label text)
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(materiel)],
      );
    }
  }

  /** Forgets incidents (revoked, withdrawn, no longer incidents) and their open links; decided links stay. */
  async removeIncidents(q: Queryable, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await q.query('DELETE FROM analysis_incidents WHERE id = ANY($1::text[])', [ids]);
    await q.query('DELETE FROM analysis_actor_events WHERE id = ANY($1::text[])', [ids]);
    await q.query('DELETE FROM analysis_materiel WHERE record_id = ANY($1::text[])', [ids]);
    await q.query(
      `DELETE FROM analysis_links WHERE status = 'open' AND (a = ANY($1::text[]) OR b = ANY($1::text[]))`,
      [ids],
    );
  }

  async incident(q: Queryable, id: string): Promise<IncidentFeatures | null> {
    const { rows } = await q.query<IncidentRow>(
      `SELECT ${INCIDENT_COLUMNS} FROM analysis_incidents WHERE id = $1`,
      [id],
    );
    return rows[0] ? toFeatures(rows[0]) : null;
  }

  /**
   * Every candidate of `f` in one statement (one round trip: on embedded PGlite each statement
   * costs a protocol exchange, a plan and a result parse — more than the index scans themselves).
   * Only the branches that apply are sent (most records have no actor and no identifier, and a
   * branch costs planning time even when it finds nothing). Each is a short index range scan
   * read at most `cfg.maxCandidates` rows deep, nearest in time first:
   * - `duplicate`: other provenances in the 0.5° cells around its point within ±duplicateHours
   *   (`(cell, event_time)` index);
   * - `area`: the same by admin-1 area, for reports without a point — or, with a point, only
   *   against those without (`(country, admin1, event_time)` index);
   * - `cross-border`: sharing an actor, in another country, inside the bounding box of
   *   crossBorderDistanceKm within ±crossBorderDays (`(actor, event_time)` index);
   * - `arms`: any record carrying one of its normalised identifiers (`(kind, value)` key).
   */
  async candidates(q: Queryable, f: IncidentFeatures, cfg: CorrelationConfig): Promise<Candidates> {
    const params: unknown[] = [];
    const $ = (v: unknown) => `$${params.push(v)}`;
    // A parameter is numbered when a branch first uses it: PostgreSQL rejects unused ones (untyped).
    const once = (make: () => string) => {
      let v: string | undefined;
      return () => (v ??= make());
    };
    const id = once(() => $(f.id));
    const limit = once(() => $(cfg.maxCandidates));
    const at = once(() => $(iso(f.time)));
    const nearest = () =>
      `ORDER BY abs(extract(epoch FROM event_time - ${at()}::timestamptz)) LIMIT ${limit()}`;
    const hours = cfg.duplicateHours * 3_600_000;
    const duplicateWindow = once(
      () => `event_time BETWEEN ${$(iso(f.time - hours))} AND ${$(iso(f.time + hours))}
        AND id <> ${id()} AND provenance <> ${$(f.provenance)}`,
    );
    const branches: string[] = [];
    if (f.lat !== null && f.lon !== null) {
      const cells = $(cellsAround(f.lat, f.lon, cfg.duplicateDistanceKm));
      branches.push(`SELECT 'duplicate' AS src, ${INCIDENT_COLUMNS}, ${NO_IDENTIFIER} FROM analysis_incidents
        WHERE cell = ANY(${cells}::int[]) AND ${duplicateWindow()} ${nearest()}`);
    }
    if (f.country && f.admin1) {
      // Reports without a point are compared by area; with a point, only against those without.
      branches.push(`SELECT 'area' AS src, ${INCIDENT_COLUMNS}, ${NO_IDENTIFIER} FROM analysis_incidents
        WHERE country = ${$(f.country)} AND admin1 = ${$(f.admin1)} AND ${duplicateWindow()}
          ${f.cell === null ? '' : 'AND cell IS NULL'} ${nearest()}`);
    }
    if (f.actorRefs.length > 0 && f.lat !== null && f.lon !== null && f.country) {
      const dLat = cfg.crossBorderDistanceKm / 111.0;
      const dLon =
        cfg.crossBorderDistanceKm /
        (111.32 * Math.max(0.05, Math.cos(((Math.abs(f.lat) + dLat) * Math.PI) / 180)));
      const span = cfg.crossBorderDays * 86_400_000;
      branches.push(`SELECT 'cross-border' AS src, ${INCIDENT_COLUMNS}, ${NO_IDENTIFIER} FROM analysis_incidents
        WHERE id IN (
          SELECT id FROM analysis_actor_events
          WHERE actor = ANY(${$(f.actorRefs)}::text[]) AND event_time BETWEEN ${$(iso(f.time - span))} AND ${$(iso(f.time + span))}
            AND country <> ${$(f.country)} AND lat BETWEEN ${$(f.lat - dLat)} AND ${$(f.lat + dLat)}
            AND lon BETWEEN ${$(f.lon - dLon)} AND ${$(f.lon + dLon)} AND id <> ${id()})
        ${nearest()}`);
    }
    if (f.materiel.length > 0) {
      // Aliased and typed like the incident branches: it may be the only one sent.
      branches.push(`SELECT 'arms' AS src, m.record_id AS id, m.provenance, ${NO_INCIDENT},
          m.kind AS m_kind, m.value AS m_value, m.label AS m_label
        FROM analysis_materiel m
        JOIN unnest(${$(f.materiel.map((k) => k.kind))}::text[], ${$(f.materiel.map((k) => k.value))}::text[])
          AS k(kind, value) ON m.kind = k.kind AND m.value = k.value
        WHERE m.record_id <> ${id()} LIMIT ${limit()}`);
    }
    const out: Candidates = { duplicates: [], crossBorder: [], materiel: [] };
    if (branches.length === 0) return out;
    const { rows } = await q.query<CandidateRow>(branches.map((b) => `(${b})`).join('\nUNION ALL\n'), params);
    for (const r of rows) {
      if (r.src === 'arms')
        out.materiel.push({
          recordId: r.id,
          kind: r.m_kind as IdentifierKind,
          value: r.m_value ?? '',
          label: r.m_label ?? '',
          provenance: r.provenance,
        });
      else if (r.src === 'cross-border') out.crossBorder.push(toFeatures(r));
      else out.duplicates.push(toFeatures(r));
    }
    return out;
  }

  /**
   * Stores links (a < b). An open link takes the new score and explanation; a decided one
   * (confirmed, rejected) is left as the analyst decided: a rejected pair is never proposed again.
   */
  async upsertLinks(q: Queryable, links: readonly NewLink[], now: string): Promise<void> {
    if (links.length === 0) return;
    await q.query(
      `INSERT INTO analysis_links (kind, a, b, score, code, params, created_at, updated_at)
       SELECT kind, a, b, score, code, params, $2::timestamptz, $2::timestamptz
       FROM jsonb_to_recordset($1::jsonb) AS r(kind text, a text, b text, score real, code text, params jsonb)
       ON CONFLICT (kind, a, b) DO UPDATE SET score = EXCLUDED.score, code = EXCLUDED.code, params = EXCLUDED.params,
         updated_at = EXCLUDED.updated_at
       WHERE analysis_links.status = 'open'`,
      [JSON.stringify(links), now],
    );
  }

  /** Keeps at most `cap` open links per record and kind for these records (the best scores, then the newest). */
  async prune(q: Queryable, ids: readonly string[], cap: number): Promise<number> {
    if (ids.length === 0) return 0;
    const { rows } = await q.query<{ n: number }>(
      `WITH ends AS (
         SELECT kind, a, b, score, updated_at, a AS r FROM analysis_links WHERE status = 'open' AND a = ANY($1::text[])
         UNION ALL
         SELECT kind, a, b, score, updated_at, b AS r FROM analysis_links WHERE status = 'open' AND b = ANY($1::text[])
       ),
       ranked AS (
         SELECT kind, a, b, row_number() OVER (PARTITION BY r, kind ORDER BY score DESC, updated_at DESC, a, b) AS rn FROM ends
       ),
       gone AS (
         DELETE FROM analysis_links l USING (SELECT DISTINCT kind, a, b FROM ranked WHERE rn > $2) d
         WHERE l.kind = d.kind AND l.a = d.a AND l.b = d.b AND l.status = 'open' RETURNING 1
       )
       SELECT count(*)::int AS n FROM gone`,
      [ids, cap],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async setAlert(
    q: Queryable,
    links: readonly Pick<NewLink, 'kind' | 'a' | 'b'>[],
    alertId: string,
  ): Promise<void> {
    if (links.length === 0) return;
    await q.query(
      `UPDATE analysis_links l SET alert_id = $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS k(kind, a, b)
       WHERE l.kind = k.kind AND l.a = k.a AND l.b = k.b`,
      [links.map((l) => l.kind), links.map((l) => l.a), links.map((l) => l.b), alertId],
    );
  }

  /** Links of one record, best first (every status). */
  async linksOf(q: Queryable, id: string, limit: number): Promise<LinkRow[]> {
    const { rows } = await q.query<LinkDbRow>(
      `SELECT ${LINK_COLUMNS} FROM (
         SELECT * FROM analysis_links WHERE a = $1 UNION ALL SELECT * FROM analysis_links WHERE b = $1
       ) l ORDER BY (status = 'rejected'), score DESC, kind, a, b LIMIT $2`,
      [id, limit],
    );
    return rows.map(toLink);
  }

  /** Open links of a kind, best first, after an optional (score, a, b) keyset position. */
  async openLinks(q: Queryable, kind: LinkKind, limit: number, offset: number): Promise<LinkRow[]> {
    const { rows } = await q.query<LinkDbRow>(
      `SELECT ${LINK_COLUMNS} FROM analysis_links WHERE kind = $1 AND status = 'open'
       ORDER BY score DESC, a, b LIMIT $2 OFFSET $3`,
      [kind, limit, offset],
    );
    return rows.map(toLink);
  }

  async link(q: Queryable, kind: LinkKind, a: string, b: string, forUpdate = false): Promise<LinkRow | null> {
    const { rows } = await q.query<LinkDbRow>(
      `SELECT ${LINK_COLUMNS} FROM analysis_links WHERE kind = $1 AND a = $2 AND b = $3${forUpdate ? ' FOR UPDATE' : ''}`,
      [kind, a, b],
    );
    return rows[0] ? toLink(rows[0]) : null;
  }

  async decide(
    q: Queryable,
    kind: LinkKind,
    a: string,
    b: string,
    status: LinkStatus,
    by: string,
    at: string,
    relationshipId: string | null,
  ): Promise<LinkRow | null> {
    const { rows } = await q.query<LinkDbRow>(
      `UPDATE analysis_links SET status = $4, decided_by = $5, decided_at = $6, updated_at = $6,
         relationship_id = coalesce($7, relationship_id)
       WHERE kind = $1 AND a = $2 AND b = $3 RETURNING ${LINK_COLUMNS}`,
      [kind, a, b, status, by, at, relationshipId],
    );
    return rows[0] ? toLink(rows[0]) : null;
  }

  /**
   * Links for the analysts' list, best first. With a record: its links (through the a and b
   * indexes); without: one status, read in the order of the (status, score) index.
   */
  async listLinks(q: Queryable, filter: LinkFilter, limit: number, offset: number): Promise<LinkRow[]> {
    const params: unknown[] = [];
    const $ = (v: unknown) => `$${params.push(v)}`;
    const where: string[] = [];
    if (filter.kind) where.push(`kind = ${$(filter.kind)}`);
    if (filter.status) where.push(`status = ${$(filter.status)}`);
    if (filter.minScore !== undefined) where.push(`score >= ${$(filter.minScore)}::real`);
    const from = filter.record
      ? (() => {
          const r = $(filter.record);
          return `(SELECT * FROM analysis_links WHERE a = ${r} UNION ALL SELECT * FROM analysis_links WHERE b = ${r}) l`;
        })()
      : 'analysis_links';
    const { rows } = await q.query<LinkDbRow>(
      `SELECT ${LINK_COLUMNS} FROM ${from} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY score DESC, kind, a, b LIMIT ${$(limit)} OFFSET ${$(offset)}`,
      params,
    );
    return rows.map(toLink);
  }

  /** Moves the worker's cursor to exactly `position`, backwards too (a rebuild replays the feed from there). */
  async resetCursor(q: Queryable, name: string, position: number): Promise<void> {
    await q.query(
      `INSERT INTO analysis_cursor (name, position, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
      [name, position],
    );
  }

  /**
   * The change-feed position just before the first change stored at or after `since` (the
   * feed's head when there is none). Reads the node's change feed (src/store/): one aggregate
   * over it, once per rebuild.
   */
  async feedPositionBefore(q: Queryable, since: string): Promise<number> {
    const { rows } = await q.query<{ p: number }>(
      `SELECT coalesce((SELECT min(seq) - 1 FROM changes WHERE at >= $1::timestamptz),
         (SELECT value FROM counters WHERE name = 'change_seq'), 0) AS p`,
      [since],
    );
    return Number(rows[0]?.p ?? 0);
  }

  /** Empties the feature index and drops open links (decided links stay): a full rebuild starts from nothing. */
  async clearIndex(q: Queryable): Promise<void> {
    await q.query('TRUNCATE analysis_incidents, analysis_actor_events, analysis_materiel');
    await q.query(`DELETE FROM analysis_links WHERE status = 'open'`);
  }

  async countLinks(q: Queryable): Promise<Record<LinkStatus, number>> {
    const { rows } = await q.query<{ status: LinkStatus; n: number }>(
      'SELECT status, count(*)::int AS n FROM analysis_links GROUP BY status',
    );
    const out: Record<LinkStatus, number> = { open: 0, confirmed: 0, rejected: 0 };
    for (const r of rows) out[r.status] = Number(r.n);
    return out;
  }
}
