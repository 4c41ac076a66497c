/**
 * GeoJSON (RFC 7946) exports: an operation's area with what overlaps it (activities and protected
 * sites in conflict with it), and the protected sites. Properties name the role of each feature
 * so a map can highlight conflicts.
 */
import type { StixObject } from '../objects/stix.ts';
import type { Conflict } from './conflicts-repo.ts';
import { effectiveBufferM } from './footprint.ts';

export interface Feature {
  type: 'Feature';
  id: string;
  geometry: unknown;
  properties: Record<string, unknown>;
}

export interface FeatureCollection {
  type: 'FeatureCollection';
  features: Feature[];
}

export function featureOf(
  o: StixObject,
  role: 'operation' | 'activity' | 'site' | 'conflict',
  extra: Record<string, unknown> = {},
): Feature {
  const isSite = o.type === 'x-sentinelle-protected-site';
  return {
    type: 'Feature',
    id: o.id,
    geometry: o.area,
    properties: {
      role,
      name: o.name,
      kind: isSite ? o.site_kind : o.activity_kind,
      // The buffer deconfliction applies (kind default included), drawn to scale by the web map.
      buffer_m: effectiveBufferM(o),
      ...(isSite
        ? { valid_from: o.valid_from, valid_until: o.valid_until }
        : { status: o.status, planned_start: o.planned_start, planned_end: o.planned_end }),
      ...extra,
    },
  };
}

/** The operation, then every record in conflict with it (whose details this node holds), then conflict points. */
export function operationCollection(
  op: StixObject,
  others: readonly StixObject[],
  conflicts: readonly Conflict[],
): FeatureCollection {
  const features: Feature[] = [featureOf(op, 'operation')];
  for (const o of others)
    features.push(
      featureOf(o, o.type === 'x-sentinelle-protected-site' ? 'site' : 'activity', { in_conflict: true }),
    );
  for (const c of conflicts) {
    features.push({
      type: 'Feature',
      id: `conflict-${c.id}`,
      geometry: { type: 'Point', coordinates: [c.lon, c.lat] },
      properties: {
        role: 'conflict',
        kind: c.kind,
        status: c.status,
        severity: c.severity,
        overlap_from: c.overlapFrom,
        overlap_to: c.overlapTo,
      },
    });
  }
  return { type: 'FeatureCollection', features };
}

export function sitesCollection(sites: readonly StixObject[]): FeatureCollection {
  return { type: 'FeatureCollection', features: sites.map((s) => featureOf(s, 'site')) };
}
