import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adminAreaAt } from '../geo/boundaries.ts';
import type { StixObject } from '../objects/stix.ts';
import { buildDemo, buildDemoBundle, DEMO_SYNTHETIC_LABEL } from './demo.ts';
import { SYNTHETIC_TEMPLATES } from './demo-synthetic.ts';
import { assertStixShape, EXTENSION_ID } from './test-support/shape.ts';

const TLP = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
};
const statementOf = (o: StixObject | undefined) =>
  (o?.definition as { statement?: string } | undefined)?.statement;

void describe('demo bundle', async () => {
  const { bundle, ucdpReport } = await buildDemo();
  const objects = bundle.objects;
  const byId = new Map(objects.map((o) => [o.id, o]));
  const synthetic = objects.filter((o) => o.labels?.includes(DEMO_SYNTHETIC_LABEL));

  void it('is deterministic for the same options, byte for byte', async () => {
    const again = await buildDemoBundle();
    assert.equal(JSON.stringify(again), JSON.stringify(bundle));
  });

  void it('gives every object a unique id and a sound STIX 2.1 shape', () => {
    assert.equal(bundle.type, 'bundle');
    assert.match(bundle.id, /^bundle--/);
    assert.equal(byId.size, objects.length);
    for (const o of objects) assertStixShape(o);
  });

  void it('carries every UCDP row as a TLP:CLEAR incident created by the UCDP identity', () => {
    const ucdp = objects.filter((o) => o.type === 'incident' && o.labels?.includes('ucdp'));
    assert.equal(ucdp.length, 2292);
    assert.equal(ucdpReport.skippedRows, 0);
    const ucdpIdentity = byId.get(String(ucdp[0]?.created_by_ref));
    assert.equal(ucdpIdentity?.name, 'Uppsala Conflict Data Program (UCDP)');
    assert.ok(
      ucdp.every((o) => o.object_marking_refs?.length === 1 && o.object_marking_refs[0] === TLP.clear),
    );
  });

  void it('adds twenty clearly labelled fictitious records, marked to be withheld', () => {
    assert.equal(synthetic.length, SYNTHETIC_TEMPLATES.length);
    assert.equal(synthetic.length, 20);
    for (const o of synthetic) {
      assert.ok(String(o.description).startsWith('Donnée fictive de démonstration.'), o.id);
      assert.ok(String(o.name).startsWith('[DÉMO] '), o.id);
      assert.ok(!o.object_marking_refs?.includes(TLP.clear), `${o.id} is not public`);
    }
    const rel = (s: string) =>
      synthetic.filter((o) => o.object_marking_refs?.some((r) => statementOf(byId.get(r)) === s)).length;
    assert.ok(rel('REL TO BFA, SEN') >= 3);
    assert.ok(rel('REL TO BFA, MLI, NER') >= 8);
    const types = new Set(
      synthetic.map((o) => (o.extensions?.[EXTENSION_ID] as { event_type: string }).event_type),
    );
    for (const t of ['arms_seizure', 'ied_found', 'trafficking_interdiction']) assert.ok(types.has(t), t);
  });

  void it('places every fictitious record inside its declared country', () => {
    for (const o of synthetic) {
      const loc = (
        o.extensions?.[EXTENSION_ID] as {
          location: { lat: number; lon: number; country: string; admin1?: string };
        }
      ).location;
      assert.equal(adminAreaAt(loc.lat, loc.lon)?.country, loc.country, String(o.name));
      assert.ok(loc.admin1, String(o.name));
    }
  });

  void it('resolves every marking and reference inside the bundle', () => {
    for (const o of objects) {
      for (const ref of o.object_marking_refs ?? [])
        assert.equal(byId.get(ref)?.type, 'marking-definition', `${o.id} → ${ref}`);
      if (o.created_by_ref) assert.equal(byId.get(o.created_by_ref)?.type, 'identity', `${o.id} creator`);
    }
    const statements = objects.filter((o) => o.definition_type === 'statement').map(statementOf);
    assert.deepEqual(statements.sort(), ['REL TO BFA, MLI, NER', 'REL TO BFA, SEN']);
    const tlpNames = objects
      .filter((o) => o.type === 'marking-definition' && o.name?.toString().startsWith('TLP:'))
      .map((o) => o.name);
    assert.deepEqual(tlpNames, ['TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED']);
  });

  void it('describes JNIM and the Islamic State in the Sahel without attributing any event to them', () => {
    const actors = objects.filter((o) => o.type === 'threat-actor');
    assert.deepEqual(
      actors.map((o) => o.name),
      ['Jama’at Nusrat al-Islam wal-Muslimin (JNIM)', 'État islamique au Sahel'],
    );
    assert.ok(actors.every((a) => Array.isArray(a.aliases) && a.aliases.length > 0));
    const ids = new Set(actors.map((a) => a.id));
    const mentions = objects.filter(
      (o) =>
        o.type !== 'threat-actor' &&
        JSON.stringify(o)
          .match(/threat-actor--[0-9a-f-]+/g)
          ?.some((id) => ids.has(id)),
    );
    assert.deepEqual(mentions, []);
    assert.equal(objects.filter((o) => o.type === 'relationship').length, 0);
  });

  void it('groups a few public Sahel incidents in a report', () => {
    const report = objects.find((o) => o.type === 'report');
    assert.ok(report);
    const refs = report.object_refs as string[];
    assert.ok(refs.length >= 3 && refs.length <= 6);
    for (const ref of refs) {
      const o = byId.get(ref);
      assert.equal(o?.type, 'incident');
      assert.ok(o?.labels?.includes('ucdp'));
    }
    assert.equal(report.published, '2024-06-01T00:00:00.000Z');
  });

  void it('uses an existing node identity instead of creating one', async () => {
    const nodeIdentityId = 'identity--0b6f7a52-2c4e-4d7e-9b7a-3f1e2d4c5b6a';
    const withNode = await buildDemoBundle({ nodeIdentityId });
    assert.equal(withNode.objects.filter((o) => o.type === 'identity').length, 1, 'only UCDP');
    const mine = withNode.objects.filter((o) => o.labels?.includes(DEMO_SYNTHETIC_LABEL));
    assert.ok(mine.every((o) => o.created_by_ref === nodeIdentityId));
  });

  void it('varies fictitious details with the seed but keeps UCDP ids', async () => {
    const other = await buildDemoBundle({ seed: 'autre' });
    const ucdpIds = (b: { objects: StixObject[] }) =>
      b.objects.filter((o) => o.labels?.includes('ucdp')).map((o) => o.id);
    assert.deepEqual(ucdpIds(other), ucdpIds(bundle));
    const details = (b: { objects: StixObject[] }) =>
      b.objects
        .filter((o) => o.labels?.includes(DEMO_SYNTHETIC_LABEL))
        .map((o) => `${o.created}|${String(o.description)}`);
    assert.notDeepEqual(details(other), details(bundle));
  });
});
