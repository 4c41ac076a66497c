/**
 * All SQL over `shares` (what was sent to or withheld from each partner, written by the
 * federation sender), `onward_consents`, and the reads behind the reciprocity figures.
 */
import { SENTINELLE_INCIDENT_EXTENSION_ID } from '../objects/sentinelle-extension.ts';
import type { Queryable } from '../store/db.ts';
import type { Priority } from './agreement.ts';
import type { Decision, OnwardConsent } from './policy.ts';
import type { ReasonCode } from './reasons.ts';
import type { PreviousShare } from './share-action.ts';

export interface ShareRow {
  peerId: string;
  agreementId: string | null;
  agreementVersion: number | null;
  recordId: string;
  recordType: string;
  recordModified: string;
  decision: Decision | 'withdraw';
  reasons: ReasonCode[];
  priority: Priority | null;
  contentHash: string | null;
  at: string;
}

/** One released record in a month (its last release that month). */
export interface ReleasedRow {
  peerId: string;
  month: string;
  recordType: string;
  priority: Priority | null;
}

/** One record received from a peer, first stored in `month`. */
export interface ReceivedRow {
  origin: string;
  month: string;
  recordType: string;
  labels: string[];
  eventType: string | null;
  eventTime: string | null;
  firstStoredAt: string;
}

export class SharesRepository {
  /** Records one decision the federation acted on (in its own transaction). */
  async insert(q: Queryable, s: ShareRow): Promise<void> {
    await q.query(
      `INSERT INTO shares (peer_id, agreement_id, agreement_version, record_id, record_type, record_modified, decision, reasons, priority, content_hash, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text[], $9, $10, $11)`,
      [s.peerId, s.agreementId, s.agreementVersion, s.recordId, s.recordType, s.recordModified, s.decision, s.reasons, s.priority, s.contentHash, s.at],
    );
  }

  /** The last decision acted on for (peer, record), or null. */
  async last(q: Queryable, peerId: string, recordId: string): Promise<PreviousShare | null> {
    const { rows } = await q.query<{ decision: PreviousShare['decision']; record_modified: string; content_hash: string | null }>(
      'SELECT decision, record_modified, content_hash FROM shares WHERE peer_id = $1 AND record_id = $2 ORDER BY id DESC LIMIT 1',
      [peerId, recordId],
    );
    const r = rows[0];
    return r ? { decision: r.decision, recordModified: r.record_modified, contentHash: r.content_hash } : null;
  }

  /** The last decision acted on for (peer, record) of each record id given (absent: none). */
  async lastMany(q: Queryable, peerId: string, recordIds: readonly string[]): Promise<Map<string, PreviousShare>> {
    const out = new Map<string, PreviousShare>();
    if (recordIds.length === 0) return out;
    const { rows } = await q.query<{ record_id: string; decision: PreviousShare['decision']; record_modified: string; content_hash: string | null }>(
      `SELECT DISTINCT ON (record_id) record_id, decision, record_modified, content_hash FROM shares
       WHERE peer_id = $1 AND record_id = ANY($2::text[]) ORDER BY record_id, id DESC`,
      [peerId, [...new Set(recordIds)]],
    );
    for (const r of rows) out.set(r.record_id, { decision: r.decision, recordModified: r.record_modified, contentHash: r.content_hash });
    return out;
  }

  /** Records many decisions in one statement (the federation sender's page of plans). */
  async insertMany(q: Queryable, rows: readonly ShareRow[]): Promise<void> {
    if (rows.length === 0) return;
    await q.query(
      `INSERT INTO shares (peer_id, agreement_id, agreement_version, record_id, record_type, record_modified, decision, reasons, priority, content_hash, at)
       SELECT r.peer_id, r.agreement_id, r.agreement_version, r.record_id, r.record_type, r.record_modified, r.decision,
         ARRAY(SELECT jsonb_array_elements_text(r.reasons)), r.priority, r.content_hash, r.at::timestamptz
       FROM jsonb_to_recordset($1::jsonb) AS r(peer_id text, agreement_id text, agreement_version int, record_id text, record_type text,
         record_modified text, decision text, reasons jsonb, priority text, content_hash text, at text)`,
      [
        JSON.stringify(
          rows.map((s) => ({
            peer_id: s.peerId,
            agreement_id: s.agreementId,
            agreement_version: s.agreementVersion,
            record_id: s.recordId,
            record_type: s.recordType,
            record_modified: s.recordModified,
            decision: s.decision,
            reasons: s.reasons,
            priority: s.priority,
            content_hash: s.contentHash,
            at: s.at,
          })),
        ),
      ],
    );
  }

  /** Onward consents of many records of one originator, by record id. */
  async consentsMany(q: Queryable, originator: string, recordIds: readonly string[]): Promise<Map<string, OnwardConsent[]>> {
    const out = new Map<string, OnwardConsent[]>();
    if (recordIds.length === 0) return out;
    const { rows } = await q.query<{ record_id: string; to_node: string }>(
      'SELECT record_id, to_node FROM onward_consents WHERE originator = $1 AND record_id = ANY($2::text[]) ORDER BY record_id, to_node',
      [originator, [...new Set(recordIds)]],
    );
    for (const r of rows) {
      const list = out.get(r.record_id) ?? [];
      list.push({ originator, recordId: r.record_id, to: r.to_node });
      out.set(r.record_id, list);
    }
    return out;
  }

  /** Peers that currently hold the record (their last decision for it is a release). */
  async holders(q: Queryable, recordId: string): Promise<string[]> {
    const { rows } = await q.query<{ peer_id: string }>(
      `SELECT peer_id FROM (SELECT DISTINCT ON (peer_id) peer_id, decision FROM shares WHERE record_id = $1 ORDER BY peer_id, id DESC) last
       WHERE decision IN ('release', 'release-redacted') ORDER BY peer_id`,
      [recordId],
    );
    return rows.map((r) => r.peer_id);
  }

  async putConsent(q: Queryable, c: OnwardConsent, at: string): Promise<void> {
    await q.query('INSERT INTO onward_consents (originator, record_id, to_node, granted_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [c.originator, c.recordId, c.to, at]);
  }

  async consents(q: Queryable, originator: string, recordId: string): Promise<OnwardConsent[]> {
    const { rows } = await q.query<{ to_node: string }>('SELECT to_node FROM onward_consents WHERE originator = $1 AND record_id = $2 ORDER BY to_node', [originator, recordId]);
    return rows.map((r) => ({ originator, recordId, to: r.to_node }));
  }

  /** Distinct records released per (peer, UTC month), each with the type and priority of its last release that month. */
  async released(q: Queryable, peers: readonly string[], from: string, to: string): Promise<ReleasedRow[]> {
    const { rows } = await q.query<{ peer_id: string; month: string; record_type: string; priority: Priority | null }>(
      `SELECT DISTINCT ON (peer_id, month, record_id) peer_id, month, record_type, priority FROM (
         SELECT id, peer_id, record_id, record_type, priority, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM') AS month
         FROM shares WHERE decision IN ('release', 'release-redacted') AND peer_id = ANY($1::text[]) AND at >= $2 AND at < $3
       ) s ORDER BY peer_id, month, record_id, id DESC`,
      [[...peers], from, to],
    );
    return rows.map((r) => ({ peerId: r.peer_id, month: r.month, recordType: r.record_type, priority: r.priority }));
  }

  /** Records whose origin is one of `peers`, by the UTC month this node first stored them. */
  async received(q: Queryable, peers: readonly string[], from: string, to: string): Promise<ReceivedRow[]> {
    const { rows } = await q.query<{ origin: string; id: string; type: string; labels: string[]; event_type: string | null; event_time: string | null; first_at: string }>(
      `SELECT o.origin, o.id, o.type, o.labels, o.object -> 'extensions' -> $4::text ->> 'event_type' AS event_type,
         to_char(o.event_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS event_time,
         to_char(f.first_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS first_at
       FROM objects o CROSS JOIN LATERAL (SELECT min(v.written_at) AS first_at FROM object_versions v WHERE v.id = o.id) f
       WHERE o.origin = ANY($1::text[]) AND f.first_at >= $2 AND f.first_at < $3`,
      [[...peers], from, to, SENTINELLE_INCIDENT_EXTENSION_ID],
    );
    return rows.map((r) => ({
      origin: r.origin,
      month: r.first_at.slice(0, 7),
      recordType: r.type,
      labels: r.labels,
      eventType: r.event_type,
      eventTime: r.event_time,
      firstStoredAt: r.first_at,
    }));
  }
}
