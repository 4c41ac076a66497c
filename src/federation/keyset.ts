/**
 * A node's key set ([FED-16]–[FED-19] of docs/sync-spec.md): its Ed25519 signing keys and X25519
 * key-agreement keys, each with an id (first 4 bytes of SHA-256 of the SPKI, hex), a validity
 * period [from, until) and revocations. The set travels as a COSE_Sign1 over its RFC 8785
 * canonical JSON, signed by a key that is valid in the set the receiver already holds, so trust
 * chains from the key exchanged out of band at registration. Validity is judged at the signing
 * time written in the signed header, never at the receiver's clock: clock skew changes no decision.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import type { Clock } from '../core/clock.ts';
import { canonicalJson } from '../core/canonical-json.ts';
import { pointer, type Issue, type Result } from '../core/errors.ts';
import { isRecord } from '../objects/stix.ts';
import { parseTimestamp } from '../objects/timestamps.ts';
import { HEADER_KIND, parseSign1, signSign1, verifySign1, CoseError, type Sign1 } from './cose.ts';
import { isNodeId, isSupportedVersion, PROTOCOL_VERSION, type NodeId } from './protocol.ts';
import './messages.ts';

export type KeyUse = 'sig' | 'kex';

export interface KeyEntry {
  /** 8 hex digits: the first 4 bytes of SHA-256 of the SPKI DER. */
  kid: string;
  use: KeyUse;
  /** SPKI DER, base64url. */
  spki: string;
  /** RFC 3339 UTC: first instant the key may sign (or be encrypted to). */
  from: string;
  /** RFC 3339 UTC: first instant it may no longer; absent = open-ended. */
  until?: string;
}

export const REVOCATION_REASONS = ['superseded', 'retired', 'compromised'] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

/**
 * [FED-18] Signatures dated at or after `from` are refused; a `compromised` key is refused
 * whatever the date (a thief can backdate).
 */
export interface Revocation {
  kid: string;
  from: string;
  reason: RevocationReason;
}

export interface KeySet {
  node: NodeId;
  /** Strictly increasing with each update. */
  version: number;
  keys: KeyEntry[];
  revocations: Revocation[];
}

/** A private signing key with its id and validity (the signer refuses to sign outside it). */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  from: string;
  until?: string;
}

const KID_RE = /^[0-9a-f]{8}$/;
const MAX_KEYS = 64;

/** Key id of a public key: 4 bytes of SHA-256(SPKI DER), hex. */
export function keyId(publicKey: KeyObject | Uint8Array): string {
  const der = publicKey instanceof Uint8Array ? publicKey : publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 8);
}

export function kidBytes(kid: string): Uint8Array {
  return new Uint8Array(Buffer.from(kid, 'hex'));
}

export function kidText(kid: Uint8Array): string {
  return Buffer.from(kid).toString('hex');
}

/** A key-set entry for a public key. */
export function keyEntry(publicKey: KeyObject, use: KeyUse, from: string, until?: string): KeyEntry {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return { kid: keyId(der), use, spki: der.toString('base64url'), from, ...(until ? { until } : {}) };
}

/** The signing key for an Ed25519 private key, valid from `from`. */
export function signingKey(privateKey: KeyObject, from: string, until?: string): SigningKey {
  return { kid: keyId(createPublicKey(privateKey)), privateKey, from, ...(until ? { until } : {}) };
}

const publicKeys = new Map<string, KeyObject>();

/** The KeyObject of an entry (cached by SPKI). */
export function publicKeyOf(entry: Pick<KeyEntry, 'spki'>): KeyObject {
  let k = publicKeys.get(entry.spki);
  if (!k) {
    k = createPublicKey({ key: Buffer.from(entry.spki, 'base64url'), format: 'der', type: 'spki' });
    publicKeys.set(entry.spki, k);
  }
  return k;
}

const ms = (ts: string): number => parseTimestamp(ts)?.date.getTime() ?? NaN;

export type KeyStatus = 'valid' | 'unknown' | 'revoked' | 'not_yet_valid' | 'expired';

/** [FED-17][FED-18] Status of key `kid` for `use` at instant `at` (the signed signing time). */
export function keyStatus(
  ks: KeySet,
  kid: string,
  at: Date,
  use: KeyUse = 'sig',
): { status: KeyStatus; entry?: KeyEntry } {
  const entry = ks.keys.find((k) => k.kid === kid && k.use === use);
  if (!entry) return { status: 'unknown' };
  const t = at.getTime();
  const r = ks.revocations.find((x) => x.kid === kid);
  if (r && (r.reason === 'compromised' || t >= ms(r.from))) return { status: 'revoked', entry };
  if (t < ms(entry.from)) return { status: 'not_yet_valid', entry };
  if (entry.until !== undefined && t >= ms(entry.until)) return { status: 'expired', entry };
  return { status: 'valid', entry };
}

/** The key-agreement key to encrypt to at `at`: the valid one with the latest start. */
export function currentKexKey(ks: KeySet, at: Date): KeyEntry | undefined {
  return ks.keys
    .filter((k) => k.use === 'kex' && keyStatus(ks, k.kid, at, 'kex').status === 'valid')
    .sort((a, b) => ms(b.from) - ms(a.from))[0];
}

/** The key set known from registration: the peer's signing key exchanged out of band. */
export function keySetFromRegistration(node: NodeId, spki: string, from = '1970-01-01T00:00:00Z'): KeySet {
  const der = Buffer.from(spki, 'base64url');
  return { node, version: 0, keys: [{ kid: keyId(der), use: 'sig', spki, from }], revocations: [] };
}

// ---------------------------------------------------------------------------------------------
// Validation

/** Validates a key set: shapes, ids matching keys, key types matching uses, unique ids. */
export function validateKeySet(value: unknown): Result<KeySet> {
  const issues: Issue[] = [];
  if (!isRecord(value)) return { ok: false, issues: [{ path: '', code: 'fed.expected_map' }] };
  const allowed = ['node', 'version', 'keys', 'revocations'];
  for (const k of Object.keys(value)) {
    if (!allowed.includes(k))
      issues.push({ path: pointer('', k), code: 'fed.unknown_property', params: { property: k } });
  }
  for (const k of allowed)
    if (!(k in value)) issues.push({ path: pointer('', k), code: 'fed.required', params: { property: k } });
  if ('node' in value && !isNodeId(value.node)) issues.push({ path: '/node', code: 'fed.invalid_node_id' });
  if ('version' in value && !(Number.isSafeInteger(value.version) && (value.version as number) >= 0)) {
    issues.push({
      path: '/version',
      code: 'fed.expected_int',
      params: { min: 0, max: Number.MAX_SAFE_INTEGER },
    });
  }
  const kids = new Set<string>();
  if ('keys' in value) {
    if (!Array.isArray(value.keys)) issues.push({ path: '/keys', code: 'fed.expected_list' });
    else if (value.keys.length < 1 || value.keys.length > MAX_KEYS) {
      issues.push({ path: '/keys', code: 'fed.bad_length', params: { min: 1, max: MAX_KEYS } });
    } else value.keys.forEach((k: unknown, i) => checkEntry(k, pointer('/keys', i), issues, kids));
  }
  if ('revocations' in value) {
    if (!Array.isArray(value.revocations)) issues.push({ path: '/revocations', code: 'fed.expected_list' });
    else {
      const seen = new Set<string>();
      value.revocations.forEach((r: unknown, i) =>
        checkRevocation(r, pointer('/revocations', i), issues, kids, seen),
      );
    }
  }
  return issues.length ? { ok: false, issues } : { ok: true, value: value as unknown as KeySet };
}

function checkFields(
  v: Record<string, unknown>,
  path: string,
  issues: Issue[],
  required: string[],
  optional: string[],
): void {
  for (const k of Object.keys(v)) {
    if (!required.includes(k) && !optional.includes(k)) {
      issues.push({ path: pointer(path, k), code: 'fed.unknown_property', params: { property: k } });
    }
  }
  for (const k of required)
    if (!(k in v)) issues.push({ path: pointer(path, k), code: 'fed.required', params: { property: k } });
}

function checkEntry(v: unknown, path: string, issues: Issue[], kids: Set<string>): void {
  if (!isRecord(v)) return void issues.push({ path, code: 'fed.expected_map' });
  checkFields(v, path, issues, ['kid', 'use', 'spki', 'from'], ['until']);
  if (v.use !== 'sig' && v.use !== 'kex')
    issues.push({ path: pointer(path, 'use'), code: 'fed.invalid_value', params: { values: 'sig, kex' } });
  if ('from' in v && !parseTimestamp(v.from))
    issues.push({ path: pointer(path, 'from'), code: 'fed.invalid_timestamp' });
  if ('until' in v) {
    if (!parseTimestamp(v.until))
      issues.push({ path: pointer(path, 'until'), code: 'fed.invalid_timestamp' });
    else if (typeof v.from === 'string' && ms(v.until as string) <= ms(v.from))
      issues.push({ path: pointer(path, 'until'), code: 'fed.bad_range' });
  }
  if (typeof v.kid !== 'string' || !KID_RE.test(v.kid))
    return void issues.push({
      path: pointer(path, 'kid'),
      code: 'fed.invalid_value',
      params: { values: '8 hex digits' },
    });
  if (kids.has(v.kid))
    issues.push({ path: pointer(path, 'kid'), code: 'fed.invalid_value', params: { values: 'unique' } });
  kids.add(v.kid);
  if (typeof v.spki !== 'string')
    return void issues.push({ path: pointer(path, 'spki'), code: 'fed.expected_string' });
  let type: string | undefined;
  try {
    type = publicKeyOf({ spki: v.spki }).asymmetricKeyType;
  } catch {
    return void issues.push({
      path: pointer(path, 'spki'),
      code: 'fed.malformed',
      params: { detail: 'SPKI' },
    });
  }
  const expected = v.use === 'kex' ? 'x25519' : 'ed25519';
  if (type !== expected)
    issues.push({ path: pointer(path, 'spki'), code: 'fed.invalid_value', params: { values: expected } });
  if (keyId(Buffer.from(v.spki, 'base64url')) !== v.kid)
    issues.push({
      path: pointer(path, 'kid'),
      code: 'fed.invalid_value',
      params: { values: 'SHA-256(SPKI)[0..4]' },
    });
}

function checkRevocation(
  v: unknown,
  path: string,
  issues: Issue[],
  kids: Set<string>,
  seen: Set<string>,
): void {
  if (!isRecord(v)) return void issues.push({ path, code: 'fed.expected_map' });
  checkFields(v, path, issues, ['kid', 'from', 'reason'], []);
  if (typeof v.kid !== 'string' || !kids.has(v.kid) || seen.has(v.kid)) {
    issues.push({
      path: pointer(path, 'kid'),
      code: 'fed.invalid_value',
      params: { values: 'a listed key, once' },
    });
  } else seen.add(v.kid);
  if ('from' in v && !parseTimestamp(v.from))
    issues.push({ path: pointer(path, 'from'), code: 'fed.invalid_timestamp' });
  if ('reason' in v && !(REVOCATION_REASONS as readonly unknown[]).includes(v.reason)) {
    issues.push({
      path: pointer(path, 'reason'),
      code: 'fed.invalid_value',
      params: { values: REVOCATION_REASONS.join(', ') },
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Signed updates

/** Signs a key set (COSE_Sign1 over its canonical JSON). Throws when the key is not valid now. */
export function signKeySet(ks: KeySet, key: SigningKey, clock: Clock): Uint8Array {
  const iat = assertSigningTime(key, clock);
  const payload = new TextEncoder().encode(canonicalJson(ks));
  return signSign1(kidBytes(key.kid), [PROTOCOL_VERSION, HEADER_KIND.keyset, iat], payload, key.privateKey);
}

/** [FED-17] Seconds since the epoch for a signature now; throws when `key` is not valid now. */
export function assertSigningTime(key: SigningKey, clock: Clock): number {
  const now = clock.now().getTime();
  if (now < ms(key.from) || (key.until !== undefined && now >= ms(key.until))) {
    throw new RangeError(`signing key ${key.kid} is not valid at ${clock.now().toISOString()}`);
  }
  return Math.floor(now / 1000);
}

export type KeySetUpdateFailure =
  | 'malformed'
  | 'unsupported_version'
  | 'unknown_key'
  | 'bad_signature'
  | 'revoked_key'
  | 'key_not_valid'
  | 'wrong_node'
  | 'stale_version'
  | 'history_rewritten';

export type KeySetUpdateResult =
  | { ok: true; keyset: KeySet; changed: boolean; signedAt: Date; signer: string }
  | { ok: false; reason: KeySetUpdateFailure; issues?: Issue[] };

/** Why a signed object (key-set update, message) could not be opened. */
export type SignedOpenFailure = 'malformed' | 'unsupported_version' | 'unknown_key' | 'bad_signature' | 'revoked_key' | 'key_not_valid';

/**
 * Opens a COSE_Sign1 whose protected parameters are [protocol version, `kind`, signing time] and
 * checks its signer against `keys`: a known signing key, a good signature, and the key's status
 * at the signed time (never the receiver's clock: [FED-19]). `strict` also refuses unprotected
 * header entries.
 */
export function openSigned(
  bytes: Uint8Array,
  keys: KeySet,
  kind: number,
  strict = false,
): { ok: true; s: Sign1; signer: string; signedAt: Date } | { ok: false; reason: SignedOpenFailure; issues?: Issue[] } {
  let s: Sign1;
  try {
    s = parseSign1(bytes);
  } catch (e) {
    return { ok: false, reason: 'malformed', issues: [{ path: '', code: 'fed.malformed', params: { detail: e instanceof CoseError ? e.message : 'COSE' } }] };
  }
  const [v, k, iat] = s.params;
  if (!isSupportedVersion(v)) return { ok: false, reason: 'unsupported_version' };
  if (k !== kind || s.params.length !== 3 || typeof iat !== 'number' || !Number.isSafeInteger(iat) || (strict && s.unprotected.size !== 0)) {
    return { ok: false, reason: 'malformed' };
  }
  const signer = kidText(s.kid);
  const entry = keys.keys.find((key) => key.kid === signer && key.use === 'sig');
  if (!entry) return { ok: false, reason: 'unknown_key' };
  if (!verifySign1(s, publicKeyOf(entry))) return { ok: false, reason: 'bad_signature' };
  const signedAt = new Date(iat * 1000);
  const status = keyStatus(keys, signer, signedAt).status;
  if (status === 'revoked') return { ok: false, reason: 'revoked_key' };
  if (status !== 'valid') return { ok: false, reason: 'key_not_valid' };
  return { ok: true, s, signer, signedAt };
}

/**
 * [FED-16][FED-19] Applies a signed key-set update to the set held for that node: the signer must
 * be a signing key valid in `current` at the signing time; the version must grow (the same
 * version, identical, is an idempotent no-op); no key or revocation may disappear, a key's
 * material never changes, its validity may only narrow, and a revocation may only become
 * stricter (earlier, or `compromised`).
 */
export function applyKeySetUpdate(current: KeySet, signed: Uint8Array): KeySetUpdateResult {
  const opened = openSigned(signed, current, HEADER_KIND.keyset);
  if (!opened.ok) return opened;
  const { s, signer, signedAt } = opened;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(s.payload));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const r = validateKeySet(parsed);
  if (!r.ok) return { ok: false, reason: 'malformed', issues: r.issues };
  const next = r.value;
  if (next.node !== current.node) return { ok: false, reason: 'wrong_node' };
  if (next.version < current.version) return { ok: false, reason: 'stale_version' };
  if (next.version === current.version) {
    return canonicalJson(next) === canonicalJson(current)
      ? { ok: true, keyset: current, changed: false, signedAt, signer }
      : { ok: false, reason: 'stale_version' };
  }
  if (!keepsHistory(current, next)) return { ok: false, reason: 'history_rewritten' };
  return { ok: true, keyset: next, changed: true, signedAt, signer };
}

function keepsHistory(current: KeySet, next: KeySet): boolean {
  for (const k of current.keys) {
    const n = next.keys.find((x) => x.kid === k.kid);
    if (!n || n.use !== k.use || n.spki !== k.spki) return false;
    // Validity may only narrow: a start moved later (the registration set starts at the epoch),
    // an end date set or brought forward — never widened.
    if (ms(n.from) < ms(k.from)) return false;
    if (k.until !== undefined && (n.until === undefined || ms(n.until) > ms(k.until))) return false;
  }
  for (const r of current.revocations) {
    const n = next.revocations.find((x) => x.kid === r.kid);
    if (!n || ms(n.from) > ms(r.from)) return false;
    if (r.reason === 'compromised' && n.reason !== 'compromised') return false;
  }
  return true;
}
