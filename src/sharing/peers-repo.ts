/** All SQL over `peers`; rows become Peer objects here and nowhere else. */
import type { Queryable } from '../store/db.ts';

export interface Peer {
  nodeId: string;
  name: string;
  /** ISO 3166-1 alpha-3. */
  country: string;
  baseUrl: string;
  /** Ed25519 SPKI DER, base64url. */
  publicKey: string;
  fingerprint: string;
  addedAt: string;
  addedBy: string;
  removedAt: string | null;
  removedBy: string | null;
}

interface PeerRow {
  [k: string]: unknown;
  node_id: string;
  name: string;
  country: string;
  base_url: string;
  public_key: string;
  fingerprint: string;
  added_at: string;
  added_by: string;
  removed_at: string | null;
  removed_by: string | null;
}

const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ${col}`;
const COLUMNS = `node_id, name, country, base_url, public_key, fingerprint, ${ISO('added_at')}, added_by, ${ISO('removed_at')}, removed_by`;

function toPeer(r: PeerRow): Peer {
  return {
    nodeId: r.node_id,
    name: r.name,
    country: r.country,
    baseUrl: r.base_url,
    publicKey: r.public_key,
    fingerprint: r.fingerprint,
    addedAt: r.added_at,
    addedBy: r.added_by,
    removedAt: r.removed_at,
    removedBy: r.removed_by,
  };
}

export class PeerRepository {
  /** Inserts a peer, or re-registers a removed one; returns null when an active peer has this id. */
  async upsert(q: Queryable, p: Omit<Peer, 'removedAt' | 'removedBy'>): Promise<Peer | null> {
    const { rows } = await q.query<PeerRow>(
      `INSERT INTO peers (node_id, name, country, base_url, public_key, fingerprint, added_at, added_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (node_id) DO UPDATE SET name = $2, country = $3, base_url = $4, public_key = $5, fingerprint = $6,
         added_at = $7, added_by = $8, removed_at = NULL, removed_by = NULL
       WHERE peers.removed_at IS NOT NULL
       RETURNING ${COLUMNS}`,
      [p.nodeId, p.name, p.country, p.baseUrl, p.publicKey, p.fingerprint, p.addedAt, p.addedBy],
    );
    return rows[0] ? toPeer(rows[0]) : null;
  }

  async get(q: Queryable, nodeId: string): Promise<Peer | null> {
    const { rows } = await q.query<PeerRow>(`SELECT ${COLUMNS} FROM peers WHERE node_id = $1`, [nodeId]);
    return rows[0] ? toPeer(rows[0]) : null;
  }

  /** The active peer holding this key, if any. */
  async byKey(q: Queryable, publicKey: string): Promise<Peer | null> {
    const { rows } = await q.query<PeerRow>(`SELECT ${COLUMNS} FROM peers WHERE public_key = $1 AND removed_at IS NULL`, [publicKey]);
    return rows[0] ? toPeer(rows[0]) : null;
  }

  async list(q: Queryable, includeRemoved: boolean): Promise<Peer[]> {
    const where = includeRemoved ? '' : ' WHERE removed_at IS NULL';
    const { rows } = await q.query<PeerRow>(`SELECT ${COLUMNS} FROM peers${where} ORDER BY country, name, node_id`);
    return rows.map(toPeer);
  }

  /** Marks an active peer removed; returns it, or null when it was not active. */
  async remove(q: Queryable, nodeId: string, at: string, by: string): Promise<Peer | null> {
    const { rows } = await q.query<PeerRow>(
      `UPDATE peers SET removed_at = $2, removed_by = $3 WHERE node_id = $1 AND removed_at IS NULL RETURNING ${COLUMNS}`,
      [nodeId, at, by],
    );
    return rows[0] ? toPeer(rows[0]) : null;
  }
}
