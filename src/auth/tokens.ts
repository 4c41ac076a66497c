/**
 * API tokens for scripts, gateways and TAXII clients: 'snt_' + 32 random bytes (base64url),
 * shown once at creation and stored only as SHA-256. A token acts with its owner's roles, and
 * stops working when revoked, expired, or when its owner is disabled.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock.ts';
import { DomainError, type Issue } from '../core/errors.ts';
import type { Db } from '../store/db.ts';
import { appendAudit } from '../audit/audit.ts';
import { requirePermission } from './guard.ts';
import { actorId, isExternal, type Actor, type Principal } from './principal.ts';
import { actorCan } from './roles.ts';
import { findUserRow, iso, principalOf, rowToUser, USER_COLUMNS, type UserRow } from './users-repo.ts';

export const TOKEN_PREFIX = 'snt_';
export const TOKEN_NAME_MAX = 100;
const TOKEN_FORMAT = /^snt_[A-Za-z0-9_-]{43}$/;
// last_used_at is informative; writing it on every request would turn reads into writes.
const LAST_USED_GRANULARITY_MS = 60_000;

export interface TokenInfo {
  id: string;
  userId: string;
  name: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

interface TokenRow {
  id: string;
  user_id: string;
  name: string;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
  [key: string]: unknown;
}

const TOKEN_COLUMNS = 't.id, t.user_id, t.name, t.created_at, t.expires_at, t.revoked_at, t.last_used_at';

function rowToToken(r: TokenRow): TokenInfo {
  const opt = (v: unknown) => (v === null || v === undefined ? null : iso(v));
  return {
    id: r.id,
    userId: r.user_id,
    name: r.name,
    createdAt: iso(r.created_at),
    expiresAt: opt(r.expires_at),
    revokedAt: opt(r.revoked_at),
    lastUsedAt: opt(r.last_used_at),
  };
}

function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

export class TokenService {
  private readonly db: Db;
  private readonly clock: Clock;

  constructor(deps: { db: Db; clock: Clock }) {
    this.db = deps.db;
    this.clock = deps.clock;
  }

  /**
   * Creates a token for `userId` (its owner with tokens.manage_own, or users.manage) and returns
   * its secret, which is not kept: show it once. Throws invalid ('/name', '/expiresAt'),
   * not_found (unknown or disabled user) or forbidden.
   */
  async createToken(
    userId: string,
    name: string,
    expiresAt: string | Date | null | undefined,
    actor: Actor,
  ): Promise<{ id: string; token: string }> {
    const own = isExternal(actor) && actor.userId === userId && actorCan(actor, 'tokens.manage_own');
    await requirePermission({ db: this.db, clock: this.clock }, actor, 'users.manage', {
      action: 'token.create',
      target: `user:${userId}`,
      alsoAllowed: own,
    });
    const now = this.clock.now();
    const issues: Issue[] = [];
    const trimmed = typeof name === 'string' ? name.trim() : '';
    if (trimmed.length === 0 || [...trimmed].length > TOKEN_NAME_MAX) {
      issues.push({ path: '/name', code: 'auth.token_name_invalid', params: { max: TOKEN_NAME_MAX } });
    }
    let expiry: string | null = null;
    if (expiresAt !== null && expiresAt !== undefined) {
      const ms = expiresAt instanceof Date ? expiresAt.getTime() : Date.parse(expiresAt);
      if (Number.isNaN(ms) || ms <= now.getTime())
        issues.push({ path: '/expiresAt', code: 'auth.token_expiry_invalid' });
      else expiry = new Date(ms).toISOString();
    }
    if (issues.length) throw new DomainError('invalid', 'auth.invalid', issues);

    const id = randomUUID();
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    await this.db.transaction(async (tx) => {
      const owner = await findUserRow(tx, 'id', userId);
      if (!owner || owner.disabled) throw new DomainError('not_found', 'auth.user_not_found');
      await tx.query(
        `INSERT INTO api_tokens (id, user_id, name, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, userId, trimmed, sha256(token), now.toISOString(), expiry],
      );
      await appendAudit(tx, this.clock, {
        actor: actorId(actor),
        action: 'token.create',
        target: `token:${id}`,
        outcome: 'success',
        details: { userId, name: trimmed, expiresAt: expiry },
      });
    });
    return { id, token };
  }

  /** Revokes a token (its owner with tokens.manage_own, or users.manage). Revoking twice is a no-op. */
  async revokeToken(id: string, actor: Actor): Promise<void> {
    const { rows } = await this.db.query<TokenRow>(
      `SELECT ${TOKEN_COLUMNS} FROM api_tokens t WHERE t.id = $1`,
      [id],
    );
    const row = rows[0];
    const own =
      row !== undefined &&
      isExternal(actor) &&
      actor.userId === row.user_id &&
      actorCan(actor, 'tokens.manage_own');
    await requirePermission({ db: this.db, clock: this.clock }, actor, 'users.manage', {
      action: 'token.revoke',
      target: `token:${id}`,
      alsoAllowed: own,
    });
    if (!row) throw new DomainError('not_found', 'auth.token_not_found');
    await this.db.transaction(async (tx) => {
      const { rows: done } = await tx.query(
        'UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING 1',
        [id, this.clock.now().toISOString()],
      );
      if (done.length === 0) return;
      await appendAudit(tx, this.clock, {
        actor: actorId(actor),
        action: 'token.revoke',
        target: `token:${id}`,
        outcome: 'success',
        details: { userId: row.user_id, name: row.name },
      });
    });
  }

  /** The tokens of a user, newest first, without their secrets. */
  async listTokens(userId: string, actor: Actor = 'system'): Promise<TokenInfo[]> {
    const own = isExternal(actor) && actor.userId === userId;
    await requirePermission({ db: this.db, clock: this.clock }, actor, 'users.manage', { action: 'token.list', target: `user:${userId}`, alsoAllowed: own });
    const { rows } = await this.db.query<TokenRow>(
      `SELECT ${TOKEN_COLUMNS} FROM api_tokens t WHERE t.user_id = $1 ORDER BY t.created_at DESC, t.id`,
      [userId],
    );
    return rows.map(rowToToken);
  }

  /** The principal (via 'token') a bearer token stands for, or null if unknown, revoked, expired or its owner disabled. */
  async resolveToken(token: string): Promise<Principal | null> {
    if (!TOKEN_FORMAT.test(token)) return null;
    const now = this.clock.now();
    const { rows } = await this.db.query<
      UserRow & { token_id: string; expires_at: Date | null; revoked_at: Date | null }
    >(
      `SELECT ${USER_COLUMNS}, t.id AS token_id, t.expires_at, t.revoked_at
       FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1`,
      [sha256(token)],
    );
    const row = rows[0];
    if (!row || row.revoked_at !== null || row.disabled) return null;
    if (row.expires_at !== null && new Date(iso(row.expires_at)).getTime() <= now.getTime()) return null;
    await this.db.query(
      'UPDATE api_tokens SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at <= $3)',
      [row.token_id, now.toISOString(), new Date(now.getTime() - LAST_USED_GRANULARITY_MS).toISOString()],
    );
    return principalOf(rowToUser(row), 'token', row.token_id);
  }
}
