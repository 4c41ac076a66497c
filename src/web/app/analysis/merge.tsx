/** Two reports side by side (a possible duplicate), the fields that differ marked. */
import { useApp } from '../context.ts';
import { formatDateTime, formatLatLon } from '../format.ts';
import { countryName, eventTypeLabel } from '../i18n.ts';
import { totalKilled, type RecordSummary } from './types.ts';

export function MergeView({ left, right }: { left: RecordSummary; right: RecordSummary }) {
  const { t, locale } = useApp();
  const place = (s: RecordSummary) =>
    [s.admin1, s.country ? countryName(locale, s.country) : null].filter(Boolean).join(', ') || '—';
  const rows: [string, (s: RecordSummary) => string][] = [
    [t('merge.name'), (s) => s.name ?? '—'],
    [t('merge.event_type'), (s) => (s.event_type ? eventTypeLabel(locale, s.event_type) : '—')],
    [t('merge.occurred_at'), (s) => formatDateTime(locale, s.occurred_at)],
    [t('merge.place'), place],
    [
      t('merge.coordinates'),
      (s) => (s.lat !== null && s.lon !== null ? formatLatLon(locale, s.lat, s.lon) : '—'),
    ],
    [t('merge.fatalities'), (s) => String(totalKilled(s) ?? '—')],
    [t('merge.source'), (s) => s.source ?? '—'],
    [t('merge.author'), (s) => s.created_by_name ?? s.created_by_ref ?? '—'],
    [t('merge.origin'), (s) => (s.origin === 'local' ? t('merge.origin_local') : s.origin)],
    [t('merge.description'), (s) => s.description ?? '—'],
  ];
  return (
    <table class="merge-view" data-testid="merge-view">
      <caption>{t('merge.title')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('merge.field')}</th>
          <th scope="col">{t('merge.this')}</th>
          <th scope="col">{t('merge.other')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, get]) => {
          const [l, r] = [get(left), get(right)];
          return (
            <tr key={label} class={l === r ? '' : 'differs'}>
              <th scope="row">
                {label}
                {l !== r && <span class="sr-only"> ({t('merge.differs')})</span>}
              </th>
              <td>{l}</td>
              <td>{r}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
