/**
 * The incident detail's sharing section: for a record of this node, which partners it was
 * released to and whether they acknowledged it; for a received record, where it came from, under
 * which agreement and when (GET /api/v1/objects/{id}/releases). Re-read while items are in flight.
 */
import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../context.ts';
import { formatDateTime } from '../format.ts';
import { countryName, type Locale } from '../i18n.ts';
import type { Releases as ReleasesData, ReleaseView } from './types.ts';

/** The releases and provenance of a record, re-read while items are in flight; null while loading or not allowed. */
export function useReleases(id: string, version: string | undefined, enabled = true): ReleasesData | null {
  const { api, can } = useApp();
  const allowed = can('records.read_all') || can('agreements.manage');
  const [data, setData] = useState<ReleasesData | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (!allowed || !enabled) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    api
      .get<ReleasesData>(`/api/v1/objects/${encodeURIComponent(id)}/releases`)
      .then((r) => {
        if (cancelled) return;
        setData(r);
        if (r.releases.some((x) => x.state === 'queued' || x.state === 'sent'))
          timer = setTimeout(() => setTick((n) => n + 1), 5000);
      })
      .catch(() => !cancelled && setData(null));
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [id, version, tick, enabled]);
  return data;
}

/** Display name of the partner a received record came from. */
export function originName(data: ReleasesData | null, locale: Locale): string | null {
  const o = data?.provenance?.origin;
  if (!o?.name) return null;
  return o.country ? `${o.name} (${countryName(locale, o.country)})` : o.name;
}

export function Releases({ data }: { data: ReleasesData | null }) {
  const { t, locale, can } = useApp();
  const allowed = can('records.read_all') || can('agreements.manage');
  if (!allowed) return null;
  const peerName = (p: ReleaseView['peer']) =>
    p.name ? `${p.name}${p.country ? ` (${countryName(locale, p.country)})` : ''}` : p.node_id.slice(0, 8);
  const stateText = (r: ReleaseView) => {
    const s = t(`releases.state.${r.state}`, { reason: r.refusal ?? '' });
    const d =
      r.decision === 'release-redacted' || r.decision === 'withdraw'
        ? ` — ${t(`releases.decision.${r.decision}`)}`
        : '';
    return s + d;
  };
  const prov = data?.provenance;
  return (
    <section class="releases" aria-labelledby="releases-title" data-testid="releases">
      <h2 id="releases-title">{prov ? t('provenance.title') : t('detail.sharing')}</h2>
      {prov && (
        <dl class="fields provenance">
          <dt>{t('provenance.received_from')}</dt>
          <dd>{originName(data, locale) ?? prov.origin.node_id}</dd>
          <dt>{t('provenance.agreement')}</dt>
          <dd>{prov.agreements.map((a) => a.title ?? a.id).join(' ; ') || '—'}</dd>
          <dt>{t('provenance.received_at')}</dt>
          <dd>{formatDateTime(locale, prov.last_received_at ?? prov.first_received_at)}</dd>
        </dl>
      )}
      {!data ? (
        <p class="muted">{t('common.loading')}</p>
      ) : data.releases.length === 0 ? (
        prov ? null : (
          <p class="muted">{t('releases.none')}</p>
        )
      ) : (
        <table class="release-table">
          <caption class="sr-only">{t('releases.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('releases.partner')}</th>
              <th scope="col">{t('releases.state')}</th>
              <th scope="col">{t('releases.when')}</th>
            </tr>
          </thead>
          <tbody>
            {data.releases.map((r) => (
              <tr key={r.peer.node_id} data-state={r.state}>
                <th scope="row">{peerName(r.peer)}</th>
                <td class={`release-state ${r.state}`}>{stateText(r)}</td>
                <td>{formatDateTime(locale, r.acked_at ?? r.sent_at ?? r.decided_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
