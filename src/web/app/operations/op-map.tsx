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
      // Buffers (the distance deconfliction keeps around an activity or a site) drawn to scale: a
      // band of twice the buffer centred on the outline, a disc around a point. Web Mercator
      // metres per pixel halve at each zoom level, hence the exponential base 2 ([OPS] buffers).
      const px0 = ['get', 'buffer_px0'] as unknown as maplibregl.ExpressionSpecification;
      const toScale = (at0: maplibregl.ExpressionSpecification) =>
        [
          'interpolate',
          ['exponential', 2],
          ['zoom'],
          0,
          at0,
          22,
          ['*', at0, 4194304],
        ] as unknown as maplibregl.ExpressionSpecification;
      map.addLayer({
        id: 'ops-buffer-line',
        type: 'line',
        source: 'ops',
        filter: [
          'all',
          ['>', ['get', 'buffer_m'], 0],
          ['!=', ['geometry-type'], 'Point'],
          ['!=', role, 'conflict'],
        ],
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: {
          'line-color': colour,
          'line-opacity': 0.15,
          'line-width': toScale(['*', 2, px0] as unknown as maplibregl.ExpressionSpecification),
        },
      });
      map.addLayer({
        id: 'ops-buffer-point',
        type: 'circle',
        source: 'ops',
        filter: [
          'all',
          ['>', ['get', 'buffer_m'], 0],
          ['==', ['geometry-type'], 'Point'],
          ['!=', role, 'conflict'],
        ],
        paint: { 'circle-color': colour, 'circle-opacity': 0.15, 'circle-radius': toScale(px0) },
      });
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
        {t('ops.map.legend.activity')} <span class="key key-site" /> {t('ops.map.legend.site')}{' '}
        <span class="key key-buffer" /> {t('ops.map.legend.buffer')}
      </figcaption>
    </figure>
  );
}

/** Web Mercator ground resolution at zoom 0 on the equator (m per 512-px tile pixel). */
const M_PER_PX_Z0 = 78271.517;

/** The buffer in pixels at zoom 0 at the feature's latitude, for the to-scale buffer layers. */
function withBufferPixels(data: FeatureCollection): FeatureCollection {
  return {
    ...data,
    features: data.features.map((f) => {
      const buffer = Number(f.properties?.buffer_m ?? 0);
      if (!(buffer > 0)) return f;
      const lats: number[] = [];
      const walk = (c: unknown): void => {
        if (Array.isArray(c) && typeof c[1] === 'number') lats.push(c[1]);
        else if (Array.isArray(c)) c.forEach(walk);
      };
      walk((f.geometry as { coordinates?: unknown }).coordinates);
      const lat = lats.length ? lats.reduce((a, b) => a + b, 0) / lats.length : 0;
      const px0 = buffer / (M_PER_PX_Z0 * Math.cos((lat * Math.PI) / 180));
      return { ...f, properties: { ...f.properties, buffer_px0: px0 } };
    }),
  };
}

function apply(map: maplibregl.Map, data: FeatureCollection | null): void {
  const src = map.getSource<maplibregl.GeoJSONSource>('ops');
  if (!src || !data) return;
  src.setData(withBufferPixels(data));
  const b = new maplibregl.LngLatBounds();
  const add = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') b.extend([c[0], c[1] as number]);
    else if (Array.isArray(c)) c.forEach(add);
  };
  for (const f of data.features) add((f.geometry as { coordinates?: unknown }).coordinates);
  if (!b.isEmpty()) map.fitBounds(b, { padding: 50, maxZoom: 11, duration: 0 });
}
