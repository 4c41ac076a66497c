/** The cooperation ledger: completeness dashboard, programmes and activities, training, equipment, reports (issue 9). */
import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../context.ts';
import { useLocation } from '../router.ts';
import { Link } from '../ui/link.tsx';
import type { MessageKey } from '../i18n.ts';
import type { Ledger } from '../cooperation/types.ts';
import { Equipment, GapTable, Programmes, Reports, Training } from '../cooperation/views.tsx';
import '../cooperation/cooperation.css';

type Tab = 'dashboard' | 'programmes' | 'training' | 'equipment' | 'reports';
const TABS: { tab: Tab; path: string }[] = [
  { tab: 'dashboard', path: '/cooperation' },
  { tab: 'programmes', path: '/cooperation/programmes' },
  { tab: 'training', path: '/cooperation/training' },
  { tab: 'equipment', path: '/cooperation/equipment' },
  { tab: 'reports', path: '/cooperation/reports' },
];

export function Cooperation() {
  const { t, api } = useApp();
  const { path } = useLocation();
  const [ledger, setLedger] = useState<Ledger | null>(null);
  const [failed, setFailed] = useState(false);
  const [tick, setTick] = useState(0);
  const [receiptDays, setReceiptDays] = useState(14);
  const tab: Tab = TABS.find((x) => x.path === path)?.tab ?? 'dashboard';

  useEffect(() => {
    let cancelled = false;
    api
      .get<Ledger>('/api/v1/cooperation/ledger', { receipt_days: receiptDays })
      .then((l) => {
        if (cancelled) return;
        setLedger(l);
        setFailed(false);
      })
      .catch(() => !cancelled && setFailed(true));
    return () => {
      cancelled = true;
    };
  }, [tick, receiptDays]);

  const refresh = () => setTick(tick + 1);

  return (
    <section class="page coop-page" aria-labelledby="cooperation-title">
      <h1 id="cooperation-title">{t('nav.cooperation')}</h1>
      {ledger && (
        <p class="muted">
          {t('coop.summary', {
            programmes: ledger.programmes.length,
            activities: ledger.activities.length,
            deliveries: ledger.deliveries.length,
          })}
        </p>
      )}
      <nav class="coop-tabs" aria-label={t('coop.tabs')}>
        {TABS.map((x) => (
          <Link href={x.path} aria-current={x.tab === tab ? 'page' : undefined}>
            {t(`coop.tab.${x.tab}` as MessageKey)}
            {x.tab === 'dashboard' && ledger && ledger.gaps.length > 0 && (
              <span class="badge">{ledger.gaps.length}</span>
            )}
          </Link>
        ))}
      </nav>
      {failed && <p class="notice">{t('coop.error')}</p>}
      {!ledger ? (
        !failed && <p class="muted">{t('common.loading')}</p>
      ) : tab === 'dashboard' ? (
        <>
          <h2>{t('coop.gaps.title')}</h2>
          <p class="muted">{t('coop.gaps.intro')}</p>
          <label class="coop-days">
            {t('coop.gaps.receipt_days')}
            <input
              type="number"
              min={0}
              max={3650}
              value={receiptDays}
              onChange={(e) => setReceiptDays(Math.max(0, Number((e.target as HTMLInputElement).value) || 0))}
            />
          </label>
          <GapTable ledger={ledger} gaps={ledger.gaps} />
        </>
      ) : tab === 'programmes' ? (
        <Programmes ledger={ledger} onChange={refresh} />
      ) : tab === 'training' ? (
        <Training ledger={ledger} />
      ) : tab === 'equipment' ? (
        <Equipment ledger={ledger} onChange={refresh} />
      ) : (
        <Reports ledger={ledger} />
      )}
    </section>
  );
}
