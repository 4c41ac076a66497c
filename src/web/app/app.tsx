/**
 * The application shell: session (sign-in, expiry → sign-in again), language (the account's,
 * switched and remembered through PUT /api/v1/auth/me/locale), navigation by role, the one live
 * feed connection, the outbox of reports waiting for the network, and the routes.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { can } from '../../auth/roles.ts';
import { Api, ApiError, NetworkError, type ApiContext, type User } from './api.ts';
import { AppContext, type AppContextValue } from './context.ts';
import { browserLocale, t, type Locale } from './i18n.ts';
import { LiveEvents } from './live.ts';
import { navigate } from './router.ts';
import { DraftStore } from './report/draft.ts';
import { FieldError, sendReport } from './report/send.ts';
import { reportKey } from './report/model.ts';
import { SignIn } from './screens/signin.tsx';
import { Shell } from './shell.tsx';

const LOCALE_KEY = 'sentinelle.locale';
/**
 * Whether this browser had a session (not a secret: the session cookie is HTTP-only). Without it
 * the sign-in screen shows at once, with no 401 from /auth/me in the console.
 */
const SESSION_HINT = 'sentinelle.signed-in';

function initialLocale(): Locale {
  const saved = localStorage.getItem(LOCALE_KEY);
  return saved === 'fr' || saved === 'en' ? saved : browserLocale(navigator.languages);
}

interface Session {
  user: User;
  csrf: string | null;
}

export function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const [expired, setExpired] = useState(false);
  const [toasts, setToasts] = useState<{ id: number; text: string }[]>([]);
  const [outboxCount, setOutboxCount] = useState(0);
  const signedIn = useRef(false);
  const pickedBeforeSignIn = useRef(false);
  const ctx = useRef<ApiContext>({
    csrfToken: null,
    locale,
    onUnauthenticated: () => {
      if (signedIn.current) setExpired(true);
      signedIn.current = false;
      localStorage.removeItem(SESSION_HINT);
      setSession(null);
    },
  });
  ctx.current.locale = locale;
  const api = useMemo(() => new Api(ctx.current), []);
  const live = useMemo(
    () =>
      new LiveEvents(async () => {
        try {
          await api.get('/api/v1/auth/me');
          return true;
        } catch {
          return false;
        }
      }),
    [],
  );

  const begin = (user: User, csrf: string | null) => {
    ctx.current.csrfToken = csrf;
    signedIn.current = true;
    localStorage.setItem(SESSION_HINT, '1');
    setExpired(false);
    if (pickedBeforeSignIn.current && user.locale !== locale) {
      // A language chosen on the sign-in screen is the user's choice: remember it for the account.
      void api.put('/api/v1/auth/me/locale', { locale }).catch(() => undefined);
      user = { ...user, locale };
    }
    setLocaleState(user.locale);
    setSession({ user, csrf });
  };

  useEffect(() => {
    if (!localStorage.getItem(SESSION_HINT)) {
      setSession(null);
      return;
    }
    api
      .get<{ user: User; csrf_token?: string }>('/api/v1/auth/me')
      .then((r) => begin(r.user, r.csrf_token ?? null))
      .catch(() => setSession(null));
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
    localStorage.setItem(LOCALE_KEY, locale);
  }, [locale]);

  // One live connection, for the roles that may read records (the node refuses the others).
  const readsRecords = session
    ? can(session.user, 'records.read_all') || can(session.user, 'records.read_own')
    : false;
  useEffect(() => {
    if (!session || !readsRecords) return;
    live.start();
    return () => live.stop();
  }, [session?.user.id, readsRecords]);

  const drafts = useMemo(
    () => (session ? new DraftStore(localStorage, session.user.id) : null),
    [session?.user.id],
  );

  const notify = (text: string) => {
    const id = Date.now() + Math.random();
    setToasts((list) => [...list, { id, text }]);
    setTimeout(() => setToasts((list) => list.filter((x) => x.id !== id)), 6000);
  };

  // Reports queued while the node was unreachable leave as soon as it answers again.
  const flushing = useRef(false);
  const flushOutbox = () => {
    if (!drafts || flushing.current) return;
    flushing.current = true;
    void (async () => {
      try {
        for (const q of drafts.outbox()) {
          try {
            const obj = await sendReport(api, q.form);
            drafts.dequeue(reportKey(q.form));
            notify(t(ctx.current.locale, 'report.outbox_sent', { name: String(obj.name ?? q.form.name) }));
          } catch (err) {
            if (
              err instanceof NetworkError ||
              (err instanceof ApiError && (err.status === 401 || err.status >= 500))
            )
              break;
            if (err instanceof ApiError || err instanceof FieldError) {
              drafts.dequeue(reportKey(q.form));
              if (!drafts.loadDraft()) drafts.saveDraft(q.form);
              notify(t(ctx.current.locale, 'report.outbox_rejected'));
            }
          }
        }
      } finally {
        flushing.current = false;
        setOutboxCount(drafts.outbox().length);
      }
    })();
  };
  useEffect(() => {
    if (!drafts) return;
    flushOutbox();
    const online = () => flushOutbox();
    addEventListener('online', online);
    const timer = setInterval(() => drafts.outbox().length && flushOutbox(), 30_000);
    return () => {
      removeEventListener('online', online);
      clearInterval(timer);
    };
  }, [drafts]);

  const changeLocale = (l: Locale) => {
    setLocaleState(l);
    if (!session) {
      pickedBeforeSignIn.current = true;
      return;
    }
    setSession({ ...session, user: { ...session.user, locale: l } });
    void api.put('/api/v1/auth/me/locale', { locale: l }).catch(() => undefined);
  };

  const signOut = async () => {
    await api.post('/api/v1/auth/logout').catch(() => undefined);
    live.stop();
    signedIn.current = false;
    localStorage.removeItem(SESSION_HINT);
    ctx.current.csrfToken = null;
    // The next person to sign in starts on their own first page.
    navigate('/', true);
    setSession(null);
  };

  const toastRegion = (
    <div class="toasts" role="status" aria-live="polite">
      {toasts.map((x) => (
        <p key={x.id} class="toast">
          {x.text}
        </p>
      ))}
    </div>
  );

  if (session === undefined) return <p class="boot">{t(locale, 'common.loading')}</p>;
  if (session === null || !drafts) {
    return <SignIn api={api} locale={locale} expired={expired} onLocale={changeLocale} onSignedIn={begin} />;
  }
  const value: AppContextValue = {
    api,
    user: session.user,
    locale,
    live,
    drafts,
    notify,
    flushOutbox,
    outboxCount,
  };
  return (
    <AppContext.Provider value={value}>
      <Shell onLocale={changeLocale} onSignOut={() => void signOut()} />
      {toastRegion}
    </AppContext.Provider>
  );
}
