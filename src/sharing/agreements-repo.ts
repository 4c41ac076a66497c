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
    const out = new Map<string, StoredVersion[]>();
    if (ids.length === 0) return out;
    const { rows } = await q.query<VersionRow>(
      `SELECT id, version, content, to_char(stored_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS stored_at, stored_by
       FROM agreements WHERE id = ANY($1::text[]) ORDER BY id, version`,
      [[...ids]],
    );
    const sigs = await q.query<{ agreement_id: string; version: number; node_id: string; signature: string }>(
      'SELECT agreement_id, version, node_id, signature FROM agreement_signatures WHERE agreement_id = ANY($1::text[]) ORDER BY node_id',
      [[...ids]],
    );
    const revs = await q.query<{ agreement_id: string; version: number; node_id: string; revoked_at: string; reason: string | null; signature: string }>(
      'SELECT agreement_id, version, node_id, revoked_at, reason, signature FROM agreement_revocations WHERE agreement_id = ANY($1::text[]) ORDER BY node_id',
      [[...ids]],
    );
    for (const r of rows) {
      const key = `${r.id}/${r.version}`;
      const v: StoredVersion = {
        document: JSON.parse(r.content) as AgreementDocument,
        content: r.content,
        storedAt: r.stored_at,
        storedBy: r.stored_by,
        signatures: sigs.rows.filter((s) => `${s.agreement_id}/${s.version}` === key).map((s) => ({ node_id: s.node_id, alg: 'Ed25519' as const, value: s.signature })),
        revocations: revs.rows
          .filter((s) => `${s.agreement_id}/${s.version}` === key)
          .map((s) => ({
            format: 'sentinelle-agreement-revocation/1' as const,
            agreement_id: s.agreement_id,
            version: Number(s.version),
            node_id: s.node_id,
            revoked_at: s.revoked_at,
            ...(s.reason !== null ? { reason: s.reason } : {}),
            signature: s.signature,
          })),
      };
      out.set(r.id, [...(out.get(r.id) ?? []), v]);
    }
    return out;
  }
}
