/**
 * A sanity check of STIX 2.1 shape for the importers' own tests (the objects module's validator
 * is the authority; this only catches what an importer would get wrong on its own).
 */
import assert from 'node:assert/strict';
import type { StixObject } from '../../objects/stix.ts';

const ID_RE = /^([a-z0-9-]+)--[0-9a-f]{8}-[0-9a-f]{4}-[45][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TS_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
export const EXTENSION_ID = 'extension-definition--2f0e5c1a-7b3d-4c1e-9a6f-5d8e4b3c2a10';

export function assertStixShape(o: StixObject): void {
  const where = `${o.type} ${o.id}`;
  assert.equal(ID_RE.exec(o.id)?.[1], o.type, `${where}: id matches type`);
  assert.equal(o.spec_version, '2.1', where);
  assert.match(o.created ?? '', TS_RE, `${where}: created`);
  if (o.type !== 'marking-definition') {
    assert.match(o.modified ?? '', TS_RE, `${where}: modified`);
    assert.ok((o.created ?? '') <= (o.modified ?? ''), `${where}: created <= modified`);
  }
  for (const ref of o.object_marking_refs ?? []) assert.match(ref, /^marking-definition--/, where);
  if (o.created_by_ref !== undefined) assert.match(o.created_by_ref, /^identity--/, where);
  if (o.type === 'incident') {
    assert.equal(typeof o.name, 'string', where);
    assert.ok((o.name as string).length > 0 && (o.name as string).length <= 120, `${where}: short name`);
    assert.equal(o.lang, 'fr', where);
    const ext = o.extensions?.[EXTENSION_ID];
    assert.ok(ext, `${where}: extension`);
    for (const k of [
      'extension_type',
      'event_type',
      'occurred_at',
      'time_precision',
      'location',
      'source_reliability',
      'information_credibility',
    ]) {
      assert.ok(k in ext, `${where}: extension.${k}`);
    }
    assert.match(String(ext.occurred_at), TS_RE, where);
    const loc = ext.location as { lat: number; lon: number; country: string };
    assert.ok(Math.abs(loc.lat) <= 90 && Math.abs(loc.lon) <= 180, where);
    assert.match(loc.country, /^[A-Z]{3}$/, where);
  }
}
