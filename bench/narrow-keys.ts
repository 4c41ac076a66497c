/**
 * The keys and stream of the compact benches (federation-compact.ts, federation-form.ts): a
 * sender's Ed25519 signing key and X25519 key-agreement key published in its key set, the
 * receiver's key-agreement key, a stream between two fresh node ids, and a clock.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { manualClock } from '../src/core/clock.ts';
import { keyEntry, signingKey, type KeySet } from '../src/federation/keyset.ts';

export function narrowKeys() {
  const ed = generateKeyPairSync('ed25519');
  const x = generateKeyPairSync('x25519');
  const rx = generateKeyPairSync('x25519');
  const key = signingKey(ed.privateKey, '2025-01-01T00:00:00Z');
  const clock = manualClock('2026-02-01T08:00:00Z');
  const stream = { sender: randomUUID(), receiver: randomUUID(), agreement: 'agreement-bfa-sen-2026' };
  const keyset: KeySet = {
    node: stream.sender,
    version: 1,
    keys: [
      keyEntry(ed.publicKey, 'sig', '2025-01-01T00:00:00Z'),
      keyEntry(x.publicKey, 'kex', '2025-01-01T00:00:00Z'),
    ],
    revocations: [],
  };
  return { ed, x, rx, key, clock, stream, keyset };
}
