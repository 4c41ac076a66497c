/**
 * The node's Ed25519 signing key: generated once by `sentinelle init`, kept in the data directory
 * with file mode 0600 (owner read/write only). Partners verify agreements and envelopes with the
 * public half, compared out of band through its fingerprint.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface NodeKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SPKI DER, base64url: how the public key travels to partners. */
  publicKeySpki: string;
  fingerprint: string;
}

export function keyFile(dataDir: string): string {
  return join(dataDir, 'keys', 'node-ed25519.pem');
}

/** Creates the key file if absent (mode 0600); returns whether it was created. */
export function ensureNodeKey(dataDir: string): boolean {
  const file = keyFile(dataDir);
  if (existsSync(file)) return false;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return true;
}

export function loadNodeKeys(dataDir: string): NodeKeys {
  const privateKey = createPrivateKey(readFileSync(keyFile(dataDir)));
  const publicKey = createPublicKey(privateKey);
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return { privateKey, publicKey, publicKeySpki: spki.toString('base64url'), fingerprint: fingerprint(spki) };
}

/**
 * SHA-256 of the SPKI, first 20 bytes as 8 groups of 5 hex digits — short enough for two liaison
 * officers to read aloud and compare over the phone.
 */
export function fingerprint(spkiDer: Buffer): string {
  const hex = createHash('sha256').update(spkiDer).digest('hex').slice(0, 40).toUpperCase();
  return hex.match(/.{5}/g)!.join(' ');
}
