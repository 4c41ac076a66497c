/**
 * MISP attribute types ↔ STIX 2.1 patterning comparisons (STIX 2.1 §9). Only types whose value
 * names a cyber-observable property map; each becomes one or two comparisons `object:path = 'v'`.
 * The reverse reads back the patterns this file writes (and simple ones from elsewhere).
 */
import { isIP } from 'node:net';

export interface Comparison {
  /** SCO type, e.g. `ipv4-addr`. */
  object: string;
  /** Object path, e.g. `value` or `hashes.'SHA-256'`. */
  path: string;
  value: string;
  /** Number literal (autonomous-system:number, ports) rather than a string. */
  numeric?: boolean;
}

const HEX = (n: number) => new RegExp(`^[0-9a-fA-F]{${n}}$`);
const DOMAIN_RE = /^(?=.{1,253}$)(?!-)[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.?$/;
const EMAIL_RE = /^[^\s@]+@[^\s@]+$/;
const MAC_RE = /^[0-9a-fA-F]{2}(?:[:-][0-9a-fA-F]{2}){5}$/;

type Single = (v: string) => Comparison | null;

const ip = (v: string): Comparison | null => {
  const kind = isIP(v.split('/')[0] ?? '');
  return kind === 4
    ? { object: 'ipv4-addr', path: 'value', value: v }
    : kind === 6
      ? { object: 'ipv6-addr', path: 'value', value: v }
      : null;
};
const hash =
  (name: string, len: number): Single =>
  (v) =>
    HEX(len).test(v) ? { object: 'file', path: `hashes.'${name}'`, value: v.toLowerCase() } : null;
const domain: Single = (v) =>
  DOMAIN_RE.test(v) ? { object: 'domain-name', path: 'value', value: v.toLowerCase() } : null;
const nonEmpty =
  (object: string, path: string): Single =>
  (v) =>
    v.trim() ? { object, path, value: v } : null;

/** Single-valued MISP types. */
const SINGLE: Readonly<Record<string, Single>> = {
  'ip-src': ip,
  'ip-dst': ip,
  domain,
  hostname: domain,
  url: (v) => (/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(v) ? { object: 'url', path: 'value', value: v } : null),
  'email-src': (v) => (EMAIL_RE.test(v) ? { object: 'email-addr', path: 'value', value: v } : null),
  'email-dst': (v) => (EMAIL_RE.test(v) ? { object: 'email-addr', path: 'value', value: v } : null),
  email: (v) => (EMAIL_RE.test(v) ? { object: 'email-addr', path: 'value', value: v } : null),
  md5: hash('MD5', 32),
  sha1: hash('SHA-1', 40),
  sha256: hash('SHA-256', 64),
  sha512: hash('SHA-512', 128),
  filename: nonEmpty('file', 'name'),
  'mac-address': (v) =>
    MAC_RE.test(v)
      ? { object: 'mac-addr', path: 'value', value: v.toLowerCase().replaceAll('-', ':') }
      : null,
  AS: (v) => {
    const n = v.replace(/^AS/i, '');
    return /^\d{1,10}$/.test(n)
      ? { object: 'autonomous-system', path: 'number', value: n, numeric: true }
      : null;
  },
  mutex: nonEmpty('mutex', 'name'),
  regkey: nonEmpty('windows-registry-key', 'key'),
  'user-agent': nonEmpty('network-traffic', "extensions.'http-request-ext'.request_header.'User-Agent'"),
};

/** Composite MISP types `a|b`: both halves must map. */
const COMPOSITE: Readonly<Record<string, [string, string]>> = {
  'domain|ip': ['domain', 'ip-dst'],
  'ip-dst|port': ['ip-dst', 'port'],
  'ip-src|port': ['ip-src', 'port'],
  'filename|md5': ['filename', 'md5'],
  'filename|sha1': ['filename', 'sha1'],
  'filename|sha256': ['filename', 'sha256'],
};

const port: Single = (v) =>
  /^\d{1,5}$/.test(v) && Number(v) <= 65535
    ? { object: 'network-traffic', path: 'dst_port', value: v, numeric: true }
    : null;

/** Whether a MISP type maps to a pattern at all. */
export function isPatternType(type: string): boolean {
  return Object.hasOwn(SINGLE, type) || Object.hasOwn(COMPOSITE, type);
}

/**
 * The comparisons of one MISP attribute, or null when its value is not a valid value of its type
 * (the caller reports it). Composite values become comparisons on one observation.
 */
export function attributeComparisons(type: string, value: string): Comparison[] | null {
  if (Object.hasOwn(SINGLE, type)) {
    const c = SINGLE[type]!(value.trim());
    return c ? [c] : null;
  }
  const parts = COMPOSITE[type];
  if (!parts) return null;
  const i = value.indexOf('|');
  if (i < 0) return null;
  const [ta, tb] = parts;
  const a = SINGLE[ta]!(value.slice(0, i).trim());
  const b = tb === 'port' ? port(value.slice(i + 1).trim()) : SINGLE[tb]!(value.slice(i + 1).trim());
  if (!a || !b) return null;
  // A domain resolving to an address, an address with a port: one network-traffic / domain observation.
  if (type === 'domain|ip')
    return [a, { object: 'domain-name', path: 'resolves_to_refs[*].value', value: b.value }];
  if (tb === 'port')
    return [
      {
        object: 'network-traffic',
        path: type.startsWith('ip-src') ? 'src_ref.value' : 'dst_ref.value',
        value: a.value,
      },
      b,
    ];
  return [a, b];
}

/** STIX pattern string literal (§9.2: backslash and quote escaped). */
export function literal(c: Comparison): string {
  return c.numeric ? c.value : `'${c.value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** `[a AND b] AND [c]`: comparisons grouped into one observation per SCO type. */
export function patternOf(comparisons: readonly Comparison[]): string {
  const groups = new Map<string, Comparison[]>();
  for (const c of comparisons) groups.set(c.object, [...(groups.get(c.object) ?? []), c]);
  return [...groups.values()]
    .map((g) => `[${g.map((c) => `${c.object}:${c.path} = ${literal(c)}`).join(' AND ')}]`)
    .join(' AND ');
}

const COMPARISON_RE = /^\s*([a-z0-9-]+):([A-Za-z0-9_.'*[\]-]+?)\s*=\s*('((?:[^'\\]|\\.)*)'|(\d+))\s*$/;

/**
 * Reads back a pattern of `[x:p = 'v' AND …] AND […]` (the only operators this file writes).
 * Returns null for anything else (OR, other operators, qualifiers): the caller then exports the
 * pattern as is.
 */
export function parseSimplePattern(pattern: string): Comparison[] | null {
  const obs = pattern.trim().match(/^\[(.*)\]$/s);
  if (!obs?.[1]) return null;
  const out: Comparison[] = [];
  for (const group of obs[1].split(/\]\s+AND\s+\[/)) {
    for (const part of splitAnd(group)) {
      const m = COMPARISON_RE.exec(part);
      if (!m) return null;
      const str = m[4];
      out.push(
        str !== undefined
          ? { object: m[1]!, path: m[2]!, value: str.replace(/\\(.)/g, '$1') }
          : { object: m[1]!, path: m[2]!, value: m[5]!, numeric: true },
      );
    }
  }
  return out;
}

/** Splits on AND outside quotes. */
function splitAnd(s: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      cur += ch;
      if (ch === '\\') cur += s[++i] ?? '';
      else if (ch === "'") quoted = false;
    } else if (ch === "'") {
      quoted = true;
      cur += ch;
    } else if (s.startsWith(' AND ', i)) {
      parts.push(cur);
      cur = '';
      i += 4;
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

/** The MISP attribute type a comparison came from (`hint` — the original type — wins when it fits). */
export function mispTypeOf(c: Comparison, hint?: string): string | null {
  if (hint && isPatternType(hint) && !hint.includes('|')) {
    const back = attributeComparisons(hint, c.value);
    if (back?.[0]?.object === c.object && back[0].path === c.path) return hint;
  }
  const key = `${c.object}:${c.path}`;
  const table: Record<string, string> = {
    'ipv4-addr:value': 'ip-dst',
    'ipv6-addr:value': 'ip-dst',
    'domain-name:value': 'domain',
    'url:value': 'url',
    'email-addr:value': 'email-dst',
    "file:hashes.'MD5'": 'md5',
    "file:hashes.'SHA-1'": 'sha1',
    "file:hashes.'SHA-256'": 'sha256',
    "file:hashes.'SHA-512'": 'sha512',
    'file:hashes.MD5': 'md5',
    'file:name': 'filename',
    'mac-addr:value': 'mac-address',
    'autonomous-system:number': 'AS',
    'mutex:name': 'mutex',
    'windows-registry-key:key': 'regkey',
    "network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'": 'user-agent',
    'network-traffic:dst_ref.value': 'ip-dst',
    'network-traffic:src_ref.value': 'ip-src',
    'network-traffic:dst_port': 'port',
    'domain-name:resolves_to_refs[*].value': 'ip-dst',
  };
  return table[key] ?? null;
}
