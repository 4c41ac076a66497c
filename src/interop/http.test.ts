import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { cliPrincipal } from '../cli/main.ts';
import { acledToStix } from '../imports/acled.ts';
import { ACLED_IDENTITY_ID, acledSourceIdentity } from '../imports/acled-source.ts';
import { openCsv, readCsv } from '../imports/csv.ts';
import { importStream } from '../imports/pipeline.ts';
import { createTestNode, type TestNode } from '../node/test-support/test-node.ts';
import { SENTINELLE_INCIDENT_EXTENSION_ID } from '../objects/stix.ts';
import { testBackends } from '../store/test-support/backends.ts';
import { INCIDENT_COLUMNS } from './gis/incident-row.ts';
import { parseXml } from './cot/test-support/xml-check.ts';

const ACLED = new URL('../imports/fixtures/acled_handmade.csv', import.meta.url);
const MISP = JSON.parse(
  readFileSync(new URL('./misp/fixtures/event.json', import.meta.url), 'utf8'),
) as unknown;

describe('interoperability over HTTP: CSV, GeoJSON, CoT, MISP', { timeout: 120_000 }, async () => {
  for (const backend of await testBackends()) {
    describe(backend.name, () => {
      let tn: TestNode;
      let reporterIncident: string;
      before(async () => {
        tn = await createTestNode({ backend: backend.name });
        const table = await openCsv(ACLED);
        await importStream(
          tn.node,
          cliPrincipal('en'),
          acledToStix(table, { sourceIdentityId: ACLED_IDENTITY_ID, importedAt: '2025-01-15T08:00:00.000Z' }),
          {
            leading: [acledSourceIdentity()],
            action: 'import.acled',
          },
        );
        const res = await tn.app.inject({
          method: 'POST',
          url: '/api/v1/objects',
          headers: tn.as('reporter'),
          payload: {
            type: 'incident',
            name: 'Rapport, "terrain"',
            extensions: {
              [SENTINELLE_INCIDENT_EXTENSION_ID]: {
                extension_type: 'property-extension',
                event_type: 'ied_found',
                occurred_at: '2026-02-28T06:30:00Z',
                time_precision: 'hour',
                location: { country: 'BFA' },
                source_reliability: 'A',
                information_credibility: 1,
              },
            },
          },
        });
        assert.equal(res.statusCode, 201, res.body);
        reporterIncident = (JSON.parse(res.body) as { id: string }).id;
      });
      after(async () => tn.dispose());

      it('CSV: every incident, columns QGIS reads, list filters applied', async () => {
        const res = await tn.app.inject({
          method: 'GET',
          url: '/api/v1/export/incidents.csv',
          headers: tn.as('analyst'),
        });
        assert.equal(res.statusCode, 200);
        assert.match(String(res.headers['content-type']), /^text\/csv/);
        const rows = [];
        for await (const r of readCsv(Readable.from([res.body]))) rows.push(r);
        assert.equal(rows.length, 5);
        assert.ok(rows.every((r) => !r.error && r.fieldCount === INCIDENT_COLUMNS.length + 1));
        const djibo = rows.find((r) => r.record.source_reference === 'BFA90001')!.record;
        assert.equal(djibo.latitude, '14.1');
        assert.equal(djibo.wkt, 'POINT (-1.63 14.1)');
        assert.equal(djibo.fatalities, '8');
        assert.equal(djibo.tlp, 'amber');
        const mine = rows.find((r) => r.record.id === reporterIncident)!.record;
        assert.equal(mine.name, 'Rapport, "terrain"');
        assert.equal(mine.latitude, '');
        const filtered = await tn.app.inject({
          method: 'GET',
          url: '/api/v1/export/incidents.csv?country=MLI,NER',
          headers: tn.as('analyst'),
        });
        assert.equal(filtered.body.trim().split('\r\n').length, 3);
      });

      it('GeoJSON: a FeatureCollection of points [lon, lat], null geometry when unlocated', async () => {
        const res = await tn.app.inject({
          method: 'GET',
          url: '/api/v1/export/incidents.geojson?bbox=-5,10,3,16',
          headers: tn.as('analyst'),
        });
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers['content-type'], 'application/geo+json');
        const fc = JSON.parse(res.body) as {
          type: string;
          features: {
            id: string;
            geometry: { coordinates: number[] } | null;
            properties: Record<string, unknown>;
          }[];
        };
        assert.equal(fc.type, 'FeatureCollection');
        assert.equal(fc.features.length, 3);
        const f = fc.features.find((x) => x.properties.source_reference === 'NER90003')!;
        assert.deepEqual(f.geometry, { type: 'Point', coordinates: [0.75, 14.01] });
        const all = JSON.parse(
          (
            await tn.app.inject({
              method: 'GET',
              url: '/api/v1/export/incidents.geojson',
              headers: tn.as('analyst'),
            })
          ).body,
        ) as typeof fc;
        assert.equal(all.features.find((x) => x.id === reporterIncident)!.geometry, null);
      });

      it('exports need the export permission; bad filters name the parameter', async () => {
        for (const role of ['liaison', 'reporter', 'admin'] as const) {
          const res = await tn.app.inject({
            method: 'GET',
            url: '/api/v1/export/incidents.csv',
            headers: tn.as(role),
          });
          assert.equal(res.statusCode, 403, role);
          assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
        }
        assert.equal(
          (await tn.app.inject({ method: 'GET', url: '/api/v1/export/incidents.geojson' })).statusCode,
          401,
        );
        const bad = await tn.app.inject({
          method: 'GET',
          url: '/api/v1/export/incidents.geojson?bbox=1,2',
          headers: tn.as('analyst'),
        });
        assert.equal(bad.statusCode, 400);
        assert.equal((JSON.parse(bad.body) as { errors: { pointer: string }[] }).errors[0]!.pointer, '/bbox');
      });

      it('CoT export: well-formed <events>, scoped like the list API', async () => {
        const all = await tn.app.inject({
          method: 'GET',
          url: '/api/v1/export/cot?stale_minutes=60',
          headers: tn.as('analyst'),
        });
        assert.equal(all.statusCode, 200);
        const root = parseXml(all.body);
        assert.equal(root.name, 'events');
        assert.equal(root.children.length, 4, 'the unlocated report has no point');
        const ev = root.children[0]!;
        assert.equal(Date.parse(ev.attrs.stale!) - Date.parse(ev.attrs.time!), 3_600_000);
        const own = parseXml(
          (await tn.app.inject({ method: 'GET', url: '/api/v1/export/cot', headers: tn.as('reporter') }))
            .body,
        );
        assert.equal(
          own.children.length,
          0,
          'the reporter’s only incident has no point; ACLED rows are not theirs',
        );
        assert.equal(
          (await tn.app.inject({ method: 'GET', url: '/api/v1/export/cot', headers: tn.as('auditor') }))
            .statusCode,
          403,
        );
        assert.equal(
          (
            await tn.app.inject({
              method: 'GET',
              url: '/api/v1/export/cot?stale_minutes=0',
              headers: tn.as('analyst'),
            })
          ).statusCode,
          400,
        );
      });

      it('MISP: import (idempotent, unmapped listed), export of the report as an event', async () => {
        const first = await tn.app.inject({
          method: 'POST',
          url: '/api/v1/import/misp',
          headers: tn.as('analyst'),
          payload: MISP as object,
        });
        assert.equal(first.statusCode, 200, first.body);
        const r1 = JSON.parse(first.body) as {
          events: { reportId: string; store: { created: number; total: number; unchanged: number } }[];
          unmapped: { path: string }[];
          rejected: unknown[];
        };
        assert.equal(r1.events.length, 1);
        assert.equal(r1.rejected.length, 0);
        assert.equal(r1.unmapped.length, 4);
        assert.equal(r1.events[0]!.store.created, r1.events[0]!.store.total);
        const again = JSON.parse(
          (
            await tn.app.inject({
              method: 'POST',
              url: '/api/v1/import/misp',
              headers: tn.as('analyst'),
              payload: MISP as object,
            })
          ).body,
        ) as typeof r1;
        assert.equal(again.events[0]!.store.unchanged, again.events[0]!.store.total);
        const reportId = r1.events[0]!.reportId;
        const out = await tn.app.inject({
          method: 'GET',
          url: `/api/v1/export/misp?report=${reportId}`,
          headers: tn.as('analyst'),
        });
        assert.equal(out.statusCode, 200, out.body);
        const ev = (
          JSON.parse(out.body) as { Event: { uuid: string; Attribute: unknown[]; Galaxy: unknown[] } }
        ).Event;
        assert.equal(ev.uuid, '5b1c3b8e-2f7a-4c1d-9e0a-1f2b3c4d5e6f');
        assert.equal(ev.Attribute.length, 7);
        assert.equal(ev.Galaxy.length, 1);
        // Incidents of the node as one event.
        const inc = JSON.parse(
          (
            await tn.app.inject({
              method: 'GET',
              url: '/api/v1/export/misp?type=incident&country=BFA&info=BFA',
              headers: tn.as('analyst'),
            })
          ).body,
        ) as { Event: { info: string; Object: { name: string }[] } };
        assert.equal(inc.Event.info, 'BFA');
        assert.equal(inc.Event.Object.filter((o) => o.name === 'sentinelle-incident').length, 2);
      });

      it('MISP import: a bad event is rejected whole with paths, the good one kept; junk is a 400; reporters may not import', async () => {
        const good = (MISP as { Event: Record<string, unknown> }).Event;
        const doc = {
          response: [
            {
              Event: {
                ...good,
                uuid: '6b1c3b8e-2f7a-4c1d-9e0a-1f2b3c4d5e6f',
                Attribute: [],
                Object: [],
                Galaxy: [],
              },
            },
            { Event: { info: '', date: 'x' } },
          ],
        };
        const res = JSON.parse(
          (
            await tn.app.inject({
              method: 'POST',
              url: '/api/v1/import/misp',
              headers: tn.as('analyst'),
              payload: doc,
            })
          ).body,
        ) as { events: unknown[]; rejected: { path: string; issues: { path: string }[] }[] };
        assert.equal(res.events.length, 1);
        assert.deepEqual(
          res.rejected.map((r) => [r.path, r.issues.map((i) => i.path)]),
          [
            [
              '/response/1/Event',
              ['/response/1/Event/uuid', '/response/1/Event/info', '/response/1/Event/date'],
            ],
          ],
        );
        const junk = await tn.app.inject({
          method: 'POST',
          url: '/api/v1/import/misp',
          headers: tn.as('analyst'),
          payload: { hello: 'world' },
        });
        assert.equal(junk.statusCode, 400);
        const denied = await tn.app.inject({
          method: 'POST',
          url: '/api/v1/import/misp',
          headers: tn.as('reporter'),
          payload: MISP as object,
        });
        assert.equal(denied.statusCode, 403);
      });
    });
  }
});
