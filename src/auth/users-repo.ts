/**
 * Rows of the `users` table as domain objects, in one place (the account SQL shared by the
 * user, token and session services).
 */
import type { Queryable } from '../store/db.ts';
import type { Locale } from '../i18n/i18n.ts';
import type { Principal } from './principal.ts';
import { isRole, type Role } from './roles.ts';

export interface User {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  disabled: boolean;
  locale: Locale;
  createdAt: string;
}

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  roles: string[];
  password_hash: string;
  disabled: boolean;
  locale: string;
  created_at: Date | string;
  [key: string]: unknown;
}

export const USER_COLUMNS =
  'u.id, u.username, u.display_name, u.roles, u.password_hash, u.disabled, u.locale, u.created_at';

/** A timestamp from either engine (Date, or text) as ISO 8601. */
export function iso(v: unknown): string {
  return (v instanceof Date ? v : new Date(String(v))).toISOString();
}

export function rowToUser(r: UserRow): User {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    // Unknown role names (from a newer or hand-edited database) grant nothing.
    roles: r.roles.filter(isRole),
    disabled: r.disabled,
    locale: r.locale === 'en' ? 'en' : 'fr',
    createdAt: iso(r.created_at),
  };
}

export function principalOf(user: User, via: Principal['via'], tokenId?: string): Principal {
  const p: Principal = {
    userId: user.id,
    username: user.username,
    roles: user.roles,
    locale: user.locale,
    via,
  };
  if (tokenId !== undefined) p.tokenId = tokenId;
  return p;
}

export async function findUserRow(
  q: Queryable,
  by: 'id' | 'username',
  value: string,
  forUpdate = false,
): Promise<UserRow | null> {
  const { rows } = await q.query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM users u WHERE u.${by} = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [value],
  );
  return rows[0] ?? null;
}

/** Deletes every session of a user (after a password change or when the account is disabled). */
export async function deleteUserSessions(q: Queryable, userId: string): Promise<number> {
  const { rows } = await q.query('DELETE FROM sessions WHERE user_id = $1 RETURNING 1', [userId]);
  return rows.length;
}
