/**
 * Read-only view of where one record went and where it came from, for the incident detail
 * (issue 6 §5): per partner, the last sharing decision acted on (`shares`) and the state of its
 * outbox item (migration 5: sent, acknowledged by a signed receipt, refused); for a received
 * record, the originating partner, the agreements it sends under and when the versions arrived.
 * It decides nothing and writes nothing; the route checks the reader's permission.
 */
import type { Queryable } from '../../store/db.ts';

/** Where a release to one partner stands, from the sender's side. */
export type ReleaseState = 'queued' | 'sent' | 'acknowledged' | 'refused' | 'withheld';

export interface Release {
  peerId: string;
  peerName: string | null;
  peerCountry: string | null;
  agreementId: string | null;
  agreementVersion: number | null;
  /** The last decision acted on for this record and partner. */
  decision: 'release' | 'release-redacted' | 'withhold' | 'withdraw';
  /** The version of the record the decision was about. */
  recordModified: string;
  decidedAt: string;
  state: ReleaseState;
  sentAt: string | null;
  /** When the partner's signed acknowledgement covering the item arrived. */
  ackedAt: string | null;
  /** The partner's reason when it refused the item (a nack). */
  refusal: string | null;
}

export interface Provenance {
  /** Node id of the partner the record came from. */
  origin: string;
  originName: string | null;
  originCountry: string | null;
  /** Agreements under which that partner sends to this node (its incoming streams). */
  agreements: { id: string; title: string | null }[];
  firstReceivedAt: string | null;
  lastReceivedAt: string | null;
}

export interface RecordReleases {
  releases: Release[];
  /** Null for a record of this node. */
  provenance: Provenance | null;
}

const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

function stateOf(
  decision: Release['decision'],
  sentAt: string | null,
  ackedAt: string | null,
  refusal: string | null,
): ReleaseState {
  if (decision === 'withhold') return 'withheld';
  if (refusal) return 'refused';
  if (ackedAt) return 'acknowledged';
  return sentAt ? 'sent' : 'queued';
}

/** Releases of a record to each partner (newest decision per partner) and, if received, its provenance. */
export async function recordReleases(
  q: Queryable,
  recordId: string,
  origin: string,
): Promise<RecordReleases> {
  const { rows } = await q.query<{
    peer_id: string;
    name: string | null;
    country: string | null;
    agreement_id: string | null;
    agreement_version: number | null;
    decision: Release['decision'];
    record_modified: string;
    at: string;
    sent_at: string | null;
    acked_at: string | null;
    nack_reason: string | null;
  }>(
    `SELECT s.peer_id, p.name, p.country, s.agreement_id, s.agreement_version, s.decision, s.record_modified, ${ISO('s.at')} AS at,
       ${ISO('o.sent_at')} AS sent_at, ${ISO('o.acked_at')} AS acked_at, o.nack_reason
     FROM (SELECT DISTINCT ON (peer_id) * FROM shares WHERE record_id = $1 ORDER BY peer_id, id DESC) s
     LEFT JOIN peers p ON p.node_id = s.peer_id
     LEFT JOIN LATERAL (
       SELECT sent_at, acked_at, nack_reason FROM fed_outbox
       WHERE peer_id = s.peer_id AND record_id = $1 AND kind IN ('put', 'withdraw') ORDER BY id DESC LIMIT 1
     ) o ON true
     ORDER BY p.name NULLS LAST, s.peer_id`,
    [recordId],
  );
  const releases = rows.map((r) => ({
    peerId: r.peer_id,
    peerName: r.name,
    peerCountry: r.country,
    agreementId: r.agreement_id,
    agreementVersion: r.agreement_version === null ? null : Number(r.agreement_version),
    decision: r.decision,
    recordModified: r.record_modified,
    decidedAt: r.at,
    state: stateOf(r.decision, r.sent_at, r.acked_at, r.nack_reason),
    sentAt: r.sent_at,
    ackedAt: r.acked_at,
    refusal: r.nack_reason,
  }));
  if (origin === 'local') return { releases, provenance: null };

  const peer = await q.query<{ name: string; country: string }>(
    'SELECT name, country FROM peers WHERE node_id = $1',
    [origin],
  );
  const streams = await q.query<{ agreement_id: string; title: string | null }>(
    `SELECT c.agreement_id, (SELECT a.title FROM agreements a WHERE a.id = c.agreement_id ORDER BY a.version DESC LIMIT 1) AS title
     FROM (SELECT substr(stream_key, length($1) + 2) AS agreement_id FROM fed_cursors WHERE direction = 'in' AND starts_with(stream_key, $1 || '/')) c
     ORDER BY c.agreement_id`,
    [origin],
  );
  const times = await q.query<{ first: string | null; last: string | null }>(
    `SELECT ${ISO('min(written_at)')} AS first, ${ISO('max(written_at)')} AS last FROM object_versions WHERE id = $1 AND written_by = $2`,
    [recordId, `peer:${origin}`],
  );
  return {
    releases,
    provenance: {
      origin,
      originName: peer.rows[0]?.name ?? null,
      originCountry: peer.rows[0]?.country ?? null,
      agreements: streams.rows.map((s) => ({ id: s.agreement_id, title: s.title })),
      firstReceivedAt: times.rows[0]?.first ?? null,
      lastReceivedAt: times.rows[0]?.last ?? null,
    },
  };
}
