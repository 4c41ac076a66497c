/**
 * Building blocks of the STIX validators: an issue collector and small property checks composed
 * into per-type rules (type-rules.ts) and the incident extension (sentinelle-extension.ts). Every
 * check reports problems as Issues (JSON pointer + message code) and never throws, so a caller gets
 * every problem of an input at once.
 */
import { pointer, type Issue } from '../core/errors.ts';
import type { Params } from '../i18n/i18n.ts';
import { isStixId, typeOfId } from './ids.ts';
import { isRecord } from './stix.ts';
import { isTimestamp } from './timestamps.ts';

/** Limits that protect the node from oversized input (not STIX rules; chosen for Sentinelle). */
export const LIMITS = Object.freeze({
  name: 1_000,
  description: 20_000,
  /** Any other string property. */
  string: 5_000,
  /** Strings inside custom properties and foreign extensions. */
  openString: 20_000,
  listItems: 10_000,
  /** Objects and lists nested inside an object (the object itself is level 1). */
  depth: 16,
  bundleObjects: 10_000,
  /** Issues reported for one input; the rest is summarised by one `stix.too_many_issues`. */
  issues: 1_000,
});

/** Collects the issues of one validation run. */
export class Checker {
  readonly issues: Issue[] = [];
  private truncated = false;

  add(path: string, code: string, params?: Params): void {
    if (this.issues.length >= LIMITS.issues) {
      if (!this.truncated) this.issues.push({ path: '', code: 'stix.too_many_issues' });
      this.truncated = true;
      return;
    }
    this.issues.push(params ? { path, code, params } : { path, code });
  }

  get ok(): boolean {
    return this.issues.length === 0;
  }
}

/** What a check may look at besides its value: the whole object being validated, and its type. */
export interface CheckContext {
  root: Record<string, unknown>;
  type: string;
}

/** Checks one value found at `path`. */
export type Check = (c: Checker, value: unknown, path: string, ctx: CheckContext) => void;

export interface StringOptions {
  max?: number;
  nonEmpty?: boolean;
}

/** A string of at most `max` characters (default LIMITS.string), optionally non-empty. */
export function str(opts: StringOptions = {}): Check {
  const max = opts.max ?? LIMITS.string;
  return (c, v, path) => {
    if (typeof v !== 'string') return c.add(path, 'stix.expected_string');
    if (opts.nonEmpty && v.trim() === '') return c.add(path, 'stix.empty_string');
    if (v.length > max) c.add(path, 'stix.too_long', { max });
  };
}

export const nameStr: Check = str({ max: LIMITS.name, nonEmpty: true });
export const descriptionStr: Check = str({ max: LIMITS.description });

export const bool: Check = (c, v, path) => {
  if (typeof v !== 'boolean') c.add(path, 'stix.expected_boolean');
};

/** An integer in [min, max]. */
export function int(min: number, max: number): Check {
  return (c, v, path) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) return c.add(path, 'stix.expected_integer');
    if (v < min || v > max) c.add(path, 'stix.out_of_range', { min, max });
  };
}

/** A finite number in [min, max]. */
export function num(min: number, max: number): Check {
  return (c, v, path) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return c.add(path, 'stix.expected_number');
    if (v < min || v > max) c.add(path, 'stix.out_of_range', { min, max });
  };
}

export const timestamp: Check = (c, v, path) => {
  if (typeof v !== 'string') return c.add(path, 'stix.expected_string');
  if (!isTimestamp(v)) c.add(path, 'stix.invalid_timestamp', { value: String(v).slice(0, 64) });
};

/** Which object types a reference may point at: a list, or anything but a list. */
export type RefTarget = readonly string[] | { not: readonly string[] };

/**
 * An identifier (UUID v4/v5) whose type is allowed by `target`; `label` names the allowed types
 * in messages (default: the list itself).
 */
export function ref(target: RefTarget, label?: string): Check {
  const types = label ?? ('not' in target ? 'STIX' : target.join(', '));
  return (c, v, path) => {
    if (typeof v !== 'string') return c.add(path, 'stix.expected_string');
    if (!isStixId(v)) return c.add(path, 'stix.invalid_id', { value: v.slice(0, 300) });
    const type = typeOfId(v) ?? '';
    const allowed = 'not' in target ? !target.not.includes(type) : target.includes(type);
    if (!allowed) c.add(path, 'stix.invalid_ref', { types });
  };
}

/** A closed vocabulary (enumeration): the value must be one of `values`. */
export function closed(values: readonly string[]): Check {
  return (c, v, path) => {
    if (typeof v !== 'string') return c.add(path, 'stix.expected_string');
    if (!values.includes(v))
      c.add(path, 'stix.invalid_vocab', { value: v.slice(0, 100), values: values.join(', ') });
  };
}

/** A non-empty list (STIX lists are never empty) of at most `max` items, each checked by `item`. */
export function list(item: Check, max: number = LIMITS.listItems): Check {
  return (c, v, path, ctx) => {
    if (!Array.isArray(v)) return c.add(path, 'stix.expected_list');
    if (v.length === 0) return c.add(path, 'stix.empty_list');
    if (v.length > max) return c.add(path, 'stix.too_many_items', { max });
    v.forEach((x, i) => item(c, x, pointer(path, i), ctx));
  };
}

export const strList = (opts: StringOptions = {}, max?: number): Check => list(str(opts), max);
export const refList = (target: RefTarget, label?: string, max?: number): Check =>
  list(ref(target, label), max);

/**
 * A nested JSON object with a closed set of properties: unknown ones are reported as
 * `stix.unknown_field` (with `label` as the type), missing required ones as `stix.required`.
 */
export function objectOf(
  label: string,
  props: Record<string, Check>,
  required: readonly string[] = [],
): Check {
  return (c, v, path, ctx) => {
    if (!isRecord(v)) return c.add(path, 'stix.expected_object');
    for (const [key, value] of Object.entries(v)) {
      const check = Object.hasOwn(props, key) ? props[key] : undefined;
      if (check) check(c, value, pointer(path, key), ctx);
      else c.add(pointer(path, key), 'stix.unknown_field', { property: key, type: label });
    }
    for (const key of required) {
      if (!(key in v)) c.add(pointer(path, key), 'stix.required', { property: key, type: label });
    }
  };
}

/** STIX 2.1 §3.1: custom property names are 3–250 characters of a–z, 0–9 and '_'. */
export const PROPERTY_NAME_RE = /^[a-z0-9_]{3,250}$/;

export const propertyName: Check = (c, v, path) => {
  if (typeof v !== 'string') return c.add(path, 'stix.expected_string');
  if (!PROPERTY_NAME_RE.test(v)) c.add(path, 'stix.invalid_property_name', { property: v.slice(0, 260) });
};

/** An absolute URL (WHATWG URL parser). */
export const url: Check = (c, v, path) => {
  if (typeof v !== 'string') return c.add(path, 'stix.expected_string');
  if (v.length > LIMITS.string) return c.add(path, 'stix.too_long', { max: LIMITS.string });
  if (!URL.canParse(v)) c.add(path, 'stix.invalid_url', { value: v.slice(0, 300) });
};

/** STIX 2.1 §2.7 kill chain phases. */
export const killChainPhases: Check = list(
  objectOf(
    'kill-chain-phase',
    { kill_chain_name: str({ nonEmpty: true, max: 250 }), phase_name: str({ nonEmpty: true, max: 250 }) },
    ['kill_chain_name', 'phase_name'],
  ),
);

/**
 * Content whose shape STIX leaves open (custom properties, foreign extensions): only the node's
 * limits apply (string length, list length; depth is checked once for the whole input).
 */
export const openContent: Check = (c, v, path, ctx) => {
  if (typeof v === 'string') {
    if (v.length > LIMITS.openString) c.add(path, 'stix.too_long', { max: LIMITS.openString });
  } else if (Array.isArray(v)) {
    if (v.length > LIMITS.listItems) return c.add(path, 'stix.too_many_items', { max: LIMITS.listItems });
    v.forEach((x, i) => openContent(c, x, pointer(path, i), ctx));
  } else if (isRecord(v)) {
    for (const [k, x] of Object.entries(v)) openContent(c, x, pointer(path, k), ctx);
  } else if (typeof v === 'number' && !Number.isFinite(v)) {
    c.add(path, 'stix.expected_number');
  }
};

/** The pointer of the first container nested deeper than `max`, or null. */
export function tooDeepAt(value: unknown, max: number, path = '', depth = 1): string | null {
  if (typeof value !== 'object' || value === null) return null;
  if (depth > max) return path;
  // Only containers can be too deep: a pointer is built for them alone.
  const keys: (string | number)[] = Array.isArray(value) ? [...value.keys()] : Object.keys(value);
  const v = value as Record<string | number, unknown>;
  for (const k of keys) {
    const x = v[k];
    if (typeof x !== 'object' || x === null) continue;
    const found = tooDeepAt(x, max, pointer(path, k), depth + 1);
    if (found !== null) return found;
  }
  return null;
}
