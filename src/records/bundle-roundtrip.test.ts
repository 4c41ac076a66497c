/**
 * STIX 2.1 bundles round-trip without loss (issue 5 item 3): a bundle holding every supported type,
 * the Sentinelle incident extension, TLP and statement markings (object and granular), a toplevel
 * property extension with its custom properties, a revoked object and sub-millisecond timestamps
 * is imported, exported (API bundle and TAXII), imported on a second node and exported again: every
 * object comes back identical. On both backends.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testBackends } from '../store/test-support/backends.ts';
import { createTestNode } from '../node/test-support/test-node.ts';
import {
  exampleBundle,
  exampleExtensionDefinition,
  exampleIndicator,
  exampleIncident,
  examplesByType,
  exampleThreatActor,
  FIXTURE_IDS,
} from '../objects/fixtures.ts';
import { TLP2_IDS } from '../objects/markings.ts';
import type { StixObject } from '../objects/stix.ts';
import { localCollectionId } from '../taxii/collections.ts';
import { TAXII_MEDIA } from '../taxii/media.ts';

const TOPLEVEL_EXT = 'extension-definition--2b3c4d5e-6f70-4a81-9b2c-3d4e5f607182';

function richObjects(): StixObject[] {
  const base = Object.values(examplesByType());
  return [
    ...base,
    exampleExtensionDefinition({
      id: TOPLEVEL_EXT,
      name: 'Fiabilité locale',
      extension_types: ['toplevel-property-extension'],
    }),
    exampleThreatActor({
      id: 'threat-actor--7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f',
      name: 'Groupe armé — « Katiba » ✓',
      extensions: { [TOPLEVEL_EXT]: { extension_type: 'toplevel-property-extension' } },
      x_local_reliability: 'B',
      x_local_notes: ['première mention', { nested: [1, 2.5, true, null] }],
    }),
    exampleIncident(
      {
        id: 'incident--8d9e0f1a-2b3c-4d4e-9f5a-6b7c8d9e0f1a',
        created: '2026-01-11T08:00:00.123456Z',
        modified: '2026-01-11T08:00:00.123456Z',
        object_marking_refs: [TLP2_IDS.red, FIXTURE_IDS.markingDefinition],
        granular_markings: [{ marking_ref: TLP2_IDS.amber, selectors: ['description'] }],
      },
      { casualties_note: undefined },
    ),
    exampleIndicator({ id: 'indicator--9e0f1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b', revoked: true }),
  ];
}

const byId = (objects: readonly unknown[]) => new Map((objects as StixObject[]).map((o) => [o.id, o]));

for (const backend of await testBackends()) {
  describe(`[${backend.name}] STIX bundle round trip`, () => {
    test('import → export (bundle and TAXII) → import elsewhere → export: every object identical', async () => {
      const [a, b] = await Promise.all([
        createTestNode({ backend: backend.name }),
        createTestNode({ backend: backend.name }),
      ]);
      try {
        const input = richObjects();
        const bundle = { ...exampleBundle(input) };
        const imported = await a.app.inject({
          method: 'POST',
          url: '/api/v1/bundles',
          headers: { ...a.as('analyst'), 'content-type': 'application/stix+json;version=2.1' },
          payload: JSON.stringify(bundle),
        });
        assert.equal(imported.statusCode, 200, imported.body);
        assert.equal((JSON.parse(imported.body) as { created: number }).created, input.length);

        const exported = await a.app.inject({
          method: 'GET',
          url: '/api/v1/export?include_revoked=true',
          headers: a.as('analyst'),
        });
        assert.equal(exported.statusCode, 200);
        const outA = JSON.parse(exported.body) as { type: string; objects: StixObject[] };
        assert.equal(outA.type, 'bundle');
        const mapA = byId(outA.objects);
        for (const o of input)
          assert.deepEqual(mapA.get(o.id), o, `${o.type} ${o.id} comes back as it went in`);

        const col = localCollectionId(a.node.settings.nodeId);
        const viaTaxii = await a.app.inject({
          method: 'GET',
          url: `/taxii2/api/collections/${col}/objects/?limit=1000`,
          headers: { ...a.as('analyst'), accept: TAXII_MEDIA },
        });
        const mapT = byId((JSON.parse(viaTaxii.body) as { objects: StixObject[] }).objects);
        for (const o of input) assert.deepEqual(mapT.get(o.id), o, `${o.type} over TAXII`);

        const again = await b.app.inject({
          method: 'POST',
          url: '/api/v1/bundles',
          headers: { ...b.as('analyst'), 'content-type': 'application/json' },
          payload: exported.body,
        });
        assert.equal(again.statusCode, 200, again.body);
        const outB = JSON.parse(
          (
            await b.app.inject({
              method: 'GET',
              url: '/api/v1/export?include_revoked=true',
              headers: b.as('analyst'),
            })
          ).body,
        ) as { objects: StixObject[] };
        const mapB = byId(outB.objects);
        for (const o of outA.objects)
          assert.deepEqual(mapB.get(o.id), o, `${o.type} ${o.id} survives a second trip`);

        // Importing the export back where it came from changes nothing.
        const same = JSON.parse(
          (
            await a.app.inject({
              method: 'POST',
              url: '/api/v1/bundles',
              headers: { ...a.as('analyst'), 'content-type': 'application/json' },
              payload: exported.body,
            })
          ).body,
        ) as Record<string, number>;
        assert.equal(same.created, 0);
        assert.equal(same.updated, 0);
        assert.equal(same.unchanged, outA.objects.length);
      } finally {
        await b.dispose();
        await a.dispose();
      }
    });
  });
}
