/**
 * One MapLibre map over the offline basemap: incidents clustered at low zoom, coloured by event
 * type and outlined by origin, an optional heat layer, a selected incident, and (for the report
 * form) a picked point. Country and area names and cluster counts are HTML markers (no glyphs).
 */
import { useEffect, useRef } from 'preact/hooks';
import maplibregl, {
  type GeoJSONSource,
  type ExpressionSpecification,
  type MapMouseEvent,
} from 'maplibre-gl';
import type { FeatureCollection, Point } from 'geojson';
import type { Basemap } from '../geo/basemap.ts';
import type { Locale } from '../i18n.ts';
import { empty, mapStyle, MAX_BOUNDS, PARTNER_BOUNDS } from './style.ts';
import { LOCAL_OUTLINE, originColor } from './colors.ts';

export interface IncidentMapProps {
  label: string;
  basemap: Basemap;
  locale: Locale;
  incidents?: FeatureCollection<Point> | undefined;
  heat?: boolean;
  selectedId?: string | null;
  onSelect?: ((id: string) => void) | undefined;
  pick?: { lat: number; lon: number } | null;
  onPick?: ((lat: number, lon: number) => void) | undefined;
  /** Changing this number fits the view to the incidents. */
  fitRequest?: number;
  class?: string;
}

function label(text: string, cls: string): HTMLElement {
  const el = document.createElement('div');
  el.className = cls;
  el.textContent = text;
  return el;
}

/** Outline colours for the origins present: this node white, each partner its own colour. */
function outlineExpression(origins: Iterable<string>): ExpressionSpecification | string {
  const peers = [...new Set(origins)].filter((o) => o !== 'local').sort();
  if (!peers.length) return LOCAL_OUTLINE;
  return [
    'match',
    ['get', 'origin'],
    ...peers.flatMap((p) => [p, originColor(p)]),
    LOCAL_OUTLINE,
  ] as unknown as ExpressionSpecification;
}

export function IncidentMap(props: IncidentMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const readyRef = useRef(false);
  const propsRef = useRef(props);
  propsRef.current = props;
  const labelMarkers = useRef<maplibregl.Marker[]>([]);

  // Create the map once.
  useEffect(() => {
    const el = container.current!;
    const map = new maplibregl.Map({
      container: el,
      style: mapStyle(props.basemap),
      bounds: PARTNER_BOUNDS,
      fitBoundsOptions: { padding: 20 },
      maxBounds: MAX_BOUNDS,
      attributionControl: { compact: true, customAttribution: 'Natural Earth · UCDP GED (CC BY 4.0)' },
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
    });
    mapRef.current = map;
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    map.getCanvas().setAttribute('aria-label', props.label);

    const clusterMarkers = new Map<number, maplibregl.Marker>();
    const refreshClusters = () => {
      const seen = new Set<number>();
      for (const f of map.querySourceFeatures('incidents')) {
        const p = f.properties as { cluster_id?: number; point_count?: number; cluster?: boolean };
        if (!p.cluster || p.cluster_id === undefined) continue;
        seen.add(p.cluster_id);
        if (clusterMarkers.has(p.cluster_id)) continue;
        const [lon, lat] = (f.geometry as Point).coordinates as [number, number];
        const m = new maplibregl.Marker({ element: label(String(p.point_count ?? ''), 'map-cluster-count') })
          .setLngLat([lon, lat])
          .addTo(map);
        clusterMarkers.set(p.cluster_id, m);
      }
      for (const [id, m] of clusterMarkers) {
        if (!seen.has(id)) {
          m.remove();
          clusterMarkers.delete(id);
        }
      }
    };
    map.on('moveend', refreshClusters);
    map.on('sourcedata', (e) => {
      if (e.sourceId === 'incidents' && e.isSourceLoaded) refreshClusters();
    });
    const zoomClass = () => el.classList.toggle('map-zoomed', map.getZoom() >= 6);
    map.on('zoomend', zoomClass);

    map.on('click', 'clusters', (e) => {
      const f = e.features?.[0];
      const id = f?.properties?.cluster_id as number | undefined;
      if (id === undefined || !f) return;
      void (map.getSource('incidents') as GeoJSONSource).getClusterExpansionZoom(id).then((zoom) => {
        map.easeTo({ center: (f.geometry as Point).coordinates as [number, number], zoom });
      });
    });
    map.on('click', 'points', (e) => {
      const id = e.features?.[0]?.properties?.id as string | undefined;
      if (id && !propsRef.current.onPick) propsRef.current.onSelect?.(id);
    });
    map.on('click', (e: MapMouseEvent) => propsRef.current.onPick?.(e.lngLat.lat, e.lngLat.lng));
    for (const layer of ['points', 'clusters']) {
      map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
      map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
    }
    map.on('load', () => {
      readyRef.current = true;
      apply();
      zoomClass();
      el.dataset.mapReady = 'true';
    });
    return () => {
      readyRef.current = false;
      map.remove();
      mapRef.current = null;
    };
  }, []);

  // Everything that follows the props.
  const apply = () => {
    const map = mapRef.current;
    if (!map || !readyRef.current) return;
    const p = propsRef.current;
    const data = p.incidents ?? empty();
    (map.getSource('incidents') as GeoJSONSource).setData(data);
    (map.getSource('incidents-heat') as GeoJSONSource).setData(data);
    map.setPaintProperty(
      'points',
      'circle-stroke-color',
      outlineExpression(data.features.map((f) => String(f.properties?.origin ?? 'local'))),
    );
    map.setLayoutProperty('heat', 'visibility', p.heat ? 'visible' : 'none');
    map.setFilter('selected', ['==', ['get', 'id'], p.selectedId ?? '']);
    (map.getSource('pick') as GeoJSONSource).setData(
      p.pick
        ? {
            type: 'FeatureCollection',
            features: [
              {
                type: 'Feature',
                properties: {},
                geometry: { type: 'Point', coordinates: [p.pick.lon, p.pick.lat] },
              },
            ],
          }
        : empty(),
    );
    container.current!.dataset.incidentCount = String(data.features.length);
  };
  useEffect(apply, [props.incidents, props.heat, props.selectedId, props.pick]);

  // Names in the user's language.
  useEffect(() => {
    const map = mapRef.current!;
    for (const m of labelMarkers.current) m.remove();
    const countries = props.basemap.countries.features.map((f) =>
      new maplibregl.Marker({
        element: label(
          props.locale === 'fr' ? f.properties.name_fr : f.properties.name_en,
          f.properties.partner ? 'map-label map-label-partner' : 'map-label',
        ),
      })
        .setLngLat(f.properties.label)
        .addTo(map),
    );
    const areas = props.basemap.admin1.features.map((f) =>
      new maplibregl.Marker({ element: label(f.properties.name, 'map-label map-label-area') })
        .setLngLat(f.properties.label)
        .addTo(map),
    );
    labelMarkers.current = [...countries, ...areas];
    mapRef.current?.getCanvas().setAttribute('aria-label', props.label);
  }, [props.locale, props.basemap]);

  // Fit to the incidents when asked.
  useEffect(() => {
    const map = mapRef.current;
    const features = props.incidents?.features ?? [];
    if (!map || !props.fitRequest || features.length === 0) return;
    const b = new maplibregl.LngLatBounds();
    for (const f of features) b.extend(f.geometry.coordinates as [number, number]);
    map.fitBounds(b, { padding: 60, maxZoom: 9, duration: 0 });
  }, [props.fitRequest]);

  return (
    <div ref={container} class={`incident-map ${props.class ?? ''}`} role="region" aria-label={props.label} />
  );
}
