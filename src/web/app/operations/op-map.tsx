/**
 * An operation's area on the offline map (MapLibre, the node's own basemap: nothing fetched from
 * the internet), with the activities and protected sites in conflict with it highlighted and the
 * conflict points marked (GET /api/v1/operations/{id}/geojson).
 */
import { useEffect, useRef } from 'preact/hooks';
import maplibregl from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import { useApp } from '../context.ts';
import { mapStyle, MAX_BOUNDS, PARTNER_BOUNDS } from '../map/style.ts';
import { useBasemap } from '../ui/use-basemap.ts';

const COLOURS = { operation: '#1f5fbf', activity: '#d02121', site: '#1a9a4a', conflict: '#d02121' };

export function OperationMap({ data }: { data: FeatureCollection | null }) {
  const { t } = useApp();
  const basemap = useBasemap();
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);

  useEffect(() => {
    if (!basemap || !container.current) return;
    const map = new maplibregl.Map({
      container: container.current,
      style: mapStyle(basemap),
      bounds: PARTNER_BOUNDS,
      maxBounds: MAX_BOUNDS,
      attributionControl: { compact: true, customAttribution: 'Natural Earth' },
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
    });
    mapRef.current = map;
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    map.getCanvas().setAttribute('aria-label', t('ops.map.label'));
    map.on('load', () => {
      map.addSource('ops', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      const role = ['get', 'role'] as unknown as maplibregl.ExpressionSpecification;
      const colour = [
        'match',
        role,
        'operation',
        COLOURS.operation,
        'site',
        COLOURS.site,
        COLOURS.activity,
      ] as unknown as maplibregl.ExpressionSpecification;
      map.addLayer({
        id: 'ops-fill',
        type: 'fill',
        source: 'ops',
        filter: ['==', ['geometry-type'], 'Polygon'],
        paint: { 'fill-color': colour, 'fill-opacity': 0.22 },
      });
      map.addLayer({
        id: 'ops-line',
        type: 'line',
        source: 'ops',
        filter: ['!=', ['geometry-type'], 'Point'],
        paint: { 'line-color': colour, 'line-width': ['case', ['==', role, 'operation'], 2.5, 3.5] },
      });
      map.addLayer({
        id: 'ops-points',
        type: 'circle',
        source: 'ops',
        filter: ['==', ['geometry-type'], 'Point'],
        paint: {
          'circle-color': colour,
          'circle-radius': ['case', ['==', role, 'conflict'], 9, 7],
          'circle-stroke-color': '#fff',
          'circle-stroke-width': 2,
          'circle-opacity': ['case', ['==', role, 'conflict'], 0.55, 1],
        },
      });
      container.current?.setAttribute('data-map-ready', 'true');
      apply(map, data);
    });
    return () => {
      map.remove();
      mapRef.current = null;
    };
    // The map is built once per basemap; data changes are applied below.
  }, [basemap]);

  useEffect(() => {
    const map = mapRef.current;
    if (map?.isStyleLoaded() && map.getSource('ops')) apply(map, data);
  }, [data]);

  return (
    <figure class="ops-map-figure">
      <div class="ops-map" ref={container} />
      <figcaption class="ops-legend">
        <span class="key key-operation" /> {t('ops.map.legend.operation')} <span class="key key-activity" />{' '}
        {t('ops.map.legend.activity')} <span class="key key-site" /> {t('ops.map.legend.site')}
      </figcaption>
    </figure>
  );
}

function apply(map: maplibregl.Map, data: FeatureCollection | null): void {
  const src = map.getSource<maplibregl.GeoJSONSource>('ops');
  if (!src || !data) return;
  src.setData(data);
  const b = new maplibregl.LngLatBounds();
  const add = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') b.extend([c[0], c[1] as number]);
    else if (Array.isArray(c)) c.forEach(add);
  };
  for (const f of data.features) add((f.geometry as { coordinates?: unknown }).coordinates);
  if (!b.isEmpty()) map.fitBounds(b, { padding: 50, maxZoom: 11, duration: 0 });
}
