/**
 * A record in full: every field of an incident and its Sentinelle extension, markings,
 * provenance, and the version history (what changed, by whom, when) from /versions. Used as the
 * panel beside the map (compact) and as its own page.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type RecordItem, type Version } from '../api.ts';
import { CASUALTY_CATEGORIES, EXT_ID, isFlash, type CasualtyCategory } from '../constants.ts';
import { useApp } from '../context.ts';
import { extensionOf } from '../data/incidents.ts';
import { formatDateTime, formatEventTime, formatLatLon, formatNumber } from '../format.ts';
import { formatDms } from '../geo/coords.ts';
import { diffObjects, readablePath, type Change } from '../history/diff.ts';
import { countryName, eventTypeLabel, stixTypeLabel, type MessageKey } from '../i18n.ts';
import { navigate } from '../router.ts';
import { TlpBadge } from '../ui/badges.tsx';
import { Link } from '../ui/link.tsx';
import { EVENT_COLORS } from '../map/colors.ts';
import { Related } from '../analysis/related.tsx';
import { Notes } from './notes.tsx';
import { originName, Releases, useReleases } from '../partners/releases.tsx';

const SEGMENT_LABELS: Readonly<Record<string, MessageKey>> = {
  name: 'report.name',
  description: 'detail.description',
  labels: 'detail.labels',
  object_marking_refs: 'detail.markings',
  event_type: 'report.event_type',
  event_subtype: 'report.event_subtype',
  occurred_at: 'report.occurred_at',
  time_precision: 'report.time_precision',
  location: 'detail.location',
  lat: 'report.lat',
  lon: 'report.lon',
  precision_m: 'report.precision_m',
  country: 'detail.country',
  admin1: 'detail.admin1',
  admin2: 'detail.admin2',
  fatalities: 'detail.fatalities',
  injured: 'detail.injured',
  security_forces: 'casualty.security_forces',
  civilians: 'casualty.civilians',
  assailants: 'casualty.assailants',
  unknown: 'casualty.unknown',
  actor_refs: 'detail.actors',
  source_reliability: 'report.reliability',
  information_credibility: 'report.credibility',
  revoked: 'history.revoked',
  lang: 'report.lang',
  source: 'detail.source',
  materiel: 'detail.materiel',
};

export function DetailPage({ id }: { id: string }) {
  const { t } = useApp();
  return (
    <section class="page">
      <p>
        <Link href="/map">← {t('nav.picture')}</Link>
      </p>
      <DetailView id={id} />
    </section>
  );
}

interface Loaded {
  item: RecordItem;
  versions: Version[] | null;
  names: Map<string, string>;
  users: Map<string, string>;
}

export function DetailView({
  id,
  compact = false,
  onClose,
}: {
  id: string;
  compact?: boolean;
  onClose?: () => void;
}) {
  const { api, t, locale, can, user, live } = useApp();
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setError(null);
    void (async () => {
      try {
        const item = await api.get<RecordItem>(`/api/v1/objects/${encodeURIComponent(id)}`);
        const ext = extensionOf(item.object);
        const refs = [
          ...new Set([
            ...(ext?.actor_refs ?? []),
            ...(typeof item.object.created_by_ref === 'string' ? [item.object.created_by_ref] : []),
          ]),
        ];
        const [versions, named, users] = await Promise.all([
          compact
            ? Promise.resolve(null)
            : api
                .get<{ versions: Version[] }>(`/api/v1/objects/${encodeURIComponent(id)}/versions`)
                .then((r) => r.versions),
          Promise.all(
            refs.map((ref) =>
              api
                .get<RecordItem>(`/api/v1/objects/${encodeURIComponent(ref)}`)
                .then((r) => [ref, String(r.object.name ?? ref)] as const)
                .catch(() => [ref, ref] as const),
            ),
          ),
          !compact && can('users.manage')
            ? api
                .get<{ users: { id: string; username: string }[] }>('/api/v1/users')
                .then((r) => new Map(r.users.map((u) => [`user:${u.id}`, u.username])))
                .catch(() => new Map<string, string>())
            : Promise.resolve(new Map<string, string>()),
        ]);
        if (!cancelled) setData({ item, versions, names: new Map(named), users });
      } catch (err) {
        if (!cancelled)
          setError(
            err instanceof ApiError && err.status === 404
              ? t('detail.not_found')
              : err instanceof Error
                ? err.message
                : String(err),
          );
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [id, version, locale]);

  // A new version of this record arriving live is shown at once.
  useEffect(() => live.subscribe((e) => e.id === id && setVersion((v) => v + 1)), [id]);
  // Withdrawn by its originator: re-read, which shows that it is no longer available.
  useEffect(() => live.onWithdraw((e) => e.id === id && setVersion((v) => v + 1)), [id]);
  const releases = useReleases(id, data?.item.object.modified, !compact);

  if (error) return <p class="notice warn">{error}</p>;
  if (!data) return <p class="muted">{t('common.loading')}</p>;
  const { item, versions, names, users } = data;
  const o = item.object;
  const ext = extensionOf(o);
  const loc = ext?.location;
  const local = item.meta.origin === 'local';
  const canEdit =
    o.type === 'incident' &&
    local &&
    !o.revoked &&
    (can('records.edit') || (can('records.create_incident') && !can('records.read_all')));
  const canRevoke = local && !o.revoked && can('records.revoke');
  const who = (w: string | null) => {
    if (!w) return t('common.unknown');
    if (w === `user:${user.id}`) return t('history.you', { name: user.username });
    if (w === 'system') return t('history.system');
    if (w === 'cli') return t('history.cli');
    if (w.startsWith('peer:'))
      return t('provenance.by_peer', { name: originName(releases, locale) ?? w.slice(5, 13) });
    return users.get(w) ?? t('history.user', { id: w.replace(/^user:/, '').slice(0, 8) });
  };
  const revoke = async () => {
    if (!confirm(t('detail.revoke_confirm'))) return;
    await api.post(`/api/v1/objects/${encodeURIComponent(id)}/revoke`);
    setVersion((v) => v + 1);
  };
  const Heading = compact ? 'h2' : 'h1';
  const casualty = (k: CasualtyCategory, which: 'fatalities' | 'injured') => ext?.[which]?.[k];

  return (
    <article class={`detail${compact ? ' compact' : ''}`} aria-labelledby="detail-title" data-id={o.id}>
      <header class="detail-head">
        <div>
          <p class="detail-kind">
            {ext?.event_type && (
              <svg width="12" height="12" aria-hidden="true" class="swatch">
                <circle cx="6" cy="6" r="5" fill={EVENT_COLORS[ext.event_type] ?? '#666'} />
              </svg>
            )}
            {ext?.event_type ? eventTypeLabel(locale, ext.event_type) : stixTypeLabel(locale, o.type)}
            {ext?.event_subtype &&
              ` › ${eventTypeLabel(locale, ext.event_type ?? 'other', ext.event_subtype)}`}
          </p>
          <Heading id="detail-title">{o.name ?? o.id}</Heading>
          <p class="detail-badges">
            <TlpBadge tlp={item.meta.tlp} />
            {(item.meta.rel_to ?? []).length > 0 && (
              <span class="rel">REL TO {(item.meta.rel_to ?? []).join(', ')}</span>
            )}
            {isFlash(o.labels) && <span class="flag flash-flag">{t('feed.flash')}</span>}
          </p>
        </div>
        {onClose && (
          <button type="button" class="ghost close" onClick={onClose} aria-label={t('common.close')}>
            ×
          </button>
        )}
      </header>
      {o.revoked && (
        <p class="notice warn" role="status">
          {t('detail.revoked')}
        </p>
      )}
      <div class="actions">
        {compact && (
          <Link class="button" href={`/incidents/${encodeURIComponent(o.id)}`}>
            {t('detail.open')}
          </Link>
        )}
        {canEdit && (
          <button type="button" onClick={() => navigate(`/incidents/${encodeURIComponent(o.id)}/edit`)}>
            {t('detail.edit')}
          </button>
        )}
        {canRevoke && !compact && (
          <button type="button" class="danger" onClick={() => void revoke()}>
            {t('detail.revoke')}
          </button>
        )}
      </div>

      <div class="detail-body">
        <div class="detail-main">
          <dl class="fields">
            {ext && (
              <>
                <dt>{t('detail.occurred')}</dt>
                <dd>
                  {formatEventTime(locale, ext.occurred_at, ext.time_precision)}
                  {ext.time_precision && <span class="muted"> ({t(`precision.${ext.time_precision}`)})</span>}
                </dd>
                <dt>{t('detail.location')}</dt>
                <dd>
                  {[loc?.admin2, loc?.admin1, loc?.country ? countryName(locale, loc.country) : undefined]
                    .filter(Boolean)
                    .join(', ') || '—'}
                  {loc?.lat !== undefined && loc.lon !== undefined && (
                    <span class="coords">
                      {formatLatLon(locale, loc.lat, loc.lon)} — {formatDms(loc.lat, 'lat', locale)}{' '}
                      {formatDms(loc.lon, 'lon', locale)}
                      {loc.precision_m !== undefined &&
                        ` (${t('detail.precision_m', { m: formatNumber(locale, loc.precision_m) })})`}
                    </span>
                  )}
                </dd>
              </>
            )}
            {typeof o.description === 'string' && (
              <>
                <dt>{t('detail.description')}</dt>
                <dd class="description" lang={typeof o.lang === 'string' ? o.lang : undefined}>
                  {o.description}
                </dd>
              </>
            )}
            {ext && (
              <>
                <dt>{t('detail.actors')}</dt>
                <dd>
                  {(ext.actor_refs ?? []).length
                    ? (ext.actor_refs ?? []).map((r) => names.get(r) ?? r).join(' ; ')
                    : '—'}
                </dd>
                <dt>{t('detail.grading')}</dt>
                <dd>
                  {ext.source_reliability ? t(`reliability.${ext.source_reliability}`) : '—'} ·{' '}
                  {ext.information_credibility ? t(`credibility.${ext.information_credibility}`) : '—'}
                </dd>
                {ext.source && (
                  <>
                    <dt>{t('detail.source')}</dt>
                    <dd>
                      {ext.source.name}
                      {ext.source.reference && ` — ${ext.source.reference}`}
                      {ext.source.url && (
                        <>
                          {' — '}
                          <a href={ext.source.url} rel="noreferrer noopener" target="_blank">
                            {ext.source.url}
                          </a>
                        </>
                      )}
                    </dd>
                  </>
                )}
              </>
            )}
          </dl>

          {ext && (
            <table class="casualties">
              <caption>{t('detail.casualties')}</caption>
              <thead>
                <tr>
                  <th scope="col" />
                  <th scope="col">{t('detail.fatalities')}</th>
                  <th scope="col">{t('detail.injured')}</th>
                </tr>
              </thead>
              <tbody>
                {CASUALTY_CATEGORIES.map((k) => (
                  <tr key={k}>
                    <th scope="row">{t(`casualty.${k}`)}</th>
                    <td>{casualty(k, 'fatalities') ?? '—'}</td>
                    <td>{casualty(k, 'injured') ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          {!compact && ext?.materiel && ext.materiel.length > 0 && (
            <section>
              <h2>{t('detail.materiel')}</h2>
              <ul>
                {ext.materiel.map((m, i) => (
                  <li key={i}>
                    {[
                      m.quantity !== undefined ? `${m.quantity} ×` : '',
                      m.category,
                      m.model,
                      m.manufacturer_marks,
                      m.serial_number,
                      m.lot_year,
                      m.headstamp,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
        {!compact && (
          <div class="detail-side">
            <section>
              <h2>{t('detail.provenance')}</h2>
              <dl class="fields">
                <dt>{t('detail.origin')}</dt>
                <dd>
                  {local
                    ? t('origin.local')
                    : (originName(releases, locale) ?? t('origin.peer', { id: item.meta.origin }))}
                </dd>
                <dt>{t('detail.created_by')}</dt>
                <dd>
                  {typeof o.created_by_ref === 'string'
                    ? (names.get(o.created_by_ref) ?? o.created_by_ref)
                    : '—'}
                </dd>
                <dt>{t('detail.created')}</dt>
                <dd>{formatDateTime(locale, o.created)}</dd>
                <dt>{t('detail.modified')}</dt>
                <dd>{formatDateTime(locale, o.modified)}</dd>
                <dt>{t('detail.labels')}</dt>
                <dd>{(o.labels ?? []).join(', ') || '—'}</dd>
                <dt>{t('detail.rel_to')}</dt>
                <dd>
                  {(item.meta.rel_to ?? []).map((c) => countryName(locale, c)).join(', ') ||
                    t('detail.no_rel_to')}
                </dd>
                <dt>{t('detail.id')}</dt>
                <dd class="mono">{o.id}</dd>
              </dl>
            </section>
            <Releases data={releases} />
            <Related id={o.id} />
            {o.type !== 'note' && (
              <Notes
                target={o.id}
                markings={Array.isArray(o.object_marking_refs) ? (o.object_marking_refs as string[]) : []}
              />
            )}
            {versions && <History versions={versions} who={who} />}
          </div>
        )}
      </div>
    </article>
  );
}

function History({ versions, who }: { versions: Version[]; who: (w: string | null) => string }) {
  const { t, locale } = useApp();
  const ordered = [...versions].sort((a, b) => a.seq - b.seq);
  const rows = ordered
    .map((v, i) => ({ v, changes: i === 0 ? null : diffObjects(ordered[i - 1]!.object, v.object) }))
    .reverse();
  const label = (path: string) =>
    readablePath(path, EXT_ID)
      .split(' › ')
      .map((seg) => (SEGMENT_LABELS[seg] ? t(SEGMENT_LABELS[seg]) : seg))
      .join(' › ');
  const show = (v: unknown): string => {
    if (v === undefined) return t('history.absent');
    if (typeof v === 'number') return formatNumber(locale, v);
    const s =
      typeof v === 'string'
        ? v
        : Array.isArray(v) && v.every((x) => typeof x === 'string')
          ? v.join(', ')
          : JSON.stringify(v);
    return s.length > 140 ? `${s.slice(0, 140)}…` : s;
  };
  return (
    <section class="history" aria-labelledby="history-title">
      <h2 id="history-title">{t('detail.history')}</h2>
      <ol class="versions">
        {rows.map(({ v, changes }) => (
          <li key={v.seq} class="version" data-seq={v.seq}>
            <p class="version-head">
              <strong>
                {changes === null
                  ? t('history.created')
                  : v.object.revoked
                    ? t('history.revoked')
                    : t('history.updated')}
              </strong>{' '}
              — <time dateTime={v.written_at}>{formatDateTime(locale, v.written_at)}</time> —{' '}
              {t('history.by', { who: who(v.written_by) })}
            </p>
            {changes && (
              <Changes changes={changes.filter((c) => c.path !== '/revoked')} label={label} show={show} />
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Changes({
  changes,
  label,
  show,
}: {
  changes: Change[];
  label: (p: string) => string;
  show: (v: unknown) => string;
}) {
  const { t } = useApp();
  if (changes.length === 0) return <p class="muted">{t('history.none')}</p>;
  return (
    <table class="changes">
      <thead>
        <tr>
          <th scope="col">{t('history.field')}</th>
          <th scope="col">{t('history.before')}</th>
          <th scope="col">{t('history.after')}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.path}>
            <th scope="row">{label(c.path)}</th>
            <td>{show(c.before)}</td>
            <td>{show(c.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
