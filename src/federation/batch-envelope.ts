/**
 * Batch envelopes (protocol v2, [FED-86]–[FED-91] of docs/sync-spec.md): one signature for a run
 * of consecutive items of one stream. The signed batch header is a COSE_Sign1 whose protected
 * parameters carry the version, the stream tag, the epoch, the first and last sequence numbers
 * and the signing time, and whose payload is the list of item digests (first 16 bytes of
 * SHA-256 of each item's compact bytes, in sequence order). Items travel beside the header, so
 * any contiguous part of a run can be sent again with the same header, and each item is
 * verified on its own against its digest: a tampered or misplaced item fails alone.
 *
 * Frame (one member of an `envelope` message's list): CBOR `[header, offset, [item bytes…]]`,
 * the items being those at seq `first + offset` onwards.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../core/clock.ts';
import { decodeCbor, encodeCbor, sameBytes, type CborValue } from './cbor.ts';
import { CompactError, decodeCompact, encodeCompact, type CompactValue } from './compact.ts';
import { CoseError, HEADER_KIND, LABEL_SNT, parseSign1, signSign1, verifySign1, type Sign1 } from './cose.ts';
import { envelopeDigest, streamTag, type VerifiedItem, type VerifyFailure } from './envelope.ts';
import {
  assertSigningTime,
  keyStatus,
  kidBytes,
  kidText,
  publicKeyOf,
  type KeySet,
  type SigningKey,
} from './keyset.ts';
import {
  LIMITS,
  isAgreementId,
  isNodeId,
  validateItem,
  type Item,
  type Nack,
  type StreamId,
} from './protocol.ts';

/** [FED-86] Version written in batch headers (v1 has no batch form). */
export const BATCH_VERSION = 2;
/** [FED-86] Bytes of an item digest in the header. */
export const ITEM_DIGEST_BYTES = 16;

/** The digest of one item's compact bytes, as listed in the batch header. */
export function itemDigest(itemBytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(itemBytes).digest().subarray(0, ITEM_DIGEST_BYTES));
}

export interface SignedBatch {
  /** The COSE_Sign1 batch header. */
  header: Uint8Array;
  /** Compact bytes of each item, in sequence order (`first`, `first + 1`, …). */
  items: Uint8Array[];
}

/**
 * [FED-86] Signs a run of items at (stream, epoch, first…first + n − 1) with one signature.
 * Throws when an item does not validate or the key is not valid now ([FED-17]).
 */
export function signBatch(
  items: readonly Item[],
  at: { stream: StreamId; epoch: number; first: number },
  key: SigningKey,
  clock: Clock,
): SignedBatch {
  if (items.length === 0) throw new RangeError('empty batch');
  const encoded = items.map(encodeCheckedItem);
  return { header: signBatchHeader(encoded, at, key, clock), items: encoded };
}

/** An item's batch bytes once it validates (throws a TypeError otherwise): never sign a bad item. */
export function encodeCheckedItem(item: Item): Uint8Array {
  const checked = validateItem(item);
  if (!checked.ok)
    throw new TypeError(`invalid item: ${checked.issues.map((i) => `${i.path} ${i.code}`).join('; ')}`);
  return encodeItemBytes(item);
}

/**
 * [FED-93] Largest item kept without its own DEFLATE in a batch: below it the item's compact bytes
 * stay uncompressed, so that the message carrying the frame compresses the items together.
 */
export const ITEM_UNCOMPRESSED_MAX = 64 * 1024;

/**
 * [FED-93] The compact bytes of one batch item: uncompressed when small, so that the DEFLATE of
 * the message ([FED-25]) finds what items of a run share (compressed one by one, each starts
 * afresh from the preset dictionary); a large item keeps its own compression when shorter.
 */
export function encodeItemBytes(item: Item): Uint8Array {
  const plain = encodeCompact(item as unknown as CompactValue, { compress: 'never' });
  return plain.length <= ITEM_UNCOMPRESSED_MAX ? plain : encodeCompact(item as unknown as CompactValue);
}

/** [FED-90] Signs (again) the header of a run of already encoded items: same items, same positions. */
export function signBatchHeader(
  encoded: readonly Uint8Array[],
  at: { stream: StreamId; epoch: number; first: number },
  key: SigningKey,
  clock: Clock,
): Uint8Array {
  if (!Number.isSafeInteger(at.epoch) || at.epoch < 1 || at.epoch > LIMITS.maxEpoch)
    throw new RangeError('epoch');
  if (!Number.isSafeInteger(at.first) || at.first < 1) throw new RangeError('seq');
  if (encoded.length === 0 || encoded.length > LIMITS.maxBatchEnvelopes) throw new RangeError('batch size');
  const iat = assertSigningTime(key, clock);
  const digests = new Uint8Array(encoded.length * ITEM_DIGEST_BYTES);
  encoded.forEach((b, i) => digests.set(itemDigest(b), i * ITEM_DIGEST_BYTES));
  const last = at.first + encoded.length - 1;
  const unprotected = new Map<number | string, CborValue>([
    [LABEL_SNT, [at.stream.sender, at.stream.receiver, at.stream.agreement]],
  ]);
  return signSign1(
    kidBytes(key.kid),
    [BATCH_VERSION, HEADER_KIND.batch, streamTag(at.stream), at.epoch, at.first, last, iat],
    digests,
    key.privateKey,
    unprotected,
  );
}

/** [FED-87] The frame carrying `items` (those at seq first + offset onwards) with their header. */
export function encodeFrame(header: Uint8Array, offset: number, items: readonly Uint8Array[]): Uint8Array {
  return encodeCbor([header, offset, [...items]]);
}

/** True when `bytes` look like a batch frame (a CBOR array of three), not a single envelope. */
export function isFrame(bytes: Uint8Array): boolean {
  return bytes.length > 0 && bytes[0] === 0x83;
}

export interface FrameClaims {
  stream?: StreamId;
  epoch: number;
  first: number;
  last: number;
}

interface ParsedFrame {
  s: Sign1;
  kid: string;
  tag: Uint8Array;
  epoch: number;
  first: number;
  last: number;
  signedAt: Date;
  hint?: StreamId;
  offset: number;
  items: Uint8Array[];
}

function parseFrame(bytes: Uint8Array): ParsedFrame | { fail: 'malformed' | 'unsupported_version' } {
  let top: CborValue;
  try {
    top = decodeCbor(bytes);
  } catch {
    return { fail: 'malformed' };
  }
  if (!Array.isArray(top) || top.length !== 3) return { fail: 'malformed' };
  const [header, offset, list] = top;
  if (
    !(header instanceof Uint8Array) ||
    typeof offset !== 'number' ||
    !Number.isSafeInteger(offset) ||
    offset < 0
  )
    return { fail: 'malformed' };
  if (!Array.isArray(list) || list.length === 0 || !list.every((x) => x instanceof Uint8Array))
    return { fail: 'malformed' };
  let s: Sign1;
  try {
    s = parseSign1(header);
  } catch (e) {
    if (e instanceof CoseError) return { fail: 'malformed' };
    throw e;
  }
  const p = s.params;
  if (p[0] !== BATCH_VERSION) return { fail: 'unsupported_version' };
  const [, kind, tag, epoch, first, last, iat] = p;
  if (
    p.length !== 7 ||
    kind !== HEADER_KIND.batch ||
    !(tag instanceof Uint8Array) ||
    tag.length !== 8 ||
    !isInt(epoch, 1, LIMITS.maxEpoch) ||
    !isInt(first, 1, LIMITS.maxSeq) ||
    !isInt(last, first, LIMITS.maxSeq) ||
    typeof iat !== 'number' ||
    !Number.isSafeInteger(iat) ||
    s.payload.length !== (last - first + 1) * ITEM_DIGEST_BYTES ||
    offset + list.length > last - first + 1
  )
    return { fail: 'malformed' };
  const hint = s.unprotected.get(LABEL_SNT);
  if (s.unprotected.size !== 1 || !Array.isArray(hint) || hint.length !== 3) return { fail: 'malformed' };
  if (!isNodeId(hint[0]) || !isNodeId(hint[1]) || !isAgreementId(hint[2])) return { fail: 'malformed' };
  return {
    s,
    kid: kidText(s.kid),
    tag,
    epoch,
    first,
    last,
    signedAt: new Date(iat * 1000),
    hint: { sender: hint[0], receiver: hint[1], agreement: hint[2] },
    offset,
    items: list,
  };
}

function isInt(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;
}

/** What a frame claims about itself (routing), before any verification; null when not a frame. */
export function inspectFrame(bytes: Uint8Array): FrameClaims | null {
  if (bytes.length > LIMITS.maxEnvelopeBytes) return null;
  const p = parseFrame(bytes);
  if ('fail' in p) return null;
  return { ...(p.hint ? { stream: p.hint } : {}), epoch: p.epoch, first: p.first, last: p.last };
}

export type FrameItem = { ok: true; value: VerifiedItem } | { ok: false; nack: Nack };

export type FrameResult =
  | { ok: true; items: FrameItem[] }
  | { ok: false; reason: VerifyFailure; digest: Uint8Array; claimed?: { epoch: number; seq: number } };

/**
 * [FED-88][FED-89] Verifies a frame against the sender's key set and the stream expected: the
 * header in the order of [FED-29] (size, structure, version, key, signature, revocation,
 * validity, stream) — a failure there refuses the whole frame, whose claims are not looked at —
 * then each item against its digest (`bad_signature` when it differs: tampered or misplaced)
 * and its content (`malformed`, which consumes the position like a single envelope's).
 */
export function verifyFrame(bytes: Uint8Array, keyset: KeySet, expect: StreamId): FrameResult {
  const digest = envelopeDigest(bytes);
  if (bytes.length > LIMITS.maxEnvelopeBytes) return { ok: false, reason: 'too_large', digest };
  const p = parseFrame(bytes);
  if ('fail' in p) return { ok: false, reason: p.fail, digest };
  const claimed = { epoch: p.epoch, seq: p.first + p.offset };
  const entry =
    keyset.node === expect.sender ? keyset.keys.find((k) => k.kid === p.kid && k.use === 'sig') : undefined;
  if (!entry) return { ok: false, reason: 'unknown_key', digest, claimed };
  if (!verifySign1(p.s, publicKeyOf(entry))) return { ok: false, reason: 'bad_signature', digest, claimed };
  const status = keyStatus(keyset, p.kid, p.signedAt).status;
  if (status === 'revoked') return { ok: false, reason: 'revoked_key', digest, claimed };
  if (status !== 'valid') return { ok: false, reason: 'key_not_valid', digest, claimed };
  if (!sameBytes(p.tag, streamTag(expect))) return { ok: false, reason: 'wrong_stream', digest, claimed };
  if (p.hint && !sameStream(p.hint, expect)) return { ok: false, reason: 'wrong_stream', digest, claimed };
  const items = p.items.map((itemBytes, i): FrameItem => {
    const index = p.offset + i;
    const seq = p.first + index;
    const d = envelopeDigest(itemBytes);
    const listed = p.s.payload.subarray(index * ITEM_DIGEST_BYTES, (index + 1) * ITEM_DIGEST_BYTES);
    if (!sameBytes(itemDigest(itemBytes), listed))
      return { ok: false, nack: { epoch: p.epoch, seq, digest: d, reason: 'bad_signature' } };
    let decoded: CompactValue;
    try {
      decoded = decodeCompact(itemBytes);
    } catch (e) {
      const reason = e instanceof CompactError ? e.reason : 'malformed';
      return { ok: false, nack: { epoch: p.epoch, seq, digest: d, reason } };
    }
    const item = validateItem(decoded);
    if (!item.ok) return { ok: false, nack: { epoch: p.epoch, seq, digest: d, reason: 'malformed' } };
    return {
      ok: true,
      value: {
        stream: expect,
        epoch: p.epoch,
        seq,
        kid: p.kid,
        signedAt: p.signedAt,
        item: item.value,
        digest: d,
      },
    };
  });
  return { ok: true, items };
}

function sameStream(a: StreamId, b: StreamId): boolean {
  return a.sender === b.sender && a.receiver === b.receiver && a.agreement === b.agreement;
}
