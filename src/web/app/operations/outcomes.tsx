/** Outcomes of operations over a period: objectives achieved, incidents in the areas before and after, materiel, casualties (GET /api/v1/operations/summary). */
import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../context.ts';
import { formatNumber } from '../format.ts';

interface Summary {
  operations: number;
  objectives: { total: number; achieved: number };
  areasMadeAccessible: string[];
  materiel: Record<string, number>;
  casualties: Record<string, number>;
  incidentsBefore: number;
  incidentsAfter: number;
  byMonth: { month: string; operations: number; incidentsBefore: number; incidentsAfter: number }[];
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export function Outcomes() {
  const { t, api, locale } = useApp();
  const now = new Date();
  const [from, setFrom] = useState(isoDay(new Date(now.getTime() - 365 * 86_400_000)));
  const [to, setTo] = useState(isoDay(new Date(now.getTime() + 86_400_000)));
  const [s, setS] = useState<Summary | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let cancelled = false;
    api
      .get<Summary>('/api/v1/operations/summary', { from: `${from}T00:00:00Z`, to: `${to}T00:00:00Z` })
      .then((r) => !cancelled && (setS(r), setFailed(false)))
      .catch(() => !cancelled && setFailed(true));
    return () => {
      cancelled = true;
    };
  }, [from, to]);
  const n = (x: number) => formatNumber(locale, x);
  return (
    <section class="ops-outcomes" aria-labelledby="ops-outcomes-title" data-testid="ops-outcomes">
      <h2 id="ops-outcomes-title">{t('ops.outcomes.title')}</h2>
      <fieldset class="ops-period">
        <legend>{t('ops.outcomes.period')}</legend>
        <label>
          {t('ops.outcomes.from')}{' '}
          <input type="date" value={from} onChange={(e) => setFrom((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          {t('ops.outcomes.to')}{' '}
          <input type="date" value={to} onChange={(e) => setTo((e.target as HTMLInputElement).value)} />
        </label>
      </fieldset>
      {failed && <p class="notice">{t('ops.error')}</p>}
      {s && s.operations === 0 && <p class="muted">{t('ops.outcomes.none')}</p>}
      {s && s.operations > 0 && (
        <>
          <dl class="ops-kpis">
            <div>
              <dt>{t('ops.outcomes.operations')}</dt>
              <dd>{n(s.operations)}</dd>
            </div>
            <div>
              <dt>{t('ops.outcomes.objectives')}</dt>
              <dd>
                {n(s.objectives.achieved)} / {n(s.objectives.total)}
              </dd>
            </div>
            <div>
              <dt>{t('ops.outcomes.incidents')}</dt>
              <dd>
                {n(s.incidentsBefore)} → {n(s.incidentsAfter)}
              </dd>
            </div>
            <div>
              <dt>{t('ops.outcomes.casualties')}</dt>
              <dd>
                {n(s.casualties.friendly_killed ?? 0)}/{n(s.casualties.friendly_wounded ?? 0)} ·{' '}
                {n(s.casualties.civilian_killed ?? 0)}/{n(s.casualties.civilian_wounded ?? 0)}
              </dd>
            </div>
          </dl>
          {Object.keys(s.materiel).length > 0 && (
            <p>
              <strong>{t('ops.outcomes.materiel')} : </strong>
              {Object.entries(s.materiel)
                .map(([k, q]) => `${k} × ${n(q)}`)
                .join(', ')}
            </p>
          )}
          {s.areasMadeAccessible.length > 0 && (
            <p>
              <strong>{t('ops.outcomes.accessible')} : </strong>
              {s.areasMadeAccessible.join(', ')}
            </p>
          )}
          <table class="ops-months">
            <caption>{t('ops.outcomes.by_month')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('ops.outcomes.month')}</th>
                <th scope="col">{t('ops.outcomes.operations')}</th>
                <th scope="col">{t('ops.outcomes.incidents')}</th>
              </tr>
            </thead>
            <tbody>
              {s.byMonth.map((m) => (
                <tr>
                  <td>{m.month}</td>
                  <td>{n(m.operations)}</td>
                  <td>
                    {n(m.incidentsBefore)} → {n(m.incidentsAfter)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
