/** What every screen needs from the shell: the API, the signed-in user, language, permissions. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { can as roleCan, type Permission } from '../../auth/roles.ts';
import type { Api, User } from './api.ts';
import { t, type Locale, type MessageKey, type Params } from './i18n.ts';
import type { LiveEvents } from './live.ts';
import type { DraftStore } from './report/draft.ts';

export interface AppContextValue {
  api: Api;
  user: User;
  locale: Locale;
  live: LiveEvents;
  drafts: DraftStore;
  /** Short messages read out and shown for a few seconds. */
  notify: (text: string) => void;
  /** Re-checks the outbox (after a report was queued). */
  flushOutbox: () => void;
  outboxCount: number;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue & {
  t: (key: MessageKey, params?: Params) => string;
  can: (p: Permission) => boolean;
} {
  const ctx = useContext(AppContext);
  if (!ctx) throw new Error('useApp outside the application shell');
  return { ...ctx, t: (key, params) => t(ctx.locale, key, params), can: (p) => roleCan(ctx.user, p) };
}
