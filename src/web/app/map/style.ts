/**
 * The MapLibre style of every map: local GeoJSON sources only (the basemap the node ships and
 * the incidents), no tiles, no glyphs or sprites — nothing is fetched from the internet.
 * Labels are HTML markers (map/labels.ts) because text layers would need a glyph server.
 */
import type { StyleSpecification, ExpressionSpecification } from 'maplibre-gl';
import type { FeatureCollection, Point } from 'geojson';
import type { Basemap } from '../geo/basemap.ts';
import { eventColorExpression, LOCAL_OUTLINE } from './colors.ts';

/** A new empty collection (MapLibre may keep a reference to what it is given). */
export const empty = (): FeatureCollection<Point> => ({ type: 'FeatureCollection', features: [] });

/** The partner states' extent and how far one may pan from it. */
export const PARTNER_BOUNDS: [[number, number], [number, number]] = [
  [-17.6, 9.4],
  [16, 25],
];
export const MAX_BOUNDS: [[number, number], [number, number]] = [
  [-40, -12],
  [40, 45],
];

export function mapStyle(
  basemap: Basemap,
  peerOutline: ExpressionSpecification | string = LOCAL_OUTLINE,
): StyleSpecification {
  return {
    version: 8,
    sources: {
      countries: { type: 'geojson', data: basemap.countries },
      admin1: { type: 'geojson', data: basemap.admin1 },
      incidents: { type: 'geojson', data: empty(), cluster: true, clusterMaxZoom: 7, clusterRadius: 36 },
      'incidents-heat': { type: 'geojson', data: empty() },
      pick: { type: 'geojson', data: empty() },
    },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': '#c6d7df' } },
      {
        id: 'countries',
        type: 'fill',
        source: 'countries',
        paint: { 'fill-color': ['case', ['get', 'partner'], '#fbf8f1', '#e9e4d8'] },
      },
      {
        id: 'admin1',
        type: 'line',
        source: 'admin1',
        paint: {
          'line-color': '#a89f8a',
          'line-width': ['interpolate', ['linear'], ['zoom'], 4, 0.4, 8, 1.2],
          'line-dasharray': [3, 2],
        },
      },
      {
        id: 'borders',
        type: 'line',
        source: 'countries',
        paint: { 'line-color': '#7d7666', 'line-width': 0.8 },
      },
      {
        id: 'partner-borders',
        type: 'line',
        source: 'countries',
        filter: ['==', ['get', 'partner'], true],
        paint: { 'line-color': '#3f3a30', 'line-width': 1.8 },
      },
      {
        id: 'heat',
        type: 'heatmap',
        source: 'incidents-heat',
        layout: { visibility: 'none' },
        paint: {
          'heatmap-weight': ['interpolate', ['linear'], ['get', 'fatalities'], 0, 0.3, 20, 1],
          'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 3, 0.6, 9, 2],
          'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 3, 12, 9, 30],
          'heatmap-opacity': 0.75,
        },
      },
      {
        id: 'clusters',
        type: 'circle',
        source: 'incidents',
        filter: ['has', 'point_count'],
        paint: {
          'circle-color': '#2f3b45',
          'circle-opacity': 0.85,
          'circle-radius': ['step', ['get', 'point_count'], 13, 10, 16, 50, 20, 200, 25],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 1.5,
        },
      },
      {
        id: 'points',
        type: 'circle',
        source: 'incidents',
        filter: ['!', ['has', 'point_count']],
        paint: {
          'circle-color': eventColorExpression() as ExpressionSpecification,
          'circle-radius': ['case', ['get', 'flash'], 9, 6.5],
          'circle-stroke-color': peerOutline,
          'circle-stroke-width': 2,
        },
      },
      {
        id: 'selected',
        type: 'circle',
        source: 'incidents',
        filter: ['==', ['get', 'id'], ''],
        paint: {
          'circle-radius': 12,
          'circle-opacity': 0,
          'circle-stroke-color': '#111111',
          'circle-stroke-width': 3,
        },
      },
      {
        id: 'pick',
        type: 'circle',
        source: 'pick',
        paint: {
          'circle-radius': 9,
          'circle-color': '#ffd400',
          'circle-stroke-color': '#111111',
          'circle-stroke-width': 3,
        },
      },
    ],
  };
}
