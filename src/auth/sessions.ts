/**
 * Browser sessions. The cookie carries 32 random bytes; the database keeps only their SHA-256,
 * so a copy of the database does not let anyone sign in. A session ends after SESSION_IDLE_MS
 * without use (sliding) and in any case SESSION_ABSOLUTE_MS after sign-in. The CSRF token is
 * per session and returned to the page (synchronizer token pattern).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock.ts';
import { DomainError } from '../core/errors.ts';
import type { Db } from '../store/db.ts';
import { appendAudit } from '../audit/audit.ts';
import type { Principal } from './principal.ts';
import { iso, principalOf, rowToUser, USER_COLUMNS, type UserRow } from './users-repo.ts';

export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 3_600_000;
// Sliding the expiry writes to the database; once a minute is precise enough.
const SLIDE_GRANULARITY_MS = 60_000;

const COOKIE_VALUE = /^[A-Za-z0-9_-]{43}$/;

export interface NewSession {
  cookieValue: string;
  csrfToken: string;
  /** ISO 8601; moves later with use, never past sign-in + SESSION_ABSOLUTE_MS. */
  expiresAt: string;
}

function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

export class SessionService {
  private readonly db: Db;
  private readonly clock: Clock;

  constructor(deps: { db: Db; clock: Clock }) {
    this.db = deps.db;
    this.clock = deps.clock;
  }

  /** Opens a session for an enabled user; throws DomainError('unauthenticated') otherwise. */
  async createSession(userId: string): Promise<NewSession> {
    const now = this.clock.now();
    const cookieValue = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + Math.min(SESSION_IDLE_MS, SESSION_ABSOLUTE_MS)).toISOString();
    const { rows } = await this.db.query(
      `INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at)
       SELECT $1, id, $3, $4, $5 FROM users WHERE id = $2 AND NOT disabled RETURNING 1`,
      [sha256(cookieValue), userId, csrfToken, now.toISOString(), expiresAt],
    );
    if (rows.length === 0) throw new DomainError('unauthenticated', 'auth.unauthenticated');
    return { cookieValue, csrfToken, expiresAt };
  }

  /** The principal (via 'session') and CSRF token of a live session, sliding its expiry; else null. */
  async resolveSession(
    cookieValue: string,
  ): Promise<{ principal: Principal; csrfToken: string; expiresAt: string } | null> {
    if (!COOKIE_VALUE.test(cookieValue)) return null;
    const idHash = sha256(cookieValue);
    const { rows } = await this.db.query<UserRow & { csrf_token: string; s_created: Date; s_expires: Date }>(
      `SELECT ${USER_COLUMNS}, s.csrf_token, s.created_at AS s_created, s.expires_at AS s_expires
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1`,
      [idHash],
    );
    const row = rows[0];
    if (!row) return null;
    const now = this.clock.now().getTime();
    const expires = new Date(iso(row.s_expires)).getTime();
    if (expires <= now) {
      await this.db.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
      return null;
    }
    if (row.disabled) return null;
    const absolute = new Date(iso(row.s_created)).getTime() + SESSION_ABSOLUTE_MS;
    const slid = Math.min(now + SESSION_IDLE_MS, absolute);
    let expiresAt = new Date(expires).toISOString();
    if (slid - expires >= SLIDE_GRANULARITY_MS) {
      expiresAt = new Date(slid).toISOString();
      await this.db.query('UPDATE sessions SET expires_at = $2 WHERE id_hash = $1', [idHash, expiresAt]);
    }
    return { principal: principalOf(rowToUser(row), 'session'), csrfToken: row.csrf_token, expiresAt };
  }

  /** Ends a session (sign-out), audited as auth.logout. Unknown cookies are ignored. */
  async destroySession(cookieValue: string): Promise<void> {
    if (!COOKIE_VALUE.test(cookieValue)) return;
    await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ user_id: string }>(
        'DELETE FROM sessions WHERE id_hash = $1 RETURNING user_id',
        [sha256(cookieValue)],
      );
      const userId = rows[0]?.user_id;
      if (userId === undefined) return;
      await appendAudit(tx, this.clock, {
        actor: `user:${userId}`,
        action: 'auth.logout',
        target: `user:${userId}`,
        outcome: 'success',
      });
    });
  }

  /** Deletes expired sessions (for a periodic job); returns how many. */
  async pruneExpired(): Promise<number> {
    const { rows } = await this.db.query('DELETE FROM sessions WHERE expires_at <= $1 RETURNING 1', [
      this.clock.now().toISOString(),
    ]);
    return rows.length;
  }
}
