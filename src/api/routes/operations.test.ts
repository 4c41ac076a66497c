/** /api/v1/operations, /protected-sites and /deconfliction over real HTTP (in-process), both backends. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testBackends } from '../../store/test-support/backends.ts';
import { createTestNode, type TestNode } from '../../node/test-support/test-node.ts';
import type { Role } from '../../auth/roles.ts';
import { operationInput, siteInput } from '../../operations/test-support/fixtures.ts';

for (const backend of await testBackends()) {
  describe(`[${backend.name}] operations routes`, () => {
    let tn: TestNode;
    const call = async (as: Role, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => {
      const res = await tn.app.inject({
        method,
        url,
        headers: { ...tn.as(as), 'accept-language': 'en' },
        ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      });
      return {
        status: res.statusCode,
        type: String(res.headers['content-type']),
        text: res.body,
        json: (): unknown => res.json(),
      };
    };
    before(async () => {
      tn = await createTestNode({ backend: backend.name });
    });
    after(async () => tn?.dispose());

    test('plan, see the conflict with a protected site at once, triage it, export GeoJSON and CoT', async () => {
      const site = await call('liaison', 'POST', '/api/v1/protected-sites', siteInput());
      assert.equal(site.status, 201, site.text);
      const op = await call('analyst', 'POST', '/api/v1/operations', operationInput());
      assert.equal(op.status, 201, op.text);
      const created = op.json() as { object: { id: string }; conflicts: { id: string; kind: string }[] };
      assert.equal(created.conflicts.length, 1);
      assert.equal(created.conflicts[0]!.kind, 'protected-site');
      const id = created.object.id;

      const inbox = (await call('liaison', 'GET', '/api/v1/deconfliction/conflicts?status=open')).json() as {
        items: { id: string }[];
      };
      assert.equal(inbox.items.length, 1);
      const cid = inbox.items[0]!.id;
      assert.equal(
        (await call('liaison', 'POST', `/api/v1/deconfliction/conflicts/${cid}/acknowledge`)).status,
        200,
      );
      const bad = await call('liaison', 'POST', `/api/v1/deconfliction/conflicts/${cid}/resolve`, {
        resolution: 'whatever',
      });
      assert.equal(bad.status, 400);
      const resolved = await call('liaison', 'POST', `/api/v1/deconfliction/conflicts/${cid}/resolve`, {
        resolution: 're-routed',
        note: 'contournement par l’est',
      });
      assert.equal((resolved.json() as { status: string }).status, 'resolved');

      const geo = await call('analyst', 'GET', `/api/v1/operations/${id}/geojson`);
      assert.match(geo.type, /application\/geo\+json/);
      const fc = geo.json() as { features: { properties: { role: string } }[] };
      assert.deepEqual(
        fc.features.map((f) => f.properties.role),
        ['operation', 'site', 'conflict'],
      );
      const cot = await call('analyst', 'GET', `/api/v1/operations/${id}/cot`);
      assert.match(cot.type, /application\/xml/);
      assert.match(cot.text, /<event version="2.0" uid="x-sentinelle-operation--[^"]+" type="u-d-f"/);
      assert.match(cot.text, /<link point="14.05,-1.7"\/>/);
      assert.match(cot.text, /type="u-d-c-c"/, 'the point site as a circle');
      const sites = await call('analyst', 'GET', '/api/v1/protected-sites/geojson');
      assert.equal((sites.json() as { features: unknown[] }).features.length, 1);

      const next = await call('analyst', 'POST', `/api/v1/operations/${id}/status`, { status: 'proposed' });
      assert.equal(next.status, 200, next.text);
      const detail = (await call('analyst', 'GET', `/api/v1/operations/${id}`)).json() as { next: string[] };
      assert.deepEqual(detail.next, ['approved', 'draft', 'cancelled']);
      const list = (await call('auditor', 'GET', '/api/v1/operations')).status;
      assert.equal(list, 403, 'the auditor reads no operations');
    });

    test('bad input: problem+json naming the field, in the caller’s language', async () => {
      const res = await call(
        'analyst',
        'POST',
        '/api/v1/operations',
        operationInput({
          area: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [2, 2],
                [2, 0],
                [0, 2],
                [0, 0],
              ],
            ],
          },
          planned_end: '2026-03-01T00:00:00Z',
        }),
      );
      assert.equal(res.status, 400);
      assert.match(res.type, /application\/problem\+json/);
      const p = res.json() as { errors: { pointer: string; detail: string }[] };
      assert.deepEqual(p.errors.map((e) => e.pointer).sort(), ['/area/coordinates/0', '/planned_end']);
      assert.ok(p.errors.some((e) => /crosses itself/.test(e.detail)));
      const reporter = await call('reporter', 'POST', '/api/v1/operations', operationInput());
      assert.equal(reporter.status, 403);
      const liaisonPlans = await call('liaison', 'POST', '/api/v1/operations', operationInput());
      assert.equal(liaisonPlans.status, 403, 'liaison deconflicts, analysts plan');
      const summary = await call(
        'analyst',
        'GET',
        '/api/v1/operations/summary?from=2026-01-01T00:00:00Z&to=2025-01-01T00:00:00Z',
      );
      assert.equal(summary.status, 400);
    });
  });
}
