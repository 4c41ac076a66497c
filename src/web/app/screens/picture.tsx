/**
 * The operational picture: the incident map with its filters (time window, event type, actor,
 * originating partner, TLP, country, admin area), heat layer and legend, and beside it the live feed or, after a click on
 * an incident, its detail panel.
 */
import { useMemo, useState } from 'preact/hooks';
import { EVENT_TYPES } from '../../../objects/taxonomy.ts';
import { PARTNER_COUNTRIES, TLP_LEVELS, type Tlp } from '../constants.ts';
import { useApp } from '../context.ts';
import { DEFAULT_FILTERS, toFeatureCollection, WINDOWS, type MapFilters } from '../data/incidents.ts';
import { useIncidents, MAX_LOADED } from '../data/use-incidents.ts';
import { useActorNames, usePartnerNames } from '../data/use-names.ts';
import { formatNumber } from '../format.ts';
import { areaIndex } from '../geo/basemap.ts';
import { countryName, eventTypeLabel } from '../i18n.ts';
import { IncidentMap } from '../map/incident-map.tsx';
import { EVENT_COLORS, originColor } from '../map/colors.ts';
import { navigate } from '../router.ts';
import { useBasemap } from '../ui/use-basemap.ts';
import { DetailView } from './detail.tsx';
import { Feed } from './feed.tsx';

const FILTERS_KEY = 'sentinelle.map.filters';

function savedFilters(): MapFilters {
  try {
    return {
      ...DEFAULT_FILTERS,
      ...(JSON.parse(sessionStorage.getItem(FILTERS_KEY) ?? '{}') as Partial<MapFilters>),
    };
  } catch {
    return DEFAULT_FILTERS;
  }
}

export function Picture() {
  const { api, live, t, locale } = useApp();
  const [filters, setFiltersState] = useState<MapFilters>(savedFilters);
  const [heat, setHeat] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [fit, setFit] = useState(0);
  const basemap = useBasemap();
  const areas = useMemo(() => (basemap ? areaIndex(basemap.admin1) : null), [basemap]);
  const { type: eventType, actor, ...serverFilters } = filters;
  const state = useIncidents(api, live, serverFilters);
  const partners = usePartnerNames(api);
  const actorNames = useActorNames(api);
  const shown = useMemo(
    () =>
      state.views.filter(
        (v) => (!eventType || v.eventType === eventType) && (!actor || v.actorRefs.includes(actor)),
      ),
    [state.views, eventType, actor],
  );
  const features = useMemo(() => toFeatureCollection(shown), [shown]);
  const origins = useMemo(() => [...new Set(shown.map((v) => v.origin))].sort(), [shown]);
  const originName = (o: string) =>
    o === 'local'
      ? t('origin.local')
      : partners.get(o)
        ? `${partners.get(o)!.name} (${countryName(locale, partners.get(o)!.country)})`
        : t('origin.peer', { id: o.slice(0, 8) });
  // Actors named by the loaded incidents (whatever the other filters), by name.
  const actorChoices = useMemo(() => {
    const ids = new Set(state.views.flatMap((v) => v.actorRefs));
    if (actor) ids.add(actor);
    return [...ids]
      .map((id) => ({
        id,
        name: actorNames.get(id) ?? id.slice(id.indexOf('--') + 2, id.indexOf('--') + 10),
      }))
      .sort((a, b) => a.name.localeCompare(b.name, locale));
  }, [state.views, actorNames, actor, locale]);
  const originChoices = useMemo(
    () => [
      'local',
      ...[...partners.keys()],
      ...(filters.origin && filters.origin !== 'local' && !partners.has(filters.origin)
        ? [filters.origin]
        : []),
    ],
    [partners, filters.origin],
  );

  const setFilters = (patch: Partial<MapFilters>) => {
    const next = { ...filters, ...patch };
    if (patch.country !== undefined && patch.country !== filters.country) next.admin1 = '';
    setFiltersState(next);
    sessionStorage.setItem(FILTERS_KEY, JSON.stringify(next));
  };
  const windowIndex = WINDOWS.indexOf(filters.window);
  const adminChoices = areas
    ? (filters.country ? [filters.country] : [...PARTNER_COUNTRIES]).map((c) => ({
        country: c,
        names: areas.admin1Of(c),
      }))
    : [];

  return (
    <div class="picture">
      <section class="map-pane" aria-label={t('nav.picture')}>
        <form class="filters" aria-label={t('filters.title')} onSubmit={(e) => e.preventDefault()}>
          <div class="filter window">
            <label for="f-window">
              {t('filters.window')} : <output for="f-window">{t(`window.${filters.window}`)}</output>
            </label>
            <input
              id="f-window"
              type="range"
              min={0}
              max={WINDOWS.length - 1}
              step={1}
              value={windowIndex}
              aria-valuetext={t(`window.${filters.window}`)}
              onInput={(e) => setFilters({ window: WINDOWS[Number(e.currentTarget.value)] ?? 'all' })}
            />
          </div>
          <FilterSelect
            id="f-type"
            label={t('filters.type')}
            value={filters.type}
            options={EVENT_TYPES.map((ty) => [ty, eventTypeLabel(locale, ty)])}
            onChange={(type) => setFilters({ type })}
          />
          <FilterSelect
            id="f-actor"
            label={t('filters.actor')}
            value={filters.actor}
            options={actorChoices.map((a) => [a.id, a.name])}
            onChange={(actor) => setFilters({ actor })}
          />
          <FilterSelect
            id="f-origin"
            label={t('filters.origin')}
            value={filters.origin}
            options={originChoices.map((o) => [o, originName(o)])}
            onChange={(origin) => setFilters({ origin })}
          />
          <FilterSelect
            id="f-tlp"
            label={t('filters.tlp')}
            value={filters.tlp}
            options={TLP_LEVELS.map((l) => [l, `TLP:${l.toUpperCase()}`])}
            onChange={(tlp) => setFilters({ tlp: tlp as Tlp | '' })}
          />
          <FilterSelect
            id="f-country"
            label={t('filters.country')}
            value={filters.country}
            options={PARTNER_COUNTRIES.map((c) => [c, countryName(locale, c)])}
            onChange={(country) => setFilters({ country })}
          />
          <div class="filter">
            <label for="f-admin1">{t('filters.admin1')}</label>
            <select
              id="f-admin1"
              value={filters.admin1}
              onChange={(e) => setFilters({ admin1: e.currentTarget.value })}
            >
              <option value="">{t('common.all')}</option>
              {adminChoices.map((g) => (
                <optgroup key={g.country} label={countryName(locale, g.country)}>
                  {g.names.map((n) => (
                    <option key={`${g.country}:${n}`} value={n}>
                      {n}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </div>
          <div class="filter toggles">
            <label class="check">
              <input type="checkbox" checked={heat} onChange={(e) => setHeat(e.currentTarget.checked)} />{' '}
              {t('filters.heat')}
            </label>
            <button
              type="button"
              onClick={() => setFit((n) => n + 1)}
              disabled={features.features.length === 0}
            >
              {t('filters.fit')}
            </button>
            <button
              type="button"
              class="ghost"
              onClick={() => {
                setFiltersState(DEFAULT_FILTERS);
                sessionStorage.removeItem(FILTERS_KEY);
              }}
            >
              {t('filters.reset')}
            </button>
          </div>
        </form>
        <p class="map-status" role="status" data-testid="map-count">
          {state.loading ? `${t('common.loading')} ` : ''}
          {t('picture.count', { count: formatNumber(locale, features.features.length) })}
          {shown.length > features.features.length &&
            ` · ${t('picture.no_location', { count: shown.length - features.features.length })}`}
          {state.truncated && ` · ${t('picture.truncated', { count: formatNumber(locale, MAX_LOADED) })}`}
          {state.error === 'network' && ` · ${t('common.error.network')}`}
        </p>
        {basemap ? (
          <IncidentMap
            label={t('picture.map_label')}
            basemap={basemap}
            locale={locale}
            incidents={features}
            heat={heat}
            selectedId={selected}
            onSelect={setSelected}
            fitRequest={fit}
            class="main-map"
          />
        ) : (
          <div class="incident-map main-map placeholder">{t('common.loading')}</div>
        )}
        <details class="legend">
          <summary>{t('legend.title')}</summary>
          <p class="legend-title">{t('legend.fill')}</p>
          <ul>
            {EVENT_TYPES.map((ty) => (
              <li key={ty}>
                <svg width="14" height="14" aria-hidden="true">
                  <circle cx="7" cy="7" r="6" fill={EVENT_COLORS[ty]} />
                </svg>{' '}
                {eventTypeLabel(locale, ty)}
              </li>
            ))}
          </ul>
          <p class="legend-title">{t('legend.outline')}</p>
          <ul>
            {(origins.length ? origins : ['local']).map((o) => (
              <li key={o}>
                <svg width="14" height="14" aria-hidden="true">
                  <rect width="14" height="14" rx="2" fill="#5f6b75" />
                  <circle cx="7" cy="7" r="4.5" fill="#c9d1d8" stroke={originColor(o)} stroke-width="2" />
                </svg>{' '}
                {originName(o)}
              </li>
            ))}
            <li>
              <svg width="14" height="14" aria-hidden="true">
                <circle cx="7" cy="7" r="6" fill="#2f3b45" />
              </svg>{' '}
              {t('legend.cluster')}
            </li>
          </ul>
        </details>
      </section>
      <aside class="side-pane">
        {selected && (
          <div class="detail-panel">
            <DetailView id={selected} compact onClose={() => setSelected(null)} />
          </div>
        )}
        <div hidden={selected !== null}>
          <Feed
            selectedId={selected}
            onSelect={(id, type) => {
              if (type === 'incident') setSelected(id);
              else navigate(`/incidents/${encodeURIComponent(id)}`);
            }}
          />
        </div>
      </aside>
    </div>
  );
}

/** One labelled filter list: "all" first, then the choices as [value, label]. */
function FilterSelect(props: {
  id: string;
  label: string;
  value: string;
  options: readonly (readonly [string, string])[];
  onChange: (value: string) => void;
}) {
  const { t } = useApp();
  return (
    <div class="filter">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">{t('common.all')}</option>
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}
