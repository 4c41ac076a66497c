/** Test nodes with real keys: node id, Ed25519 signing key, X25519 key, and their key set. */
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { keyEntry, signingKey, type KeySet, type SigningKey } from '../keyset.ts';
import { kexPrivateKey, kexPublicKey, type KexPrivateKey, type KexPublicKey } from '../seal.ts';
import type { Item, StreamId } from '../protocol.ts';
import { exampleIncident } from '../../objects/fixtures.ts';

export const KEYS_FROM = '2025-01-01T00:00:00Z';

export interface TestPeer {
  node: string;
  publicKey: KeyObject;
  sig: SigningKey;
  kex: KexPrivateKey;
  kexPublic: KexPublicKey;
  keyset: KeySet;
}

export function makePeer(from = KEYS_FROM): TestPeer {
  const ed = generateKeyPairSync('ed25519');
  const x = generateKeyPairSync('x25519');
  const node = randomUUID();
  return {
    node,
    publicKey: ed.publicKey,
    sig: signingKey(ed.privateKey, from),
    kex: kexPrivateKey(x.privateKey),
    kexPublic: kexPublicKey(x.publicKey),
    keyset: {
      node,
      version: 1,
      keys: [keyEntry(ed.publicKey, 'sig', from), keyEntry(x.publicKey, 'kex', from)],
      revocations: [],
    },
  };
}

export function streamOf(
  sender: TestPeer,
  receiver: TestPeer,
  agreement = 'agreement-bfa-sen-2026',
): StreamId {
  return { sender: sender.node, receiver: receiver.node, agreement };
}

/** A put of the example incident (optionally with overrides). */
export function putItem(overrides: Record<string, unknown> = {}): Item {
  return { kind: 'put', priority: 'routine', object: exampleIncident(overrides) };
}
