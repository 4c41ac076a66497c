/**
 * Narrow-link envelope profile ([FED-74]–[FED-80] of docs/sync-spec.md): one item per Iridium SBD
 * message (270 bytes mobile-terminated) when it fits, signed fragments otherwise. Same meaning as
 * the COSE envelope of envelope.ts (same stream, epoch, sequence, key, signing time and item; the
 * engine gets the same VerifiedItem), fewer bytes:
 *
 *   signed  = H ‖ payload ‖ Ed25519 signature (64)
 *   sealed  = H' ‖ SIV-encrypt(payload ‖ signature) ‖ tag (16)
 *   H (v2, v3) = [version | form | key index] ‖ stream index ‖ epoch ‖ seq ‖ signing minute (LEB128)
 *   H (v1)  = form byte ‖ key index ‖ stream index ‖ epoch ‖ seq ‖ signing minute (CBOR unsigned ints)
 *
 * The key index is the key's position in the signer's published key set, the stream index the
 * stream's position in the link's stream table (both ends configure the same table from their
 * agreement); the signature covers the full 64-bit stream tag, the full key id and H, so an
 * index resolved to the wrong stream or key fails verification. The payload is the item in the
 * compact encoding: profile v3 writes dictionary v4 without its frame byte, its first time counted
 * from the signing minute, and signs the digest of the link's local id table too ([FED-94]–[FED-99]);
 * profile v2 (still read) dictionary v3 without its frame byte ([FED-84]); profile v1 (still read)
 * the whole compact v2 frame.
 *
 * Sealing ([FED-77]): a static pair key, HKDF-SHA256 over X25519 of the two nodes' long-term
 * key-agreement keys, salted with the stream tag (one key per direction and stream); the cipher
 * is the SIV construction (RFC 5297's design: the IV is a PRF of header and plaintext, and doubles
 * as the tag) with HMAC-SHA256 as PRF and AES-256-CTR, so no nonce is sent and none can repeat.
 */
import {
  createCipheriv,
  createHash,
  createHmac,
  createPublicKey,
  diffieHellman,
  hkdfSync,
  sign as edSign,
  timingSafeEqual,
  verify as edVerify,
  type KeyObject,
} from 'node:crypto';
import type { Clock } from '../core/clock.ts';
import type { Issue } from '../core/errors.ts';
import { encodeCbor } from './cbor.ts';
import { CompactError, decodeCompact, encodeCompact, type CompactValue } from './compact.ts';
import { DICTIONARY_V2 } from './dictionary-v2.ts';
import { DICTIONARY_V3 } from './dictionary-v3.ts';
import { DICTIONARY_V4 } from './dictionary-v4.ts';
import type { Dictionary } from './dictionary.ts';
import { envelopeDigest, streamTag, type VerifiedItem } from './envelope.ts';
import {
  assertSigningTime,
  keyStatus,
  kidBytes,
  publicKeyOf,
  type KeySet,
  type SigningKey,
} from './keyset.ts';
import {
  classify,
  LIMITS,
  validateItem,
  type Cursor,
  type Item,
  type NodeId,
  type StreamId,
} from './protocol.ts';
import { forLink, SBD_MT_BYTES } from './fragments.ts';
import type { KexPrivateKey } from './seal.ts';

/** Profile version written (high nibble of the first byte); a new layout is a new version. */
export const NARROW_VERSION = 3;
/** Every profile version openNarrow reads. */
export type NarrowVersion = 1 | 2 | 3;
export const FORM = Object.freeze({ signed: 0, sealed: 1 });
const SIG_BYTES = 64;
export const SIV_TAG_BYTES = 16;
/**
 * [FED-75] Signing time unit: minutes since 2020-01-01T00:00:00Z (v1), since
 * 2025-01-01T00:00:00Z (v2, [FED-84]: three LEB128 bytes until the end of 2028, four after).
 */
const MINUTE_EPOCH_MS: Readonly<Record<NarrowVersion, number>> = {
  1: Date.UTC(2020, 0, 1),
  2: Date.UTC(2025, 0, 1),
  3: Date.UTC(2025, 0, 1),
};
/** The signing minute of a header in Unix seconds. */
function signingSeconds(version: NarrowVersion, minute: number): number {
  return MINUTE_EPOCH_MS[version] / 1000 + minute * 60;
}

const DOMAIN: Readonly<Record<NarrowVersion, string>> = {
  1: 'sentinelle/narrow/v1',
  2: 'sentinelle/narrow/v2',
  3: 'sentinelle/narrow/v3',
};
const SEAL_INFO = 'sentinelle/narrow/seal/v1';
/**
 * v2 and on: the payload is a compact frame without its frame byte (no compression), of the
 * dictionary the profile version implies ([FED-84]; v3: dictionary v4, [FED-94]).
 */
const PAYLOAD_DICTIONARY: Readonly<Record<2 | 3, Dictionary>> = { 2: DICTIONARY_V3, 3: DICTIONARY_V4 };

/** What both ends of a narrow link configure identically (from their agreement). */
export interface NarrowLink {
  /** The link's streams, both directions: a stream travels as its index in this table. */
  streams: readonly StreamId[];
  /** Ids both nodes know (identities, marking definitions): small integers in the payload ([FED-73]). */
  localIds?: readonly string[];
}

export interface NarrowPosition {
  stream: StreamId;
  epoch: number;
  seq: number;
}

interface Header {
  version: NarrowVersion;
  form: number;
  keyIndex: number;
  streamIndex: number;
  epoch: number;
  seq: number;
  minute: number;
  /** Length of H in bytes. */
  length: number;
}

// ---------------------------------------------------------------------------------------------
// Header: CBOR unsigned integers in shortest form (RFC 8949 §4.2.1).

function uint(n: number): number[] {
  if (n < 24) return [n];
  if (n < 0x100) return [24, n];
  if (n < 0x10000) return [25, n >> 8, n & 0xff];
  const bytes = (size: number) =>
    Array.from({ length: size }, (_, i) => Math.floor(n / 256 ** (size - 1 - i)) % 256);
  if (n < 0x100000000) return [26, ...bytes(4)];
  if (Number.isSafeInteger(n)) return [27, ...bytes(8)];
  throw new RangeError('header value too large');
}

function readUint(b: Uint8Array, pos: number): { value: number; next: number } | undefined {
  if (pos >= b.length) return undefined;
  const ib = b[pos]!;
  if (ib >> 5 !== 0) return undefined;
  const info = ib & 0x1f;
  if (info < 24) return { value: info, next: pos + 1 };
  const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0;
  if (size === 0 || pos + 1 + size > b.length) return undefined;
  let value = 0;
  for (let i = 0; i < size; i++) value = value * 256 + b[pos + 1 + i]!;
  if (!Number.isSafeInteger(value)) return undefined;
  // Shortest form only: one header, one encoding.
  if (uint(value).length !== size + 1) return undefined;
  return { value, next: pos + 1 + size };
}

/** LEB128 unsigned varint (7 bits a byte, low first). */
function varint(n: number): number[] {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError('header value');
  const out: number[] = [];
  do {
    const low = n % 128;
    n = Math.floor(n / 128);
    out.push(n > 0 ? low | 0x80 : low);
  } while (n > 0);
  return out;
}

function readVarint(b: Uint8Array, pos: number): { value: number; next: number } | undefined {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 8 && pos + i < b.length; i++) {
    const byte = b[pos + i]!;
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) {
      // Shortest form only (no trailing zero group): one header, one encoding.
      if (i > 0 && byte === 0) return undefined;
      return Number.isSafeInteger(value) ? { value, next: pos + i + 1 } : undefined;
    }
    scale *= 128;
  }
  return undefined;
}

/** Key indices 0–6 ride in the first byte; 7 means "7 + a varint follows". */
const KEY_IN_BYTE = 7;

function writeHeader(h: Omit<Header, 'length'>): Uint8Array {
  if (h.version === 1)
    return new Uint8Array([
      (1 << 4) | h.form,
      ...uint(h.keyIndex),
      ...uint(h.streamIndex),
      ...uint(h.epoch),
      ...uint(h.seq),
      ...uint(h.minute),
    ]);
  // [FED-84] version (4 bits) | form (1 bit) | key index (3 bits), then LEB128 varints (v2, v3).
  const key = Math.min(h.keyIndex, KEY_IN_BYTE);
  return new Uint8Array([
    (h.version << 4) | (h.form << 3) | key,
    ...(key === KEY_IN_BYTE ? varint(h.keyIndex - KEY_IN_BYTE) : []),
    ...varint(h.streamIndex),
    ...varint(h.epoch),
    ...varint(h.seq),
    ...varint(h.minute),
  ]);
}

function readHeader(b: Uint8Array): Header | 'unsupported_version' | undefined {
  if (b.length < 1) return undefined;
  const version = b[0]! >> 4;
  if (version !== 1 && version !== 2 && version !== 3) return 'unsupported_version';
  const values: number[] = [];
  let pos = 1;
  let form: number;
  if (version === 1) {
    form = b[0]! & 0x0f;
    for (let i = 0; i < 5; i++) {
      const r = readUint(b, pos);
      if (!r) return undefined;
      values.push(r.value);
      pos = r.next;
    }
  } else {
    form = (b[0]! >> 3) & 1;
    const key = b[0]! & 7;
    const fields = key === KEY_IN_BYTE ? 5 : 4;
    if (key !== KEY_IN_BYTE) values.push(key);
    for (let i = 0; i < fields; i++) {
      const r = readVarint(b, pos);
      if (!r) return undefined;
      values.push(i === 0 && key === KEY_IN_BYTE ? r.value + KEY_IN_BYTE : r.value);
      pos = r.next;
    }
  }
  if (form !== FORM.signed && form !== FORM.sealed) return undefined;
  const [keyIndex, streamIndex, epoch, seq, minute] = values as [number, number, number, number, number];
  return { version, form, keyIndex, streamIndex, epoch, seq, minute, length: pos };
}

/**
 * The signed bytes: the header as signed (form "signed"), the full stream tag and key id, the
 * payload; v3 adds the digest of the link's local id table ([FED-96]), so an index read against
 * another table fails verification instead of naming another record.
 */
function toBeSigned(
  version: NarrowVersion,
  signedHeader: Uint8Array,
  stream: StreamId,
  kid: string,
  payload: Uint8Array,
  link: NarrowLink,
): Uint8Array {
  const parts = [DOMAIN[version], streamTag(stream), kidBytes(kid), signedHeader, payload];
  if (version >= 3) parts.push(localIdsDigest(link));
  return encodeCbor(parts);
}

/** [FED-96] SHA-256 of the CBOR list of the link's local ids. */
function localIdsDigest(link: NarrowLink): Uint8Array {
  return createHash('sha256')
    .update(encodeCbor([...(link.localIds ?? [])]))
    .digest();
}

function streamIndexOf(link: NarrowLink, s: StreamId): number {
  const i = link.streams.findIndex(
    (x) => x.sender === s.sender && x.receiver === s.receiver && x.agreement === s.agreement,
  );
  if (i < 0) throw new RangeError('stream not in the narrow link table');
  return i;
}

// ---------------------------------------------------------------------------------------------
// Signing

/**
 * [FED-74][FED-75] Signs one item at (stream, epoch, seq) in the narrow form. `keyset` is the
 * signer's own published key set (the key travels as its position there). Throws on an invalid
 * item, a stream outside the link table, or a key not valid now ([FED-17]). `version` 1 writes
 * the first profile (for peers that read only it, and tests); the default is the current one.
 */
export function signNarrow(
  item: Item,
  at: NarrowPosition,
  link: NarrowLink,
  key: SigningKey,
  keyset: KeySet,
  clock: Clock,
  version: NarrowVersion = NARROW_VERSION,
): Uint8Array {
  const checked = validateItem(item);
  if (!checked.ok)
    throw new TypeError(`invalid item: ${checked.issues.map((i) => `${i.path} ${i.code}`).join('; ')}`);
  if (!Number.isSafeInteger(at.epoch) || at.epoch < 1 || at.epoch > LIMITS.maxEpoch)
    throw new RangeError('epoch');
  if (!Number.isSafeInteger(at.seq) || at.seq < 1 || at.seq > LIMITS.maxSeq) throw new RangeError('seq');
  if (keyset.node !== at.stream.sender) throw new RangeError('key set is not the sender’s');
  const keyIndex = keyset.keys.findIndex((k) => k.kid === key.kid && k.use === 'sig');
  if (keyIndex < 0) throw new RangeError('signing key not in the published key set');
  const iat = assertSigningTime(key, clock);
  // [FED-75] Key validity is judged at the signed minute: round down, never after the real time.
  const minute = Math.floor((iat * 1000 - MINUTE_EPOCH_MS[version]) / 60_000);
  if (minute < 0) throw new RangeError('signing time before the profile’s epoch');
  const header = writeHeader({
    version,
    form: FORM.signed,
    keyIndex,
    streamIndex: streamIndexOf(link, at.stream),
    epoch: at.epoch,
    seq: at.seq,
    minute,
  });
  const payload =
    version === 1
      ? encodeCompact(item as unknown as CompactValue, { dictionary: DICTIONARY_V2, localIds: link.localIds })
      : encodeCompact(item as unknown as CompactValue, {
          dictionary: PAYLOAD_DICTIONARY[version],
          localIds: link.localIds,
          compress: 'never',
          // [FED-95] v3: the item's first time counts from the signing minute.
          timeOrigin: version >= 3 ? signingSeconds(version, minute) : undefined,
        }).subarray(1);
  const signature = edSign(
    null,
    toBeSigned(version, header, at.stream, key.kid, payload, link),
    key.privateKey,
  );
  return new Uint8Array(Buffer.concat([header, payload, signature]));
}

// ---------------------------------------------------------------------------------------------
// Sealing

// SPKI DER of an X25519 key = this fixed prefix ‖ the 32 raw bytes (RFC 8410 §4).
const X25519_SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

function rawX25519(publicKey: KeyObject): Buffer {
  return publicKey.export({ type: 'spki', format: 'der' }).subarray(X25519_SPKI_PREFIX.length);
}

interface PairKey {
  enc: Buffer;
  mac: Buffer;
}

/**
 * [FED-77] The static pair key of one stream: HKDF-SHA256(X25519(own, peer), salt = stream tag,
 * info = label ‖ sender's public key ‖ receiver's public key) → 32-byte AES key ‖ 32-byte HMAC key.
 */
function pairKey(own: KeyObject, peer: KeyObject, stream: StreamId, ownIsSender: boolean): PairKey {
  const shared = diffieHellman({ privateKey: own, publicKey: peer });
  const ownRaw = rawX25519(createPublicKey(own));
  const peerRaw = rawX25519(peer);
  const info = Buffer.concat([
    Buffer.from(SEAL_INFO),
    ownIsSender ? ownRaw : peerRaw,
    ownIsSender ? peerRaw : ownRaw,
  ]);
  const okm = Buffer.from(hkdfSync('sha256', shared, streamTag(stream), info, 64));
  return { enc: okm.subarray(0, 32), mac: okm.subarray(32, 64) };
}

/** SIV: tag = HMAC(mac, len(H) ‖ H ‖ plaintext)[0..16]; ciphertext = AES-256-CTR(enc, IV = tag). */
function sivTag(k: PairKey, header: Uint8Array, plaintext: Uint8Array): Buffer {
  return createHmac('sha256', k.mac)
    .update(Buffer.from(uint(header.length)))
    .update(header)
    .update(plaintext)
    .digest()
    .subarray(0, SIV_TAG_BYTES);
}

function ctr(k: PairKey, iv: Uint8Array, data: Uint8Array): Buffer {
  const c = createCipheriv('aes-256-ctr', k.enc, iv);
  return Buffer.concat([c.update(data), c.final()]);
}

/**
 * The sender's key-agreement public keys, those valid at `at` first: a late arrival may be sealed
 * with a key since superseded, and the tag decides which pair is right anyway.
 */
function kexKeysOf(ks: KeySet, at: Date): KeyObject[] {
  const kex = ks.keys.filter((k) => k.use === 'kex');
  const valid = (kid: string) => keyStatus(ks, kid, at, 'kex').status === 'valid';
  return [...kex.filter((k) => valid(k.kid)), ...kex.filter((k) => !valid(k.kid))].map(publicKeyOf);
}

/**
 * [FED-77] Seals a signed narrow envelope to the stream's receiver: 16 bytes more than the signed
 * form. `own` is the sender's key-agreement private key, `receiverKex` the receiver's current
 * key-agreement public key (its published key set, currentKexKey()).
 */
export function sealNarrow(
  signed: Uint8Array,
  link: NarrowLink,
  own: KeyObject,
  receiverKex: KeyObject,
): Uint8Array {
  const h = readHeader(signed);
  if (!h || h === 'unsupported_version' || h.form !== FORM.signed)
    throw new TypeError('not a signed narrow envelope');
  const stream = link.streams[h.streamIndex];
  if (!stream) throw new RangeError('stream not in the narrow link table');
  const header = writeHeader({ ...h, form: FORM.sealed });
  const k = pairKey(own, receiverKex, stream, true);
  const body = signed.subarray(h.length);
  const tag = sivTag(k, header, body);
  return new Uint8Array(Buffer.concat([header, ctr(k, tag, body), tag]));
}

export interface NarrowSender {
  key: SigningKey;
  /** The sender's published key set (the key travels as its position there). */
  keyset: KeySet;
  /** The sender's key-agreement private key: with `receiverKex`, the item travels sealed. */
  kex?: KeyObject;
}

/**
 * [FED-74]–[FED-80] The one call a narrow transport makes per item: sign, seal when both
 * key-agreement keys are given, and cut into signed fragments when above the link's message
 * size (`cap`, default one Iridium SBD mobile-terminated message). The receiver feeds fragments
 * to a Reassembler (fragments.ts) and every whole message to openNarrow().
 */
export function encodeNarrow(
  item: Item,
  at: NarrowPosition,
  link: NarrowLink,
  sender: NarrowSender,
  clock: Clock,
  options: { receiverKex?: KeyObject; cap?: number } = {},
): Uint8Array[] {
  const signed = signNarrow(item, at, link, sender.key, sender.keyset, clock);
  const frame =
    sender.kex && options.receiverKex ? sealNarrow(signed, link, sender.kex, options.receiverKex) : signed;
  return forLink(frame, sender.key, options.cap ?? SBD_MT_BYTES);
}

// ---------------------------------------------------------------------------------------------
// Opening

export type NarrowFailure =
  | 'too_large'
  | 'malformed'
  | 'unsupported_version'
  | 'unknown_key'
  | 'bad_signature'
  | 'revoked_key'
  | 'key_not_valid'
  | 'wrong_stream'
  | 'wrong_receiver'
  | 'decrypt_failed'
  | 'replay'
  | 'stale_epoch';

export type NarrowResult =
  | { ok: true; value: VerifiedItem; sealed: boolean }
  | { ok: false; reason: NarrowFailure; digest: Uint8Array; issues?: Issue[] };

export interface OpenOptions {
  /** This node: a stream whose receiver is another node is refused as wrong_receiver. */
  me: NodeId;
  /** The sender's published key set (signing and key-agreement keys). */
  keysetOf: (node: NodeId) => KeySet | undefined;
  /** This node's key-agreement private keys (current and recent), to open sealed envelopes. */
  kex?: readonly KexPrivateKey[];
  /** The receiver's cursor on the stream: when given, replays and stale epochs are refused. */
  cursorOf?: (stream: StreamId) => Cursor;
  /** Require the sealed form (links where items must travel encrypted). */
  requireSealed?: boolean;
  /** Instant at which the sender's key-agreement keys are tried valid ones first (default: now). */
  now?: Date;
}

/**
 * [FED-76]–[FED-79] Opens a narrow envelope (signed or sealed) and returns what verify() of
 * envelope.ts returns for the wide form. Order: size, header, stream and receiver, unseal, key,
 * signature, key status at the signed time, payload, then replay against the cursor when given.
 */
export function openNarrow(bytes: Uint8Array, link: NarrowLink, options: OpenOptions): NarrowResult {
  const digestIn = envelopeDigest(bytes);
  const fail = (reason: NarrowFailure, digest = digestIn, issues?: Issue[]): NarrowResult =>
    issues ? { ok: false, reason, digest, issues } : { ok: false, reason, digest };
  if (bytes.length > LIMITS.maxEnvelopeBytes) return fail('too_large');
  const h = readHeader(bytes);
  if (h === 'unsupported_version') return fail('unsupported_version');
  if (!h || h.epoch < 1 || h.epoch > LIMITS.maxEpoch || h.seq < 1 || h.seq > LIMITS.maxSeq)
    return fail('malformed');
  const stream = link.streams[h.streamIndex];
  if (!stream) return fail('wrong_stream');
  if (stream.receiver !== options.me) return fail('wrong_receiver');
  const keyset = options.keysetOf(stream.sender);
  if (!keyset || keyset.node !== stream.sender) return fail('unknown_key');

  const signedHeader = writeHeader({ ...h, form: FORM.signed });
  let body: Uint8Array;
  if (h.form === FORM.sealed) {
    if (bytes.length < h.length + SIV_TAG_BYTES + SIG_BYTES + 1) return fail('malformed');
    const header = bytes.subarray(0, h.length);
    const tag = bytes.subarray(bytes.length - SIV_TAG_BYTES);
    const ciphertext = bytes.subarray(h.length, bytes.length - SIV_TAG_BYTES);
    const opened = unsealBody(header, ciphertext, tag, stream, options, keyset);
    if (!opened) return fail('decrypt_failed');
    body = opened;
  } else {
    if (options.requireSealed) return fail('malformed');
    body = bytes.subarray(h.length);
  }
  if (body.length < SIG_BYTES + (h.version === 1 ? 2 : 1)) return fail('malformed');
  const payload = body.subarray(0, body.length - SIG_BYTES);
  const signature = body.subarray(body.length - SIG_BYTES);
  // The signed form names the envelope in nacks and audit, whichever form travelled.
  const digest = envelopeDigest(Buffer.concat([signedHeader, body]));

  const entry = keyset.keys[h.keyIndex];
  if (!entry || entry.use !== 'sig') return fail('unknown_key', digest);
  let good = false;
  try {
    good = edVerify(
      null,
      toBeSigned(h.version, signedHeader, stream, entry.kid, payload, link),
      publicKeyOf(entry),
      signature,
    );
  } catch {
    good = false;
  }
  if (!good) return fail('bad_signature', digest);
  const signedAt = new Date(MINUTE_EPOCH_MS[h.version] + h.minute * 60_000);
  const status = keyStatus(keyset, entry.kid, signedAt).status;
  if (status === 'revoked') return fail('revoked_key', digest);
  if (status !== 'valid') return fail('key_not_valid', digest);

  let decoded: CompactValue;
  try {
    const frame =
      h.version === 1
        ? payload
        : Buffer.concat([Buffer.from([PAYLOAD_DICTIONARY[h.version].version << 2]), payload]);
    decoded = decodeCompact(frame, {
      localIds: link.localIds,
      timeOrigin: h.version >= 3 ? signingSeconds(h.version, h.minute) : undefined,
    });
  } catch (e) {
    const reason = e instanceof CompactError ? e.reason : 'malformed';
    return fail(reason, digest, [
      { path: '', code: 'fed.malformed', params: { detail: (e as Error).message } },
    ]);
  }
  const item = validateItem(decoded);
  if (!item.ok) return fail('malformed', digest, item.issues);
  if (options.cursorOf) {
    const c = classify({ epoch: h.epoch, seq: h.seq }, options.cursorOf(stream));
    if (c === 'replay' || c === 'stale_epoch') return fail(c, digest);
  }
  return {
    ok: true,
    sealed: h.form === FORM.sealed,
    value: { stream, epoch: h.epoch, seq: h.seq, kid: entry.kid, signedAt, item: item.value, digest },
  };
}

function unsealBody(
  header: Uint8Array,
  ciphertext: Uint8Array,
  tag: Uint8Array,
  stream: StreamId,
  options: OpenOptions,
  senderKeys: KeySet,
): Uint8Array | undefined {
  const peers = kexKeysOf(senderKeys, options.now ?? new Date());
  // A few keys on each side at most (rotation overlap): try each pair; the tag tells.
  for (const own of options.kex ?? []) {
    for (const peer of peers) {
      let k: PairKey;
      try {
        k = pairKey(own.privateKey, peer, stream, false);
      } catch {
        continue;
      }
      const plaintext = ctr(k, tag, ciphertext);
      const expected = sivTag(k, header, plaintext);
      if (timingSafeEqual(expected, tag)) return new Uint8Array(plaintext);
    }
  }
  return undefined;
}
