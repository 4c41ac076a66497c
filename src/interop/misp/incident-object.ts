/**
 * A Sentinelle incident as a MISP object named `sentinelle-incident` (a Sentinelle object
 * template, documented in docs/interop.md): one attribute per field of the incident extension, so
 * MISP users read and search them, and an import rebuilds the incident.
 */
import type { Issue } from '../../core/errors.ts';
import {
  CASUALTY_CATEGORIES,
  incidentExtension,
  validateIncidentExtension,
  type IncidentExtension,
} from '../../objects/sentinelle-extension.ts';
import { SENTINELLE_INCIDENT_EXTENSION_ID, type StixObject } from '../../objects/stix.ts';
import type { MispAttribute, MispObject } from './types.ts';

export const INCIDENT_OBJECT_NAME = 'sentinelle-incident';

const dash = (s: string) => s.replaceAll('_', '-');

/** The MISP object of an incident; `base` gives uuid, timestamp, distribution and tags. */
export function incidentToMispObject(
  o: StixObject,
  base: { uuid: string; timestamp: string; distribution: string; tags: string[] },
): MispObject {
  const ext = incidentExtension(o);
  const attrs: MispAttribute[] = [];
  const add = (relation: string, type: string, value: unknown) => {
    const v = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
    if (v === '') return;
    attrs.push({ object_relation: relation, type, category: 'Other', value: v, to_ids: false });
  };
  add('name', 'text', o.name);
  add('description', 'text', o.description);
  add('created', 'datetime', o.created);
  if (ext) {
    add('event-type', 'text', ext.event_type);
    add('event-subtype', 'text', ext.event_subtype);
    add('occurred-at', 'datetime', ext.occurred_at);
    add('time-precision', 'text', ext.time_precision);
    add('latitude', 'float', ext.location.lat);
    add('longitude', 'float', ext.location.lon);
    add('precision-m', 'float', ext.location.precision_m);
    add('country', 'text', ext.location.country);
    add('admin1', 'text', ext.location.admin1);
    add('admin2', 'text', ext.location.admin2);
    for (const k of CASUALTY_CATEGORIES) {
      add(`fatalities-${dash(k)}`, 'counter', ext.fatalities?.[k]);
      add(`injured-${dash(k)}`, 'counter', ext.injured?.[k]);
    }
    add('source-reliability', 'text', ext.source_reliability);
    add('information-credibility', 'text', ext.information_credibility);
    add('source-name', 'text', ext.source?.name);
    add('source-reference', 'text', ext.source?.reference);
    add('source-url', 'link', ext.source?.url);
    for (const ref of ext.actor_refs ?? []) add('actor-ref', 'text', ref);
  }
  return {
    name: INCIDENT_OBJECT_NAME,
    'meta-category': 'misc',
    description: 'Sentinelle security incident (STIX 2.1 incident with the Sentinelle extension)',
    uuid: base.uuid,
    timestamp: base.timestamp,
    distribution: base.distribution,
    Attribute: attrs.map((a) => ({ ...a, Tag: base.tags.map((name) => ({ name })) })),
  };
}

/**
 * The incident fields of a `sentinelle-incident` object: the STIX properties apart from the
 * common ones the caller sets (id, created, modified, markings). Issues point into the object.
 */
export function incidentFromMispObject(
  obj: MispObject,
  path: string,
): { ok: true; props: Record<string, unknown> } | { ok: false; issues: Issue[] } {
  const vals = new Map<string, string[]>();
  for (const a of obj.Attribute ?? []) {
    if (typeof a.object_relation !== 'string' || a.value === undefined) continue;
    vals.set(a.object_relation, [...(vals.get(a.object_relation) ?? []), String(a.value)]);
  }
  const one = (k: string) => vals.get(k)?.[0];
  const num = (k: string) => (one(k) === undefined ? undefined : Number(one(k)));
  const counts = (prefix: string) => {
    const out: Record<string, number> = {};
    for (const k of CASUALTY_CATEGORIES) {
      const v = num(`${prefix}-${dash(k)}`);
      if (v !== undefined) out[k] = v;
    }
    return Object.keys(out).length ? out : undefined;
  };
  const lat = num('latitude');
  const lon = num('longitude');
  const ext: Record<string, unknown> = {
    extension_type: 'property-extension',
    event_type: one('event-type'),
    ...(one('event-subtype') ? { event_subtype: one('event-subtype') } : {}),
    occurred_at: one('occurred-at'),
    time_precision: one('time-precision'),
    location: {
      ...(lat !== undefined ? { lat } : {}),
      ...(lon !== undefined ? { lon } : {}),
      ...(num('precision-m') !== undefined ? { precision_m: num('precision-m') } : {}),
      country: one('country'),
      ...(one('admin1') ? { admin1: one('admin1') } : {}),
      ...(one('admin2') ? { admin2: one('admin2') } : {}),
    },
    ...(counts('fatalities') ? { fatalities: counts('fatalities') } : {}),
    ...(counts('injured') ? { injured: counts('injured') } : {}),
    ...(vals.get('actor-ref') ? { actor_refs: vals.get('actor-ref') } : {}),
    source_reliability: one('source-reliability'),
    information_credibility: num('information-credibility'),
    ...(one('source-name')
      ? {
          source: {
            name: one('source-name'),
            ...(one('source-reference') ? { reference: one('source-reference') } : {}),
            ...(one('source-url') ? { url: one('source-url') } : {}),
          },
        }
      : {}),
  };
  const issues = validateIncidentExtension(ext).map((i) => ({ ...i, path: `${path}/Attribute${i.path}` }));
  if (!one('name'))
    issues.push({
      path: `${path}/Attribute`,
      code: 'interop.misp.incident_field_missing',
      params: { field: 'name' },
    });
  if (issues.length) return { ok: false, issues };
  return {
    ok: true,
    props: {
      name: one('name'),
      ...(one('description') ? { description: one('description') } : {}),
      ...(one('created') ? { created: one('created') } : {}),
      extensions: { [SENTINELLE_INCIDENT_EXTENSION_ID]: ext as unknown as IncidentExtension },
    },
  };
}
