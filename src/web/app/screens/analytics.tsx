/**
 * Analytics: incidents and fatalities per week (SVG bars, no chart library), incidents per admin
 * area over time (a table shaded by count, readable as a table too), and the forecast layer: the
 * riskiest units for next month from GET /api/v1/forecast (probability bars, expected deaths,
 * the signals that drove each forecast).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { PARTNER_COUNTRIES } from '../constants.ts';
import { useApp } from '../context.ts';
import { useIncidents } from '../data/use-incidents.ts';
import { byArea, weekly, type Period, type WeekBucket } from '../analytics/aggregate.ts';
import { formatDate, formatNumber } from '../format.ts';
import { countryName, type MessageKey } from '../i18n.ts';
import { FORECAST_MESSAGES } from '../analysis/forecast-messages.ts';

export function Analytics() {
  const { api, live, t, locale, can } = useApp();
  const [country, setCountry] = useState('');
  const [period, setPeriod] = useState<Period>('quarter');
  const [year, setYear] = useState('');
  const state = useIncidents(api, live, { window: 'all', tlp: '', country, admin1: '', origin: '' });
  const years = useMemo(
    () =>
      [
        ...new Set(state.views.map((v) => v.occurredAt?.slice(0, 4)).filter((y): y is string => Boolean(y))),
      ].sort(),
    [state.views],
  );
  const views = useMemo(
    () => (year ? state.views.filter((v) => v.occurredAt?.startsWith(year)) : state.views),
    [state.views, year],
  );
  const weeks = useMemo(() => weekly(views), [views]);
  const grid = useMemo(() => byArea(views, period), [views, period]);
  const totals = weeks.reduce(
    (a, w) => ({ incidents: a.incidents + w.incidents, fatalities: a.fatalities + w.fatalities }),
    { incidents: 0, fatalities: 0 },
  );

  return (
    <section class="page analytics" aria-labelledby="analytics-title">
      <h1 id="analytics-title">{t('analytics.title')}</h1>
      <form class="filters inline-filters" onSubmit={(e) => e.preventDefault()}>
        <div class="filter">
          <label for="a-country">{t('filters.country')}</label>
          <select id="a-country" value={country} onChange={(e) => setCountry(e.currentTarget.value)}>
            <option value="">{t('common.all')}</option>
            {PARTNER_COUNTRIES.map((c) => (
              <option key={c} value={c}>
                {countryName(locale, c)}
              </option>
            ))}
          </select>
        </div>
        <div class="filter">
          <label for="a-year">{t('analytics.year')}</label>
          <select id="a-year" value={year} onChange={(e) => setYear(e.currentTarget.value)}>
            <option value="">{t('common.all')}</option>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <div class="filter">
          <label for="a-period">{t('analytics.step')}</label>
          <select id="a-period" value={period} onChange={(e) => setPeriod(e.currentTarget.value as Period)}>
            <option value="quarter">{t('analytics.period.quarter')}</option>
            <option value="month">{t('analytics.period.month')}</option>
          </select>
        </div>
      </form>
      {state.loading && (
        <p class="muted" role="status">
          {t('common.loading')}
        </p>
      )}
      {!state.loading && weeks.length === 0 && <p class="muted">{t('analytics.empty')}</p>}
      {!state.loading && weeks.length > 0 && (
        <>
          <p data-testid="analytics-summary">
            {t('analytics.summary', {
              incidents: formatNumber(locale, totals.incidents),
              fatalities: formatNumber(locale, totals.fatalities),
              from: formatDate(locale, weeks[0]!.week),
              to: formatDate(locale, weeks[weeks.length - 1]!.week),
            })}
          </p>
          <h2>{t('analytics.weekly')}</h2>
          <WeekBars
            weeks={weeks}
            value={(w) => w.incidents}
            label={t('analytics.incidents')}
            cls="bars-incidents"
          />
          <WeekBars
            weeks={weeks}
            value={(w) => w.fatalities}
            label={t('analytics.fatalities')}
            cls="bars-fatalities"
          />
          <h2>{t('analytics.by_area', { period: t(`analytics.period.${period}`) })}</h2>
          <div class="grid-scroll">
            <table class="area-grid">
              <thead>
                <tr>
                  <th scope="col">{t('analytics.area')}</th>
                  {grid.periods.map((p) => (
                    <th scope="col" key={p}>
                      {p.replace('-T', locale === 'fr' ? ' T' : ' Q')}
                    </th>
                  ))}
                  <th scope="col">{t('detail.total')}</th>
                </tr>
              </thead>
              <tbody>
                {grid.rows.map((r) => (
                  <tr key={`${r.country}:${r.area}`}>
                    <th scope="row">
                      {r.area} <span class="muted">({r.country})</span>
                    </th>
                    {r.counts.map((c, i) => (
                      <td
                        key={i}
                        class={`lvl-${level(c, grid.max)}`}
                        title={t('analytics.cell', { area: r.area, period: grid.periods[i]!, count: c })}
                      >
                        {c || ''}
                      </td>
                    ))}
                    <td class="total">{formatNumber(locale, r.total)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {can('records.read_all') ? <ForecastLayer /> : <p class="muted">{t('forecast.forbidden')}</p>}
    </section>
  );
}

interface UnitForecast {
  id: string;
  country: string;
  name: string;
  probability: number;
  fatalities: number;
  drivers: { name: string; value: number; weight: number }[];
}
interface ForecastView {
  unit: 'cell' | 'admin1';
  horizon: number;
  trainedThrough: string;
  targetMonth: string;
  incidents: number;
  latestIncidentMonth: string | null;
  items: UnitForecast[];
}

const TOP = 15;

/** The forecast layer: the riskiest units for the month ahead, as a table with bars. */
function ForecastLayer() {
  const { api, t, locale } = useApp();
  const [unit, setUnit] = useState<'admin1' | 'cell'>('admin1');
  const [horizon, setHorizon] = useState<'1' | '3'>('1');
  const [state, setState] = useState<{ view?: ForecastView; error?: string; loading: boolean }>({
    loading: true,
  });
  useEffect(() => {
    let live = true;
    setState({ loading: true });
    api
      .get<ForecastView>('/api/v1/forecast', { unit, horizon, limit: String(TOP) })
      .then((view) => live && setState({ view, loading: false }))
      .catch(
        (e: unknown) =>
          live && setState({ error: e instanceof Error ? e.message : String(e), loading: false }),
      );
    return () => {
      live = false;
    };
  }, [api, unit, horizon]);
  const signal = (name: string) => {
    const key = `forecast.feature.${name}`;
    return key in FORECAST_MESSAGES ? t(key as MessageKey) : name;
  };
  const view = state.view;
  return (
    <section class="forecast-layer" aria-labelledby="forecast-title" data-testid="forecast-layer">
      <h2 id="forecast-title">{t('forecast.title')}</h2>
      <p class="muted">{t('forecast.intro')}</p>
      <form class="filters inline-filters" onSubmit={(e) => e.preventDefault()}>
        <div class="filter">
          <label for="f-unit">{t('forecast.unit')}</label>
          <select
            id="f-unit"
            value={unit}
            onChange={(e) => setUnit(e.currentTarget.value as 'admin1' | 'cell')}
          >
            <option value="admin1">{t('forecast.unit.admin1')}</option>
            <option value="cell">{t('forecast.unit.cell')}</option>
          </select>
        </div>
        <div class="filter">
          <label for="f-horizon">{t('forecast.horizon')}</label>
          <select
            id="f-horizon"
            value={horizon}
            onChange={(e) => setHorizon(e.currentTarget.value as '1' | '3')}
          >
            <option value="1">{t('forecast.horizon.1')}</option>
            <option value="3">{t('forecast.horizon.3')}</option>
          </select>
        </div>
      </form>
      {state.loading && (
        <p class="muted" role="status">
          {t('forecast.loading')}
        </p>
      )}
      {state.error && <p class="notice">{t('forecast.unavailable', { reason: state.error })}</p>}
      {view?.latestIncidentMonth && view.latestIncidentMonth < view.trainedThrough && (
        <p class="notice" data-testid="forecast-stale">
          {t('forecast.stale', { month: view.latestIncidentMonth, through: view.trainedThrough })}
        </p>
      )}
      {view && (
        <table class="forecast-table">
          <caption>
            {t('forecast.caption', {
              count: view.items.length,
              month: view.targetMonth,
              through: view.trainedThrough,
              incidents: formatNumber(locale, view.incidents),
            })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('forecast.col.rank')}</th>
              <th scope="col">{t('forecast.col.area')}</th>
              <th scope="col">{t('forecast.col.probability')}</th>
              <th scope="col">{t('forecast.col.fatalities')}</th>
              <th scope="col">{t('forecast.col.signals')}</th>
            </tr>
          </thead>
          <tbody>
            {view.items.map((it, i) => {
              const pct = Math.round(it.probability * 100);
              return (
                <tr key={`${it.country}:${it.id}`}>
                  <td>{i + 1}</td>
                  <th scope="row">
                    {view.unit === 'cell' ? t('forecast.cell_name', { id: it.id }) : it.name}{' '}
                    <span class="muted">({countryName(locale, it.country)})</span>
                  </th>
                  <td>
                    <svg width="120" height="12" role="img" aria-label={`${pct} %`} class="prob-bar">
                      <rect x="0" y="1" width="120" height="10" fill="#e5e7eb" />
                      <rect
                        x="0"
                        y="1"
                        width={(120 * pct) / 100}
                        height="10"
                        fill={pct >= 70 ? '#b91c1c' : pct >= 40 ? '#d97706' : '#2563eb'}
                      />
                    </svg>{' '}
                    {it.probability > 0 && pct < 1 ? '< 1' : pct} %
                  </td>
                  <td>{formatNumber(locale, Math.round(it.fatalities * 10) / 10)}</td>
                  <td>{it.drivers.map((d) => signal(d.name)).join(' · ')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <p class="muted">{t('forecast.limits')}</p>
    </section>
  );
}

/** Shade 0–5 by share of the largest cell (square root, so small counts stay visible). */
function level(count: number, max: number): number {
  if (count === 0 || max === 0) return 0;
  return Math.max(1, Math.ceil(Math.sqrt(count / max) * 5));
}

const W = 960;
const H = 150;
const PAD = { left: 44, right: 8, top: 8, bottom: 22 };

function WeekBars({
  weeks,
  value,
  label,
  cls,
}: {
  weeks: WeekBucket[];
  value: (w: WeekBucket) => number;
  label: string;
  cls: string;
}) {
  const { t, locale } = useApp();
  const max = Math.max(1, ...weeks.map(value));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const bw = innerW / weeks.length;
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH;
  // A tick where a year starts (and at the left edge only when it is that year's start).
  const years = weeks
    .map((w, i) => ({ i, year: w.week.slice(0, 4) }))
    .filter((x, k, all) => (k === 0 ? weeks[0]!.week.slice(5) <= '01-07' : all[k - 1]!.year !== x.year));
  return (
    <figure class={`chart ${cls}`}>
      <figcaption>{label}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${label} — max ${formatNumber(locale, max)}`}>
        <line x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} class="axis" />
        <line x1={PAD.left} x2={W - PAD.right} y1={y(max)} y2={y(max)} class="gridline" />
        <text x={PAD.left - 6} y={y(max) + 4} class="tick" text-anchor="end">
          {formatNumber(locale, max)}
        </text>
        <text x={PAD.left - 6} y={y(0)} class="tick" text-anchor="end">
          0
        </text>
        {weeks.map((w, i) => {
          const v = value(w);
          return v > 0 ? (
            <rect
              key={w.week}
              x={PAD.left + i * bw}
              y={y(v)}
              width={Math.max(1, bw - 0.5)}
              height={y(0) - y(v)}
              class="bar"
            >
              <title>
                {t('analytics.week_of', {
                  date: formatDate(locale, w.week),
                  incidents: w.incidents,
                  fatalities: w.fatalities,
                })}
              </title>
            </rect>
          ) : null;
        })}
        {years.map(({ i, year }) => (
          <g key={year}>
            <line x1={PAD.left + i * bw} x2={PAD.left + i * bw} y1={y(0)} y2={y(0) + 5} class="axis" />
            <text x={PAD.left + i * bw + 3} y={H - 6} class="tick">
              {year}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}
