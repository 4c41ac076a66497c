/**
 * The node's X25519 key-agreement key ([FED-21]): what partners encrypt bundles and narrow-link
 * items to. Node's crypto cannot convert the Ed25519 signing key (src/node/keys.ts) to X25519,
 * and one key for one purpose is sound practice anyway, so the node holds a second key pair,
 * published in its signed key set (keyset.ts, use "kex") next to the signing key. Kept beside the
 * signing key, mode 0600.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { keyId } from './keyset.ts';

export interface NodeKexKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function kexKeyFile(dataDir: string): string {
  return join(dataDir, 'keys', 'node-x25519.pem');
}

/** Creates the key file if absent (mode 0600); returns whether it was created. */
export function ensureNodeKexKey(dataDir: string): boolean {
  const file = kexKeyFile(dataDir);
  if (existsSync(file)) return false;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('x25519');
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return true;
}

export function loadNodeKexKey(dataDir: string): NodeKexKey {
  const privateKey = createPrivateKey(readFileSync(kexKeyFile(dataDir)));
  if (privateKey.asymmetricKeyType !== 'x25519')
    throw new TypeError(`${kexKeyFile(dataDir)} is not an X25519 key`);
  const publicKey = createPublicKey(privateKey);
  return { kid: keyId(publicKey), privateKey, publicKey };
}
