/**
 * Signed fragments for links with a small message size ([FED-24] of docs/sync-spec.md): an item
 * too large for one message (Iridium SBD MT: 270 bytes) is cut into pieces, each a COSE_Sign1
 * signed by the sender whose protected header carries the message id (first 8 bytes of SHA-256 of
 * the whole), the index and the count. A forged fragment is refused on arrival, so it can neither
 * take the place of a genuine one nor fill the receiver's memory with junk.
 *
 * Reassembly takes fragments in any order, drops duplicates, waits for missing ones, and checks
 * the whole against its message id; the caller then unseals and verifies the item end to end
 * (a fragment has no signing time: key validity is judged on the reassembled item). Fragment
 * dedupe is only an optimisation: exactly-once comes from the stream ([FED-6], [FED-8]).
 */
import { createHash, type KeyObject } from 'node:crypto';
import { HEADER_KIND, parseSign1, signSign1, verifySign1 } from './cose.ts';
import { kidBytes, kidText, type SigningKey } from './keyset.ts';
import { PROTOCOL_VERSION, isSupportedVersion } from './protocol.ts';

/** Iridium SBD: mobile-terminated (to the terminal) and mobile-originated message sizes. */
export const SBD_MT_BYTES = 270;
export const SBD_MO_BYTES = 340;
export const MAX_FRAGMENTS = 4096;

function messageId(message: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(message).digest().subarray(0, 8));
}

function build(key: SigningKey, id: Uint8Array, index: number, count: number, chunk: Uint8Array): Uint8Array {
  return signSign1(
    kidBytes(key.kid),
    [PROTOCOL_VERSION, HEADER_KIND.fragment, id, index, count],
    chunk,
    key.privateKey,
  );
}

/**
 * Cuts `message` into signed fragments of at most `cap` bytes each (sizes computed exactly, so
 * every fragment but the last is as full as the cap allows). Throws when the cap leaves no room
 * for data or the message would need more than MAX_FRAGMENTS pieces.
 */
export function fragment(message: Uint8Array, key: SigningKey, cap: number): Uint8Array[] {
  if (message.length === 0) throw new RangeError('nothing to fragment');
  const id = messageId(message);
  // Overhead depends on the count's and index's encoded widths and on the chunk length's header:
  // iterate to the fixed point (at most a few rounds).
  let count = 1;
  for (;;) {
    // Size with an empty chunk (1-byte payload header); a chunk of 24–255 bytes needs 1 more
    // header byte, 256 or more needs 2 (RFC 8949 §3).
    const base = build(key, id, count - 1, count, new Uint8Array(0)).length;
    let chunk = cap - base;
    if (chunk >= 24) chunk = cap - base - 1;
    if (chunk >= 256) chunk = cap - base - 2;
    if (chunk < 1) throw new RangeError(`cap ${cap} leaves no room for data`);
    const needed = Math.max(1, Math.ceil(message.length / chunk));
    if (needed > MAX_FRAGMENTS) throw new RangeError('too many fragments');
    if (needed === count) {
      const out: Uint8Array[] = [];
      for (let i = 0; i < count; i++)
        out.push(build(key, id, i, count, message.subarray(i * chunk, (i + 1) * chunk)));
      return out;
    }
    count = needed;
  }
}

/** The message itself when it fits in `cap`, else its signed fragments. */
export function forLink(message: Uint8Array, key: SigningKey, cap: number): Uint8Array[] {
  return message.length <= cap ? [message] : fragment(message, key, cap);
}

/** Candidate public keys for a key id (several peers may share a 4-byte id); `id` names the signer. */
export type FragmentKeys = (kid: string) => readonly { id: string; publicKey: KeyObject }[];

export type FragmentResult =
  | {
      status: 'rejected';
      reason: 'malformed' | 'unsupported_version' | 'unknown_key' | 'bad_signature' | 'too_large';
    }
  | { status: 'duplicate'; msgid: string }
  | { status: 'pending'; msgid: string; have: number; count: number }
  | { status: 'complete'; msgid: string; message: Uint8Array; signer: string };

export interface ReassemblerOptions {
  /** Messages in reassembly at once; the oldest started is dropped beyond (its sender re-sends). */
  maxPending?: number;
  /** Largest reassembled message. */
  maxMessageBytes?: number;
  /** Completed message ids remembered to answer late duplicates. */
  rememberCompleted?: number;
}

interface Pending {
  count: number;
  chunks: (Uint8Array | undefined)[];
  have: number;
  bytes: number;
}

/** Is this a fragment (by its header), without verifying anything? */
export function isFragment(bytes: Uint8Array): boolean {
  try {
    const s = parseSign1(bytes);
    return isSupportedVersion(s.params[0]) && s.params[1] === HEADER_KIND.fragment;
  } catch {
    return false;
  }
}

export class Reassembler {
  private readonly pending = new Map<string, Pending>();
  private readonly completed = new Set<string>();
  private readonly maxPending: number;
  private readonly maxMessageBytes: number;
  private readonly rememberCompleted: number;

  constructor(
    private readonly keysFor: FragmentKeys,
    options: ReassemblerOptions = {},
  ) {
    this.maxPending = options.maxPending ?? 256;
    this.maxMessageBytes = options.maxMessageBytes ?? 4 * 1024 * 1024;
    this.rememberCompleted = options.rememberCompleted ?? 4096;
  }

  /** Messages currently waiting for fragments. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Takes one fragment; returns what became of it. */
  accept(bytes: Uint8Array): FragmentResult {
    let s;
    try {
      s = parseSign1(bytes);
    } catch {
      return { status: 'rejected', reason: 'malformed' };
    }
    if (!isSupportedVersion(s.params[0])) return { status: 'rejected', reason: 'unsupported_version' };
    const [, kind, id, index, count] = s.params;
    if (
      kind !== HEADER_KIND.fragment ||
      s.params.length !== 5 ||
      !(id instanceof Uint8Array) ||
      id.length !== 8 ||
      typeof count !== 'number' ||
      !Number.isSafeInteger(count) ||
      count < 1 ||
      count > MAX_FRAGMENTS ||
      typeof index !== 'number' ||
      !Number.isSafeInteger(index) ||
      index < 0 ||
      index >= count ||
      s.unprotected.size !== 0 ||
      s.payload.length === 0
    ) {
      return { status: 'rejected', reason: 'malformed' };
    }
    const candidates = this.keysFor(kidText(s.kid));
    if (candidates.length === 0) return { status: 'rejected', reason: 'unknown_key' };
    const signer = candidates.find((c) => verifySign1(s, c.publicKey));
    if (!signer) return { status: 'rejected', reason: 'bad_signature' };

    // State is per (signer, message id): one peer cannot disturb another's reassembly.
    const msgid = Buffer.from(id).toString('hex');
    const slot = `${signer.id} ${msgid}`;
    if (this.completed.has(slot)) return { status: 'duplicate', msgid };
    let p = this.pending.get(slot);
    if (!p) {
      if (count * s.payload.length > this.maxMessageBytes + s.payload.length)
        return { status: 'rejected', reason: 'too_large' };
      p = { count, chunks: new Array<Uint8Array | undefined>(count).fill(undefined), have: 0, bytes: 0 };
      this.pending.set(slot, p);
      this.evict();
    }
    if (p.count !== count) return { status: 'rejected', reason: 'malformed' };
    if (p.chunks[index] !== undefined) return { status: 'duplicate', msgid };
    if (p.bytes + s.payload.length > this.maxMessageBytes) {
      this.pending.delete(slot);
      return { status: 'rejected', reason: 'too_large' };
    }
    p.chunks[index] = new Uint8Array(s.payload);
    p.have++;
    p.bytes += s.payload.length;
    if (p.have < p.count) return { status: 'pending', msgid, have: p.have, count: p.count };

    this.pending.delete(slot);
    const message = new Uint8Array(Buffer.concat(p.chunks as Uint8Array[]));
    // Every piece was signed, so a mismatch is the sender's fault: refuse the whole.
    if (Buffer.compare(messageId(message), id) !== 0) return { status: 'rejected', reason: 'malformed' };
    this.completed.add(slot);
    if (this.completed.size > this.rememberCompleted) {
      const oldest = this.completed.values().next().value;
      if (oldest !== undefined) this.completed.delete(oldest);
    }
    return { status: 'complete', msgid, message, signer: signer.id };
  }

  private evict(): void {
    while (this.pending.size > this.maxPending) {
      const oldest = this.pending.keys().next().value;
      if (oldest === undefined) return;
      this.pending.delete(oldest);
    }
  }
}
