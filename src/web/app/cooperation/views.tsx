/** The ledger's tables: completeness gaps, programmes and activities, training, deliveries, report links. */
import { useState } from 'preact/hooks';
import { useApp } from '../context.ts';
import { ApiError } from '../api.ts';
import {
  ACTIVITY_KIND_LABELS,
  ACTIVITY_STATUS_LABELS,
  CATEGORY_LABELS,
  SERVICEABILITY_LABELS,
  SKILL_LABELS,
  type Label,
} from '../../../cooperation/taxonomy.ts';
import { day, str, type Gap, type Ledger } from './types.ts';
import type { MessageKey } from '../i18n.ts';

const NEXT: Record<string, string | undefined> = {
  proposed: 'planned',
  planned: 'ongoing',
  ongoing: 'completed',
};

/** A date in the reader's language (dates of the ledger are UTC days). */
function useDay() {
  const { locale } = useApp();
  return (v: unknown) =>
    day(v)
      ? new Date(`${day(v)}T00:00:00Z`).toLocaleDateString(locale === 'fr' ? 'fr-FR' : 'en-GB', {
          timeZone: 'UTC',
        })
      : '';
}

function useNames(ledger: Ledger) {
  const { t } = useApp();
  const names = new Map(ledger.partners.map((p) => [p.node_id, `${p.name} (${p.country})`]));
  return (id: unknown) =>
    id === ledger.self ? t('coop.this_node') : (names.get(str(id)) ?? str(id).slice(0, 8));
}

function label<K extends string>(
  labels: Readonly<Record<K, Label>>,
  k: unknown,
  locale: 'fr' | 'en',
): string {
  return (labels as Record<string, Label>)[str(k)]?.[locale] ?? str(k);
}

export function GapTable({ ledger, gaps }: { ledger: Ledger; gaps: Gap[] }) {
  const { t } = useApp();
  const name = useNames(ledger);
  const fmt = useDay();
  if (!gaps.length) return <p class="coop-ok">{t('coop.gaps.none')}</p>;
  return (
    <table class="coop-table" data-testid="coop-gaps">
      <thead>
        <tr>
          <th scope="col">{t('coop.col.kind')}</th>
          <th scope="col">{t('coop.col.entry')}</th>
          <th scope="col">{t('coop.col.partner')}</th>
          <th scope="col">{t('coop.col.due')}</th>
          <th scope="col" class="num">
            {t('coop.col.days')}
          </th>
        </tr>
      </thead>
      <tbody>
        {gaps.map((g) => (
          <tr class={`coop-gap coop-gap-${g.kind}`}>
            <td>{t(`coop.gap.${g.kind}` as MessageKey)}</td>
            <td>{g.name}</td>
            <td>{name(g.partner)}</td>
            <td>{fmt(g.dueSince)}</td>
            <td class="num">{g.daysOverdue}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Programmes({ ledger, onChange }: { ledger: Ledger; onChange: () => void }) {
  const { t, locale, can, api, notify } = useApp();
  const name = useNames(ledger);
  const fmt = useDay();
  const [error, setError] = useState<string | null>(null);
  const manage = can('cooperation.manage');
  const move = async (id: string, status: string) => {
    setError(null);
    try {
      await api.request('PATCH', `/api/v1/cooperation/activities/${encodeURIComponent(id)}`, { status });
      notify(t('coop.action.done'));
      onChange();
    } catch (e) {
      setError(
        e instanceof ApiError ? (e.problem.errors?.[0]?.detail ?? e.message) : t('common.error.network'),
      );
    }
  };
  return (
    <>
      <h2>{t('coop.programmes.title')}</h2>
      {!ledger.programmes.length && <p class="muted">{t('coop.programmes.none')}</p>}
      {ledger.programmes.map((p) => (
        <article class="coop-card">
          <h3>{str(p.name)}</h3>
          <p>{str(p.purpose)}</p>
          <p class="muted">
            {fmt(p.start)} → {fmt(p.end) || '…'} · {t('coop.programme.parties')} :{' '}
            {((p.parties as { name: string; country: string }[]) ?? [])
              .map((x) => `${x.name} (${x.country})`)
              .join(', ')}
          </p>
          <p class="muted">
            {t('coop.programme.units')} :{' '}
            {((p.units as { code: string; name: string }[]) ?? [])
              .map((u) => `${u.code} — ${u.name}`)
              .join(' · ')}
          </p>
        </article>
      ))}
      <h2>{t('coop.activities.title')}</h2>
      {error && (
        <p class="notice" role="alert">
          {error}
        </p>
      )}
      {!ledger.activities.length ? (
        <p class="muted">{t('coop.activities.none')}</p>
      ) : (
        <table class="coop-table" data-testid="coop-activities">
          <thead>
            <tr>
              <th scope="col">{t('coop.col.entry')}</th>
              <th scope="col">{t('coop.col.kind_activity')}</th>
              <th scope="col">{t('coop.col.status')}</th>
              <th scope="col">{t('coop.col.period')}</th>
              <th scope="col">{t('coop.col.provider')}</th>
              <th scope="col">{t('coop.col.receiver')}</th>
              <th scope="col">{t('coop.col.objectives')}</th>
              <th scope="col">{t('coop.col.outcomes')}</th>
              {manage && <th scope="col">{t('coop.col.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {ledger.activities.map((a) => {
              const next = NEXT[str(a.status)];
              const local = a.provider_node === ledger.self || a.receiver_node === ledger.self;
              return (
                <tr>
                  <td>{str(a.name)}</td>
                  <td>{label(ACTIVITY_KIND_LABELS, a.activity_kind, locale)}</td>
                  <td>
                    <span class={`coop-status coop-status-${str(a.status)}`}>
                      {label(ACTIVITY_STATUS_LABELS, a.status, locale)}
                    </span>
                  </td>
                  <td>
                    {fmt(a.start) || '…'} → {fmt(a.end) || '…'}
                  </td>
                  <td>{name(a.provider_node)}</td>
                  <td>{name(a.receiver_node)}</td>
                  <td>
                    <ul class="coop-list">
                      {((a.objectives as string[]) ?? []).map((o) => (
                        <li>{o}</li>
                      ))}
                      {(
                        (a.indicators as {
                          name: string;
                          target?: number;
                          achieved?: number;
                          measure?: string;
                        }[]) ?? []
                      ).map((i) => (
                        <li>
                          {i.name} : {i.achieved ?? '—'} / {i.target ?? '—'} {i.measure ?? ''}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>{str(a.outcomes) || '—'}</td>
                  {manage && (
                    <td class="coop-actions">
                      {local && next && (
                        <button type="button" onClick={() => void move(a.id, next)}>
                          {t('coop.action.advance', { status: label(ACTIVITY_STATUS_LABELS, next, locale) })}
                        </button>
                      )}
                      {local && next && (
                        <button type="button" class="ghost" onClick={() => void move(a.id, 'cancelled')}>
                          {t('coop.action.cancel')}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}

export function Training({ ledger }: { ledger: Ledger }) {
  const { t, locale } = useApp();
  const name = useNames(ledger);
  const fmt = useDay();
  return (
    <>
      <h2>{t('coop.training.title')}</h2>
      <p class="muted">{t('coop.training.intro')}</p>
      {!ledger.training.length ? (
        <p class="muted">{t('coop.training.none')}</p>
      ) : (
        <table class="coop-table" data-testid="coop-training">
          <thead>
            <tr>
              <th scope="col">{t('coop.col.unit')}</th>
              <th scope="col">{t('coop.col.skill')}</th>
              <th scope="col" class="num">
                {t('coop.col.sessions')}
              </th>
              <th scope="col" class="num">
                {t('coop.col.trainees')}
              </th>
              <th scope="col" class="num">
                {t('coop.col.hours')}
              </th>
              <th scope="col" class="num">
                {t('coop.col.passed')}
              </th>
              <th scope="col" class="num">
                {t('coop.col.failed')}
              </th>
            </tr>
          </thead>
          <tbody>
            {ledger.training.map((r) => (
              <tr>
                <td>{r.unit}</td>
                <td>{label(SKILL_LABELS, r.skill, locale)}</td>
                <td class="num">{r.sessions}</td>
                <td class="num">{r.trainees}</td>
                <td class="num">{r.traineeHours}</td>
                <td class="num">{r.passed}</td>
                <td class="num">{r.failed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('coop.certificates.title')}</h2>
      {!ledger.certificates.length ? (
        <p class="muted">{t('coop.certificates.none')}</p>
      ) : (
        <table class="coop-table">
          <thead>
            <tr>
              <th scope="col">{t('coop.col.certificate')}</th>
              <th scope="col">{t('coop.col.unit')}</th>
              <th scope="col" class="num">
                {t('coop.col.holders')}
              </th>
              <th scope="col">{t('coop.col.expires')}</th>
              <th scope="col">{t('coop.col.recognised')}</th>
            </tr>
          </thead>
          <tbody>
            {ledger.certificates.map((c) => (
              <tr>
                <td>{c.name}</td>
                <td>{c.unit}</td>
                <td class="num">{c.holders}</td>
                <td>
                  {fmt(c.expires)}{' '}
                  <span
                    class={
                      c.valid ? 'coop-status coop-status-completed' : 'coop-status coop-status-cancelled'
                    }
                  >
                    {t(c.valid ? 'coop.certificate.valid' : 'coop.certificate.expired')}
                  </span>
                </td>
                <td>{c.recognisedBy.map(name).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function Equipment({ ledger, onChange }: { ledger: Ledger; onChange: () => void }) {
  const { t, locale, can, api, notify } = useApp();
  const name = useNames(ledger);
  const fmt = useDay();
  const [error, setError] = useState<string | null>(null);
  const sign = async (id: string) => {
    setError(null);
    try {
      await api.post('/api/v1/cooperation/receipts', { delivery_ref: id });
      notify(t('coop.action.done'));
      onChange();
    } catch (e) {
      setError(
        e instanceof ApiError ? (e.problem.errors?.[0]?.detail ?? e.message) : t('common.error.network'),
      );
    }
  };
  return (
    <>
      <h2>{t('coop.equipment.title')}</h2>
      {error && (
        <p class="notice" role="alert">
          {error}
        </p>
      )}
      {!ledger.deliveries.length ? (
        <p class="muted">{t('coop.equipment.none')}</p>
      ) : (
        <table class="coop-table" data-testid="coop-deliveries">
          <thead>
            <tr>
              <th scope="col">{t('coop.col.delivery')}</th>
              <th scope="col">{t('coop.col.items')}</th>
              <th scope="col">{t('coop.col.provider')}</th>
              <th scope="col">{t('coop.col.receiver')}</th>
              <th scope="col">{t('coop.col.shipped')}</th>
              <th scope="col">{t('coop.col.receipt')}</th>
              <th scope="col">{t('coop.col.serviceability')}</th>
            </tr>
          </thead>
          <tbody>
            {ledger.deliveries.map((v) => {
              const d = v.delivery;
              const items =
                (d.items as {
                  item_type: string;
                  category: string;
                  quantity: number;
                  serial_numbers?: string[];
                }[]) ?? [];
              return (
                <tr>
                  <td>{str(d.name)}</td>
                  <td>
                    <ul class="coop-list">
                      {items.map((i) => (
                        <li title={i.serial_numbers?.join(', ')}>
                          {i.quantity} × {i.item_type}{' '}
                          <span class="muted">({label(CATEGORY_LABELS, i.category, locale)})</span>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>{name(d.provider_node)}</td>
                  <td>
                    {name(d.receiver_node)} · {str(d.receiving_unit)}
                  </td>
                  <td>
                    {t(`coop.delivery.${str(d.status)}` as MessageKey)} ·{' '}
                    {fmt(d.shipped_at ?? d.planned_ship_date)}
                  </td>
                  <td>
                    <span class={`coop-receipt coop-receipt-${v.receipt}`}>
                      {t(`coop.receipt.${v.receipt}` as MessageKey)}
                    </span>
                    {v.received_at && <span class="muted"> · {fmt(v.received_at)}</span>}
                    {can('cooperation.manage') &&
                      v.receipt !== 'received' &&
                      v.receipt !== 'cancelled' &&
                      d.receiver_node === ledger.self && (
                        <button type="button" onClick={() => void sign(d.id)}>
                          {t('coop.action.sign_receipt')}
                        </button>
                      )}
                  </td>
                  <td>
                    {!Object.keys(v.serviceability).length && '—'}
                    {Object.entries(v.serviceability).map(([k, n]) => (
                      <span class={`coop-svc coop-svc-${k}`}>
                        {k === 'unreported'
                          ? t('coop.serviceability.unreported')
                          : label(SERVICEABILITY_LABELS, k, locale)}{' '}
                        {n}
                      </span>
                    ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}

export function Reports({ ledger }: { ledger: Ledger }) {
  const { t } = useApp();
  const year = ledger.now.slice(0, 4);
  const [peer, setPeer] = useState(ledger.partners[0]?.node_id ?? '');
  const [from, setFrom] = useState(`${year}-01-01`);
  const [to, setTo] = useState(ledger.now.slice(0, 10));
  if (!ledger.partners.length) return <p class="muted">{t('coop.reports.none')}</p>;
  const href = (format: string, lang: string) =>
    `/api/v1/cooperation/report?${new URLSearchParams({ peer, from, to, format, lang }).toString()}`;
  return (
    <>
      <h2>{t('coop.reports.title')}</h2>
      <p class="muted">{t('coop.reports.intro')}</p>
      <div class="coop-report-form">
        <label>
          {t('coop.reports.partner')}
          <select value={peer} onChange={(e) => setPeer((e.target as HTMLSelectElement).value)}>
            {ledger.partners.map((p) => (
              <option value={p.node_id}>
                {p.name} ({p.country})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('coop.reports.from')}
          <input type="date" value={from} onInput={(e) => setFrom((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          {t('coop.reports.to')}
          <input type="date" value={to} onInput={(e) => setTo((e.target as HTMLInputElement).value)} />
        </label>
      </div>
      <ul class="coop-links" data-testid="coop-report-links">
        <li>
          <a href={href('html', 'fr')} target="_blank" rel="noopener">
            {t('coop.reports.html_fr')}
          </a>
        </li>
        <li>
          <a href={href('html', 'en')} target="_blank" rel="noopener">
            {t('coop.reports.html_en')}
          </a>
        </li>
        <li>
          <a href={href('csv', 'fr')} download>
            {t('coop.reports.csv_fr')}
          </a>
        </li>
        <li>
          <a href={href('csv', 'en')} download>
            {t('coop.reports.csv_en')}
          </a>
        </li>
      </ul>
    </>
  );
}
