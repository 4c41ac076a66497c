/** Header, navigation by role, the offline banner, and the routes of a signed-in user. */
import { useEffect, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { Permission } from '../../auth/roles.ts';
import { useApp } from './context.ts';
import type { Locale, MessageKey } from './i18n.ts';
import { match, navigate, useLocation } from './router.ts';
import { LangSwitch } from './ui/lang-switch.tsx';
import { Link } from './ui/link.tsx';
import { Picture } from './screens/picture.tsx';
import { Report } from './screens/report.tsx';
import { DetailPage } from './screens/detail.tsx';
import { Audit } from './screens/audit.tsx';
import { Analytics } from './screens/analytics.tsx';
import { Partners } from './screens/partners.tsx';
import { Operations } from './screens/operations.tsx';
import { Cooperation } from './screens/cooperation.tsx';

interface NavItem {
  path: string;
  label: MessageKey;
  allowed: Permission[];
}

const NAV: readonly NavItem[] = [
  { path: '/map', label: 'nav.picture', allowed: ['records.read_all', 'records.read_own'] },
  { path: '/report', label: 'nav.report', allowed: ['records.create_incident'] },
  { path: '/analytics', label: 'nav.analytics', allowed: ['records.read_all', 'records.read_own'] },
  { path: '/audit', label: 'nav.audit', allowed: ['audit.read'] },
  { path: '/operations', label: 'nav.operations', allowed: ['operations.read'] },
  { path: '/cooperation', label: 'nav.cooperation', allowed: ['cooperation.read'] },
  { path: '/partners', label: 'nav.partners', allowed: ['agreements.manage', 'peers.manage'] },
];

function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    addEventListener('online', on);
    addEventListener('offline', off);
    return () => {
      removeEventListener('online', on);
      removeEventListener('offline', off);
    };
  }, []);
  return online;
}

export function Shell({ onLocale, onSignOut }: { onLocale: (l: Locale) => void; onSignOut: () => void }) {
  const { t, can, user, locale, api, outboxCount } = useApp();
  const { path } = useLocation();
  const online = useOnline();
  const [organisation, setOrganisation] = useState('');
  const nav = NAV.filter((n) => n.allowed.some((p) => can(p)));

  useEffect(() => {
    void api
      .get<{ organisation: string }>('/api/v1/node')
      .then((n) => setOrganisation(n.organisation))
      .catch(() => undefined);
  }, []);

  useEffect(() => {
    if (path === '/' && nav[0]) navigate(nav[0].path, true);
  }, [path]);

  const allowed = (item: NavItem | undefined) => item !== undefined && nav.includes(item);
  const byPath = (p: string) => NAV.find((n) => n.path === p);
  let page: ComponentChildren;
  let params: Record<string, string> | null;
  if (path === '/map') page = allowed(byPath('/map')) ? <Picture /> : <Forbidden />;
  else if (path === '/report') page = allowed(byPath('/report')) ? <Report /> : <Forbidden />;
  else if ((params = match('/incidents/:id/edit', path))) page = <Report editId={params.id} />;
  else if ((params = match('/incidents/:id', path))) page = <DetailPage id={params.id!} />;
  else if (path === '/analytics') page = allowed(byPath('/analytics')) ? <Analytics /> : <Forbidden />;
  else if (path === '/audit') page = allowed(byPath('/audit')) ? <Audit /> : <Forbidden />;
  else if (path.startsWith('/operations')) page = allowed(byPath('/operations')) ? <Operations /> : <Forbidden />;
  else if (path.startsWith('/cooperation')) page = allowed(byPath('/cooperation')) ? <Cooperation /> : <Forbidden />;
  else if (path === '/partners') page = allowed(byPath('/partners')) ? <Partners /> : <Forbidden />;
  else if (path === '/') page = null;
  else page = <p class="page-message">{t('error.not_found')}</p>;

  return (
    <div class="shell">
      <a class="skip" href="#main">
        {t('app.skip')}
      </a>
      <header class="topbar">
        <div class="brand">
          <span class="logo" aria-hidden="true" />
          <span class="brand-name">{t('app.name')}</span>
          {organisation && <span class="org">{organisation}</span>}
        </div>
        <nav aria-label={t('nav.main')}>
          <ul>
            {nav.map((n) => (
              <li key={n.path}>
                <Link
                  href={n.path}
                  aria-current={
                    path === n.path || (n.path === '/map' && path.startsWith('/incidents/'))
                      ? 'page'
                      : undefined
                  }
                >
                  {t(n.label)}
                  {n.path === '/report' && outboxCount > 0 && (
                    <span class="badge" title={t('report.outbox', { count: outboxCount })}>
                      {outboxCount}
                    </span>
                  )}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div class="tools">
          <LangSwitch locale={locale} onChange={onLocale} />
          <span
            class="who"
            title={t('user.signed_in_as', {
              name: user.username,
              roles: user.roles.map((r) => t(`role.${r}`)).join(', '),
            })}
          >
            {user.username}
          </span>
          <button type="button" class="ghost" onClick={onSignOut}>
            {t('user.signout')}
          </button>
        </div>
      </header>
      {!online && (
        <p class="banner offline" role="status">
          {t('common.offline')}
        </p>
      )}
      <main id="main" tabIndex={-1}>
        {page}
      </main>
    </div>
  );
}

function Forbidden() {
  const { t } = useApp();
  return <p class="page-message">{t('error.forbidden')}</p>;
}
