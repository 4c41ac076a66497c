/**
 * COSE_Sign1 (RFC 9052 §4.2) with EdDSA/Ed25519 (RFC 9053 §2.2, alg -8), untagged (the protocol
 * context says what the bytes are, RFC 9052 §2), built on cbor.ts and node:crypto. The protected
 * header always holds alg (1), kid (4) and the Sentinelle parameters under the text label 's'
 * (an array whose first two members are the protocol version and the header kind, see
 * envelope.ts); the external AAD is empty.
 */
import { sign as edSign, verify as edVerify, type KeyObject } from 'node:crypto';
import { CborError, decodeCbor, encodeCbor, type CborValue } from './cbor.ts';

export const ALG_EDDSA = -8;
export const LABEL_ALG = 1;
export const LABEL_KID = 4;
/** Sentinelle header parameters (protected) and routing hints (unprotected). */
export const LABEL_SNT = 's';

/** Header kinds, second member of the 's' array: keeps one kind of signed bytes from passing as another. */
export const HEADER_KIND = Object.freeze({
  item: 0,
  keyset: 1,
  message: 2,
  fragment: 3,
  bundle: 4,
  batch: 5,
});
export type HeaderKind = (typeof HEADER_KIND)[keyof typeof HEADER_KIND];

export class CoseError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'CoseError';
  }
}

export interface Sign1 {
  /** The protected header exactly as received (signed bytes). */
  protectedBytes: Uint8Array;
  kid: Uint8Array;
  /** The 's' array: [version, kind, ...kind-specific]. */
  params: CborValue[];
  unprotected: Map<number | string, CborValue>;
  payload: Uint8Array;
  signature: Uint8Array;
}

function sigStructure(protectedBytes: Uint8Array, payload: Uint8Array): Uint8Array {
  return encodeCbor(['Signature1', protectedBytes, new Uint8Array(0), payload]);
}

/** Builds and signs a COSE_Sign1 with Ed25519. */
export function signSign1(
  kid: Uint8Array,
  params: CborValue[],
  payload: Uint8Array,
  privateKey: KeyObject,
  unprotected: Map<number | string, CborValue> = new Map(),
): Uint8Array {
  const protectedBytes = encodeCbor(
    new Map<number | string, CborValue>([
      [LABEL_ALG, ALG_EDDSA],
      [LABEL_KID, kid],
      [LABEL_SNT, params],
    ]),
  );
  const signature = edSign(null, sigStructure(protectedBytes, payload), privateKey);
  return encodeCbor([protectedBytes, unprotected, payload, new Uint8Array(signature)]);
}

/** Parses a COSE_Sign1 of our profile; throws CoseError when the structure is not one. */
export function parseSign1(bytes: Uint8Array): Sign1 {
  let top: CborValue;
  try {
    top = decodeCbor(bytes);
  } catch (e) {
    throw new CoseError(e instanceof CborError ? e.message : 'cbor');
  }
  if (!Array.isArray(top) || top.length !== 4) throw new CoseError('not a COSE_Sign1 array');
  const [p, u, payload, signature] = top;
  if (
    !(p instanceof Uint8Array) ||
    !(u instanceof Map) ||
    !(payload instanceof Uint8Array) ||
    !(signature instanceof Uint8Array)
  ) {
    throw new CoseError('COSE_Sign1 member types');
  }
  if (signature.length !== 64) throw new CoseError('signature length');
  let header: CborValue;
  try {
    header = decodeCbor(p);
  } catch (e) {
    throw new CoseError(e instanceof CborError ? `protected header: ${e.message}` : 'protected header');
  }
  if (!(header instanceof Map) || header.size !== 3) throw new CoseError('protected header shape');
  const alg = header.get(LABEL_ALG);
  const kid = header.get(LABEL_KID);
  const params = header.get(LABEL_SNT);
  if (alg !== ALG_EDDSA) throw new CoseError('alg');
  if (!(kid instanceof Uint8Array) || kid.length < 1 || kid.length > 32) throw new CoseError('kid');
  if (!Array.isArray(params) || params.length < 2) throw new CoseError('sentinelle parameters');
  return { protectedBytes: p, kid, params, unprotected: u, payload, signature };
}

/** True when the signature verifies with `publicKey` over the protected header and payload. */
export function verifySign1(s: Sign1, publicKey: KeyObject): boolean {
  try {
    return edVerify(null, sigStructure(s.protectedBytes, s.payload), publicKey, s.signature);
  } catch {
    return false;
  }
}
