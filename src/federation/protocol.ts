/**
 * The Sentinelle peer protocol in one file: version, stream positions, items, messages, closed
 * reason codes, their strict validators, and the pure cursor rules every transport shares.
 * Normative text: docs/sync-spec.md (rules cited as [FED-n]). Everything here is transport-free;
 * encodings live in compact.ts (bytes) and envelope.ts (signatures).
 */
import { pointer, type Issue, type Result } from '../core/errors.ts';
import { isStixId } from '../objects/ids.ts';
import { isRecord, type StixObject } from '../objects/stix.ts';
import { isTimestamp } from '../objects/timestamps.ts';
import './messages.ts';

/** [FED-1] Bumped on any incompatible change of items, headers or messages (2: batch envelopes, [FED-86]). */
export const PROTOCOL_VERSION = 2;

/** [FED-1][FED-91] Versions a node accepts: its own, and 1 so that what was signed before an upgrade drains. */
export const SUPPORTED_VERSIONS: readonly number[] = Object.freeze([1, 2]);

export function isSupportedVersion(v: unknown): v is number {
  return typeof v === 'number' && SUPPORTED_VERSIONS.includes(v);
}

export const LIMITS = Object.freeze({
  /** [FED-30] Largest signed envelope a receiver accepts whole (larger items are refused, `too_large`). */
  maxEnvelopeBytes: 4 * 1024 * 1024,
  maxBatchEnvelopes: 1_000,
  maxNacks: 1_000,
  maxHeldRanges: 256,
  maxStreams: 1_000,
  /** Sequence numbers and epochs are safe integers: a stream never runs out. */
  maxSeq: Number.MAX_SAFE_INTEGER,
  maxEpoch: 2 ** 31 - 1,
});

export type NodeId = string;
export type AgreementId = string;

/** [FED-2] One stream per (sender → receiver, agreement). */
export interface StreamId {
  sender: NodeId;
  receiver: NodeId;
  agreement: AgreementId;
}

/** Where an item sits in its stream: epoch first, then sequence (both start at 1). */
export interface Position {
  epoch: number;
  seq: number;
}

/** A receiver's durable cursor on one stream: every seq ≤ hwm of `epoch` is settled. */
export interface Cursor {
  epoch: number;
  hwm: number;
}

/** [FED-20] Priority classes, most urgent first. */
export const PRIORITIES = ['flash', 'immediate', 'routine', 'bulk'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Negative when `a` goes before `b` (FLASH first). */
export function comparePriority(a: Priority, b: Priority): number {
  return PRIORITIES.indexOf(a) - PRIORITIES.indexOf(b);
}

export const ITEM_KINDS = ['put', 'withdraw', 'keyset', 'agreement'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** Why a record version stops being released to a partner (set by the policy engine). */
export const WITHDRAW_REASONS = [
  'tlp_raised',
  'releasability_removed',
  'revoked',
  'out_of_scope',
  'agreement_expired',
  'agreement_revoked',
  'originator_request',
] as const;
export type WithdrawReason = (typeof WITHDRAW_REASONS)[number];

/** A record version, possibly redacted by the policy engine ([FED-8] applied by (id, modified)). */
export interface PutItem {
  kind: 'put';
  priority: Priority;
  object: StixObject;
  /** True when the policy engine released a redacted copy. */
  redacted?: boolean;
  /** Originating node when the sender forwards another node's record (onward sharing). */
  origin?: NodeId;
}

/** [FED-9] Withdraws every version ≤ `modified` of a record; a later version may be put again. */
export interface WithdrawItem {
  kind: 'withdraw';
  priority: Priority;
  id: string;
  modified: string;
  reason: WithdrawReason;
}

/** [FED-16] A key-set update: a COSE_Sign1 (keyset.ts) signed by a currently valid key of the sender. */
export interface KeysetItem {
  kind: 'keyset';
  priority: Priority;
  keyset: Uint8Array;
}

/** An agreement update (signed agreement document of src/sharing, opaque to the federation layer). */
export interface AgreementItem {
  kind: 'agreement';
  priority: Priority;
  document: Record<string, unknown>;
}

export type Item = PutItem | WithdrawItem | KeysetItem | AgreementItem;

/**
 * [FED-12] Closed reason codes for negative acknowledgements and rejections. `consumes`: a
 * verified envelope refused for this reason settles its sequence number (the HWM passes it); an
 * envelope that does not verify never moves the HWM.
 */
export const NACK_REASONS = {
  outside_agreement: { consumes: true },
  invalid_object: { consumes: true },
  malformed: { consumes: true },
  bad_signature: { consumes: false },
  unknown_key: { consumes: false },
  revoked_key: { consumes: false },
  key_not_valid: { consumes: false },
  wrong_stream: { consumes: false },
  replay: { consumes: false },
  stale_epoch: { consumes: false },
  too_large: { consumes: false },
  unsupported_version: { consumes: false },
  wrong_receiver: { consumes: false },
  decrypt_failed: { consumes: false },
} as const satisfies Record<string, { consumes: boolean }>;
export type NackReason = keyof typeof NACK_REASONS;
export const NACK_REASON_CODES = Object.keys(NACK_REASONS) as NackReason[];

/** One negative acknowledgement: the claimed position when readable, and the envelope digest. */
export interface Nack {
  epoch?: number;
  seq?: number;
  /** First 8 bytes of SHA-256 of the envelope as received, so the sender finds it even unparsed. */
  digest: Uint8Array;
  reason: NackReason;
}

/** Inclusive range of sequence numbers. */
export type SeqRange = [from: number, to: number];

/** A receiver's cursor on one stream, named by agreement (sender and receiver are the message's). */
export interface StreamCursor {
  agreement: AgreementId;
  epoch: number;
  hwm: number;
}

/** [FED-4] Batch push: signed (or sealed signed) item envelopes from `from` to `to`. */
export interface EnvelopeBatch {
  type: 'envelope';
  v: number;
  from: NodeId;
  to: NodeId;
  envelopes: Uint8Array[];
}

/** [FED-10] Cumulative acknowledgement of one stream, sent after commit; signed, it is a receipt. */
export interface Ack {
  type: 'ack';
  v: number;
  stream: StreamId;
  epoch: number;
  /** Every seq ≤ hwm of `epoch` is applied or settled by a nack. */
  hwm: number;
  /** Ranges above hwm the receiver holds durably (not to be re-sent). */
  held?: SeqRange[];
  nacks: Nack[];
}

/** [FED-5] Pull for a node that cannot accept inbound connections. */
export interface PullRequest {
  type: 'pull';
  v: number;
  from: NodeId;
  to: NodeId;
  streams: StreamCursor[];
  max_bytes: number;
  /** Long-poll: how long the server may hold the request open (live channel). */
  wait_ms?: number;
}

export interface PullResponse {
  type: 'pull_response';
  v: number;
  from: NodeId;
  to: NodeId;
  envelopes: Uint8Array[];
  more: boolean;
}

/** [FED-14] Resynchronisation: each side states its cursors and sending positions. */
export interface Hello {
  type: 'hello';
  v: number;
  from: NodeId;
  to: NodeId;
  /** Streams on which `from` receives: its durable cursor. */
  receiving: StreamCursor[];
  /** Streams on which `from` sends: current epoch and last assigned seq. */
  sending: { agreement: AgreementId; epoch: number; last: number }[];
}

/** [FED-24] Signed fragments of one large item (fragments.ts). */
export interface FragmentBatch {
  type: 'fragments';
  v: number;
  fragments: Uint8Array[];
}

export type Message = EnvelopeBatch | Ack | PullRequest | PullResponse | Hello | FragmentBatch;
export const MESSAGE_TYPES = ['envelope', 'ack', 'pull', 'pull_response', 'hello', 'fragments'] as const;
export type MessageType = Message['type'];

// ---------------------------------------------------------------------------------------------
// Cursor rules ([FED-6], [FED-7], [FED-13], [FED-14]): pure, so every transport agrees.

export type Classification = 'next' | 'ahead' | 'replay' | 'stale_epoch';

/**
 * [FED-6][FED-7] Where an authenticated item stands against the receiver's cursor. Replay is
 * judged by sequence, never by time: `replay` when already settled, `next` when it is the one
 * to apply now, `ahead` when earlier ones are missing (hold it, do not apply), `stale_epoch`
 * when it belongs to an epoch the receiver has left. A higher epoch is judged against hwm 0.
 */
export function classify(at: Position, cursor: Cursor): Classification {
  if (at.epoch < cursor.epoch) return 'stale_epoch';
  const hwm = at.epoch > cursor.epoch ? 0 : cursor.hwm;
  if (at.seq <= hwm) return 'replay';
  return at.seq === hwm + 1 ? 'next' : 'ahead';
}

/** The cursor after settling the `next` item at `at` (apply or consuming nack). */
export function advance(cursor: Cursor, at: Position): Cursor {
  if (classify(at, cursor) !== 'next') throw new RangeError(`not the next position: ${at.epoch}/${at.seq}`);
  return { epoch: at.epoch, hwm: at.seq };
}

/** The sender's view of one stream. */
export interface SenderState {
  epoch: number;
  /** Highest seq acknowledged in `epoch` (0 when none). */
  acked: number;
  /** Last seq assigned in `epoch` (≥ acked). */
  last: number;
}

export type ResyncPlan =
  | { action: 'resume'; from: number; acked: number }
  | { action: 'new_epoch'; epoch: number; cause: 'receiver_regressed' | 'sender_regressed' };

/**
 * [FED-14][FED-15] What a sender does on a receiver's cursor (hello, pull or ack): resume after
 * the receiver's hwm, or open a new epoch when either side has lost history (restored from a
 * backup). A receiver behind what it acknowledged lost data: the sender re-sends in a new epoch
 * what it lacks. A receiver ahead of what the sender assigned means the sender lost history: a
 * new epoch above both keeps (epoch, seq) unique.
 */
export function planResync(sender: SenderState, peer: Cursor): ResyncPlan {
  if (peer.epoch > sender.epoch)
    return { action: 'new_epoch', epoch: peer.epoch + 1, cause: 'sender_regressed' };
  if (peer.epoch < sender.epoch) {
    if (sender.acked === 0) return { action: 'resume', from: 1, acked: 0 };
    return { action: 'new_epoch', epoch: sender.epoch + 1, cause: 'receiver_regressed' };
  }
  if (peer.hwm > sender.last)
    return { action: 'new_epoch', epoch: sender.epoch + 1, cause: 'sender_regressed' };
  if (peer.hwm < sender.acked)
    return { action: 'new_epoch', epoch: sender.epoch + 1, cause: 'receiver_regressed' };
  return { action: 'resume', from: peer.hwm + 1, acked: peer.hwm };
}

// ---------------------------------------------------------------------------------------------
// Validators: strict (unknown properties refused), every issue with a JSON pointer.

type Check = (v: unknown, path: string, issues: Issue[]) => void;
interface Field {
  check: Check;
  optional?: boolean;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const AGREEMENT_RE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

export function isNodeId(v: unknown): v is NodeId {
  return typeof v === 'string' && UUID_RE.test(v);
}

export function isAgreementId(v: unknown): v is AgreementId {
  return typeof v === 'string' && AGREEMENT_RE.test(v);
}

const int =
  (min: number, max: number): Check =>
  (v, path, issues) => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) {
      issues.push({ path, code: 'fed.expected_int', params: { min, max } });
    }
  };

const bool: Check = (v, path, issues) => {
  if (typeof v !== 'boolean') issues.push({ path, code: 'fed.expected_bool' });
};

const oneOf =
  (values: readonly string[]): Check =>
  (v, path, issues) => {
    if (typeof v !== 'string') issues.push({ path, code: 'fed.expected_string' });
    else if (!values.includes(v))
      issues.push({ path, code: 'fed.invalid_value', params: { values: values.join(', ') } });
  };

const bytes =
  (min: number, max: number): Check =>
  (v, path, issues) => {
    if (!(v instanceof Uint8Array)) issues.push({ path, code: 'fed.expected_bytes' });
    else if (v.length < min || v.length > max)
      issues.push({ path, code: 'fed.bad_length', params: { min, max } });
  };

const nodeId: Check = (v, path, issues) => {
  if (!isNodeId(v)) issues.push({ path, code: 'fed.invalid_node_id' });
};

const agreementId: Check = (v, path, issues) => {
  if (!isAgreementId(v)) issues.push({ path, code: 'fed.invalid_agreement_id' });
};

const list =
  (each: Check, max: number, min = 0): Check =>
  (v, path, issues) => {
    if (!Array.isArray(v)) return void issues.push({ path, code: 'fed.expected_list' });
    if (v.length > max) return void issues.push({ path, code: 'fed.too_many', params: { max } });
    if (v.length < min) return void issues.push({ path, code: 'fed.bad_length', params: { min, max } });
    v.forEach((e: unknown, i) => each(e, pointer(path, i), issues));
  };

/** Checks an object against `fields`: each known field, every required one, no unknown one. */
function shape(fields: Record<string, Field>): Check {
  return (v, path, issues) => {
    if (!isRecord(v)) return void issues.push({ path, code: 'fed.expected_map' });
    for (const [key, value] of Object.entries(v)) {
      const f = Object.hasOwn(fields, key) ? fields[key] : undefined;
      if (!f)
        issues.push({ path: pointer(path, key), code: 'fed.unknown_property', params: { property: key } });
      else f.check(value, pointer(path, key), issues);
    }
    for (const [key, f] of Object.entries(fields)) {
      if (!f.optional && !(key in v))
        issues.push({ path: pointer(path, key), code: 'fed.required', params: { property: key } });
    }
  };
}

const epochField: Field = { check: int(1, LIMITS.maxEpoch) };
const seq0: Check = int(0, LIMITS.maxSeq);
const seq1: Check = int(1, LIMITS.maxSeq);
const envelopeBytes = bytes(1, LIMITS.maxEnvelopeBytes);

const streamId: Check = shape({
  sender: { check: nodeId },
  receiver: { check: nodeId },
  agreement: { check: agreementId },
});

const streamCursor: Check = shape({
  agreement: { check: agreementId },
  epoch: epochField,
  hwm: { check: seq0 },
});

const seqRange: Check = (v, path, issues) => {
  if (!Array.isArray(v) || v.length !== 2)
    return void issues.push({ path, code: 'fed.bad_length', params: { min: 2, max: 2 } });
  const before = issues.length;
  seq1(v[0], pointer(path, 0), issues);
  seq1(v[1], pointer(path, 1), issues);
  if (issues.length === before && (v[0] as number) > (v[1] as number))
    issues.push({ path, code: 'fed.bad_range' });
};

const nack: Check = shape({
  epoch: { check: int(1, LIMITS.maxEpoch), optional: true },
  seq: { check: seq1, optional: true },
  digest: { check: bytes(8, 8) },
  reason: { check: oneOf(NACK_REASON_CODES) },
});

const stixObject: Check = (v, path, issues) => {
  if (!isRecord(v) || typeof v.type !== 'string' || typeof v.id !== 'string') {
    issues.push({ path, code: 'fed.not_a_stix_object' });
  }
};

const stixId: Check = (v, path, issues) => {
  if (!isStixId(v)) issues.push({ path, code: 'fed.invalid_stix_id' });
};

const timestamp: Check = (v, path, issues) => {
  if (!isTimestamp(v)) issues.push({ path, code: 'fed.invalid_timestamp' });
};

const version: Field = {
  check: (v, path, issues) => {
    if (!isSupportedVersion(v)) {
      issues.push({
        path,
        code: 'fed.unsupported_version',
        params: { value: typeof v === 'number' ? v : String(v).slice(0, 20), expected: PROTOCOL_VERSION },
      });
    }
  },
};

const priority: Field = { check: oneOf(PRIORITIES) };

const ITEM_SHAPES: Record<ItemKind, Check> = {
  put: shape({
    kind: { check: oneOf(ITEM_KINDS) },
    priority,
    object: { check: stixObject },
    redacted: { check: bool, optional: true },
    origin: { check: nodeId, optional: true },
  }),
  withdraw: shape({
    kind: { check: oneOf(ITEM_KINDS) },
    priority,
    id: { check: stixId },
    modified: { check: timestamp },
    reason: { check: oneOf(WITHDRAW_REASONS) },
  }),
  keyset: shape({
    kind: { check: oneOf(ITEM_KINDS) },
    priority,
    keyset: { check: bytes(1, 64 * 1024) },
  }),
  agreement: shape({
    kind: { check: oneOf(ITEM_KINDS) },
    priority,
    document: {
      check: (v, path, issues) => void (isRecord(v) || issues.push({ path, code: 'fed.expected_map' })),
    },
  }),
};

const MESSAGE_SHAPES: Record<MessageType, Check> = {
  envelope: shape({
    type: { check: oneOf(MESSAGE_TYPES) },
    v: version,
    from: { check: nodeId },
    to: { check: nodeId },
    envelopes: { check: list(envelopeBytes, LIMITS.maxBatchEnvelopes, 1) },
  }),
  ack: (v, path, issues) => {
    shape({
      type: { check: oneOf(MESSAGE_TYPES) },
      v: version,
      stream: { check: streamId },
      epoch: epochField,
      hwm: { check: seq0 },
      held: { check: list(seqRange, LIMITS.maxHeldRanges), optional: true },
      nacks: { check: list(nack, LIMITS.maxNacks) },
    })(v, path, issues);
    // Held ranges lie above the cumulative mark, or they would contradict it.
    if (isRecord(v) && typeof v.hwm === 'number' && Array.isArray(v.held)) {
      v.held.forEach((r: unknown, i) => {
        if (Array.isArray(r) && typeof r[0] === 'number' && r[0] <= (v.hwm as number)) {
          issues.push({
            path: pointer(pointer(path, 'held'), i),
            code: 'fed.not_above_hwm',
            params: { hwm: v.hwm as number },
          });
        }
      });
    }
  },
  pull: shape({
    type: { check: oneOf(MESSAGE_TYPES) },
    v: version,
    from: { check: nodeId },
    to: { check: nodeId },
    streams: { check: list(streamCursor, LIMITS.maxStreams) },
    max_bytes: { check: int(1, 64 * 1024 * 1024) },
    wait_ms: { check: int(0, 120_000), optional: true },
  }),
  pull_response: shape({
    type: { check: oneOf(MESSAGE_TYPES) },
    v: version,
    from: { check: nodeId },
    to: { check: nodeId },
    envelopes: { check: list(envelopeBytes, LIMITS.maxBatchEnvelopes) },
    more: { check: bool },
  }),
  hello: shape({
    type: { check: oneOf(MESSAGE_TYPES) },
    v: version,
    from: { check: nodeId },
    to: { check: nodeId },
    receiving: { check: list(streamCursor, LIMITS.maxStreams) },
    sending: {
      check: list(
        shape({ agreement: { check: agreementId }, epoch: epochField, last: { check: seq0 } }),
        LIMITS.maxStreams,
      ),
    },
  }),
  fragments: shape({
    type: { check: oneOf(MESSAGE_TYPES) },
    v: version,
    fragments: { check: list(envelopeBytes, LIMITS.maxBatchEnvelopes, 1) },
  }),
};

/** Validates a decoded item (the payload of a signed envelope). */
export function validateItem(value: unknown): Result<Item> {
  if (!isRecord(value)) return { ok: false, issues: [{ path: '', code: 'fed.expected_map' }] };
  const issues: Issue[] = [];
  if (!('kind' in value)) issues.push({ path: '/kind', code: 'fed.required', params: { property: 'kind' } });
  else if (typeof value.kind !== 'string' || !(ITEM_KINDS as readonly string[]).includes(value.kind)) {
    oneOf(ITEM_KINDS)(value.kind, '/kind', issues);
  } else ITEM_SHAPES[value.kind as ItemKind](value, '', issues);
  return issues.length ? { ok: false, issues } : { ok: true, value: value as unknown as Item };
}

/** Validates a decoded peer message of any type. */
export function validateMessage(value: unknown): Result<Message> {
  if (!isRecord(value)) return { ok: false, issues: [{ path: '', code: 'fed.expected_map' }] };
  const issues: Issue[] = [];
  if (!('type' in value)) issues.push({ path: '/type', code: 'fed.required', params: { property: 'type' } });
  else if (typeof value.type !== 'string' || !(MESSAGE_TYPES as readonly string[]).includes(value.type)) {
    oneOf(MESSAGE_TYPES)(value.type, '/type', issues);
  } else MESSAGE_SHAPES[value.type as MessageType](value, '', issues);
  return issues.length ? { ok: false, issues } : { ok: true, value: value as unknown as Message };
}

/** True when the issues of a failed validation only concern the protocol version. */
export function isVersionMismatch(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.code === 'fed.unsupported_version');
}
