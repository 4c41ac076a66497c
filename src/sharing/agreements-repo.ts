/**
 * All SQL over `agreements`, `agreement_signatures` and `agreement_revocations`. A version is
 * stored as the exact canonical text its parties sign; it is parsed back here, and nowhere else.
 */
import type { Queryable } from '../store/db.ts';
import type { AgreementDocument, AgreementSignature, SignedRevocation } from './agreement.ts';
import type { VersionRecord } from './signing.ts';

export interface StoredVersion extends VersionRecord {
  /** The canonical text as stored (what was signed). */
  content: string;
  storedAt: string;
  storedBy: string;
}

interface VersionRow {
  [k: string]: unknown;
  id: string;
  version: number;
  content: string;
  stored_at: string;
  stored_by: string;
}

export class AgreementRepository {
  /** Stores a version; false when (id, version) already exists (whatever its content). */
  async insertVersion(q: Queryable, doc: AgreementDocument, content: string, at: string, by: string): Promise<boolean> {
    const { rows } = await q.query(
      `INSERT INTO agreements (id, version, content, title, parties, start_at, expiry_at, stored_at, stored_by)
       VALUES ($1, $2, $3, $4, $5::text[], $6, $7, $8, $9) ON CONFLICT (id, version) DO NOTHING RETURNING 1`,
      [doc.id, doc.version, content, doc.title, doc.parties, doc.start, doc.expiry, at, by],
    );
    return rows.length > 0;
  }

  async content(q: Queryable, id: string, version: number): Promise<string | null> {
    const { rows } = await q.query<{ content: string }>('SELECT content FROM agreements WHERE id = $1 AND version = $2', [id, version]);
    return rows[0]?.content ?? null;
  }

  async latestVersion(q: Queryable, id: string): Promise<number | null> {
    const { rows } = await q.query<{ v: number | null }>('SELECT max(version) AS v FROM agreements WHERE id = $1', [id]);
    return rows[0]?.v ?? null;
  }

  /** Adds a signature unless the node already signed that version; true when added. */
  async addSignature(q: Queryable, id: string, version: number, sig: AgreementSignature, at: string): Promise<boolean> {
    const { rows } = await q.query(
      `INSERT INTO agreement_signatures (agreement_id, version, node_id, signature, added_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [id, version, sig.node_id, sig.value, at],
    );
    return rows.length > 0;
  }

  async addRevocation(q: Queryable, r: SignedRevocation, at: string): Promise<boolean> {
    const { rows } = await q.query(
      `INSERT INTO agreement_revocations (agreement_id, version, node_id, revoked_at, reason, signature, added_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING 1`,
      [r.agreement_id, r.version, r.node_id, r.revoked_at, r.reason ?? null, r.signature, at],
    );
    return rows.length > 0;
  }

  /** Ids of the agreements naming `nodeId` as a party in any version (all of them when null). */
  async ids(q: Queryable, party: string | null = null): Promise<string[]> {
    const { rows } = party === null
      ? await q.query<{ id: string }>('SELECT DISTINCT id FROM agreements ORDER BY id')
      : await q.query<{ id: string }>('SELECT DISTINCT id FROM agreements WHERE parties @> ARRAY[$1]::text[] ORDER BY id', [party]);
    return rows.map((r) => r.id);
  }

  /** Every version of the given agreements, with their signatures and revocations, by id. */
  async load(q: Queryable, ids: readonly string[]): Promise<Map<string, StoredVersion[]>> {
    if (ids.length === 0) return new Map();
    return this.versions(q, 'a.id = ANY($1::text[])', [[...ids]]);
  }

  /**
   * `load` of every agreement naming `party` in any version, with the registered keys of their
   * parties that are active peers (`keys`, by node id), in one statement.
   */
  async loadNaming(q: Queryable, party: string): Promise<{ versions: Map<string, StoredVersion[]>; keys: Map<string, string> }> {
    const keys = new Map<string, string>();
    const versions = await this.versions(q, 'a.id IN (SELECT id FROM agreements WHERE parties @> ARRAY[$1]::text[])', [party], keys);
    return { versions, keys };
  }

  /**
   * The versions `where` selects (over `agreements a`), each with its signatures and revocations;
   * with `keys`, the public keys of their parties that are active peers are added to it.
   */
  private async versions(
    q: Queryable,
    where: string,
    params: unknown[],
    keys?: Map<string, string>,
  ): Promise<Map<string, StoredVersion[]>> {
    const partyKeys = keys
      ? `, (SELECT coalesce(json_object_agg(p.node_id, p.public_key), '{}')::text
              FROM peers p WHERE p.removed_at IS NULL AND p.node_id = ANY(a.parties)) AS keys`
      : '';
    const { rows } = await q.query<VersionRow & { sigs: string; revs: string; keys?: string }>(
      `SELECT a.id, a.version, a.content, to_char(a.stored_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS stored_at, a.stored_by,
              (SELECT coalesce(json_agg(json_build_array(s.node_id, s.signature) ORDER BY s.node_id), '[]')::text
                 FROM agreement_signatures s WHERE s.agreement_id = a.id AND s.version = a.version) AS sigs,
              (SELECT coalesce(json_agg(json_build_array(r.node_id, r.revoked_at, r.reason, r.signature) ORDER BY r.node_id), '[]')::text
                 FROM agreement_revocations r WHERE r.agreement_id = a.id AND r.version = a.version) AS revs${partyKeys}
       FROM agreements a WHERE ${where} ORDER BY a.id, a.version`,
      params,
    );
    const out = new Map<string, StoredVersion[]>();
    for (const r of rows) {
      if (keys && r.keys) for (const [node, key] of Object.entries(JSON.parse(r.keys) as Record<string, string>)) keys.set(node, key);
      const sigs = JSON.parse(r.sigs) as [string, string][];
      const revs = JSON.parse(r.revs) as [string, string, string | null, string][];
      const v: StoredVersion = {
        document: JSON.parse(r.content) as AgreementDocument,
        content: r.content,
        storedAt: r.stored_at,
        storedBy: r.stored_by,
        signatures: sigs.map(([node_id, value]) => ({ node_id, alg: 'Ed25519' as const, value })),
        revocations: revs.map(([node_id, revoked_at, reason, signature]) => ({
          format: 'sentinelle-agreement-revocation/1' as const,
          agreement_id: r.id,
          version: Number(r.version),
          node_id,
          revoked_at,
          ...(reason !== null ? { reason } : {}),
          signature,
        })),
      };
      out.set(r.id, [...(out.get(r.id) ?? []), v]);
    }
    return out;
  }
}
