/**
 * STIX identifiers (STIX 2.1 §2.9): `<type>--<UUID>`. Sentinelle mints UUIDv4 for new objects and
 * UUIDv5 where an importer needs the same id for the same source record (idempotent re-imports);
 * §2.9 allows any RFC 4122 UUID and recommends v4 for SDOs/SROs, v5 for SCOs. We accept only v4 and
 * v5, in lower case, so that one object can never be stored under two spellings of its id.
 */
import { createHash, randomUUID } from 'node:crypto';

/** STIX 2.1 §3.1: type names are 3–250 characters of a–z, 0–9 and single inner hyphens. */
const TYPE_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** RFC 4122 §4.1.1 variant (10xx) and §4.1.3 version 4 or 5. */
const UUID_V4_V5_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[45][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Namespace of the deterministic ids STIX 2.1 §2.9 gives for SCOs. */
export const OASIS_STIX_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';
/** Namespace for Sentinelle's own deterministic ids (importers, REL TO markings). */
export const SENTINELLE_NAMESPACE = '6f3c2b1e-94d7-4a58-8e21-7c0b5d9a3f64';

/** True when `type` is a well-formed STIX type name (STIX 2.1 §3.1). */
export function isStixTypeName(type: unknown): boolean {
  return typeof type === 'string' && type.length >= 3 && type.length <= 250 && TYPE_RE.test(type);
}

/** A fresh identifier `<type>--<UUIDv4>`. */
export function newStixId(type: string): string {
  if (!isStixTypeName(type)) throw new TypeError(`not a STIX type name: ${type}`);
  return `${type}--${randomUUID()}`;
}

/**
 * A deterministic identifier `<type>--<UUIDv5(namespace, name)>` (RFC 4122 §4.3, SHA-1): the same
 * namespace and name always give the same id, so re-importing a source record updates the object
 * instead of duplicating it.
 */
export function stixIdV5(type: string, namespace: string, name: string): string {
  if (!isStixTypeName(type)) throw new TypeError(`not a STIX type name: ${type}`);
  const ns = namespace.toLowerCase();
  if (!UUID_RE.test(ns)) throw new TypeError(`namespace is not a UUID: ${namespace}`);
  const hash = createHash('sha1')
    .update(Buffer.from(ns.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const b = hash.subarray(0, 16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x50;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${type}--${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Splits an identifier into its type and UUID, or returns null when it is not a valid STIX id. */
export function parseStixId(value: unknown): { type: string; uuid: string } | null {
  if (typeof value !== 'string') return null;
  const at = value.indexOf('--');
  if (at < 0) return null;
  const type = value.slice(0, at);
  const uuid = value.slice(at + 2);
  if (!isStixTypeName(type) || !UUID_V4_V5_RE.test(uuid)) return null;
  return { type, uuid };
}

/**
 * True when `value` is `<type>--<UUID v4 or v5>` in lower case; when `type` is given (one or
 * several), the id's type must be one of them.
 */
export function isStixId(value: unknown, type?: string | readonly string[]): boolean {
  const parsed = parseStixId(value);
  if (!parsed) return false;
  if (type === undefined) return true;
  return typeof type === 'string' ? parsed.type === type : type.includes(parsed.type);
}

/** The type part of a valid identifier, or null. */
export function typeOfId(value: unknown): string | null {
  return parseStixId(value)?.type ?? null;
}

/** Domain label of minted ids ([FED-94]): part of the hashed input, never changed. */
const MINTED_LABEL = 'sentinelle/minted-id/v1';

/**
 * [FED-94] The id this node gives a record created without a client id: `<type>--<UUID>` where
 * the UUID is the first 16 bytes of SHA-256(label, type, creator, created, k) with the RFC 4122
 * version 4 and variant bits set. Anyone holding the record can recompute it from the record's own
 * `type`, `created_by_ref` and `created` (and the small `k` that makes it unique), so a narrow
 * link sends `k` instead of 16 bytes; it reveals nothing the record does not already carry.
 * 122 hashed bits, like the random bits of a UUIDv4: ids of distinct inputs do not collide.
 */
export function mintedStixId(type: string, creatorRef: string, created: string, k: number): string {
  if (!isStixTypeName(type)) throw new TypeError(`not a STIX type name: ${type}`);
  if (!Number.isSafeInteger(k) || k < 0) throw new RangeError('k');
  const b = createHash('sha256')
    .update(JSON.stringify([MINTED_LABEL, type, creatorRef, created, k]), 'utf8')
    .digest()
    .subarray(0, 16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${type}--${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * [FED-94] The `k` with which `id` was minted from the other three, or undefined (a client's or
 * importer's id). Tries the first `tries` values: a node picks the smallest k not yet taken.
 */
export function mintedK(
  id: string,
  type: string,
  creatorRef: string,
  created: string,
  tries = 24,
): number | undefined {
  if (!isStixTypeName(type) || !id.startsWith(`${type}--`)) return undefined;
  for (let k = 0; k < tries; k++) if (mintedStixId(type, creatorRef, created, k) === id) return k;
  return undefined;
}
