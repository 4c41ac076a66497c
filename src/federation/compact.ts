/**
 * Compact encoding for narrow links ([FED-25]–[FED-27] of docs/sync-spec.md): any JSON value
 * (plus byte strings) as CBOR with the shared dictionary of dictionary.ts — property names as small
 * integers, each known property's value through its codec (dictionary strings, 16-byte UUIDs,
 * 17-byte typed STIX ids, integer timestamps, coordinates in 1e-7 degrees) — then DEFLATE with a
 * preset dictionary when that is shorter. Lossless: decode(encode(x)) deep-equals x for every
 * value; whatever a codec cannot carry exactly goes under its literal property name instead.
 *
 * Frame: one byte, dictionary version << 2 | compression (0 none, 1 deflateRaw + preset
 * dictionary), then the CBOR or its compressed form. Dictionary v3 adds derivation flags
 * (derivations-v3.ts, [FED-82]), times relative to the frame's first and usual presence bits
 * ([FED-83]).
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { CborError, decodeCbor, encodeCbor, type CborValue } from './cbor.ts';
import { codeOf, CURRENT_DICTIONARY, positionOf, type Codec, type Dictionary } from './dictionary.ts';
import { DICTIONARIES } from './dictionaries.ts';
import { LIMITS } from './protocol.ts';
import { mintedK, mintedStixId } from '../objects/ids.ts';
import { applyDerivations, derivable, type Target } from './derivations-v3.ts';
import {
  decodeModelText,
  encodeModelText,
  MAX_MODEL_TEXT_BYTES,
  textState,
  trainTextModel,
  learnText,
  type TextModel,
} from './text-model.ts';

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
  /** v2: the 'text' codec's model, trained on first use. */
  model?: TextModel;
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
  /**
   * Ids both ends know from their agreement (the sender's identity, its markings…): written as
   * small integers after the dictionary's own ids ([FED-73]). The decoder needs the same list.
   */
  localIds?: readonly string[];
  /**
   * v4: Unix seconds the frame's first time counts from ([FED-95]); the narrow profile gives its
   * signing minute. The decoder needs the same value. Default 2020-01-01T00:00:00Z.
   */
  timeOrigin?: number;
}

/** Per-frame state of the encoder and decoder: local ids, the priming text, pending texts. */
interface Frame {
  t: Tables;
  localPos: Map<string, number>;
  local: readonly string[];
  prime: string[];
  primeBytes: number;
  jobs: TextJob[];
  /** v3 encoder: the places sent as derivation flags ([FED-82]). */
  derived: Map<object, Set<string>>;
  /** v3 decoder: the places that came as flags, filled once everything else is decoded. */
  marks: Target[];
  /** v3: seconds of the frame's first time; later times are relative to it ([FED-83]). */
  timeBase?: number;
  /** v4: the frame's first time in milliseconds; later times count from it ([FED-95]). */
  baseMs?: number;
  /** v4: where the first time counts from, in milliseconds (the narrow envelope's signing minute, [FED-95]). */
  originMs: number;
  /** v4 encoder: the record whose id was minted, and its k ([FED-94]). */
  minted?: { record: object; k: number };
  /** v4 decoder: the records whose id came as a k, filled once everything else is decoded. */
  mints: { parent: Record<string, CompactValue>; k: number }[];
}

interface TextJob {
  /** Encoder: the CBOR map and key, or the template array and index, to fill in. Decoder: the object and property. */
  map?: Map<number | string, CborValue>;
  arr?: CborValue[];
  key: number | string;
  obj?: Record<string, CompactValue>;
  value: CborValue;
}

/** Longest priming text (values of the record rendered as text, [FED-72]). */
const MAX_PRIME_BYTES = 512;
/** Most bytes of text the model codes or learns per frame: bounds the decoder's work. */
const MAX_MODEL_BYTES_PER_FRAME = 16 * 1024;

function newFrame(t: Tables, local: readonly string[] = [], timeOrigin = TIME_EPOCH): Frame {
  return {
    originMs: timeOrigin * 1000,
    t,
    local,
    localPos: new Map(local.map((id, i) => [id, i])),
    prime: [],
    primeBytes: 0,
    jobs: [],
    derived: new Map(),
    marks: [],
    mints: [],
  };
}

/** Values that later free text is likely to repeat (places, dates, numbers) prime the model. */
function addPrime(f: Frame, v: CompactValue): void {
  if (f.t.d.textCorpus === undefined || f.primeBytes >= MAX_PRIME_BYTES) return;
  if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) {
    const s = String(v);
    f.prime.push(s);
    f.primeBytes += Buffer.byteLength(s) + 1;
  }
}

/** Trained models by corpus: dictionaries that share a corpus (v2–v4) share one model. */
const modelsByCorpus = new Map<string, TextModel>();

function modelOf(t: Tables): TextModel {
  if (!t.model) {
    const corpus = t.d.textCorpus ?? '';
    t.model = modelsByCorpus.get(corpus) ?? trainTextModel(corpus);
    modelsByCorpus.set(corpus, t.model);
  }
  return t.model;
}

function primeOf(f: Frame): Uint8Array {
  return Buffer.from(f.prime.join(' '), 'utf8').subarray(0, MAX_PRIME_BYTES);
}

/** Encodes a value in the compact frame. Throws CompactError for values JSON cannot hold. */
export function encodeCompact(value: CompactValue, options: EncodeOptions = {}): Uint8Array {
  const t = tables(options.dictionary ?? CURRENT_DICTIONARY);
  const f = newFrame(t, options.localIds, options.timeOrigin);
  if (t.d.derive) f.derived = derivable(value, t.d.derive);
  if (t.d.mintedIds) f.minted = mintedOf(value);
  const tree = encAny(value, f, 0);
  encodeTexts(f);
  const cbor = encodeCbor(tree);
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
  /** The local ids the encoder was given ([FED-73]). */
  localIds?: readonly string[];
  /** v4: the time origin the encoder was given ([FED-95]). */
  timeOrigin?: number;
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
  const f = newFrame(t, options.localIds, options.timeOrigin);
  const out = decAny(raw, f);
  decodeTexts(f);
  if (!applyDerivations(out, f.marks, t.d.derive ?? [])) bad('derivation flag without its rule');
  for (const m of f.mints) {
    const { type, created_by_ref: creator, created } = m.parent;
    if (typeof type !== 'string' || typeof creator !== 'string' || typeof created !== 'string')
      bad('minted id without its creator and creation time');
    try {
      m.parent.id = mintedStixId(type, creator, created, m.k);
    } catch {
      bad('minted id');
    }
  }
  return out;
}

/**
 * [FED-94] The record of a frame (the value, or the object of an item) whose id is the one minted
 * from its own type, creator and creation time, with that k; undefined otherwise.
 */
function mintedOf(value: CompactValue): { record: object; k: number } | undefined {
  const v = isPlainObject(value) && typeof value.type !== 'string' ? value.object : value;
  if (!isPlainObject(v)) return undefined;
  const { id, type, created_by_ref: creator, created } = v;
  if (
    typeof id !== 'string' ||
    typeof type !== 'string' ||
    typeof creator !== 'string' ||
    typeof created !== 'string'
  )
    return undefined;
  const k = mintedK(id, type, creator, created, MAX_MINTED_K);
  return k === undefined ? undefined : { record: v, k };
}

/** [FED-94] The encoder tries k below this; k = 0 travels as `false`, others as [k]. */
const MAX_MINTED_K = 24;

function mintedCode(k: number): CborValue {
  return k === 0 ? false : [k];
}

/** The k of a minted-id code, or undefined when `v` is not one (v4 only). */
function mintedCodeK(f: Frame, v: CborValue): number | undefined {
  if (!f.t.d.mintedIds) return undefined;
  if (v === false) return 0;
  if (
    Array.isArray(v) &&
    v.length === 1 &&
    typeof v[0] === 'number' &&
    Number.isSafeInteger(v[0]) &&
    v[0] > 0
  )
    return v[0];
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Encoding

const MAX_DEPTH = 60;

function encAny(v: CompactValue, f: Frame, depth: number): CborValue {
  if (depth > MAX_DEPTH) throw new CompactError('malformed', 'nested too deeply');
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    addPrime(f, v);
    return v;
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new CompactError('malformed', 'non-finite number');
    addPrime(f, v);
    return v;
  }
  if (v instanceof Uint8Array) return v;
  if (Array.isArray(v)) return v.map((e) => encAny(e, f, depth + 1));
  if (
    typeof v === 'object' &&
    (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)
  ) {
    const out = new Map<number | string, CborValue>();
    const derived = f.derived.get(v);
    for (const [k, val] of Object.entries(v)) {
      const pos = f.t.keyPos.get(k);
      const codec = pos === undefined ? undefined : f.t.d.keys[pos]![1];
      if (pos !== undefined && derived?.has(k)) {
        // [FED-82] The decoder recomputes the value: neither coded nor learnt nor primed.
        out.set(codeOf(pos), true);
        continue;
      }
      if (pos !== undefined && k === 'id' && f.minted?.record === v) {
        out.set(codeOf(pos), mintedCode(f.minted.k));
        continue;
      }
      if (pos !== undefined && codec === 'text' && typeof val === 'string') {
        // Coded in a second pass, once the whole record has primed the model ([FED-72]).
        out.set(codeOf(pos), null);
        f.jobs.push({ map: out, key: codeOf(pos), value: val });
        continue;
      }
      const enc = codec === undefined || codec === 'text' ? undefined : encCodec(val, codec, f, depth + 1);
      if (pos !== undefined && enc !== undefined) out.set(codeOf(pos), enc);
      else out.set(k, encAny(val, f, depth + 1));
    }
    return out;
  }
  throw new CompactError('malformed', `cannot encode ${typeof v}`);
}

/** The codec's form of `v`, or undefined when the codec cannot carry it exactly. */
function encCodec(v: CompactValue, codec: Codec, f: Frame, depth: number): CborValue | undefined {
  switch (codec) {
    case 'any':
      return encAny(v, f, depth);
    case 'str':
      if (typeof v !== 'string') return undefined;
      addPrime(f, v);
      return encStr(v, f.t);
    case 'strs':
      if (!Array.isArray(v) || !v.every((e) => typeof e === 'string')) return undefined;
      return v.map((e) => {
        addPrime(f, e);
        return encStr(e, f.t);
      });
    case 'id':
      return typeof v === 'string' ? encId(v, f) : undefined;
    case 'ids':
      return Array.isArray(v) && v.every((e) => typeof e === 'string')
        ? v.map((e) => encId(e, f))
        : undefined;
    case 'ts':
      if (typeof v !== 'string') return undefined;
      addPrime(f, v);
      return encTimestamp(v) ?? v;
    case 'time':
      if (typeof v !== 'string') return undefined;
      addPrime(f, v);
      return encTime(v, f) ?? v;
    case 'coord': {
      if (typeof v !== 'number') return undefined;
      const enc = encCoord(v);
      if (enc !== undefined) addPrime(f, v);
      return enc;
    }
    case 'text':
      return undefined;
    case 'rec':
      return isPlainObject(v) ? encRec(v, f, depth) : undefined;
    case 'recs':
      return Array.isArray(v) && v.every(isPlainObject) ? v.map((e) => encRec(e, f, depth + 1)) : undefined;
  }
}

function isPlainObject(v: unknown): v is Record<string, CompactValue> {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof Uint8Array) &&
    (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)
  );
}

/** Whether `codec` carries `v` exactly: decided before encoding, which primes the text model. */
function carries(v: CompactValue, codec: Codec): boolean {
  switch (codec) {
    case 'any':
      return true;
    case 'str':
    case 'id':
    case 'ts':
    case 'time':
    case 'text':
      return typeof v === 'string';
    case 'strs':
    case 'ids':
      return Array.isArray(v) && v.every((e) => typeof e === 'string');
    case 'coord':
      return typeof v === 'number' && encCoord(v) !== undefined;
    case 'rec':
      return isPlainObject(v);
    case 'recs':
      return Array.isArray(v) && v.every(isPlainObject);
  }
}

/**
 * [FED-81] An object whose properties all belong to a record template, in the template's order,
 * with values its codecs carry: [template, presence bits, values…] — no key bytes. Else a map.
 */
function encRec(v: Record<string, CompactValue>, f: Frame, depth: number): CborValue {
  const given = Object.keys(v);
  const templates = f.t.d.records ?? [];
  const carried = () => given.every((k) => carries(v[k]!, f.t.d.keys[f.t.keyPos.get(k)!]![1]));
  const bitsOf = (tpl: readonly string[]) => given.reduce((n, k) => n + 2 ** tpl.indexOf(k), 0);
  let ti: number;
  if (f.t.d.anyOrder) {
    // [FED-97] v4: the key set decides, not the order (JSON objects are unordered, and the store's
    // jsonb keeps no order); among matching templates, one whose usual presence bits these are.
    const fits = templates.flatMap((tpl, i) => (given.every((k) => tpl.includes(k)) ? [i] : []));
    ti =
      fits.length === 0 || !carried()
        ? -1
        : (fits.find((i) => f.t.d.recordDefaults?.[i] === bitsOf(templates[i]!)) ?? fits[0]!);
  } else
    ti = templates.findIndex((tpl) => {
      let at = 0;
      for (const k of given) {
        while (at < tpl.length && tpl[at] !== k) at++;
        if (at === tpl.length) return false;
        at++;
      }
      return carried();
    });
  if (ti < 0 || given.length === 0) return encAny(v, f, depth);
  const tpl = templates[ti]!;
  const keys = tpl.filter((k) => Object.hasOwn(v, k));
  const bits = bitsOf(tpl);
  // [FED-83] v3: the template's usual presence bits travel as 0 (one byte instead of two or three).
  const out: CborValue[] = [ti, f.t.d.recordDefaults?.[ti] === bits ? 0 : bits];
  const derived = f.derived.get(v);
  for (const k of keys) {
    const codec = f.t.d.keys[f.t.keyPos.get(k)!]![1];
    const val = v[k]!;
    if (derived?.has(k)) out.push(true);
    else if (k === 'id' && f.minted?.record === v) out.push(mintedCode(f.minted.k));
    else if (codec === 'text') {
      out.push(null);
      f.jobs.push({ arr: out, key: out.length - 1, value: val as string });
    } else out.push(encCodec(val, codec, f, depth + 1)!);
  }
  return out;
}

function encStr(s: string, t: Tables): CborValue {
  const pos = t.strPos.get(s);
  return pos === undefined ? s : codeOf(pos);
}

/** Second pass: each text as a dictionary code, a literal, or model-coded bytes (shortest). */
function encodeTexts(f: Frame): void {
  if (f.jobs.length === 0) return;
  if (f.t.d.jointText) return encodeJointTexts(f);
  const state = textState(primeOf(f));
  let budget = MAX_MODEL_BYTES_PER_FRAME;
  for (const job of f.jobs) {
    const text = job.value as string;
    const pos = f.t.strPos.get(text);
    const bytes = Buffer.from(text, 'utf8');
    const usable = bytes.length <= MAX_MODEL_TEXT_BYTES && bytes.length <= budget;
    let enc: CborValue = pos === undefined ? text : codeOf(pos);
    if (usable) {
      budget -= bytes.length;
      // Coding also teaches the state the text, as decoding will, whichever form is kept.
      const coded = encodeModelText(modelOf(f.t), bytes, state);
      if (pos === undefined && bytes.length > 0) {
        const framed = Buffer.concat([leb128(bytes.length), coded]);
        if (encodeCbor(framed).length < encodeCbor(text).length) enc = new Uint8Array(framed);
      }
    }
    if (job.arr) job.arr[job.key as number] = enc;
    else job.map!.set(job.key, enc);
  }
}

function setText(job: TextJob, enc: CborValue): void {
  if (job.arr) job.arr[job.key as number] = enc;
  else job.map!.set(job.key, enc);
}

/**
 * [FED-98] v4: every text that is not a dictionary string and not empty is coded in one model run
 * (one coder flush, one byte-string head): the first such text's place holds the byte lengths of
 * all of them (LEB128, in order) then the coded bytes; the others hold `null`.
 */
function encodeJointTexts(f: Frame): void {
  const joint: { job: TextJob; bytes: Buffer }[] = [];
  let total = 0;
  for (const job of f.jobs) {
    const text = job.value as string;
    const pos = f.t.strPos.get(text);
    const bytes = Buffer.from(text, 'utf8');
    if (pos === undefined && bytes.length > 0 && total + bytes.length <= MAX_MODEL_TEXT_BYTES) {
      total += bytes.length;
      joint.push({ job, bytes });
      setText(job, null);
    } else setText(job, pos === undefined ? text : codeOf(pos));
  }
  if (joint.length === 0) return;
  const coded = encodeModelText(
    modelOf(f.t),
    Buffer.concat(joint.map((j) => j.bytes)),
    textState(primeOf(f)),
  );
  setText(joint[0]!.job, new Uint8Array(Buffer.concat([...joint.map((j) => leb128(j.bytes.length)), coded])));
}

function leb128(n: number): Buffer {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return Buffer.from(out);
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function uuidBytes(uuid: string): Uint8Array {
  return Buffer.from(uuid.replaceAll('-', ''), 'hex');
}

function uuidText(b: Uint8Array): string {
  const h = Buffer.from(b).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function encId(s: string, f: Frame): CborValue {
  const t = f.t;
  const known = t.idPos.get(s);
  if (known !== undefined) return codeOf(known);
  const local = f.localPos.get(s);
  if (local !== undefined) return codeOf(t.d.ids.length + local);
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

/** Seconds since 1970 and the fraction's digits, when `s` is exactly an RFC 3339 UTC timestamp. */
function parseTimestamp(s: string): { seconds: number; digits: string | undefined } | undefined {
  const m = TS_RE.exec(s);
  if (!m) return undefined;
  const [y, mo, d, h, mi, se] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(2000, mo - 1, d, h, mi, se));
  date.setUTCFullYear(y);
  const seconds = date.getTime() / 1000;
  const digits = m[7];
  // Impossible dates and leap seconds normalise to another text: keep those literal.
  const fcode = digits === undefined ? 0 : Number(digits) * 10 + digits.length;
  return formatTimestamp(seconds, fcode) === s ? { seconds, digits } : undefined;
}

/** Integer seconds, or [seconds, fraction digits * 10 + digit count]; undefined when not exact. */
function encTimestamp(s: string): CborValue | undefined {
  const p = parseTimestamp(s);
  if (!p) return undefined;
  return p.digits === undefined ? p.seconds : [p.seconds, Number(p.digits) * 10 + p.digits.length];
}

/** [FED-71] v2 time origin: 2020-01-01T00:00:00Z (Unix seconds). */
const TIME_EPOCH = 1577836800;
/** Units of a v2 time code: days, minutes, seconds; +3 when the text carries ".000". */
const TIME_UNIT = [86400, 60, 1] as const;

/**
 * [FED-71] One integer n·6 + u: n units since 2020 of the coarsest unit u (day, minute, second)
 * that holds the time exactly, u + 3 when the text ends in ".000Z"; any other fraction as
 * [n·6 + u, fraction code] as in v1. Undefined when the text is not an exact timestamp.
 */
function encTime(s: string, f: Frame): CborValue | undefined {
  if (f.t.d.timeCode4) return encTime4(s, f);
  const p = parseTimestamp(s);
  if (!p) return undefined;
  // [FED-83] v3: the first time of the frame from 2020, the others from the first.
  const origin = f.timeBase ?? TIME_EPOCH;
  if (f.t.d.timeDelta && f.timeBase === undefined) f.timeBase = p.seconds;
  const rel = p.seconds - origin;
  const u = rel % 86400 === 0 ? 0 : rel % 60 === 0 ? 1 : 2;
  const code = (rel / TIME_UNIT[u]) * 6 + u;
  if (p.digits === undefined) return code;
  if (p.digits === '000') return code + 3;
  return [code, Number(p.digits) * 10 + p.digits.length];
}

/** [FED-95] v4 units: day, minute, second, millisecond (in milliseconds). */
const UNIT_MS = [86_400_000, 60_000, 1000, 1] as const;
/** [FED-95] v4 tags: 0–2 day/minute/second, 3 millisecond (three fraction digits), 4–6 day/minute/second with ".000". */
const TAGS4 = 7;

/** The instant of a timestamp text in milliseconds, fraction cut to three digits. */
function instantMs(p: { seconds: number; digits: string | undefined }): number {
  return p.seconds * 1000 + (p.digits === undefined ? 0 : Number(p.digits.padEnd(3, '0').slice(0, 3)));
}

/**
 * [FED-95] v4 time code: n·7 + tag, n whole units u (day, minute, second, or millisecond when the
 * text has three fraction digits) counted from the origin rounded down to u: the frame's first
 * time for the others, the time origin (the narrow signing minute) for the first. Day, minute and
 * second codes add 4 for ".000"; any other fraction goes as [code, fraction code] as in v2.
 */
function encTime4(s: string, f: Frame): CborValue | undefined {
  const p = parseTimestamp(s);
  if (!p) return undefined;
  const origin = f.baseMs ?? f.originMs;
  if (f.baseMs === undefined) f.baseMs = instantMs(p);
  if (p.digits !== undefined && p.digits.length === 3 && p.digits !== '000')
    return (instantMs(p) - origin) * TAGS4 + 3;
  const ms = p.seconds * 1000;
  for (let u = 0; u < 3; u++) {
    const from = Math.floor(origin / UNIT_MS[u]!) * UNIT_MS[u]!;
    if ((ms - from) % UNIT_MS[u]! !== 0) continue;
    const code = ((ms - from) / UNIT_MS[u]!) * TAGS4 + u;
    if (p.digits === undefined) return code;
    if (p.digits === '000') return code + 4;
    return [code, Number(p.digits) * 10 + p.digits.length];
  }
  return undefined;
}

function decTime4(v: CborValue, f: Frame): string {
  if (typeof v === 'string') return v;
  const code = Array.isArray(v) ? v[0] : v;
  if (typeof code !== 'number' || !Number.isSafeInteger(code)) return bad('expected a time');
  const tag = ((code % TAGS4) + TAGS4) % TAGS4;
  const origin = f.baseMs ?? f.originMs;
  let seconds: number;
  let fcode: number;
  if (tag === 3) {
    const ms = origin + (code - 3) / TAGS4;
    seconds = Math.floor(ms / 1000);
    const frac = ms - seconds * 1000;
    // ".000" has its own tags: one time, one code.
    if (Array.isArray(v) || frac === 0) return bad('expected a time');
    fcode = frac * 10 + 3;
  } else {
    const u = tag % 4;
    const from = Math.floor(origin / UNIT_MS[u]!) * UNIT_MS[u]!;
    seconds = (from + ((code - tag) / TAGS4) * UNIT_MS[u]!) / 1000;
    fcode = tag >= 4 ? 3 : 0;
    if (Array.isArray(v)) {
      if (v.length !== 2 || tag >= 4 || typeof v[1] !== 'number' || !(v[1] > 0))
        return bad('expected a time');
      fcode = v[1];
    }
  }
  const text = formatTimestamp(seconds, fcode) ?? bad('expected a time');
  if (f.baseMs === undefined) f.baseMs = instantMs(parseTimestamp(text) ?? bad('expected a time'));
  return text;
}

function decTime(v: CborValue, f: Frame): string {
  if (f.t.d.timeCode4) return decTime4(v, f);
  if (typeof v === 'string') return v;
  const code = Array.isArray(v) ? v[0] : v;
  if (typeof code !== 'number' || !Number.isSafeInteger(code)) return bad('expected a time');
  const tag = ((code % 6) + 6) % 6;
  let fcode = tag >= 3 ? 3 : 0; // 3: the fraction ".000"
  if (Array.isArray(v)) {
    if (v.length !== 2 || tag >= 3 || typeof v[1] !== 'number' || !(v[1] > 0)) return bad('expected a time');
    fcode = v[1];
  }
  const unit = TIME_UNIT[tag % 3]!;
  const seconds = (f.timeBase ?? TIME_EPOCH) + ((code - tag) / 6) * unit;
  const text = formatTimestamp(seconds, fcode) ?? bad('expected a time');
  if (f.t.d.timeDelta && f.timeBase === undefined) f.timeBase = seconds;
  return text;
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

function decAny(v: CborValue, f: Frame): CompactValue {
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'string' || typeof v === 'number') {
    addPrime(f, v);
    return v;
  }
  if (v instanceof Uint8Array) return v;
  if (Array.isArray(v)) return v.map((e) => decAny(e, f));
  if (v instanceof Map) {
    const out: Record<string, CompactValue> = {};
    for (const [k, val] of v) {
      if (typeof k === 'string') setOwn(out, k, decAny(val, f));
      else {
        const entry = f.t.d.keys[positionOf(k)];
        if (!entry) bad(`unknown key code ${k}`);
        const mk = entry[0] === 'id' ? mintedCodeK(f, val) : undefined;
        if (mk !== undefined) {
          setOwn(out, 'id', '');
          f.mints.push({ parent: out, k: mk });
        } else if (val === true && isFlaggable(f, entry[1])) {
          setOwn(out, entry[0], '');
          f.marks.push({ parent: out, key: entry[0] });
        } else if (entry[1] === 'text') {
          // Filled in by decodeTexts, in the order the encoder coded them.
          setOwn(out, entry[0], '');
          f.jobs.push({ obj: out, key: entry[0], value: val });
        } else setOwn(out, entry[0], decCodec(val, entry[1], f));
      }
    }
    return out;
  }
  return bad('unexpected value');
}

function decCodec(v: CborValue, codec: Codec, f: Frame): CompactValue {
  const t = f.t;
  const primed = (s: string) => {
    addPrime(f, s);
    return s;
  };
  switch (codec) {
    case 'any':
      return decAny(v, f);
    case 'str':
      return primed(decStr(v, t));
    case 'strs':
      return Array.isArray(v) ? v.map((e) => primed(decStr(e, t))) : bad('expected a list of strings');
    case 'id':
      return decId(v, f);
    case 'ids':
      return Array.isArray(v) ? v.map((e) => decId(e, f)) : bad('expected a list of ids');
    case 'ts':
      return primed(decTimestamp(v));
    case 'time':
      return primed(decTime(v, f));
    case 'coord': {
      if (typeof v !== 'number') return bad('expected a coordinate');
      const c = Number.isSafeInteger(v) ? v / COORD_SCALE : v;
      addPrime(f, c);
      return c;
    }
    case 'text':
      return bad('text outside its pass');
    case 'rec':
      return decRec(v, f);
    case 'recs':
      return Array.isArray(v) ? v.map((e) => decRec(e, f)) : bad('expected a list of records');
  }
}

/** [FED-82] Where `true` is a derivation flag: v3 on, in a property whose codec never writes `true`. */
function isFlaggable(f: Frame, codec: Codec): boolean {
  return f.t.d.derive !== undefined && (codec === 'text' || codec === 'id');
}

function decRec(v: CborValue, f: Frame): CompactValue {
  if (v instanceof Map) return decAny(v, f);
  if (!Array.isArray(v) || v.length < 3) return bad('expected a record');
  const [ti, sent] = v;
  const tpl = typeof ti === 'number' ? f.t.d.records?.[ti] : undefined;
  const usual = typeof ti === 'number' ? f.t.d.recordDefaults?.[ti] : undefined;
  const bits = sent === 0 && usual !== undefined ? usual : sent;
  if (!tpl || typeof bits !== 'number' || !Number.isSafeInteger(bits) || bits <= 0 || bits >= 2 ** tpl.length)
    return bad('expected a record');
  const names = tpl.filter((_, i) => Math.floor(bits / 2 ** i) % 2 === 1);
  if (names.length !== v.length - 2) return bad('record length');
  const out: Record<string, CompactValue> = {};
  names.forEach((name, i) => {
    const codec = f.t.d.keys[f.t.keyPos.get(name)!]![1];
    const val = v[i + 2]!;
    const mk = name === 'id' ? mintedCodeK(f, val) : undefined;
    if (mk !== undefined) {
      setOwn(out, 'id', '');
      f.mints.push({ parent: out, k: mk });
    } else if (val === true && isFlaggable(f, codec)) {
      setOwn(out, name, '');
      f.marks.push({ parent: out, key: name });
    } else if (codec === 'text') {
      setOwn(out, name, '');
      f.jobs.push({ obj: out, key: name, value: val });
    } else setOwn(out, name, decCodec(val, codec, f));
  });
  return out;
}

function decStr(v: CborValue, t: Tables): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isInteger(v)) {
    const s = t.d.strings[positionOf(v)];
    if (s !== undefined) return s;
  }
  return bad('expected a string or a string code');
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Second pass of decoding: the texts, in order, through the state the encoder had. */
function decodeTexts(f: Frame): void {
  if (f.jobs.length === 0) return;
  if (f.t.d.jointText) return decodeJointTexts(f);
  const state = textState(primeOf(f));
  let budget = MAX_MODEL_BYTES_PER_FRAME;
  for (const job of f.jobs) {
    const v = job.value;
    let text: string;
    let bytes: Uint8Array | undefined;
    if (v instanceof Uint8Array) {
      const { length, at } = readLeb128(v);
      if (length > MAX_MODEL_TEXT_BYTES || length > budget || length === 0) bad('coded text length');
      budget -= length;
      bytes = decodeModelText(modelOf(f.t), v.subarray(at), length, state);
      try {
        text = UTF8.decode(bytes);
      } catch {
        return bad('coded text is not UTF-8');
      }
    } else {
      text = decStr(v, f.t);
      const b = Buffer.from(text, 'utf8');
      if (b.length <= MAX_MODEL_TEXT_BYTES && b.length <= budget) {
        budget -= b.length;
        learnText(state, b);
      }
    }
    job.obj![job.key] = text;
  }
}

/** [FED-98] v4: the texts coded in one run (see encodeJointTexts); the others as strings or codes. */
function decodeJointTexts(f: Frame): void {
  const joint = f.jobs.filter((j) => j.value === null || j.value instanceof Uint8Array);
  for (const job of f.jobs) if (!joint.includes(job)) job.obj![job.key] = decStr(job.value, f.t);
  if (joint.length === 0) return;
  const head = joint[0]!.value;
  if (!(head instanceof Uint8Array) || joint.slice(1).some((j) => j.value !== null)) return bad('joint text');
  const lengths: number[] = [];
  let at = 0;
  for (let i = 0; i < joint.length; i++) {
    const r = readLeb128(head.subarray(at));
    if (r.length === 0) bad('coded text length');
    lengths.push(r.length);
    at += r.at;
  }
  const total = lengths.reduce((a, b) => a + b, 0);
  if (total > MAX_MODEL_TEXT_BYTES) bad('coded text length');
  const bytes = decodeModelText(modelOf(f.t), head.subarray(at), total, textState(primeOf(f)));
  let from = 0;
  joint.forEach((job, i) => {
    const piece = bytes.subarray(from, (from += lengths[i]!));
    try {
      job.obj![job.key] = UTF8.decode(piece);
    } catch {
      bad('coded text is not UTF-8');
    }
  });
}

function readLeb128(b: Uint8Array): { length: number; at: number } {
  let n = 0;
  let scale = 1;
  for (let i = 0; i < Math.min(b.length, 3); i++) {
    n += (b[i]! & 0x7f) * scale;
    if ((b[i]! & 0x80) === 0) {
      // Shortest form only: one text, one encoding.
      if (i > 0 && b[i] === 0) bad('coded text length');
      return { length: n, at: i + 1 };
    }
    scale *= 128;
  }
  return bad('coded text length');
}

function decId(v: CborValue, f: Frame): string {
  const t = f.t;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isInteger(v)) {
    const p = positionOf(v);
    const s = p >= 0 && p < t.d.ids.length ? t.d.ids[p] : f.local[p - t.d.ids.length];
    if (s !== undefined) return s;
    return bad(`unknown id code ${v}`);
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
