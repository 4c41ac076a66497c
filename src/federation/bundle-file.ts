/**
 * Offline bundles ([FED-32]–[FED-34] of docs/sync-spec.md): a file carried on a USB stick from a
 * node to a partner, holding signed item envelopes each encrypted to the receiving node. Layout:
 *
 *   "SNTB" ‖ version (1 byte)
 *   ‖ uvarint length ‖ header: CBOR map {sender, receiver, kex (receiver key id), created (s)}
 *   ‖ ( uvarint length ‖ sealed envelope or sealed signed message )*  ‖ uvarint 0
 *   ‖ uvarint length ‖ trailer: COSE_Sign1 by the sender, header [v, 4, created, count, SHA-256 of
 *     every byte before the trailer], empty payload
 *
 * The header names sender and receiver in clear so a file reaches the right node; what is
 * exchanged stays sealed. Signed messages (the receiver's acks, so a return bundle clears the
 * partner's outbox) travel sealed like the envelopes. Each envelope is verified on its own, so a truncated or partly damaged
 * file still yields every intact item; the trailer tells whether the file is whole. Importing
 * twice changes nothing because the stream rules apply ([FED-6], [FED-8]).
 */
import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { Clock } from '../core/clock.ts';
import type { Issue } from '../core/errors.ts';
import { decodeCbor, encodeCbor, sameBytes, type CborValue } from './cbor.ts';
import { HEADER_KIND, parseSign1, signSign1, verifySign1 } from './cose.ts';
import { inspectFrame, isFrame, verifyFrame } from './batch-envelope.ts';
import { inspect, verify, type VerifiedItem } from './envelope.ts';
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
  isNodeId,
  LIMITS,
  PROTOCOL_VERSION,
  isSupportedVersion,
  type Message,
  type NackReason,
  type NodeId,
} from './protocol.ts';
import { openMessage } from './wire.ts';
import { seal, SEAL_OVERHEAD, unseal, type KexPrivateKey, type KexPublicKey } from './seal.ts';

const MAGIC = new TextEncoder().encode('SNTB');
export const BUNDLE_VERSION = 1;
const MAX_RECORD = LIMITS.maxEnvelopeBytes + SEAL_OVERHEAD;

export interface BundleSender {
  node: NodeId;
  key: SigningKey;
}

export interface BundleReceiver {
  node: NodeId;
  kex: KexPublicKey;
}

function uvarint(n: number): Uint8Array {
  const out: number[] = [];
  let v = n;
  do {
    let b = v % 128;
    v = Math.floor(v / 128);
    if (v > 0) b |= 0x80;
    out.push(b);
  } while (v > 0);
  return Uint8Array.from(out);
}

/**
 * Writes a bundle of signed envelopes (wide form, all from `sender` to `receiver`), each sealed
 * to the receiver's key-agreement key, and signs the whole. Throws on an envelope of another pair.
 */
export function writeBundle(
  envelopes: readonly Uint8Array[],
  receiver: BundleReceiver,
  sender: BundleSender,
  clock: Clock,
  messages: readonly Uint8Array[] = [],
): Uint8Array {
  const created = assertSigningTime(sender.key, clock);
  const parts: Uint8Array[] = [MAGIC, Uint8Array.of(BUNDLE_VERSION)];
  const header = encodeCbor(
    new Map<string, CborValue>([
      ['sender', sender.node],
      ['receiver', receiver.node],
      ['kex', receiver.kex.kid],
      ['created', created],
    ]),
  );
  parts.push(uvarint(header.length), header);
  for (const e of envelopes) {
    const claims = isFrame(e) ? inspectFrame(e) : inspect(e);
    if (!claims?.stream || claims.stream.sender !== sender.node || claims.stream.receiver !== receiver.node) {
      throw new TypeError('bundle envelopes must be wide-form envelopes from the sender to the receiver');
    }
    const sealed = seal(e, receiver.kex);
    parts.push(uvarint(sealed.length), sealed);
  }
  for (const m of messages) {
    if (signedKind(m) !== HEADER_KIND.message) throw new TypeError('bundle messages must be signed messages');
    const sealed = seal(m, receiver.kex);
    parts.push(uvarint(sealed.length), sealed);
  }
  parts.push(uvarint(0));
  const body = Buffer.concat(parts);
  const digest = new Uint8Array(createHash('sha256').update(body).digest());
  const trailer = signSign1(
    kidBytes(sender.key.kid),
    [PROTOCOL_VERSION, HEADER_KIND.bundle, created, envelopes.length + messages.length, digest],
    new Uint8Array(0),
    sender.key.privateKey,
  );
  return new Uint8Array(Buffer.concat([body, uvarint(trailer.length), trailer]));
}

export interface OwnKeys {
  node: NodeId;
  /** Current and previous key-agreement keys (late bundles may be sealed to an older one). */
  kex: readonly KexPrivateKey[];
}

export interface BundleItem {
  index: number;
  /** The signed envelope, unsealed: what the receiver keeps as proof of what it received. */
  envelope: Uint8Array;
  verified: VerifiedItem;
}

/** A signed message from the sender (an ack), verified against its key set. */
export interface BundleMessage {
  index: number;
  bytes: Uint8Array;
  message: Message;
}

/** The COSE header kind of a signed object, or undefined when it does not parse. */
function signedKind(bytes: Uint8Array): unknown {
  try {
    return parseSign1(bytes).params[1];
  } catch {
    return undefined;
  }
}

export interface BundleRejection {
  index: number;
  reason: NackReason;
  issues?: Issue[];
}

export type TrailerStatus =
  | 'ok'
  | 'missing'
  | 'malformed'
  | 'bad_signature'
  | 'unknown_key'
  | 'revoked_key'
  | 'key_not_valid'
  | 'mismatch';

export interface BundleContents {
  sender: NodeId;
  receiver: NodeId;
  createdAt: Date;
  items: BundleItem[];
  messages: BundleMessage[];
  rejected: BundleRejection[];
  /** The trailer verified and covers exactly the records read: nothing is missing. */
  complete: boolean;
  trailer: TrailerStatus;
}

export type BundleReadResult =
  | { ok: true; value: BundleContents }
  | {
      ok: false;
      reason: 'malformed' | 'unsupported_version' | 'wrong_receiver' | 'unknown_key';
      detail: string;
    };

class Reader {
  pos = 0;
  constructor(readonly b: Uint8Array) {}
  get done(): boolean {
    return this.pos >= this.b.length;
  }
  uvarint(): number | undefined {
    let v = 0;
    let mul = 1;
    for (let i = 0; i < 8; i++) {
      if (this.pos >= this.b.length) return undefined;
      const byte = this.b[this.pos++]!;
      v += (byte & 0x7f) * mul;
      if ((byte & 0x80) === 0) return v;
      mul *= 128;
    }
    return undefined;
  }
  bytes(n: number): Uint8Array | undefined {
    if (this.pos + n > this.b.length) return undefined;
    const out = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

/**
 * Reads a bundle addressed to this node: unseals and verifies every envelope against the sender's
 * key set (`keysetOf`), and checks the trailer. Items that fail are listed with a reason, never
 * dropped silently ([FED-11]); the file as a whole is refused only when it is not a bundle, is
 * for another node, or comes from a node whose keys are unknown.
 */
export function readBundle(
  file: Uint8Array,
  own: OwnKeys,
  keysetOf: (node: NodeId) => KeySet | undefined,
): BundleReadResult {
  const r = new Reader(file);
  const magic = r.bytes(4);
  if (!magic || !sameBytes(magic, MAGIC))
    return { ok: false, reason: 'malformed', detail: 'not a Sentinelle bundle' };
  const version = r.bytes(1)?.[0];
  if (version !== BUNDLE_VERSION)
    return { ok: false, reason: 'unsupported_version', detail: `bundle version ${String(version)}` };
  const hlen = r.uvarint();
  const hbytes = hlen === undefined || hlen > 4096 ? undefined : r.bytes(hlen);
  if (!hbytes) return { ok: false, reason: 'malformed', detail: 'header' };
  let header: CborValue;
  try {
    header = decodeCbor(hbytes);
  } catch {
    return { ok: false, reason: 'malformed', detail: 'header' };
  }
  const sender = header instanceof Map ? header.get('sender') : undefined;
  const receiver = header instanceof Map ? header.get('receiver') : undefined;
  const created = header instanceof Map ? header.get('created') : undefined;
  if (
    !(header instanceof Map) ||
    header.size !== 4 ||
    !isNodeId(sender) ||
    !isNodeId(receiver) ||
    typeof created !== 'number'
  ) {
    return { ok: false, reason: 'malformed', detail: 'header' };
  }
  if (receiver !== own.node) return { ok: false, reason: 'wrong_receiver', detail: receiver };
  const keyset = keysetOf(sender);
  if (!keyset) return { ok: false, reason: 'unknown_key', detail: `no key set for ${sender}` };

  const items: BundleItem[] = [];
  const messages: BundleMessage[] = [];
  const rejected: BundleRejection[] = [];
  let count = 0;
  let terminated = false;
  while (!r.done) {
    const len = r.uvarint();
    if (len === 0) {
      terminated = true;
      break;
    }
    const rec = len === undefined || len > MAX_RECORD ? undefined : r.bytes(len);
    if (!rec) break; // truncated: what was read so far stands
    const index = count++;
    const u = unseal(rec, own.kex);
    if (!u.ok) {
      rejected.push({ index, reason: u.reason });
      continue;
    }
    if (signedKind(u.plaintext) === HEADER_KIND.message) {
      const m = openMessage(u.plaintext, keyset);
      if (m.ok) messages.push({ index, bytes: u.plaintext, message: m.value.message });
      else rejected.push({ index, reason: m.reason, ...(m.issues ? { issues: m.issues } : {}) });
      continue;
    }
    const frame = isFrame(u.plaintext);
    const claims = frame ? inspectFrame(u.plaintext) : inspect(u.plaintext);
    if (!claims?.stream) {
      rejected.push({ index, reason: 'malformed' });
      continue;
    }
    if (claims.stream.sender !== sender || claims.stream.receiver !== receiver) {
      rejected.push({ index, reason: 'wrong_stream' });
      continue;
    }
    if (frame) {
      // [FED-87] One frame, several items: each verified item is listed with the frame's bytes.
      const f = verifyFrame(u.plaintext, keyset, claims.stream);
      if (!f.ok) rejected.push({ index, reason: f.reason });
      else
        for (const it of f.items) {
          if (it.ok) items.push({ index, envelope: u.plaintext, verified: it.value });
          else rejected.push({ index, reason: it.nack.reason });
        }
      continue;
    }
    const v = verify(u.plaintext, keyset, claims.stream);
    if (v.ok) items.push({ index, envelope: u.plaintext, verified: v.value });
    else rejected.push({ index, reason: v.reason, ...(v.issues ? { issues: v.issues } : {}) });
  }
  const bodyEnd = r.pos;
  let trailer: TrailerStatus = 'missing';
  if (terminated) {
    const tlen = r.uvarint();
    const tbytes = tlen === undefined ? undefined : r.bytes(tlen);
    if (tbytes && r.done) trailer = checkTrailer(tbytes, keyset, file.subarray(0, bodyEnd), count);
    else if (tbytes) trailer = 'malformed';
  }
  return {
    ok: true,
    value: {
      sender,
      receiver,
      createdAt: new Date(created * 1000),
      items,
      messages,
      rejected,
      complete: trailer === 'ok',
      trailer,
    },
  };
}

function checkTrailer(bytes: Uint8Array, keyset: KeySet, body: Uint8Array, count: number): TrailerStatus {
  let s;
  try {
    s = parseSign1(bytes);
  } catch {
    return 'malformed';
  }
  const [v, kind, created, n, digest] = s.params;
  if (
    !isSupportedVersion(v) ||
    kind !== HEADER_KIND.bundle ||
    s.params.length !== 5 ||
    typeof created !== 'number' ||
    !(digest instanceof Uint8Array)
  ) {
    return 'malformed';
  }
  const entry = keyset.keys.find((k) => k.kid === kidText(s.kid) && k.use === 'sig');
  if (!entry) return 'unknown_key';
  if (!verifySign1(s, publicKeyOf(entry))) return 'bad_signature';
  const status = keyStatus(keyset, entry.kid, new Date(created * 1000)).status;
  if (status === 'revoked') return 'revoked_key';
  if (status !== 'valid') return 'key_not_valid';
  const actual = new Uint8Array(createHash('sha256').update(body).digest());
  return n === count && sameBytes(actual, digest) ? 'ok' : 'mismatch';
}

/** Writes a bundle file atomically (temporary file then rename), readable by its owner only. */
export async function writeBundleFile(path: string, bundle: Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, bundle, { mode: 0o600, flag: 'wx' });
  await rename(tmp, path);
}

export async function readBundleFile(path: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(path));
}
