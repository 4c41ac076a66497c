/**
 * Compact encoding for narrow links ([FED-25]–[FED-27] of docs/sync-spec.md): any JSON value
 * (plus byte strings) as CBOR with the shared dictionary of dictionary.ts — property names as small
 * integers, each known property's value through its codec (dictionary strings, 16-byte UUIDs,
 * 17-byte typed STIX ids, integer timestamps, coordinates in 1e-7 degrees) — then DEFLATE with a
 * preset dictionary when that is shorter. Lossless: decode(encode(x)) deep-equals x for every
 * value; whatever a codec cannot carry exactly goes under its literal property name instead.
 *
 * Frame: one byte, dictionary version << 2 | compression (0 none, 1 deflateRaw + preset
 * dictionary), then the CBOR or its compressed form.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { CborError, decodeCbor, encodeCbor, type CborValue } from './cbor.ts';
import {
  codeOf,
  CURRENT_DICTIONARY,
  DICTIONARIES,
  positionOf,
  type Codec,
  type Dictionary,
} from './dictionary.ts';
import { LIMITS } from './protocol.ts';

/** What the compact encoding carries: JSON values and byte strings. */
export type CompactValue =
  null | boolean | number | string | Uint8Array | CompactValue[] | { [key: string]: CompactValue };

export class CompactError extends Error {
  readonly reason: 'malformed' | 'unsupported_version' | 'too_large';
  constructor(reason: 'malformed' | 'unsupported_version' | 'too_large', detail: string) {
    super(detail);
    this.name = 'CompactError';
    this.reason = reason;
  }
}

const COMPRESSION_NONE = 0;
const COMPRESSION_DEFLATE = 1;

interface Tables {
  d: Dictionary;
  keyPos: Map<string, number>;
  strPos: Map<string, number>;
  idPos: Map<string, number>;
  typePos: Map<string, number>;
  deflateDict: Buffer;
}

const tablesCache = new Map<number, Tables>();

function tables(d: Dictionary): Tables {
  let t = tablesCache.get(d.version);
  if (!t) {
    t = {
      d,
      keyPos: new Map(d.keys.map(([name], i) => [name, i])),
      strPos: new Map(d.strings.map((s, i) => [s, i])),
      idPos: new Map(d.ids.map((s, i) => [s, i])),
      typePos: new Map(d.idTypes.map((s, i) => [s, i])),
      deflateDict: Buffer.from(d.deflate, 'utf8'),
    };
    tablesCache.set(d.version, t);
  }
  return t;
}

export interface EncodeOptions {
  /** 'auto' (default) keeps the deflated form only when shorter. */
  compress?: 'auto' | 'never' | 'always';
  dictionary?: Dictionary;
}

/** Encodes a value in the compact frame. Throws CompactError for values JSON cannot hold. */
export function encodeCompact(value: CompactValue, options: EncodeOptions = {}): Uint8Array {
  const t = tables(options.dictionary ?? CURRENT_DICTIONARY);
  const cbor = encodeCbor(encAny(value, t, 0));
  const mode = options.compress ?? 'auto';
  let body: Uint8Array = cbor;
  let compression = COMPRESSION_NONE;
  if (mode !== 'never') {
    const z = deflateRawSync(cbor, { level: 9, memLevel: 9, dictionary: t.deflateDict });
    if (mode === 'always' || z.length < cbor.length) {
      body = z;
      compression = COMPRESSION_DEFLATE;
    }
  }
  const out = new Uint8Array(body.length + 1);
  out[0] = (t.d.version << 2) | compression;
  out.set(body, 1);
  return out;
}

export interface DecodeOptions {
  /** Largest decompressed CBOR accepted (decompression bombs). */
  maxBytes?: number;
}

/** Decodes a compact frame; throws CompactError (`malformed`, `unsupported_version`, `too_large`). */
export function decodeCompact(frame: Uint8Array, options: DecodeOptions = {}): CompactValue {
  if (frame.length < 2) throw new CompactError('malformed', 'empty frame');
  const version = frame[0]! >> 2;
  const compression = frame[0]! & 3;
  const d = DICTIONARIES.get(version);
  if (!d) throw new CompactError('unsupported_version', `dictionary version ${version}`);
  const t = tables(d);
  const maxBytes = options.maxBytes ?? LIMITS.maxEnvelopeBytes;
  let cbor: Uint8Array;
  if (compression === COMPRESSION_NONE) cbor = frame.subarray(1);
  else if (compression === COMPRESSION_DEFLATE) {
    try {
      cbor = inflateRawSync(frame.subarray(1), { dictionary: t.deflateDict, maxOutputLength: maxBytes });
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') throw new CompactError('too_large', 'decompressed size');
      throw new CompactError('malformed', 'bad deflate stream');
    }
  } else throw new CompactError('malformed', `compression ${compression}`);
  if (cbor.length > maxBytes) throw new CompactError('too_large', 'frame size');
  let raw: CborValue;
  try {
    raw = decodeCbor(cbor);
  } catch (e) {
    throw new CompactError('malformed', e instanceof CborError ? e.message : 'cbor');
  }
  return decAny(raw, t);
}

// ---------------------------------------------------------------------------------------------
// Encoding

const MAX_DEPTH = 60;

function encAny(v: CompactValue, t: Tables, depth: number): CborValue {
  if (depth > MAX_DEPTH) throw new CompactError('malformed', 'nested too deeply');
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new CompactError('malformed', 'non-finite number');
    return v;
  }
  if (v instanceof Uint8Array) return v;
  if (Array.isArray(v)) return v.map((e) => encAny(e, t, depth + 1));
  if (
    typeof v === 'object' &&
    (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)
  ) {
    const out = new Map<number | string, CborValue>();
    for (const [k, val] of Object.entries(v)) {
      const pos = t.keyPos.get(k);
      const enc = pos === undefined ? undefined : encCodec(val, t.d.keys[pos]![1], t, depth + 1);
      if (pos !== undefined && enc !== undefined) out.set(codeOf(pos), enc);
      else out.set(k, encAny(val, t, depth + 1));
    }
    return out;
  }
  throw new CompactError('malformed', `cannot encode ${typeof v}`);
}

/** The codec's form of `v`, or undefined when the codec cannot carry it exactly. */
function encCodec(v: CompactValue, codec: Codec, t: Tables, depth: number): CborValue | undefined {
  switch (codec) {
    case 'any':
      return encAny(v, t, depth);
    case 'str':
      return typeof v === 'string' ? encStr(v, t) : undefined;
    case 'strs':
      return Array.isArray(v) && v.every((e) => typeof e === 'string')
        ? v.map((e) => encStr(e, t))
        : undefined;
    case 'id':
      return typeof v === 'string' ? encId(v, t) : undefined;
    case 'ids':
      return Array.isArray(v) && v.every((e) => typeof e === 'string')
        ? v.map((e) => encId(e, t))
        : undefined;
    case 'ts':
      return typeof v === 'string' ? (encTimestamp(v) ?? v) : undefined;
    case 'coord':
      return typeof v === 'number' ? encCoord(v) : undefined;
  }
}

function encStr(s: string, t: Tables): CborValue {
  const pos = t.strPos.get(s);
  return pos === undefined ? s : codeOf(pos);
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function uuidBytes(uuid: string): Uint8Array {
  return Buffer.from(uuid.replaceAll('-', ''), 'hex');
}

function uuidText(b: Uint8Array): string {
  const h = Buffer.from(b).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function encId(s: string, t: Tables): CborValue {
  const known = t.idPos.get(s);
  if (known !== undefined) return codeOf(known);
  if (UUID_RE.test(s)) return uuidBytes(s);
  const at = s.indexOf('--');
  if (at > 0) {
    const type = t.typePos.get(s.slice(0, at));
    const uuid = s.slice(at + 2);
    if (type !== undefined && UUID_RE.test(uuid)) {
      const out = new Uint8Array(17);
      out[0] = type;
      out.set(uuidBytes(uuid), 1);
      return out;
    }
  }
  return s;
}

const TS_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

/** Integer seconds, or [seconds, fraction digits * 10 + digit count]; undefined when not exact. */
function encTimestamp(s: string): CborValue | undefined {
  const m = TS_RE.exec(s);
  if (!m) return undefined;
  const [y, mo, d, h, mi, se] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(2000, mo - 1, d, h, mi, se));
  date.setUTCFullYear(y);
  const seconds = date.getTime() / 1000;
  const digits = m[7];
  const enc: CborValue = digits === undefined ? seconds : [seconds, Number(digits) * 10 + digits.length];
  // Impossible dates and leap seconds normalise to another text: keep those literal.
  return formatTimestamp(seconds, digits === undefined ? 0 : Number(digits) * 10 + digits.length) === s
    ? enc
    : undefined;
}

function formatTimestamp(seconds: number, fcode: number): string | undefined {
  if (!Number.isSafeInteger(seconds) || !Number.isSafeInteger(fcode) || fcode < 0) return undefined;
  const date = new Date(seconds * 1000);
  const year = date.getUTCFullYear();
  if (!Number.isFinite(date.getTime()) || year < 0 || year > 9999) return undefined;
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const base =
    `${pad(year, 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}T` +
    `${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}`;
  if (fcode === 0) return `${base}Z`;
  const count = fcode % 10;
  const value = Math.floor(fcode / 10);
  if (count === 0 || String(value).length > count) return undefined;
  return `${base}.${pad(value, count)}Z`;
}

const COORD_SCALE = 1e7;

function encCoord(v: number): CborValue | undefined {
  if (!Number.isFinite(v)) return undefined;
  const scaled = Math.round(v * COORD_SCALE);
  if (Number.isSafeInteger(scaled) && Object.is(scaled / COORD_SCALE, v)) return scaled;
  // A float goes as itself, unless it reads like an integer (which would decode as scaled).
  return Number.isSafeInteger(v) ? undefined : v;
}

// ---------------------------------------------------------------------------------------------
// Decoding

function bad(detail: string): never {
  throw new CompactError('malformed', detail);
}

function setOwn(o: Record<string, CompactValue>, k: string, v: CompactValue): void {
  if (Object.hasOwn(o, k)) bad(`duplicate property ${k.slice(0, 60)}`);
  // '__proto__' must stay an own data property, as JSON.parse makes it.
  if (k === '__proto__')
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

function decAny(v: CborValue, t: Tables): CompactValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'string' || typeof v === 'number') return v;
  if (v instanceof Uint8Array) return v;
  if (Array.isArray(v)) return v.map((e) => decAny(e, t));
  if (v instanceof Map) {
    const out: Record<string, CompactValue> = {};
    for (const [k, val] of v) {
      if (typeof k === 'string') setOwn(out, k, decAny(val, t));
      else {
        const entry = t.d.keys[positionOf(k)];
        if (!entry) bad(`unknown key code ${k}`);
        setOwn(out, entry[0], decCodec(val, entry[1], t));
      }
    }
    return out;
  }
  return bad('unexpected value');
}

function decCodec(v: CborValue, codec: Codec, t: Tables): CompactValue {
  switch (codec) {
    case 'any':
      return decAny(v, t);
    case 'str':
      return decStr(v, t);
    case 'strs':
      return Array.isArray(v) ? v.map((e) => decStr(e, t)) : bad('expected a list of strings');
    case 'id':
      return decId(v, t);
    case 'ids':
      return Array.isArray(v) ? v.map((e) => decId(e, t)) : bad('expected a list of ids');
    case 'ts':
      return decTimestamp(v);
    case 'coord':
      if (typeof v !== 'number') return bad('expected a coordinate');
      return Number.isSafeInteger(v) ? v / COORD_SCALE : v;
  }
}

function decStr(v: CborValue, t: Tables): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isInteger(v)) {
    const s = t.d.strings[positionOf(v)];
    if (s !== undefined) return s;
  }
  return bad('expected a string or a string code');
}

function decId(v: CborValue, t: Tables): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isInteger(v)) {
    const s = t.d.ids[positionOf(v)];
    if (s !== undefined) return s;
  }
  if (v instanceof Uint8Array) {
    if (v.length === 16) return uuidText(v);
    const type = v.length === 17 ? t.d.idTypes[v[0]!] : undefined;
    if (type !== undefined) return `${type}--${uuidText(v.subarray(1))}`;
  }
  return bad('expected an id');
}

function decTimestamp(v: CborValue): string {
  if (typeof v === 'string') return v;
  let s: string | undefined;
  if (typeof v === 'number') s = formatTimestamp(v, 0);
  else if (
    Array.isArray(v) &&
    v.length === 2 &&
    typeof v[0] === 'number' &&
    typeof v[1] === 'number' &&
    v[1] > 0
  ) {
    s = formatTimestamp(v[0], v[1]);
  }
  return s ?? bad('expected a timestamp');
}
