/** Sign-in with the node's accounts (session cookie + CSRF token, src/api/routes/auth.ts). */
import { useState } from 'preact/hooks';
import { ApiError, NetworkError, type Api, type User } from '../api.ts';
import { t, type Locale } from '../i18n.ts';
import { LangSwitch } from '../ui/lang-switch.tsx';

export interface SignInProps {
  api: Api;
  locale: Locale;
  expired: boolean;
  onLocale: (l: Locale) => void;
  onSignedIn: (user: User, csrf: string) => void;
}

export function SignIn({ api, locale, expired, onLocale, onSignedIn }: SignInProps) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<{ user: User; csrf_token: string }>('/api/v1/auth/login', {
        username,
        password,
      });
      setPassword('');
      onSignedIn(r.user, r.csrf_token);
    } catch (err) {
      setError(
        err instanceof ApiError
          ? (err.problem.detail ?? err.message)
          : err instanceof NetworkError
            ? t(locale, 'common.error.network')
            : String(err),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="signin" id="main">
      <div class="signin-card">
        <div class="signin-head">
          <h1>
            <span class="logo" aria-hidden="true" /> {t(locale, 'app.name')}
          </h1>
          <LangSwitch locale={locale} onChange={onLocale} />
        </div>
        <p class="muted">{t(locale, 'signin.intro')}</p>
        {expired && (
          <p class="notice warn" role="status">
            {t(locale, 'signin.expired')}
          </p>
        )}
        <form onSubmit={(e) => void submit(e)} aria-labelledby="signin-title">
          <h2 id="signin-title">{t(locale, 'signin.title')}</h2>
          <label for="signin-username">{t(locale, 'signin.username')}</label>
          <input
            id="signin-username"
            name="username"
            autocomplete="username"
            required
            value={username}
            onInput={(e) => setUsername(e.currentTarget.value)}
          />
          <label for="signin-password">{t(locale, 'signin.password')}</label>
          <input
            id="signin-password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
          {error && (
            <p class="field-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" class="primary" disabled={busy}>
            {t(locale, 'signin.submit')}
          </button>
        </form>
      </div>
    </main>
  );
}
