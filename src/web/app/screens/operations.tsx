/** Joint operations: board, deconfliction inbox, protected sites, outcomes (issue 8). */
import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../context.ts';
import { match, navigate, useLocation } from '../router.ts';
import { Link } from '../ui/link.tsx';
import { Board } from '../operations/board.tsx';
import { ConflictInbox } from '../operations/conflicts.tsx';
import { OperationView } from '../operations/detail.tsx';
import { OperationForm } from '../operations/form.tsx';
import { Outcomes } from '../operations/outcomes.tsx';
import { SiteList } from '../operations/sites.tsx';
import { str, type ConflictView, type OpItem } from '../operations/types.ts';
import '../operations/operations.css';

type Tab = 'board' | 'conflicts' | 'sites' | 'outcomes';
const TABS: { tab: Tab; path: string }[] = [
  { tab: 'board', path: '/operations' },
  { tab: 'conflicts', path: '/operations/conflicts' },
  { tab: 'sites', path: '/operations/sites' },
  { tab: 'outcomes', path: '/operations/outcomes' },
];

export function Operations() {
  const { t, api, can } = useApp();
  const { path, query } = useLocation();
  const [ops, setOps] = useState<OpItem[] | null>(null);
  const [sites, setSites] = useState<OpItem[]>([]);
  const [conflicts, setConflicts] = useState<ConflictView[]>([]);
  const [failed, setFailed] = useState(false);
  const [tick, setTick] = useState(0);
  const all = query.get('all') === '1';

  useEffect(() => {
    let cancelled = false;
    Promise.all([
      api.get<{ items: OpItem[] }>('/api/v1/operations'),
      api.get<{ items: OpItem[] }>('/api/v1/protected-sites'),
      api.get<{ items: ConflictView[] }>(
        '/api/v1/deconfliction/conflicts',
        all ? {} : { status: 'open,acknowledged' },
      ),
    ])
      .then(([o, s, c]) => {
        if (cancelled) return;
        setOps(o.items);
        setSites(s.items);
        setConflicts(c.items);
        setFailed(false);
      })
      .catch(() => !cancelled && setFailed(true));
    return () => {
      cancelled = true;
    };
  }, [path, tick, all]);

  const names = new Map<string, string>(
    [...(ops ?? []), ...sites].map((i) => [i.object.id, str(i.object.name)]),
  );
  const detail = match('/operations/:id', path);
  const isNew = path === '/operations/new';
  const tab: Tab | null = TABS.find((x) => x.path === path)?.tab ?? null;
  const refresh = () => setTick(tick + 1);

  return (
    <section class="page ops-page" aria-labelledby="operations-title">
      <div class="ops-head">
        <h1 id="operations-title">{t('nav.operations')}</h1>
        {can('operations.plan') && !isNew && (
          <Link class="button primary" href="/operations/new">
            {t('ops.new')}
          </Link>
        )}
      </div>
      <nav class="ops-tabs" aria-label={t('ops.tabs')}>
        {TABS.map((x) => (
          <Link href={x.path} aria-current={x.tab === tab ? 'page' : undefined}>
            {t(`ops.tab.${x.tab}`)}
            {x.tab === 'conflicts' && conflicts.filter((c) => c.status !== 'resolved').length > 0 && (
              <span class="badge">{conflicts.filter((c) => c.status !== 'resolved').length}</span>
            )}
          </Link>
        ))}
      </nav>
      {failed && <p class="notice">{t('ops.error')}</p>}
      {isNew ? (
        <OperationForm
          onCancel={() => navigate('/operations')}
          onSaved={(s) => navigate(`/operations/${encodeURIComponent(s.object.id)}`)}
        />
      ) : tab === 'board' ? (
        <>
          <h2>{t('ops.board.title')}</h2>
          {ops ? <Board items={ops} conflicts={conflicts} /> : <p class="muted">{t('common.loading')}</p>}
        </>
      ) : tab === 'conflicts' ? (
        <>
          <h2>{t('ops.conflicts.title')}</h2>
          <p class="ops-filter">
            {t('ops.conflicts.show')} :{' '}
            <Link href="/operations/conflicts" aria-current={all ? undefined : 'true'}>
              {t('ops.conflicts.filter.open')}
            </Link>{' '}
            ·{' '}
            <Link href="/operations/conflicts?all=1" aria-current={all ? 'true' : undefined}>
              {t('ops.conflicts.filter.all')}
            </Link>
          </p>
          <ConflictInbox conflicts={conflicts} names={names} onChange={refresh} />
        </>
      ) : tab === 'sites' ? (
        <>
          <h2>{t('ops.sites.title')}</h2>
          <SiteList items={sites} />
        </>
      ) : tab === 'outcomes' ? (
        <Outcomes />
      ) : detail ? (
        <OperationView id={detail.id!} names={names} />
      ) : null}
    </section>
  );
}
