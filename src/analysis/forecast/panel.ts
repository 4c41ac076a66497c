/**
 * The unit × month panel every forecast and baseline reads: events, deaths and events by type per
 * forecasting unit (0.5° cell or admin-1 area) and calendar month, plus each unit's neighbours
 * and distance to the country border.
 *
 * Units of a country — the rule that reproduces the reference baselines of issue 7 to three
 * decimals (docs/forecast-evaluation.md): every event of the country (by UCDP's country) is in
 * exactly one unit of that country, none is dropped.
 * - cells: those whose centre lies in the country's admin-1 polygons (PRIO-GRID's assignment by
 *   majority), plus every cell holding an event of the country in the panel's months (border
 *   cells whose centre is across the border, events just outside the simplified outline);
 * - admin-1: its areas, plus one "outside" unit holding the country's events that fall in none
 *   of its areas (the simplified polygons miss a few border events), when there are such events.
 */
import { DomainError } from '../../core/errors.ts';
import { areaAdjacency, countryCentreCells, type AreaSet } from './areas.ts';
import { cellCentre, gidAt, neighbourGids } from './grid.ts';
import type { ForecastEvent } from './events.ts';
import { pointOnSurface } from '../../geo/polygon.ts';
import './messages.ts';

export type UnitKind = 'cell' | 'admin1';

export interface Unit {
  /** `gid` as text for cells, the HASC code for admin-1 areas. */
  id: string;
  country: string;
  /** Admin-1 name, or `cell <gid>`. */
  name: string;
  gid: number | null;
  admin1Code: string | null;
  lat: number;
  lon: number;
  /** Indexes of neighbouring units (queen contiguity for cells, shared border for areas). */
  neighbours: number[];
  /** Second ring of cells (empty for areas). */
  ring2: number[];
  /** Distance from the unit's centre to the nearest point of its country's outline, km. */
  borderKm: number;
  /** The admin-1 "outside" unit: the country's events in none of its areas. */
  outside?: boolean;
}

export interface Panel {
  kind: UnitKind;
  units: Unit[];
  /** First month (index) of the panel. */
  start: number;
  /** Number of months. */
  months: number;
  /** [u · months + m] */
  events: Float64Array;
  deaths: Float64Array;
  type1: Float64Array;
  type2: Float64Array;
  type3: Float64Array;
  /** Events of the chosen countries (in the panel's months) in no admin-1 area (in the "outside" unit). */
  outside: number;
  /** Events of the chosen countries in the panel's months. */
  counted: number;
  /** The same two counts per country. */
  byCountry: Map<string, { counted: number; outside: number }>;
}

export interface PanelOptions {
  kind: UnitKind;
  countries: readonly string[];
  start: number;
  /** Last month (inclusive). */
  end: number;
}

/** Unknown country codes are an error naming them (a typo must not give an empty evaluation). */
export function checkCountries(set: AreaSet, countries: readonly string[]): void {
  const unknown = countries.filter((c) => !set.countries.has(c));
  if (unknown.length || countries.length === 0) {
    throw new DomainError(
      'invalid',
      'forecast.unknown_country',
      unknown.map((c) => ({
        path: '/country',
        code: 'forecast.unknown_country',
        params: { country: c, known: [...set.countries].sort().join(', ') },
      })),
      { country: unknown.join(', '), known: [...set.countries].sort().join(', ') },
    );
  }
}

const KM_PER_DEG = 111.32;

/** Outline vertices of each country: admin-1 vertices not shared with another area of the same country. */
function countryOutlines(set: AreaSet, tol = 0.02): Map<string, number[][]> {
  const key = (x: number, y: number) => `${Math.round(x / tol)}:${Math.round(y / tol)}`;
  const owners = new Map<string, Set<string>>();
  for (const a of set.areas) {
    for (const rings of a.polygons) {
      for (const [x = 0, y = 0] of rings[0] ?? []) {
        for (const dx of [-1, 0, 1]) {
          for (const dy of [-1, 0, 1]) {
            const k = key(x + dx * tol, y + dy * tol);
            let s = owners.get(k);
            if (!s) owners.set(k, (s = new Set()));
            s.add(`${a.country}|${a.admin1Code}`);
          }
        }
      }
    }
  }
  const out = new Map<string, number[][]>();
  for (const a of set.areas) {
    let list = out.get(a.country);
    if (!list) out.set(a.country, (list = []));
    for (const rings of a.polygons) {
      for (const [x = 0, y = 0] of rings[0] ?? []) {
        const s = owners.get(key(x, y));
        const sameCountryOthers = [...(s ?? [])].filter(
          (o) => o.startsWith(`${a.country}|`) && o !== `${a.country}|${a.admin1Code}`,
        );
        if (sameCountryOthers.length === 0) list.push([x, y]);
      }
    }
  }
  return out;
}

function nearestKm(lat: number, lon: number, pts: readonly number[][]): number {
  const c = Math.cos((lat * Math.PI) / 180);
  let best = Infinity;
  for (const [x = 0, y = 0] of pts) {
    const dx = (x - lon) * c;
    const dy = y - lat;
    const d = dx * dx + dy * dy;
    if (d < best) best = d;
  }
  return Number.isFinite(best) ? Math.sqrt(best) * KM_PER_DEG : 0;
}

/** Is the event in the panel's countries and months? */
const inSpan = (ev: ForecastEvent, chosen: ReadonlySet<string>, start: number, end: number) =>
  chosen.has(ev.country) && ev.month >= start && ev.month <= end;

/**
 * The units of the chosen countries, with neighbours and border distances. `events` (those of
 * the panel's months `start..end`) add the cells and "outside" units that hold events.
 */
export function buildUnits(
  set: AreaSet,
  kind: UnitKind,
  countries: readonly string[],
  events: readonly ForecastEvent[] = [],
  span: { start: number; end: number } = { start: -Infinity, end: Infinity },
): Unit[] {
  checkCountries(set, countries);
  const outlines = countryOutlines(set);
  const chosen = new Set(countries);
  const units: Unit[] = [];
  if (kind === 'cell') {
    const eventCells = new Map<string, Set<number>>(countries.map((c) => [c, new Set<number>()]));
    for (const ev of events) {
      if (inSpan(ev, chosen, span.start, span.end)) eventCells.get(ev.country)?.add(gidAt(ev.lat, ev.lon));
    }
    // A cell whose centre is across the border but that holds events of this country is a unit
    // of both countries (events are counted by the country UCDP gives them).
    for (const country of countries) {
      const gids = new Set([...countryCentreCells(set, country), ...(eventCells.get(country) ?? [])]);
      for (const gid of [...gids].sort((a, b) => a - b)) {
        const { lat, lon } = cellCentre(gid);
        units.push({
          id: String(gid),
          country,
          name: `cell ${gid}`,
          gid,
          admin1Code: null,
          lat,
          lon,
          neighbours: [],
          ring2: [],
          borderKm: nearestKm(lat, lon, outlines.get(country) ?? []),
        });
      }
    }
    const byGid = new Map<number, number[]>();
    units.forEach((u, i) => {
      const list = byGid.get(u.gid ?? 0);
      if (list) list.push(i);
      else byGid.set(u.gid ?? 0, [i]);
    });
    const at = (gids: Iterable<number>) => [...gids].flatMap((g) => byGid.get(g) ?? []);
    for (const u of units) {
      const first = neighbourGids(u.gid ?? 0);
      // Spatial lags cross borders: a neighbouring cell's events whatever country they belong to.
      u.neighbours = at([...first, u.gid ?? 0]).filter((i) => units[i] !== u);
      const firstSet = new Set([u.gid ?? 0, ...first]);
      const second = new Set<number>();
      for (const g of first) for (const g2 of neighbourGids(g)) if (!firstSet.has(g2)) second.add(g2);
      u.ring2 = at(second);
    }
    return units;
  }
  const areas = set.areas.filter((a) => countries.includes(a.country));
  const adjacency = areaAdjacency(areas);
  for (const a of areas) {
    const [lon, lat] = pointOnSurface(a.polygons);
    units.push({
      id: a.admin1Code,
      country: a.country,
      name: a.admin1,
      gid: null,
      admin1Code: a.admin1Code,
      lat,
      lon,
      neighbours: [],
      ring2: [],
      borderKm: nearestKm(lat, lon, outlines.get(a.country) ?? []),
    });
  }
  const index = new Map(units.map((u, i) => [u.id, i]));
  for (const u of units) {
    u.neighbours = (adjacency.get(u.id) ?? [])
      .map((c) => index.get(c))
      .filter((i): i is number => i !== undefined);
  }
  // One "outside" unit per country with events in none of its areas, placed at their mean point;
  // no neighbours (it is not a place).
  const outsidePts = new Map<string, [number, number, number]>();
  for (const ev of events) {
    if (!inSpan(ev, chosen, span.start, span.end) || areaOf(set, ev) !== null) continue;
    const acc = outsidePts.get(ev.country) ?? [0, 0, 0];
    outsidePts.set(ev.country, [acc[0] + ev.lat, acc[1] + ev.lon, acc[2] + 1]);
  }
  for (const country of countries) {
    const acc = outsidePts.get(country);
    if (!acc) continue;
    units.push({
      id: outsideId(country),
      country,
      name: `${country} – outside the admin-1 areas / hors des zones admin-1`,
      gid: null,
      admin1Code: null,
      lat: acc[0] / acc[2],
      lon: acc[1] / acc[2],
      neighbours: [],
      ring2: [],
      borderKm: 0,
      outside: true,
    });
  }
  return units;
}

/** Id of a country's admin-1 "outside" unit. */
export const outsideId = (country: string): string => `${country}-outside`;

/** The admin-1 area of the event's own country holding the event, or null. */
export function areaOf(set: AreaSet, ev: Pick<ForecastEvent, 'lat' | 'lon' | 'country'>): string | null {
  // An event in another country's polygon (border noise of simplified files) is outside.
  const area = set.boundaries.adminAreaAt(ev.lat, ev.lon);
  return area && area.country === ev.country ? area.admin1Code : null;
}

/**
 * Builds the panel: each event of a chosen country goes to the unit of that country containing
 * its point (its cell, its area, or the country's "outside" unit).
 */
export function buildPanel(
  set: AreaSet,
  units: readonly Unit[],
  kind: UnitKind,
  events: readonly ForecastEvent[],
  opts: { countries: readonly string[]; start: number; end: number },
): Panel {
  const months = opts.end - opts.start + 1;
  const n = units.length * months;
  const p: Panel = {
    kind,
    units: [...units],
    start: opts.start,
    months,
    events: new Float64Array(n),
    deaths: new Float64Array(n),
    type1: new Float64Array(n),
    type2: new Float64Array(n),
    type3: new Float64Array(n),
    outside: 0,
    counted: 0,
    byCountry: new Map(opts.countries.map((c) => [c, { counted: 0, outside: 0 }])),
  };
  const chosen = new Set(opts.countries);
  const byId = new Map(units.map((u, i) => [`${u.country}|${u.id}`, i]));
  for (const ev of events) {
    if (!inSpan(ev, chosen, opts.start, opts.end)) continue;
    p.counted++;
    const tally = p.byCountry.get(ev.country);
    if (tally) tally.counted++;
    let u: number | undefined;
    if (kind === 'cell') u = byId.get(`${ev.country}|${gidAt(ev.lat, ev.lon)}`);
    else {
      const code = areaOf(set, ev);
      if (code === null) {
        p.outside++;
        if (tally) tally.outside++;
      }
      u = byId.get(`${ev.country}|${code ?? outsideId(ev.country)}`);
    }
    // Only when the units were built from other events than these (a caller's mistake, or a
    // cell panel built without events): counted, never silently dropped.
    if (u === undefined) {
      if (kind === 'cell') {
        p.outside++;
        if (tally) tally.outside++;
      }
      continue;
    }
    const k = u * months + (ev.month - opts.start);
    p.events[k] = (p.events[k] ?? 0) + 1;
    p.deaths[k] = (p.deaths[k] ?? 0) + ev.deaths;
    const arr = ev.type === 1 ? p.type1 : ev.type === 2 ? p.type2 : ev.type === 3 ? p.type3 : null;
    if (arr) arr[k] = (arr[k] ?? 0) + 1;
  }
  return p;
}
