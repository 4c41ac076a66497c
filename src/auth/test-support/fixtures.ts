/** A migrated database with the account services wired to a manual clock, for auth tests. */
import { manualClock } from '../../core/clock.ts';
import type { Db } from '../../store/db.ts';
import type { TestBackend } from '../../store/test-support/backends.ts';
import { TEST_COST } from '../passwords.ts';
import type { Principal } from '../principal.ts';
import type { Role } from '../roles.ts';
import { SessionService } from '../sessions.ts';
import { TokenService } from '../tokens.ts';
import { UserService } from '../users.ts';

export const PASSWORD = 'correct horse battery';

export interface AuthFixture {
  db: Db;
  clock: ReturnType<typeof manualClock>;
  users: UserService;
  tokens: TokenService;
  sessions: SessionService;
  /** Adds an enabled user (as the console operator) and returns it as a session principal. */
  addUser: (username: string, roles: Role[]) => Promise<Principal>;
}

export async function withAuth(backend: TestBackend, fn: (f: AuthFixture) => Promise<void>): Promise<void> {
  const { db, dispose } = await backend.open();
  const clock = manualClock('2026-02-01T09:00:00.000Z');
  const users = new UserService({ db, clock, passwordCost: TEST_COST });
  try {
    await fn({
      db,
      clock,
      users,
      tokens: new TokenService({ db, clock }),
      sessions: new SessionService({ db, clock }),
      async addUser(username, roles) {
        const u = await users.addUser({ username, roles, password: PASSWORD, displayName: username }, 'cli');
        return { userId: u.id, username: u.username, roles: u.roles, locale: u.locale, via: 'session' };
      },
    });
  } finally {
    await dispose();
  }
}
