/**
 * Peer messages on the wire ([FED-4], [FED-5], [FED-10], [FED-14], [FED-35]): the compact encoding
 * of a validated protocol message, and its signed form (COSE_Sign1, header kind "message") for
 * the messages that must be attributable — an acknowledgement signed by the receiver is the
 * sender's receipt; a signed hello cannot be forged to trigger a resynchronisation.
 */
import type { Clock } from '../core/clock.ts';
import { fail, type Issue, type Result } from '../core/errors.ts';
import { CompactError, decodeCompact, encodeCompact, type CompactValue } from './compact.ts';
import { CURRENT_DICTIONARY } from './dictionary.ts';
import { HEADER_KIND, signSign1 } from './cose.ts';
import {
  assertSigningTime,
  kidBytes,
  openSigned,
  type KeySet,
  type SigningKey,
} from './keyset.ts';
import { PROTOCOL_VERSION, validateMessage, type Message, type NackReason, type NodeId } from './protocol.ts';

/** Encodes a message after validating it; throws TypeError when it does not validate. */
export function encodeMessage(message: Message): Uint8Array {
  const r = validateMessage(message);
  if (!r.ok) throw new TypeError(`invalid message: ${r.issues.map((i) => `${i.path} ${i.code}`).join('; ')}`);
  return encodeCompact(message as unknown as CompactValue);
}

/** Decodes and validates a message; every problem comes back as issues with JSON pointers. */
export function decodeMessage(bytes: Uint8Array): Result<Message> {
  let value: CompactValue;
  try {
    value = decodeCompact(bytes);
  } catch (e) {
    if (e instanceof CompactError && e.reason === 'unsupported_version') {
      return fail([
        {
          path: '',
          code: 'fed.unsupported_version',
          params: { value: bytes[0]! >> 2, expected: CURRENT_DICTIONARY.version },
        },
      ]);
    }
    return fail([{ path: '', code: 'fed.malformed', params: { detail: (e as Error).message } }]);
  }
  return validateMessage(value);
}

/** The node a message speaks for: the receiver of an ack, `from` otherwise (none for fragments). */
export function authorOf(message: Message): NodeId | undefined {
  if (message.type === 'ack') return message.stream.receiver;
  return message.type === 'fragments' ? undefined : message.from;
}

/** Signs a message with the author's current signing key. */
export function signMessage(message: Message, key: SigningKey, clock: Clock): Uint8Array {
  const iat = assertSigningTime(key, clock);
  return signSign1(
    kidBytes(key.kid),
    [PROTOCOL_VERSION, HEADER_KIND.message, iat],
    encodeMessage(message),
    key.privateKey,
  );
}

export type OpenedMessage = { message: Message; signedAt: Date; kid: string };
export type OpenFailure = Extract<
  NackReason,
  | 'malformed'
  | 'unsupported_version'
  | 'unknown_key'
  | 'bad_signature'
  | 'revoked_key'
  | 'key_not_valid'
  | 'wrong_stream'
>;

/**
 * Verifies a signed message against its author's key set: known key, signature, key status at
 * the signed time, then the content, whose author must be the key set's node.
 */
export function openMessage(
  bytes: Uint8Array,
  keyset: KeySet,
): { ok: true; value: OpenedMessage } | { ok: false; reason: OpenFailure; issues?: Issue[] } {
  const opened = openSigned(bytes, keyset, HEADER_KIND.message, true);
  if (!opened.ok) return opened;
  const { s, signedAt, signer: kid } = opened;
  const m = decodeMessage(s.payload);
  if (!m.ok)
    return {
      ok: false,
      reason: m.issues.some((i) => i.code === 'fed.unsupported_version')
        ? 'unsupported_version'
        : 'malformed',
      issues: m.issues,
    };
  const author = authorOf(m.value);
  if (author !== undefined && author !== keyset.node) return { ok: false, reason: 'wrong_stream' };
  return { ok: true, value: { message: m.value, signedAt, kid } };
}
