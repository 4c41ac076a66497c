/**
 * JSON Canonicalization Scheme (RFC 8785): one byte-exact text per JSON value, so that hashes and
 * signatures (audit chain, sharing agreements) are computed over the same input on every node.
 * Values outside the I-JSON subset (RFC 7493) are refused rather than silently changed.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Thrown when a value cannot be canonicalised; `path` is an RFC 6901 pointer to the culprit. */
export class CanonicalJsonError extends TypeError {
  readonly path: string;
  constructor(path: string, reason: string) {
    super(`cannot canonicalise JSON at '${path || '/'}': ${reason}`);
    this.name = 'CanonicalJsonError';
    this.path = path;
  }
}

// A lone surrogate is not a Unicode string (RFC 8785 §3.2.2.2, I-JSON RFC 7493 §2.1).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MAX_DEPTH = 200;

/**
 * Serialises `value` per RFC 8785: no whitespace (§3.2.1), ECMAScript string and number
 * serialisation (§3.2.2), object members sorted by UTF-16 code units (§3.2.3). Returns a JS
 * string; encode it as UTF-8 (§3.2.4) before hashing. Throws CanonicalJsonError on NaN, ±Infinity,
 * undefined, functions, symbols, bigints, lone surrogates, cycles and non-plain objects (Date, Map…).
 */
export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  write(value, [], parts, new Set(), 0);
  return parts.join('');
}

/** Compares two strings by UTF-16 code units, as RFC 8785 §3.2.3 requires (locale independent). */
export function compareUtf16(a: string, b: string): number {
  // ECMAScript's relational comparison of strings is exactly code-unit order.
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The RFC 6901 pointer of the segments walked so far (built only for an error). */
function pathOf(segments: readonly (string | number)[]): string {
  return segments.map((k) => `/${String(k).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

function write(
  value: unknown,
  path: (string | number)[],
  out: string[],
  ancestors: Set<object>,
  depth: number,
): void {
  if (value === null || typeof value === 'boolean') {
    out.push(String(value));
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new CanonicalJsonError(pathOf(path), `non-finite number ${value}`);
    // Number::toString (ECMA-262 §7.1.12.1) is the serialisation RFC 8785 §3.2.2.3 prescribes; -0 → "0".
    out.push(JSON.stringify(value));
    return;
  }
  if (typeof value === 'string') {
    out.push(writeString(value, path));
    return;
  }
  if (typeof value !== 'object') throw new CanonicalJsonError(pathOf(path), `unsupported type ${typeof value}`);
  if (depth >= MAX_DEPTH) throw new CanonicalJsonError(pathOf(path), 'nested too deeply');
  if (ancestors.has(value)) throw new CanonicalJsonError(pathOf(path), 'cycle');
  ancestors.add(value);
  if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(',');
      // A hole reads as undefined and is refused like any undefined.
      path.push(i);
      write(value[i], path, out, ancestors, depth + 1);
      path.pop();
    }
    out.push(']');
  } else {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new CanonicalJsonError(pathOf(path), 'not a plain object');
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort(compareUtf16);
    out.push('{');
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (i > 0) out.push(',');
      path.push(key);
      out.push(writeString(key, path), ':');
      write(record[key], path, out, ancestors, depth + 1);
      path.pop();
    }
    out.push('}');
  }
  ancestors.delete(value);
}

// Any surrogate at all: the exact (slower) lone-surrogate test runs only then.
const SURROGATE = /[\uD800-\uDFFF]/;

function writeString(s: string, path: readonly (string | number)[]): string {
  if (SURROGATE.test(s) && LONE_SURROGATE.test(s)) throw new CanonicalJsonError(pathOf(path), 'lone surrogate in string');
  // For well-formed strings JSON.stringify is QuoteJSONString (ECMA-262 §25.5.2.3), which RFC 8785
  // §3.2.2.2 adopts: \b \t \n \f \r, other C0 controls as lower-case \u00xx, " and \ escaped.
  return JSON.stringify(s);
}
