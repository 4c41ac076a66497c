/**
 * Short-text coder of dictionary v2 ([FED-72] of docs/sync-spec.md): a static context model
 * (orders 0–6 over UTF-8 bytes, blended with fixed integer weights) trained on a shared, frozen
 * corpus (text-corpus-v2.ts), adapted as the text goes, and driving a binary arithmetic coder
 * (Witten–Neal–Cleary, 32-bit). DEFLATE cannot pay for itself on 200 characters (a match costs
 * about three bytes, a literal a whole byte); a context model codes French prose at two to three
 * bits a character from the first byte.
 *
 * Everything is integer arithmetic on values below 2^53, so every node computes the very same
 * frequencies: the coded bytes are a pure function of (text, corpus, priming text).
 */

// Context keys are order·257^order at most: below 2^53 up to order 6.
const MAX_ORDER = 6;
/** Weight of each order at full confidence (orders 0..6); the sum plus 256 stays below 2^16. */
const WEIGHTS = [512, 2048, 6144, 10240, 12288, 14336, 16384] as const;
/** Confidence of a context: n / (n + DAMP[order]). */
const DAMP = [1, 2, 2, 2, 2, 2, 2] as const;
/** How much one occurrence in the text itself counts against one in the corpus. */
const ADAPT = 3;
/** Everything besides the corpus that decides the coded bytes (pinned with dictionary v2). */
export const TEXT_MODEL_PARAMS = Object.freeze({
  maxOrder: MAX_ORDER,
  weights: WEIGHTS,
  damp: DAMP,
  adapt: ADAPT,
});
const TOP = 2 ** 32;
const HALF = 2 ** 31;
const QUARTER = 2 ** 30;
/** Longest text the model codes (decoding costs O(length × 256)). */
export const MAX_MODEL_TEXT_BYTES = 4096;

interface Counts {
  total: number;
  by: Map<number, number>;
}

type Table = Map<number, Counts>;

export interface TextModel {
  readonly tables: readonly Table[];
}

function ctxKey(order: number, history: readonly number[], at: number): number {
  let key = order;
  for (let i = 1; i <= order; i++) key = key * 257 + (at - i >= 0 ? history[at - i]! : 256);
  return key;
}

function bump(tables: Table[], history: readonly number[], at: number, by: number): void {
  const sym = history[at]!;
  for (let order = 0; order <= MAX_ORDER; order++) {
    const key = ctxKey(order, history, at);
    const t = tables[order]!;
    let c = t.get(key);
    if (!c) {
      c = { total: 0, by: new Map() };
      t.set(key, c);
    }
    c.total += by;
    c.by.set(sym, (c.by.get(sym) ?? 0) + by);
  }
}

function learn(tables: Table[], bytes: readonly number[], by: number): void {
  for (let i = 0; i < bytes.length; i++) bump(tables, bytes, i, by);
}

/** Trains the static model on a corpus (done once per dictionary version). */
export function trainTextModel(corpus: string): TextModel {
  const tables: Table[] = Array.from({ length: MAX_ORDER + 1 }, () => new Map<number, Counts>());
  learn(tables, [...Buffer.from(corpus, 'utf8')], 1);
  return { tables };
}

/** What the coder has seen of this frame: the priming text and the texts coded so far. */
export interface TextState {
  overlay: Table[];
  history: number[];
}

/** A fresh state primed with `prime` (values of the record itself, counted as seen text). */
export function textState(prime: Uint8Array = new Uint8Array(0)): TextState {
  const overlay: Table[] = Array.from({ length: MAX_ORDER + 1 }, () => new Map<number, Counts>());
  const history = [...prime];
  learn(overlay, history, ADAPT);
  return { overlay, history };
}

/** Teaches the state a text sent without the model (a literal or a dictionary code). */
export function learnText(state: TextState, bytes: Uint8Array): void {
  for (const b of bytes) {
    state.history.push(b);
    bump(state.overlay, state.history, state.history.length - 1, ADAPT);
  }
}

/** Frequencies of the 256 byte values after the state's history, static model plus overlay. */
function frequencies(model: TextModel, state: TextState): number[] {
  const { overlay, history } = state;
  const at = history.length;
  const f = new Array<number>(256).fill(1);
  for (let order = 0; order <= MAX_ORDER; order++) {
    const key = ctxKey(order, history, at);
    const s = model.tables[order]!.get(key);
    const o = overlay[order]!.get(key);
    const n = (s?.total ?? 0) + (o?.total ?? 0);
    if (n === 0) continue;
    const mass = Math.floor((WEIGHTS[order]! * n) / (n + DAMP[order]!));
    if (s) for (const [sym, c] of s.by) f[sym]! += Math.floor((mass * (c + (o?.by.get(sym) ?? 0))) / n);
    if (o) for (const [sym, c] of o.by) if (!s?.by.has(sym)) f[sym]! += Math.floor((mass * c) / n);
  }
  return f;
}

/** Codes UTF-8 `bytes` after what `state` has seen, and teaches it them; the caller records the length. */
export function encodeModelText(model: TextModel, bytes: Uint8Array, state: TextState): Uint8Array {
  const { overlay, history } = state;
  const out: number[] = [];
  let acc = 0;
  let nbits = 0;
  const bit = (b: number) => {
    acc = (acc << 1) | b;
    if (++nbits === 8) {
      out.push(acc);
      acc = 0;
      nbits = 0;
    }
  };
  let low = 0;
  let high = TOP - 1;
  let pending = 0;
  const emit = (b: number) => {
    bit(b);
    for (; pending > 0; pending--) bit(1 - b);
  };
  for (const sym of bytes) {
    const f = frequencies(model, state);
    let cum = 0;
    for (let i = 0; i < sym; i++) cum += f[i]!;
    let total = cum;
    for (let i = sym; i < 256; i++) total += f[i]!;
    const range = high - low + 1;
    high = low + Math.floor((range * (cum + f[sym]!)) / total) - 1;
    low = low + Math.floor((range * cum) / total);
    for (;;) {
      if (high < HALF) emit(0);
      else if (low >= HALF) {
        emit(1);
        low -= HALF;
        high -= HALF;
      } else if (low >= QUARTER && high < HALF + QUARTER) {
        pending++;
        low -= QUARTER;
        high -= QUARTER;
      } else break;
      low *= 2;
      high = high * 2 + 1;
    }
    history.push(sym);
    bump(overlay, history, history.length - 1, ADAPT);
  }
  // Two more bits settle which quarter the final interval holds (the decoder reads zeros past
  // the end, so trailing zero bits need not be sent).
  pending++;
  emit(low < QUARTER ? 0 : 1);
  if (nbits > 0) out.push(acc << (8 - nbits));
  while (out.length > 0 && out[out.length - 1] === 0) out.pop();
  return new Uint8Array(out);
}

/** Decodes `length` bytes coded by encodeModelText from the same model and state. */
export function decodeModelText(
  model: TextModel,
  coded: Uint8Array,
  length: number,
  state: TextState,
): Uint8Array {
  if (!Number.isSafeInteger(length) || length < 0 || length > MAX_MODEL_TEXT_BYTES)
    throw new RangeError('text length');
  const { overlay, history } = state;
  let pos = 0;
  const nextBit = () => {
    const byte = pos >> 3 < coded.length ? coded[pos >> 3]! : 0;
    const b = (byte >> (7 - (pos & 7))) & 1;
    pos++;
    return b;
  };
  let value = 0;
  for (let i = 0; i < 32; i++) value = value * 2 + nextBit();
  let low = 0;
  let high = TOP - 1;
  const out = new Uint8Array(length);
  for (let n = 0; n < length; n++) {
    const f = frequencies(model, state);
    let total = 0;
    for (let i = 0; i < 256; i++) total += f[i]!;
    const range = high - low + 1;
    const target = Math.floor(((value - low + 1) * total - 1) / range);
    let sym = 0;
    let cum = 0;
    while (sym < 255 && cum + f[sym]! <= target) cum += f[sym++]!;
    high = low + Math.floor((range * (cum + f[sym]!)) / total) - 1;
    low = low + Math.floor((range * cum) / total);
    for (;;) {
      if (high < HALF) {
        // nothing to subtract
      } else if (low >= HALF) {
        value -= HALF;
        low -= HALF;
        high -= HALF;
      } else if (low >= QUARTER && high < HALF + QUARTER) {
        value -= QUARTER;
        low -= QUARTER;
        high -= QUARTER;
      } else break;
      low *= 2;
      high = high * 2 + 1;
      value = value * 2 + nextBit();
    }
    out[n] = sym;
    history.push(sym);
    bump(overlay, history, history.length - 1, ADAPT);
  }
  return out;
}
