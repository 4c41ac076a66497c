/**
 * Encryption to the receiving node ([FED-21]–[FED-23] of docs/sync-spec.md), HPKE-shaped
 * (RFC 9180 base mode, DHKEM(X25519) + HKDF-SHA256 + AES-256-GCM) but with a one-byte framing:
 *
 *   0x53 ‖ recipient kid (4) ‖ ephemeral X25519 public key (32) ‖ AES-256-GCM ciphertext ‖ tag (16)
 *
 * key ‖ nonce = HKDF-SHA256(ikm = X25519(eph, recipient), salt = epk ‖ recipient public key,
 * info = "sentinelle/seal/v1" ‖ kid), 32 + 12 bytes; the AAD is the 37-byte header. The key is
 * fresh for every message (fresh ephemeral), so a derived nonce never repeats. 53 bytes overhead.
 *
 * Sign, then encrypt: the plaintext is a signed envelope, so the receiver keeps a signature it
 * can show (provenance), the stream binding inside the signature names the receiver (a receiver
 * cannot re-encrypt it to a third party undetected), and the signer's identity is hidden from an
 * observer of the sealed bytes.
 */
import {
  createCipheriv,
  createDecipheriv,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  type KeyObject,
} from 'node:crypto';
import { keyId, kidBytes, kidText } from './keyset.ts';

export const SEAL_MAGIC = 0x53;
const HEADER = 1 + 4 + 32;
const TAG = 16;
export const SEAL_OVERHEAD = HEADER + TAG;
const INFO = new TextEncoder().encode('sentinelle/seal/v1');
// SPKI DER of an X25519 key = this fixed prefix ‖ the 32 raw bytes (RFC 8410 §4).
const X25519_SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

/** A receiver's key-agreement public key. */
export interface KexPublicKey {
  kid: string;
  publicKey: KeyObject;
}

/** One of this node's key-agreement private keys (old ones are kept to read late arrivals). */
export interface KexPrivateKey {
  kid: string;
  privateKey: KeyObject;
}

export function kexPublicKey(publicKey: KeyObject): KexPublicKey {
  return { kid: keyId(publicKey), publicKey };
}

export function kexPrivateKey(privateKey: KeyObject): KexPrivateKey {
  return { kid: keyId(createPublicKey(privateKey)), privateKey };
}

function raw(publicKey: KeyObject): Buffer {
  return publicKey.export({ type: 'spki', format: 'der' }).subarray(X25519_SPKI_PREFIX.length);
}

function derive(
  shared: Buffer,
  epk: Uint8Array,
  recipientRaw: Uint8Array,
  kid: Uint8Array,
): { key: Buffer; nonce: Buffer } {
  const salt = Buffer.concat([epk, recipientRaw]);
  const info = Buffer.concat([INFO, kid]);
  const okm = Buffer.from(hkdfSync('sha256', shared, salt, info, 44));
  return { key: okm.subarray(0, 32), nonce: okm.subarray(32, 44) };
}

/** Encrypts `plaintext` to the receiver's X25519 key. */
export function seal(plaintext: Uint8Array, to: KexPublicKey): Uint8Array {
  if (to.publicKey.asymmetricKeyType !== 'x25519') throw new TypeError('recipient key is not X25519');
  const eph = generateKeyPairSync('x25519');
  const epk = raw(eph.publicKey);
  const kid = kidBytes(to.kid);
  const header = Buffer.concat([Buffer.from([SEAL_MAGIC]), kid, epk]);
  const { key, nonce } = derive(
    diffieHellman({ privateKey: eph.privateKey, publicKey: to.publicKey }),
    epk,
    raw(to.publicKey),
    kid,
  );
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(header);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return new Uint8Array(Buffer.concat([header, body, cipher.getAuthTag()]));
}

export type UnsealFailure = 'malformed' | 'wrong_receiver' | 'decrypt_failed';
export type UnsealResult =
  { ok: true; plaintext: Uint8Array; kid: string } | { ok: false; reason: UnsealFailure };

/** True when the bytes are framed as a sealed message (nothing is checked beyond the frame). */
export function isSealed(bytes: Uint8Array): boolean {
  return bytes.length >= SEAL_OVERHEAD && bytes[0] === SEAL_MAGIC;
}

/**
 * Decrypts with whichever of `keys` the message names: `wrong_receiver` when none, and
 * `decrypt_failed` when the tag does not verify (altered bytes, or a key that merely shares the id).
 */
export function unseal(sealed: Uint8Array, keys: readonly KexPrivateKey[]): UnsealResult {
  if (!isSealed(sealed)) return { ok: false, reason: 'malformed' };
  const kid = sealed.subarray(1, 5);
  const epk = sealed.subarray(5, HEADER);
  const mine = keys.filter((k) => k.kid === kidText(kid));
  if (mine.length === 0) return { ok: false, reason: 'wrong_receiver' };
  let peer: KeyObject;
  try {
    peer = createPublicKey({ key: Buffer.concat([X25519_SPKI_PREFIX, epk]), format: 'der', type: 'spki' });
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  for (const k of mine) {
    try {
      const shared = diffieHellman({ privateKey: k.privateKey, publicKey: peer });
      const { key, nonce } = derive(shared, epk, raw(createPublicKey(k.privateKey)), kid);
      const decipher = createDecipheriv('aes-256-gcm', key, nonce);
      decipher.setAAD(sealed.subarray(0, HEADER));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
      const plaintext = Buffer.concat([
        decipher.update(sealed.subarray(HEADER, sealed.length - TAG)),
        decipher.final(),
      ]);
      return { ok: true, plaintext: new Uint8Array(plaintext), kid: k.kid };
    } catch {
      // Low-order ephemeral point or failed tag: try the next key with this id, if any.
    }
  }
  return { ok: false, reason: 'decrypt_failed' };
}
