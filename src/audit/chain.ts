/**
 * The hash chain under the audit trail, and the guards every entry passes before it is hashed.
 * hash(n) = SHA-256 hex of (hash(n-1) + RFC 8785 canonical JSON of {seq, at, actor, action, target,
 * outcome, details}); the first entry chains from GENESIS_HASH.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../core/canonical-json.ts';
import type { AuditEntryInput, AuditOutcome } from './audit.ts';

export const GENESIS_HASH = '0'.repeat(64);

export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ['success', 'denied', 'failure'];

/** The hashed part of an entry: everything but the two hashes. */
export interface AuditContent {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  outcome: AuditOutcome;
  details: Record<string, unknown>;
}

/** The hash of one entry given its predecessor's hash. */
export function computeAuditHash(prevHash: string, c: AuditContent): string {
  const body = canonicalJson({
    seq: c.seq,
    at: c.at,
    actor: c.actor,
    action: c.action,
    target: c.target,
    outcome: c.outcome,
    details: c.details,
  });
  return createHash('sha256')
    .update(prevHash + body, 'utf8')
    .digest('hex');
}

const ACTOR = /^(system|cli|(user|token|peer):\S{1,200})$/;
const ACTION = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;

// Keys that name a credential. Ids are fine ('tokenId', 'sessionCount'); values are never logged.
const SECRET_WORDS = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'privatekey',
  'apikey',
  'credential',
  'cookie',
];
const SECRET_EXACT = new Set(['pwd', 'otp', 'authorization', 'csrf', 'salt', 'tokenhash']);

/** True when a details key looks like it would carry a secret (password, token, secret, cookie…). */
export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return SECRET_EXACT.has(k) || k.endsWith('token') || SECRET_WORDS.some((w) => k.includes(w));
}

/**
 * Refuses entries that are malformed or whose details would carry a secret. Audit details hold ids
 * and names, never passwords, tokens or cookies (STYLE.md §12): a violation is a bug in the caller,
 * so it throws a TypeError (a 500) instead of writing the secret into an append-only log.
 */
export function assertAuditable(entry: AuditEntryInput): void {
  if (!ACTOR.test(entry.actor) || entry.actor.includes('\u0000'))
    throw new TypeError(`audit: malformed actor '${entry.actor}'`);
  if (!ACTION.test(entry.action) || entry.action.length > 100) {
    throw new TypeError(`audit: malformed action '${entry.action}'`);
  }
  if (!AUDIT_OUTCOMES.includes(entry.outcome))
    throw new TypeError(`audit: unknown outcome '${entry.outcome}'`);
  if (
    entry.target !== undefined &&
    entry.target !== null &&
    (entry.target.length > 500 || entry.target.includes('\u0000'))
  ) {
    throw new TypeError('audit: malformed target');
  }
  checkDetails(entry.details ?? {}, '/details');
}

function checkDetails(value: unknown, path: string): void {
  if (typeof value === 'string') {
    // PostgreSQL text and jsonb cannot hold U+0000: refuse it here rather than fail on insert.
    if (value.includes('\u0000')) throw new TypeError(`audit: NUL character at ${path}`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkDetails(v, `${path}/${i}`));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (isSecretKey(k))
        throw new TypeError(`audit: details must not carry secrets (key '${k}' at ${path})`);
      checkDetails(v, `${path}/${k}`);
    }
  }
}
