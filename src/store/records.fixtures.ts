/**
 * Test helper: STIX objects and their IndexFields built by hand, so the repository is tested
 * without the objects module. Not used by production code.
 */
import { randomUUID } from 'node:crypto';
import { foldText } from '../core/text.ts';
import type { IndexFields, Tlp } from '../objects/index-fields.ts';
import type { PutItem, StixJson } from './records.ts';

export const EXT_ID = 'extension-definition--2f0e5c1a-7b3d-4c1e-9a6f-5d8e4b3c2a10';

export interface FixtureOptions {
  type?: string;
  id?: string;
  created?: string;
  modified?: string;
  name?: string;
  description?: string;
  revoked?: boolean;
  createdByRef?: string | null;
  tlp?: Tlp | null;
  relTo?: string[];
  labels?: string[];
  markingRefs?: string[];
  country?: string | null;
  admin1?: string | null;
  lat?: number | null;
  lon?: number | null;
  eventTime?: string | null;
  writtenBy?: string;
  ownerUser?: string | null;
  origin?: string;
  /** Extra top-level properties of the object. */
  extra?: StixJson;
}

export const newId = (type = 'incident'): string => `${type}--${randomUUID()}`;

/** A PutItem whose object and fields agree (incidents carry the Sentinelle extension). */
export function fixture(o: FixtureOptions = {}): PutItem {
  const type = o.type ?? 'incident';
  const id = o.id ?? newId(type);
  const created = o.created ?? '2024-01-01T00:00:00.000Z';
  const modified = o.modified ?? created;
  const name = o.name ?? 'Incident';
  const object: StixJson = {
    type,
    spec_version: '2.1',
    id,
    created,
    modified,
    name,
    ...(o.description !== undefined ? { description: o.description } : {}),
    ...(o.createdByRef ? { created_by_ref: o.createdByRef } : {}),
    ...(o.labels?.length ? { labels: o.labels } : {}),
    ...(o.markingRefs?.length ? { object_marking_refs: o.markingRefs } : {}),
    ...(o.revoked ? { revoked: true } : {}),
    ...(type === 'incident'
      ? {
          extensions: {
            [EXT_ID]: {
              extension_type: 'property-extension',
              event_type: 'armed_attack_security_forces',
              ...(o.eventTime ? { occurred_at: o.eventTime, time_precision: 'day' } : {}),
              ...(o.lat != null && o.lon != null ? { location: { lat: o.lat, lon: o.lon, country: o.country ?? null } } : {}),
            },
          },
        }
      : {}),
    ...o.extra,
  };
  const fields: IndexFields = {
    type,
    created,
    modified,
    revoked: o.revoked ?? false,
    createdByRef: o.createdByRef ?? null,
    tlp: o.tlp ?? null,
    relTo: o.relTo ?? [],
    labels: o.labels ?? [],
    markingRefs: o.markingRefs ?? [],
    country: o.country ?? null,
    admin1: o.admin1 ?? null,
    admin2: null,
    lat: o.lat ?? null,
    lon: o.lon ?? null,
    eventTime: o.eventTime ?? null,
    searchText: foldText([name, o.description ?? ''].join(' ')),
  };
  const item: PutItem = { object, fields, writtenBy: o.writtenBy ?? 'user:test' };
  if (o.ownerUser !== undefined) item.ownerUser = o.ownerUser;
  if (o.origin !== undefined) item.origin = o.origin;
  return item;
}

/** The same object as a later (or other) version: new `modified`, optional changes. */
export function version(base: PutItem, modified: string, changes: FixtureOptions = {}): PutItem {
  const o = base.object;
  return fixture({
    type: String(o.type),
    id: String(o.id),
    created: String(o.created),
    name: String(o.name),
    createdByRef: base.fields.createdByRef,
    ...changes,
    modified,
  });
}
