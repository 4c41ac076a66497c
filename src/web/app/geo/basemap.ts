/**
 * The offline basemap the node serves (/basemap/*.json, made at build time by
 * src/web/build/basemap.ts): fetched once, then shared by every map and by the area lookup.
 */
import type { FeatureCollection, MultiPolygon } from 'geojson';
import { bboxOf, inBBox, pointInPolygons, type PolygonRings } from '../../../geo/polygon.ts';

export interface CountryProps {
  iso3: string | null;
  name_fr: string;
  name_en: string;
  partner: boolean;
  label: [number, number];
}
export interface AreaProps {
  country: string;
  code: string;
  name: string;
  admin1: string;
  admin2: string | null;
  label: [number, number];
}
export interface Basemap {
  countries: FeatureCollection<MultiPolygon, CountryProps>;
  admin1: FeatureCollection<MultiPolygon, AreaProps>;
}

let loading: Promise<Basemap> | null = null;

export function loadBasemap(): Promise<Basemap> {
  loading ??= (async () => {
    const get = async <T>(path: string): Promise<T> => {
      const res = await fetch(path);
      if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
      return (await res.json()) as T;
    };
    const [countries, admin1] = await Promise.all([
      get<Basemap['countries']>('/basemap/countries.json'),
      get<Basemap['admin1']>('/basemap/admin1.json'),
    ]);
    return { countries, admin1 };
  })();
  loading.catch(() => {
    loading = null; // a failed load (network) is retried next time
  });
  return loading;
}

export interface AreaIndex {
  /** The area containing the point, as incidents record it, or null. */
  locate(lat: number, lon: number): { country: string; admin1: string; admin2: string | null } | null;
  /** admin1 names per country (sorted, unique), for the filters. */
  admin1Of(country: string): string[];
}

export function areaIndex(admin1: Basemap['admin1']): AreaIndex {
  const areas = admin1.features.map((f) => {
    const polygons = f.geometry.coordinates as unknown as PolygonRings[];
    return { props: f.properties, polygons, bbox: bboxOf(polygons) };
  });
  const names = new Map<string, string[]>();
  for (const a of areas) {
    const list = names.get(a.props.country) ?? [];
    if (!list.includes(a.props.admin1)) list.push(a.props.admin1);
    names.set(a.props.country, list);
  }
  for (const list of names.values()) list.sort((x, y) => x.localeCompare(y, 'fr'));
  return {
    locate(lat, lon) {
      const hit = areas.find((a) => inBBox(a.bbox, lon, lat) && pointInPolygons(a.polygons, lon, lat));
      return hit ? { country: hit.props.country, admin1: hit.props.admin1, admin2: hit.props.admin2 } : null;
    },
    admin1Of: (country) => names.get(country) ?? [],
  };
}
