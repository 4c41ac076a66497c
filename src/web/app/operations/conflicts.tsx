/** The conflict inbox: when and where two activities (or an activity and a protected site) overlap, whom to call; acknowledge and resolve. */
import { useState } from 'preact/hooks';
import { useApp } from '../context.ts';
import { ApiError } from '../api.ts';
import { formatDateTime, formatNumber } from '../format.ts';
import type { MessageKey } from '../i18n.ts';
import { Link } from '../ui/link.tsx';
import { RESOLUTIONS, type ConflictView } from './types.ts';

export function ConflictInbox({
  conflicts,
  names,
  onChange,
}: {
  conflicts: ConflictView[];
  names: Map<string, string>;
  onChange: () => void;
}) {
  const { t } = useApp();
  if (!conflicts.length) return <p class="muted">{t('ops.conflicts.empty')}</p>;
  return (
    <ul class="ops-conflicts" data-testid="ops-conflicts">
      {conflicts.map((c) => (
        <ConflictCard key={c.id} c={c} names={names} onChange={onChange} />
      ))}
    </ul>
  );
}

function ConflictCard({
  c,
  names,
  onChange,
}: {
  c: ConflictView;
  names: Map<string, string>;
  onChange: () => void;
}) {
  const { t, locale, api, can, notify } = useApp();
  const [resolution, setResolution] = useState<string>('coordinated');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const act = async (path: string, body?: unknown) => {
    setBusy(true);
    try {
      await api.post(`/api/v1/deconfliction/conflicts/${encodeURIComponent(c.id)}/${path}`, body);
      notify(t('ops.conflict.done'));
      onChange();
    } catch (e) {
      notify(e instanceof ApiError ? e.message : t('ops.error'));
    } finally {
      setBusy(false);
    }
  };
  const linked = [c.a_id, c.b_id].filter((id) => names.has(id));
  return (
    <li class={`ops-conflict sev-${c.severity} st-${c.status}`} data-testid="ops-conflict">
      <p class="ops-conflict-head">
        <span class={`flag sev-${c.severity}`}>{t(`ops.conflict.severity.${c.severity}` as MessageKey)}</span>{' '}
        <strong>{t(`ops.conflict.kind.${c.kind}` as MessageKey)}</strong> ·{' '}
        <span class="ops-conflict-status">{t(`ops.conflict.status.${c.status}` as MessageKey)}</span>
      </p>
      {linked.length > 0 && (
        <p>
          {t('ops.conflict.records', { names: '' })}
          {linked.map((id, i) => (
            <>
              {i > 0 && ' · '}
              {id.startsWith('x-sentinelle-operation--') ? (
                <Link href={`/operations/${encodeURIComponent(id)}`}>{names.get(id)}</Link>
              ) : (
                names.get(id)
              )}
            </>
          ))}
        </p>
      )}
      <p>
        {t('ops.conflict.when', {
          from: formatDateTime(locale, c.overlap_from),
          to: formatDateTime(locale, c.overlap_to),
        })}
      </p>
      <p>
        {t('ops.conflict.where', {
          lat: c.lat.toFixed(3),
          lon: c.lon.toFixed(3),
          distance: formatNumber(locale, c.distance_m),
        })}
      </p>
      <p>
        {t('ops.conflict.contact', {
          contacts: c.contacts.map((x) => `${x.role} (${x.channel})`).join(' ; '),
        })}
      </p>
      {c.status === 'resolved' ? (
        <p class="muted">
          {t('ops.conflict.resolved_as', {
            resolution: t(`ops.resolution.${c.resolution ?? 'coordinated'}` as MessageKey),
          })}
          {c.resolution_note ? ` — ${c.resolution_note}` : ''}
        </p>
      ) : (
        can('operations.deconflict') && (
          <div class="ops-conflict-actions">
            {c.status === 'open' && (
              <button type="button" disabled={busy} onClick={() => void act('acknowledge')}>
                {t('ops.conflict.acknowledge')}
              </button>
            )}
            <label>
              {t('ops.conflict.resolution')}{' '}
              <select
                value={resolution}
                onChange={(e) => setResolution((e.target as HTMLSelectElement).value)}
              >
                {RESOLUTIONS.map((r) => (
                  <option value={r}>{t(`ops.resolution.${r}` as MessageKey)}</option>
                ))}
              </select>
            </label>
            <label>
              {t('ops.conflict.note')}{' '}
              <input
                value={note}
                maxLength={2000}
                onInput={(e) => setNote((e.target as HTMLInputElement).value)}
              />
            </label>
            <button
              type="button"
              class="primary"
              disabled={busy}
              onClick={() => void act('resolve', { resolution, ...(note ? { note } : {}) })}
            >
              {t('ops.conflict.resolve')}
            </button>
          </div>
        )
      )}
    </li>
  );
}
