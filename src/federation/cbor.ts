/**
 * CBOR (RFC 8949) for the federation layer: cbor-x does the encoding and decoding; this file
 * restricts what a peer may send to the subset we emit, so that bytes from the network can never
 * reach cbor-x's extensions (records, packed strings, dates…):
 * - definite lengths only; ints, byte and text strings, arrays, maps with int or text keys,
 *   false/true/null, floats; the one tag we use (negative zero); nesting depth bounded;
 * - the input must be exactly what our encoder produces for the decoded value (RFC 8949 §4.2
 *   deterministic-encoding style check): duplicate map keys, over-long integers or lengths and
 *   trailing bytes are all refused.
 * Maps decode to `Map`, byte strings to `Uint8Array`.
 */
import { Encoder, Tag } from 'cbor-x';

/** Private tag for -0, which cbor-x would otherwise write as integer 0 (a value change). */
export const TAG_NEGATIVE_ZERO = 4700;
const MAX_DEPTH = 64;

const encoder = new Encoder({
  useRecords: false,
  mapsAsObjects: false,
  tagUint8Array: false,
  variableMapSize: true,
  pack: false,
  bundleStrings: false,
  useTimestamp32: false,
});

/** A value this module can encode: JSON-like, with Map for CBOR maps and Uint8Array for bytes. */
export type CborValue =
  null | boolean | number | string | Uint8Array | CborValue[] | Map<number | string, CborValue> | Tag;

export class CborError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'CborError';
  }
}

/** Encodes a value; -0 becomes the negative-zero tag. */
export function encodeCbor(value: CborValue): Uint8Array {
  return new Uint8Array(encoder.encode(prepare(value)));
}

function prepare(value: CborValue): unknown {
  // Most values hold no -0: they are encoded as they are, without a copy.
  return hasNegativeZero(value) ? tagNegativeZero(value) : value;
}

function hasNegativeZero(value: CborValue): boolean {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new CborError('non-finite number');
    return Object.is(value, -0);
  }
  if (Array.isArray(value)) {
    for (const v of value) if (hasNegativeZero(v)) return true;
    return false;
  }
  if (value instanceof Map) {
    for (const v of value.values()) if (hasNegativeZero(v)) return true;
    return false;
  }
  return false;
}

function tagNegativeZero(value: CborValue): unknown {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new CborError('non-finite number');
    return Object.is(value, -0) ? new Tag(0, TAG_NEGATIVE_ZERO) : value;
  }
  if (Array.isArray(value)) return value.map(tagNegativeZero);
  if (value instanceof Map) {
    const out = new Map<number | string, unknown>();
    for (const [k, v] of value) out.set(k, tagNegativeZero(v));
    return out;
  }
  return value;
}

/** Decodes bytes of the allowed subset, encoded exactly as encodeCbor would; throws CborError. */
export function decodeCbor(bytes: Uint8Array): CborValue {
  const end = scan(bytes, 0, 0);
  if (end !== bytes.length) throw new CborError('trailing bytes');
  let value: unknown;
  try {
    value = encoder.decode(bytes);
  } catch (e) {
    throw new CborError(e instanceof Error ? e.message : 'undecodable');
  }
  const restored = restore(value);
  const again = encodeCbor(restored);
  if (!sameBytes(again, bytes)) throw new CborError('not in deterministic encoding');
  return restored;
}

/** Checks what cbor-x decoded and turns it into a CborValue, in place (arrays and maps are fresh). */
function restore(value: unknown): CborValue {
  if (value instanceof Tag) {
    if (value.tag === TAG_NEGATIVE_ZERO && value.value === 0) return -0;
    throw new CborError(`tag ${value.tag}`);
  }
  // A copy: the decoded bytes must not keep the whole input buffer alive.
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = restore(value[i]);
    return value as CborValue[];
  }
  if (value instanceof Map) {
    const map = value as Map<unknown, unknown>;
    for (const [k, v] of map) {
      if (typeof k !== 'number' && typeof k !== 'string') throw new CborError('map key type');
      const r = restore(v);
      if (r !== v) map.set(k, r);
    }
    return map as Map<number | string, CborValue>;
  }
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new CborError(`unsupported value ${typeof value}`);
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Reads the head of the item at `pos`: major type, argument, position after the head. */
function head(b: Uint8Array, pos: number): { major: number; info: number; arg: number; next: number } {
  if (pos >= b.length) throw new CborError('truncated');
  const ib = b[pos]!;
  const major = ib >> 5;
  const info = ib & 0x1f;
  if (info < 24) return { major, info, arg: info, next: pos + 1 };
  const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0;
  if (size === 0) throw new CborError(info === 31 ? 'indefinite length' : 'reserved additional information');
  if (pos + 1 + size > b.length) throw new CborError('truncated');
  // A float's bits are not a length: nothing to read.
  if (major === 7) return { major, info, arg: 0, next: pos + 1 + size };
  let arg = 0;
  for (let i = 0; i < size; i++) arg = arg * 256 + b[pos + 1 + i]!;
  if (!Number.isSafeInteger(arg)) throw new CborError('integer too large');
  return { major, info, arg, next: pos + 1 + size };
}

/** Walks one item, checking it belongs to the subset; returns the position after it. */
function scan(b: Uint8Array, pos: number, depth: number): number {
  if (depth > MAX_DEPTH) throw new CborError('nested too deeply');
  const h = head(b, pos);
  switch (h.major) {
    case 0:
    case 1:
      return h.next;
    case 2:
    case 3:
      if (h.next + h.arg > b.length) throw new CborError('truncated');
      return h.next + h.arg;
    case 4: {
      let p = h.next;
      for (let i = 0; i < h.arg; i++) p = scan(b, p, depth + 1);
      return p;
    }
    case 5: {
      let p = h.next;
      for (let i = 0; i < h.arg; i++) {
        const k = head(b, p);
        if (k.major > 1 && k.major !== 3) throw new CborError('map key type');
        p = scan(b, p, depth + 1);
        p = scan(b, p, depth + 1);
      }
      return p;
    }
    case 6:
      if (h.arg !== TAG_NEGATIVE_ZERO) throw new CborError(`tag ${h.arg}`);
      return scan(b, h.next, depth + 1);
    default:
      // Major 7: false, true, null and floats only.
      if (h.info === 20 || h.info === 21 || h.info === 22) return h.next;
      if (h.info === 25 || h.info === 26 || h.info === 27) return h.next;
      throw new CborError('simple value');
  }
}
