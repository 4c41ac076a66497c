/** One operation: its facts, lifecycle buttons, its area on the map with what overlaps it, its conflicts, its outcome, exports. */
import { useEffect, useState } from 'preact/hooks';
import type { FeatureCollection } from 'geojson';
import { useApp } from '../context.ts';
import { ApiError } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { countryName, type MessageKey } from '../i18n.ts';
import { Link } from '../ui/link.tsx';
import { ConflictInbox } from './conflicts.tsx';
import { OperationForm } from './form.tsx';
import { OperationMap } from './op-map.tsx';
import { str, type OperationDetail, type Saved } from './types.ts';

export function OperationView({ id, names }: { id: string; names: Map<string, string> }) {
  const { t, api, locale, can, notify } = useApp();
  const [d, setD] = useState<OperationDetail | null>(null);
  const [geo, setGeo] = useState<FeatureCollection | null>(null);
  const [editing, setEditing] = useState(false);
  const [tick, setTick] = useState(0);
  const [failed, setFailed] = useState(false);
  const path = `/api/v1/operations/${encodeURIComponent(id)}`;

  useEffect(() => {
    let cancelled = false;
    Promise.all([api.get<OperationDetail>(path), api.get<FeatureCollection>(`${path}/geojson`)])
      .then(([detail, g]) => {
        if (cancelled) return;
        setD(detail);
        setGeo(g);
      })
      .catch(() => !cancelled && setFailed(true));
    return () => {
      cancelled = true;
    };
  }, [id, tick]);

  if (failed) return <p class="notice">{t('ops.error')}</p>;
  if (!d) return <p class="muted">{t('common.loading')}</p>;
  const o = d.operation;
  const status = str(o.status);
  const final = status === 'completed' || status === 'cancelled';
  const move = async (to: string) => {
    try {
      await api.post<Saved>(`${path}/status`, { status: to });
      setTick(tick + 1);
    } catch (e) {
      notify(e instanceof ApiError ? e.message : t('ops.error'));
    }
  };
  const objectives = Array.isArray(o.objectives)
    ? (o.objectives as { objective: string; indicator: string }[])
    : [];
  const units = Array.isArray(o.units) ? (o.units as { designation: string; country: string }[]) : [];
  const liaison = Array.isArray(o.liaison_contacts)
    ? (o.liaison_contacts as { role: string; channel: string }[])
    : [];
  const allNames = new Map(names);
  allNames.set(o.id, str(o.name));
  for (const f of geo?.features ?? [])
    if (f.id && f.properties?.name) allNames.set(String(f.id), String(f.properties.name));

  return (
    <article class="ops-detail" aria-labelledby="op-title">
      <p>
        <Link href="/operations">← {t('ops.detail.back')}</Link>
      </p>
      <h2 id="op-title">
        {str(o.name)}{' '}
        <span class={`flag ops-status-${status}`}>{t(`ops.status.${status}` as MessageKey)}</span>
      </h2>
      <div class="ops-detail-grid">
        <div>
          <dl class="ops-facts">
            <dt>{t('ops.form.kind')}</dt>
            <dd>{t(`ops.kind.${str(o.activity_kind)}` as MessageKey)}</dd>
            <dt>{t('ops.detail.window')}</dt>
            <dd>
              {formatDateTime(locale, str(o.planned_start))} → {formatDateTime(locale, str(o.planned_end))}
            </dd>
            {o.actual_start !== undefined && (
              <>
                <dt>{t('ops.detail.actual')}</dt>
                <dd>
                  {formatDateTime(locale, str(o.actual_start))} →{' '}
                  {o.actual_end ? formatDateTime(locale, str(o.actual_end)) : '…'}
                </dd>
              </>
            )}
            <dt>{t('ops.detail.states')}</dt>
            <dd>
              {((o.participating_states as string[] | undefined) ?? [])
                .map((c) => countryName(locale, c))
                .join(', ')}
            </dd>
            {units.length > 0 && (
              <>
                <dt>{t('ops.detail.units')}</dt>
                <dd>{units.map((u) => `${u.designation} (${u.country})`).join(', ')}</dd>
              </>
            )}
            {liaison.length > 0 && (
              <>
                <dt>{t('ops.detail.liaison')}</dt>
                <dd>{liaison.map((l) => `${l.role} — ${l.channel}`).join(' ; ')}</dd>
              </>
            )}
          </dl>
          {objectives.length > 0 && (
            <>
              <h3>{t('ops.detail.objectives')}</h3>
              <ul>
                {objectives.map((x) => (
                  <li>
                    {x.objective}{' '}
                    <span class="muted">({t('ops.detail.indicator', { value: x.indicator })})</span>
                  </li>
                ))}
              </ul>
            </>
          )}
          {d.outcome && (
            <p class="ops-outcome">
              <strong>{t('ops.outcome.title')} : </strong>
              {t('ops.outcome.before_after', {
                before: Number(d.outcome.incidents_before ?? 0),
                after: Number(d.outcome.incidents_after ?? 0),
                days: Number(d.outcome.window_days ?? 30),
              })}
            </p>
          )}
          {d.origin === 'local' && can('operations.plan') && (
            <div class="ops-actions">
              {d.next.map((s) => (
                <button type="button" onClick={() => void move(s)}>
                  {t('ops.move_to', { status: t(`ops.status.${s}` as MessageKey) })}
                </button>
              ))}
              {!final && (
                <button type="button" class="ghost" onClick={() => setEditing(!editing)}>
                  {t('ops.detail.edit')}
                </button>
              )}
            </div>
          )}
          {final && <p class="muted">{t('ops.detail.final')}</p>}
          <p class="ops-exports">
            {t('ops.detail.export')} : <a href={`${path}/geojson`}>GeoJSON</a> ·{' '}
            <a href={`${path}/cot`}>CoT (TAK)</a>
          </p>
        </div>
        <OperationMap data={geo} />
      </div>
      {editing && (
        <OperationForm
          current={o}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            setTick(tick + 1);
          }}
        />
      )}
      <h3>{t('ops.conflicts.title')}</h3>
      <ConflictInbox conflicts={d.conflicts} names={allNames} onChange={() => setTick(tick + 1)} />
    </article>
  );
}
