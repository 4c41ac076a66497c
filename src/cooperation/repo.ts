/** All SQL of the cooperation ledger's own tables (src/cooperation/schema.ts). */
import { SENTINELLE_INCIDENT_EXTENSION_ID } from '../objects/sentinelle-extension.ts';
import type { Queryable } from '../store/db.ts';

export interface LostSerial {
  serial: string;
  logId: string;
  deliveryId: string;
  status: string;
  label: string;
  reportedAt: string;
}

export class CooperationRepository {
  async cursor(q: Queryable): Promise<number> {
    const { rows } = await q.query<{ position: number }>(
      `SELECT position FROM coop_cursor WHERE name = 'feed'`,
    );
    return Number(rows[0]?.position ?? 0);
  }

  async setCursor(q: Queryable, position: number): Promise<void> {
    await q.query(
      `INSERT INTO coop_cursor (name, position) VALUES ('feed', $1) ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
      [position],
    );
  }

  /** Replaces the serial numbers indexed for a delivery. */
  async setDeliverySerials(
    q: Queryable,
    deliveryId: string,
    serials: readonly { serial: string; label: string }[],
  ): Promise<void> {
    await q.query(`DELETE FROM coop_serials WHERE delivery_id = $1`, [deliveryId]);
    if (!serials.length) return;
    await q.query(
      `INSERT INTO coop_serials (serial, delivery_id, label) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
      [serials.map((s) => s.serial), serials.map(() => deliveryId), serials.map((s) => s.label)],
    );
  }

  /** Deliveries other than `exceptId` holding any of these (normalised) serial numbers. */
  async serialsInUse(
    q: Queryable,
    serials: readonly string[],
    exceptId: string,
  ): Promise<Map<string, string>> {
    if (!serials.length) return new Map();
    const { rows } = await q.query<{ serial: string; delivery_id: string }>(
      `SELECT serial, delivery_id FROM coop_serials WHERE serial = ANY($1::text[]) AND delivery_id <> $2`,
      [serials, exceptId],
    );
    return new Map(rows.map((r) => [r.serial, r.delivery_id]));
  }

  async addLost(q: Queryable, l: LostSerial): Promise<void> {
    await q.query(
      `INSERT INTO coop_lost_serials (serial, log_id, delivery_id, status, label, reported_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (serial, log_id) DO NOTHING`,
      [l.serial, l.logId, l.deliveryId, l.status, l.label, l.reportedAt],
    );
  }

  /** An item seen again as operational (recovered) is no longer lost. */
  async clearLost(q: Queryable, serial: string, deliveryId: string): Promise<void> {
    await q.query(`DELETE FROM coop_lost_serials WHERE serial = $1 AND delivery_id = $2`, [
      serial,
      deliveryId,
    ]);
  }

  async lostAmong(q: Queryable, serials: readonly string[]): Promise<LostSerial[]> {
    if (!serials.length) return [];
    const { rows } = await q.query<{
      serial: string;
      log_id: string;
      delivery_id: string;
      status: string;
      label: string;
      reported_at: string;
    }>(
      `SELECT serial, log_id, delivery_id, status, label,
         to_char(reported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS reported_at
       FROM coop_lost_serials WHERE serial = ANY($1::text[]) ORDER BY reported_at`,
      [serials],
    );
    return rows.map((r) => ({
      serial: r.serial,
      logId: r.log_id,
      deliveryId: r.delivery_id,
      status: r.status,
      label: r.label,
      reportedAt: r.reported_at,
    }));
  }

  /**
   * The serial numbers named in the materiel of the current, unrevoked incidents among `ids`,
   * for those naming any: read in the database, so a feed of incidents is not fetched whole.
   * Empty while no equipment is on record as lost or stolen: no incident could match one then,
   * and a partner's backlog of incidents costs no JSON read (a one-time gate, evaluated first).
   */
  async incidentSerials(q: Queryable, ids: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (!ids.length) return out;
    // The materiel array is taken out of each row once (OFFSET 0 keeps the subquery apart), not
    // once per use: the JSON of a large record is stored compressed, and each use decompresses it.
    const { rows } = await q.query<{ id: string; serials: string[] }>(
      `SELECT i.id, s.serials FROM (
         SELECT o.id, o.seq, o.object #> ARRAY['extensions', $2, 'materiel'] AS materiel FROM objects o
         WHERE o.id = ANY($1::text[]) AND o.type = 'incident' AND NOT o.revoked
           AND EXISTS (SELECT 1 FROM coop_lost_serials)
         OFFSET 0
       ) i
       CROSS JOIN LATERAL (
         SELECT array_agg(m->>'serial_number') AS serials
         FROM jsonb_array_elements(i.materiel) m
         WHERE jsonb_typeof(m->'serial_number') = 'string'
       ) s
       WHERE jsonb_typeof(i.materiel) = 'array' AND s.serials IS NOT NULL
       ORDER BY i.seq`,
      [ids, SENTINELLE_INCIDENT_EXTENSION_ID],
    );
    for (const r of rows) out.set(r.id, r.serials);
    return out;
  }
}
