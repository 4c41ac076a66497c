/**
 * Signed item envelopes ([FED-3], [FED-16]–[FED-19], [FED-29] of docs/sync-spec.md): a COSE_Sign1
 * whose protected header carries the protocol version, the stream tag (a 64-bit commitment to
 * sender, receiver and agreement), the epoch, the sequence, the key id and the signing time, and
 * whose payload is the item in the compact encoding. The full stream id may ride in the
 * unprotected header as a routing hint ("wide" form); it is trusted only once it matches the tag.
 *
 * verify() judges, in this order: size, structure, version, key known, signature, key revoked,
 * key valid at the signed time, stream, payload. Claims of an envelope (time, stream) are looked
 * at only after its signature verifies.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../core/clock.ts';
import type { Issue } from '../core/errors.ts';
import { encodeCbor, sameBytes, type CborValue } from './cbor.ts';
import { CompactError, decodeCompact, encodeCompact, type CompactValue } from './compact.ts';
import { CoseError, HEADER_KIND, LABEL_SNT, parseSign1, signSign1, verifySign1, type Sign1 } from './cose.ts';
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
  PROTOCOL_VERSION,
  isAgreementId,
  isSupportedVersion,
  isNodeId,
  validateItem,
  type Item,
  type NackReason,
  type Position,
  type StreamId,
} from './protocol.ts';

/** SHA-256 over the canonical CBOR of the stream id, first 8 bytes. */
export function streamTag(stream: StreamId): Uint8Array {
  return new Uint8Array(
    createHash('sha256')
      .update(encodeCbor(['sentinelle/stream/v1', stream.sender, stream.receiver, stream.agreement]))
      .digest()
      .subarray(0, 8),
  );
}

/** First 8 bytes of SHA-256 of an envelope as received: names it in nacks and audit records. */
export function envelopeDigest(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest().subarray(0, 8));
}

export interface SignOptions {
  /** Omit the routing hint (narrow links: the receiver maps the tag to its stream itself). */
  narrow?: boolean;
}

/**
 * Signs one item at (stream, epoch, seq) with the node's current signing key. Throws when the key
 * is not valid at the clock's time ([FED-17]: a signer never dates a signature outside its key's
 * validity) or when the item does not validate.
 */
export function sign(
  item: Item,
  at: { stream: StreamId; epoch: number; seq: number },
  key: SigningKey,
  clock: Clock,
  options: SignOptions = {},
): Uint8Array {
  const checked = validateItem(item);
  if (!checked.ok)
    throw new TypeError(`invalid item: ${checked.issues.map((i) => `${i.path} ${i.code}`).join('; ')}`);
  if (!Number.isSafeInteger(at.epoch) || at.epoch < 1 || at.epoch > LIMITS.maxEpoch)
    throw new RangeError('epoch');
  if (!Number.isSafeInteger(at.seq) || at.seq < 1) throw new RangeError('seq');
  const iat = assertSigningTime(key, clock);
  const payload = encodeCompact(item as unknown as CompactValue);
  const unprotected = new Map<number | string, CborValue>();
  if (!options.narrow)
    unprotected.set(LABEL_SNT, [at.stream.sender, at.stream.receiver, at.stream.agreement]);
  return signSign1(
    kidBytes(key.kid),
    [PROTOCOL_VERSION, HEADER_KIND.item, streamTag(at.stream), at.epoch, at.seq, iat],
    payload,
    key.privateKey,
    unprotected,
  );
}

/** What an envelope claims about itself, before any verification (routing, audit). */
export interface Claims {
  kid: string;
  tag: Uint8Array;
  epoch: number;
  seq: number;
  signedAt: Date;
  /** The routing hint of the wide form, unverified. */
  stream?: StreamId;
}

export type VerifyFailure = Extract<
  NackReason,
  | 'too_large'
  | 'malformed'
  | 'unsupported_version'
  | 'unknown_key'
  | 'bad_signature'
  | 'revoked_key'
  | 'key_not_valid'
  | 'wrong_stream'
>;

export interface VerifiedItem {
  stream: StreamId;
  epoch: number;
  seq: number;
  kid: string;
  /** The signing time from the signed header. */
  signedAt: Date;
  item: Item;
  digest: Uint8Array;
}

export type VerifyResult =
  | { ok: true; value: VerifiedItem }
  | { ok: false; reason: VerifyFailure; digest: Uint8Array; claimed?: Position; issues?: Issue[] };

type Parsed =
  | { ok: true; s: Sign1; claims: Claims }
  | { ok: false; reason: 'malformed' | 'unsupported_version'; detail: string };

function parseItemEnvelope(bytes: Uint8Array): Parsed {
  let s: Sign1;
  try {
    s = parseSign1(bytes);
  } catch (e) {
    return { ok: false, reason: 'malformed', detail: e instanceof CoseError ? e.message : 'COSE' };
  }
  const p = s.params;
  if (!isSupportedVersion(p[0]))
    return {
      ok: false,
      reason: 'unsupported_version',
      detail: `version ${typeof p[0] === 'number' ? p[0] : '?'}`,
    };
  const [, kind, tag, epoch, seq, iat] = p;
  if (
    kind !== HEADER_KIND.item ||
    p.length !== 6 ||
    !(tag instanceof Uint8Array) ||
    tag.length !== 8 ||
    !isPositiveInt(epoch, LIMITS.maxEpoch) ||
    !isPositiveInt(seq, LIMITS.maxSeq) ||
    typeof iat !== 'number' ||
    !Number.isSafeInteger(iat)
  ) {
    return { ok: false, reason: 'malformed', detail: 'item header' };
  }
  const claims: Claims = { kid: kidText(s.kid), tag, epoch, seq, signedAt: new Date(iat * 1000) };
  const hint = s.unprotected.get(LABEL_SNT);
  if (s.unprotected.size > 1 || (s.unprotected.size === 1 && hint === undefined)) {
    return { ok: false, reason: 'malformed', detail: 'unprotected header' };
  }
  if (hint !== undefined) {
    if (
      !Array.isArray(hint) ||
      hint.length !== 3 ||
      !isNodeId(hint[0]) ||
      !isNodeId(hint[1]) ||
      !isAgreementId(hint[2])
    ) {
      return { ok: false, reason: 'malformed', detail: 'routing hint' };
    }
    claims.stream = { sender: hint[0], receiver: hint[1], agreement: hint[2] };
  }
  return { ok: true, s, claims };
}

function isPositiveInt(v: unknown, max: number): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 && v <= max;
}

/** The claims of an item envelope, or null when it is not one (nothing is verified). */
export function inspect(envelope: Uint8Array): Claims | null {
  if (envelope.length > LIMITS.maxEnvelopeBytes) return null;
  const p = parseItemEnvelope(envelope);
  return p.ok ? p.claims : null;
}

/**
 * [FED-16]–[FED-19][FED-29] Verifies an item envelope against the sender's key set and the stream
 * the receiver expects. Key validity is judged at the signed signing time, so no decision depends
 * on the receiver's clock. Replay is not judged here: see classify() in protocol.ts.
 */
export function verify(envelope: Uint8Array, keyset: KeySet, expect: StreamId): VerifyResult {
  const digest = envelopeDigest(envelope);
  if (envelope.length > LIMITS.maxEnvelopeBytes) return { ok: false, reason: 'too_large', digest };
  const p = parseItemEnvelope(envelope);
  if (!p.ok)
    return {
      ok: false,
      reason: p.reason,
      digest,
      issues: [{ path: '', code: 'fed.malformed', params: { detail: p.detail } }],
    };
  const { s, claims } = p;
  const claimed = { epoch: claims.epoch, seq: claims.seq };
  const entry =
    keyset.node === expect.sender
      ? keyset.keys.find((k) => k.kid === claims.kid && k.use === 'sig')
      : undefined;
  if (!entry) return { ok: false, reason: 'unknown_key', digest, claimed };
  if (!verifySign1(s, publicKeyOf(entry))) return { ok: false, reason: 'bad_signature', digest, claimed };
  const status = keyStatus(keyset, claims.kid, claims.signedAt).status;
  if (status === 'revoked') return { ok: false, reason: 'revoked_key', digest, claimed };
  if (status !== 'valid') return { ok: false, reason: 'key_not_valid', digest, claimed };
  if (!sameBytes(claims.tag, streamTag(expect)))
    return { ok: false, reason: 'wrong_stream', digest, claimed };
  if (claims.stream && !sameStream(claims.stream, expect))
    return { ok: false, reason: 'wrong_stream', digest, claimed };
  let decoded: CompactValue;
  try {
    decoded = decodeCompact(s.payload);
  } catch (e) {
    const reason = e instanceof CompactError ? e.reason : 'malformed';
    return {
      ok: false,
      reason,
      digest,
      claimed,
      issues: [{ path: '', code: 'fed.malformed', params: { detail: (e as Error).message } }],
    };
  }
  const item = validateItem(decoded);
  if (!item.ok) return { ok: false, reason: 'malformed', digest, claimed, issues: item.issues };
  return {
    ok: true,
    value: {
      stream: expect,
      epoch: claims.epoch,
      seq: claims.seq,
      kid: claims.kid,
      signedAt: claims.signedAt,
      item: item.value,
      digest,
    },
  };
}

export function sameStream(a: StreamId, b: StreamId): boolean {
  return a.sender === b.sender && a.receiver === b.receiver && a.agreement === b.agreement;
}
