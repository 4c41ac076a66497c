/**
 * Agreement signatures (docs/sharing.md §2): Ed25519 (RFC 8032) over the UTF-8 bytes of the
 * RFC 8785 canonical form of the document without `signatures` and `revocations`. The document's
 * `format` field ("sentinelle-agreement/1") keeps these signatures apart from anything else the
 * node key signs. A version is effective only when every party has a valid signature from the key
 * registered for it here; statuses are recomputed from the stored text every time, so a row
 * altered in the database after signing is simply not effective.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../core/canonical-json.ts';
import {
  REVOCATION_FORMAT,
  type AgreementDocument,
  type AgreementSignature,
  type AgreementStatus,
  type RevocationStatement,
  type SignedRevocation,
} from './agreement.ts';

/** The exact text every party signs. */
export function signedContent(doc: AgreementDocument): string {
  const { signatures: _s, revocations: _r, ...content } = doc as AgreementDocument & { signatures?: unknown; revocations?: unknown };
  return canonicalJson(content);
}

/** This node's signature of `doc`. */
export function signDocument(doc: AgreementDocument, privateKey: KeyObject, nodeId: string): AgreementSignature {
  const value = sign(null, Buffer.from(signedContent(doc), 'utf8'), privateKey).toString('base64url');
  return { node_id: nodeId, alg: 'Ed25519', value };
}

/** Parses an SPKI DER (base64url) Ed25519 public key, or returns null. */
export function parsePublicKey(spki: string): KeyObject | null {
  try {
    const key = createPublicKey({ key: Buffer.from(spki, 'base64url'), format: 'der', type: 'spki' });
    return key.asymmetricKeyType === 'ed25519' ? key : null;
  } catch {
    return null;
  }
}

/**
 * Results of signature checks already made: statuses are recomputed on every read, and an
 * Ed25519 verification costs far more than hashing the text. A pure memo (same inputs, same
 * answer), bounded so it cannot grow without limit.
 */
const verified = new Map<string, boolean>();
const MEMO_MAX = 4_096;

function verifyText(text: string, signature: string, publicKeySpki: string): boolean {
  const memoKey = `${publicKeySpki}|${signature}|${createHash('sha256').update(text, 'utf8').digest('base64url')}`;
  const known = verified.get(memoKey);
  if (known !== undefined) return known;
  const result = verifyUncached(text, signature, publicKeySpki);
  if (verified.size >= MEMO_MAX) verified.clear();
  verified.set(memoKey, result);
  return result;
}

function verifyUncached(text: string, signature: string, publicKeySpki: string): boolean {
  const key = parsePublicKey(publicKeySpki);
  if (!key) return false;
  const sig = Buffer.from(signature, 'base64url');
  if (sig.length !== 64) return false;
  try {
    return verify(null, Buffer.from(text, 'utf8'), key, sig);
  } catch {
    return false;
  }
}

/** True when `sig` is a valid Ed25519 signature of `doc` by the holder of `publicKeySpki`. */
export function verifySignature(doc: AgreementDocument, sig: AgreementSignature, publicKeySpki: string): boolean {
  return sig.alg === 'Ed25519' && verifyText(signedContent(doc), sig.value, publicKeySpki);
}

/** The text a revoking party signs. */
export function revocationContent(r: RevocationStatement): string {
  const { format, agreement_id, version, node_id, revoked_at, reason } = r;
  return canonicalJson({ format, agreement_id, version, node_id, revoked_at, ...(reason !== undefined ? { reason } : {}) });
}

/** Signs a revocation of `version` (and every earlier version) of an agreement. */
export function signRevocation(stmt: Omit<RevocationStatement, 'format'>, privateKey: KeyObject): SignedRevocation {
  const full: RevocationStatement = { format: REVOCATION_FORMAT, ...stmt };
  const signature = sign(null, Buffer.from(revocationContent(full), 'utf8'), privateKey).toString('base64url');
  return { ...full, signature };
}

export function verifyRevocation(r: SignedRevocation, publicKeySpki: string): boolean {
  return r.format === REVOCATION_FORMAT && verifyText(revocationContent(r), r.signature, publicKeySpki);
}

/** One stored version with what was gathered for it. */
export interface VersionRecord {
  document: AgreementDocument;
  signatures: readonly AgreementSignature[];
  revocations: readonly SignedRevocation[];
}

/**
 * Statuses of every known version of one agreement. `keyOf` gives the registered public key of a
 * node (this node's own included), or null when the node is not (or no longer) registered.
 * A version is revoked by a valid revocation of it or of a later version by one of its parties;
 * it is superseded when a later version is fully signed (revoking that later version then ends
 * the agreement: the earlier one does not come back).
 */
export function agreementStatuses(versions: readonly VersionRecord[], keyOf: (nodeId: string) => string | null): Map<number, AgreementStatus> {
  const sorted = [...versions].sort((a, b) => a.document.version - b.document.version);
  const validRevocations: { version: number; by: string }[] = [];
  for (const v of sorted) {
    for (const r of v.revocations) {
      const key = keyOf(r.node_id);
      const party = v.document.parties.includes(r.node_id);
      if (party && key && r.agreement_id === v.document.id && r.version === v.document.version && verifyRevocation(r, key)) {
        validRevocations.push({ version: r.version, by: r.node_id });
      }
    }
  }
  const out = new Map<number, AgreementStatus>();
  let laterSigned = false;
  for (let i = sorted.length - 1; i >= 0; i--) {
    const v = sorted[i]!;
    const doc = v.document;
    const signedBy: string[] = [];
    const unregistered: string[] = [];
    for (const party of doc.parties) {
      const key = keyOf(party);
      if (!key) {
        unregistered.push(party);
        continue;
      }
      const sig = v.signatures.find((s) => s.node_id === party);
      if (sig && verifySignature(doc, sig, key)) signedBy.push(party);
    }
    const missing = doc.parties.filter((p) => !signedBy.includes(p));
    const revokedBy = [...new Set(validRevocations.filter((r) => r.version >= doc.version).map((r) => r.by))].sort();
    const signed = missing.length === 0;
    out.set(doc.version, { signed, signedBy, missing, unregistered, revoked: revokedBy.length > 0, revokedBy, superseded: laterSigned });
    if (signed) laterSigned = true;
  }
  return out;
}
