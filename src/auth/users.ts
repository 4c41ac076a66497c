/**
 * Accounts: creation, roles, passwords, disabling, and password sign-in (login.ts) with
 * throttling (throttle.ts). Every change and every sign-in attempt is audited in the transaction
 * that makes it. Mutations take the acting Actor and check its permission here, auditing refusals.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock.ts';
import { DomainError, type Issue } from '../core/errors.ts';
import type { Locale } from '../i18n/i18n.ts';
import type { Db, Queryable } from '../store/db.ts';
import { appendAudit } from '../audit/audit.ts';
import { requirePermission } from './guard.ts';
import { checkCurrentPassword, passwordSignIn, type LoginDeps } from './login.ts';
import {
  checkPasswordPolicy,
  dummyPasswordHash,
  hashPassword,
  PASSWORD_MIN,
  PRODUCTION_COST,
  type ScryptCost,
} from './passwords.ts';
import { actorId, isExternal, type Actor, type Principal } from './principal.ts';
import type { Role } from './roles.ts';
import {
  deleteUserSessions,
  findUserRow,
  rowToUser,
  USER_COLUMNS,
  type User,
  type UserRow,
} from './users-repo.ts';
import { checkDisplayName, checkLocale, checkRoles, checkUsername, normaliseRoles } from './validation.ts';

export type { User } from './users-repo.ts';

export interface NewUser {
  username: string;
  displayName?: string;
  roles: Role[];
  password: string;
  locale?: Locale;
}

export interface UserServiceDeps {
  db: Db;
  clock: Clock;
  /** scrypt cost for new hashes; TEST_COST in tests, PRODUCTION_COST otherwise. */
  passwordCost?: ScryptCost;
}

function invalid(issues: Issue[]): never {
  throw new DomainError('invalid', 'auth.invalid', issues);
}

export class UserService {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly cost: ScryptCost;
  private readonly login: LoginDeps;

  constructor(deps: UserServiceDeps) {
    this.db = deps.db;
    this.clock = deps.clock;
    this.cost = deps.passwordCost ?? PRODUCTION_COST;
    this.login = { db: deps.db, clock: deps.clock, cost: this.cost };
    // Made now, so the first sign-in with an unknown username takes no longer than the others.
    dummyPasswordHash(this.cost).catch(() => undefined);
  }

  /** Creates an account (needs users.manage). Throws invalid (field paths), conflict (username taken) or forbidden. */
  async addUser(input: NewUser, actor: Actor): Promise<User> {
    await requirePermission({ db: this.db, clock: this.clock }, actor, 'users.manage', {
      action: 'user.add',
    });
    const issues = [
      ...checkUsername(input.username),
      ...checkDisplayName(input.displayName),
      ...checkRoles(input.roles),
      ...checkLocale(input.locale),
    ];
    if (typeof input.password !== 'string')
      issues.push({ path: '/password', code: 'auth.password_too_short', params: { min: PASSWORD_MIN } });
    else issues.push(...checkPasswordPolicy(input.password, String(input.username)));
    if (issues.length) invalid(issues);

    const passwordHash = await hashPassword(input.password, this.cost);
    const id = randomUUID();
    const roles = normaliseRoles(input.roles);
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<UserRow>(
        `INSERT INTO users AS u (id, username, display_name, roles, password_hash, locale, created_at)
         VALUES ($1, $2, $3, $4::text[], $5, $6, $7) ON CONFLICT (username) DO NOTHING RETURNING ${USER_COLUMNS}`,
        [
          id,
          input.username,
          (input.displayName ?? '').trim(),
          roles,
          passwordHash,
          input.locale ?? 'fr',
          this.now(),
        ],
      );
      const row = rows[0];
      if (!row)
        throw new DomainError('conflict', 'auth.username_taken', [
          { path: '/username', code: 'auth.username_taken' },
        ]);
      await this.audit(tx, actor, 'user.add', id, { username: input.username, roles });
      return rowToUser(row);
    });
  }

  /** Every account, by username (needs users.manage; trusted callers may omit the actor). */
  async listUsers(actor: Actor = 'system'): Promise<User[]> {
    await requirePermission({ db: this.db, clock: this.clock }, actor, 'users.manage', { action: 'user.list' });
    const { rows } = await this.db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users u ORDER BY u.username`);
    return rows.map(rowToUser);
  }

  async getUser(id: string): Promise<User | null> {
    const row = await findUserRow(this.db, 'id', id);
    return row ? rowToUser(row) : null;
  }

  async getUserByUsername(username: string): Promise<User | null> {
    const row = await findUserRow(this.db, 'username', username);
    return row ? rowToUser(row) : null;
  }

  /** Disables an account and ends its sessions (needs users.manage; never the last active admin). */
  async disableUser(username: string, actor: Actor): Promise<void> {
    await this.setDisabled(username, true, actor);
  }

  async enableUser(username: string, actor: Actor): Promise<void> {
    await this.setDisabled(username, false, actor);
  }

  private async setDisabled(username: string, disabled: boolean, actor: Actor): Promise<void> {
    const action = disabled ? 'user.disable' : 'user.enable';
    await requirePermission({ db: this.db, clock: this.clock }, actor, 'users.manage', {
      action,
      details: { username },
    });
    await this.db.transaction(async (tx) => {
      const row = await this.lockUser(tx, username);
      if (row.disabled === disabled) return;
      if (disabled) await this.keepAnAdmin(tx, row, []);
      await tx.query('UPDATE users SET disabled = $2 WHERE id = $1', [row.id, disabled]);
      if (disabled) await deleteUserSessions(tx, row.id);
      await this.audit(tx, actor, action, row.id, { username });
    });
  }

  /** Replaces an account's roles (needs users.manage; the last active admin keeps 'admin'). */
  async setRoles(username: string, roles: Role[], actor: Actor): Promise<void> {
    await requirePermission({ db: this.db, clock: this.clock }, actor, 'users.manage', {
      action: 'user.roles',
      details: { username },
    });
    const issues = checkRoles(roles);
    if (issues.length) invalid(issues);
    const next = normaliseRoles(roles);
    await this.db.transaction(async (tx) => {
      const row = await this.lockUser(tx, username);
      await this.keepAnAdmin(tx, row, next);
      await tx.query('UPDATE users SET roles = $2::text[] WHERE id = $1', [row.id, next]);
      await this.audit(tx, actor, 'user.roles', row.id, {
        username,
        roles: next,
        previous: rowToUser(row).roles,
      });
    });
  }

  /**
   * Sets a password and ends the account's sessions. A user changing their own password must
   * give the current one (wrong guesses count towards the sign-in lock); users.manage may reset any.
   */
  async setPassword(
    username: string,
    password: string,
    actor: Actor,
    currentPassword?: string,
  ): Promise<void> {
    const self = isExternal(actor) && actor.username === username;
    await requirePermission({ db: this.db, clock: this.clock }, actor, 'users.manage', {
      action: 'user.password',
      details: { username },
      alsoAllowed: self,
    });
    const policy = checkPasswordPolicy(password, username);
    if (policy.length) invalid(policy);
    const row = await findUserRow(this.db, 'username', username);
    if (!row) throw new DomainError('not_found', 'auth.user_not_found');
    if (self) await checkCurrentPassword(this.login, row, currentPassword ?? '', actor);
    const hash = await hashPassword(password, this.cost);
    await this.db.transaction(async (tx) => {
      await tx.query('UPDATE users SET password_hash = $2 WHERE id = $1', [row.id, hash]);
      const sessionsEnded = await deleteUserSessions(tx, row.id);
      await this.audit(tx, actor, 'user.password', row.id, { username, self, sessionsEnded });
    });
  }

  /** Sets the language of an account (its owner, or users.manage). Not audited: no security effect. */
  async setLocale(username: string, locale: Locale, actor: Actor): Promise<void> {
    const self = isExternal(actor) && actor.username === username;
    await requirePermission({ db: this.db, clock: this.clock }, actor, 'users.manage', {
      action: 'user.locale',
      details: { username },
      alsoAllowed: self,
    });
    const issues = checkLocale(locale);
    if (issues.length) invalid(issues);
    const { rows } = await this.db.query('UPDATE users SET locale = $2 WHERE username = $1 RETURNING 1', [
      username,
      locale,
    ]);
    if (rows.length === 0) throw new DomainError('not_found', 'auth.user_not_found');
  }

  /**
   * Password sign-in. Returns the principal (via 'session'), or throws DomainError
   * 'unauthenticated' (auth.bad_credentials, whatever was wrong: unknown user, wrong password,
   * disabled account) or 'rate_limited' (auth.locked, params.retryAfter in seconds) once
   * MAX_FAILURES failures within 15 minutes hit the username or the client key (e.g. the client
   * address). Every attempt is audited as auth.login. See login.ts.
   */
  async authenticate(username: string, password: string, clientKey: string): Promise<Principal> {
    return passwordSignIn(this.login, username, password, clientKey);
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  private audit(
    tx: Queryable,
    actor: Actor,
    action: string,
    userId: string,
    details: Record<string, unknown>,
  ) {
    return appendAudit(tx, this.clock, {
      actor: actorId(actor),
      action,
      target: `user:${userId}`,
      outcome: 'success',
      details,
    });
  }

  private async lockUser(tx: Queryable, username: string): Promise<UserRow> {
    const row = await findUserRow(tx, 'username', username, true);
    if (!row) throw new DomainError('not_found', 'auth.user_not_found');
    return row;
  }

  /** Refuses a change that would leave no enabled admin; locks admin rows so two changes cannot race. */
  private async keepAnAdmin(tx: Queryable, row: UserRow, nextRoles: readonly Role[]): Promise<void> {
    if (!row.roles.includes('admin') || row.disabled || nextRoles.includes('admin')) return;
    const { rows } = await tx.query(
      `SELECT id FROM users WHERE 'admin' = ANY(roles) AND NOT disabled AND id <> $1 FOR UPDATE`,
      [row.id],
    );
    if (rows.length === 0) throw new DomainError('conflict', 'auth.last_admin');
  }
}
