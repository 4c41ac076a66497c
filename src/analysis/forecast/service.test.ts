import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { testBackends } from '../../store/test-support/backends.ts';
import { createTestNode, type TestNode } from '../../node/test-support/test-node.ts';
import { importUcdpCsv } from '../../imports/ucdp.ts';
import { UCDP_IDENTITY_ID, ucdpSourceIdentity } from '../../imports/ucdp-source.ts';
import { ALERT_TYPE } from '../alerts.ts';

/**
 * 14 months (2025-01 … 2026-02; the test clock is 2026-03-01) of events: Soum (BF.SM) every
 * month, Kénédougou (BF.KN) quiet until a burst of 8 events in 2026-02.
 */
function csv(): string {
  const rows = ['date_start,country,latitude,longitude,best,type_of_violence'];
  for (let m = 0; m < 14; m++) {
    const y = 2025 + Math.floor(m / 12);
    const mm = String((m % 12) + 1).padStart(2, '0');
    for (let k = 0; k < 3; k++)
      rows.push(`${y}-${mm}-${String(3 + k).padStart(2, '0')},Burkina Faso,14.1,-1.6,${k + 2},3`);
    if (m % 5 === 0) rows.push(`${y}-${mm}-10,Mali,14.5,-4.2,1,1`);
  }
  for (let k = 0; k < 8; k++) rows.push(`2026-02-${String(10 + k)},Burkina Faso,11.1,-4.9,1,2`);
  return rows.join('\n') + '\n';
}

for (const backend of await testBackends()) {
  describe(`[${backend.name}] forecast service and GET /api/v1/forecast`, () => {
    let tn: TestNode;
    before(async () => {
      tn = await createTestNode({ backend: backend.name });
      const { objects } = await importUcdpCsv(Readable.from([csv()]), {
        sourceIdentityId: UCDP_IDENTITY_ID,
        importedAt: '2026-03-01T00:00:00.000Z',
      });
      await tn.node.records.importObjects(tn.node.system, [ucdpSourceIdentity(), ...objects]);
    });
    after(async () => tn?.dispose());

    test('forecasts every admin-1 area for next month, riskiest first, and caches the run', async () => {
      tn.node.forecast.thresholds.risk = 0.5;
      const res = await tn.app.inject({
        method: 'GET',
        url: '/api/v1/forecast?unit=admin1&horizon=1&limit=5',
        headers: tn.as('analyst'),
      });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json<{
        targetMonth: string;
        trainedThrough: string;
        incidents: number;
        createdAt: string;
        items: { id: string; probability: number; fatalities: number; drivers: { name: string }[] }[];
      }>();
      assert.equal(body.trainedThrough, '2026-02');
      assert.equal(body.targetMonth, '2026-03');
      assert.equal(body.items.length, 5);
      assert.equal(body.items[0]!.id, 'BF.SM');
      assert.ok(body.items[0]!.probability > 0.5, `P = ${body.items[0]!.probability}`);
      assert.ok(body.items[0]!.fatalities > 0);
      assert.ok(body.items[0]!.drivers.length > 0);
      for (let i = 1; i < body.items.length; i++)
        assert.ok(body.items[i - 1]!.probability >= body.items[i]!.probability);
      const again = await tn.app.inject({
        method: 'GET',
        url: '/api/v1/forecast?unit=admin1',
        headers: tn.as('liaison'),
      });
      assert.equal(
        again.json<{ createdAt: string }>().createdAt,
        body.createdAt,
        'no new run while incidents are unchanged',
      );
    });

    test('raises a forecast-risk alert naming its signals and a count-surge alert', async () => {
      const { rows } = await tn.node.db.query<{
        object: Record<string, unknown> & { alert_kind: string; admin1?: string };
      }>(`SELECT object FROM objects WHERE type = $1`, [ALERT_TYPE]);
      const kinds = rows.map((r) => `${r.object.alert_kind}:${r.object.admin1 ?? ''}`);
      assert.ok(kinds.includes('forecast-risk:Soum'), kinds.join(' '));
      assert.ok(kinds.includes('count-surge:Kénédougou'), kinds.join(' '));
      const risk = rows.find((r) => r.object.alert_kind === 'forecast-risk')!.object;
      assert.ok(Array.isArray(risk.signals) && risk.signals.length > 0);
      assert.ok(Array.isArray(risk.object_refs) && risk.object_refs.length > 0, 'names the recent incidents');
    });

    test('bad query and permissions', async () => {
      const bad = await tn.app.inject({
        method: 'GET',
        url: '/api/v1/forecast?unit=district',
        headers: tn.as('analyst'),
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /unit/);
      const h = await tn.app.inject({
        method: 'GET',
        url: '/api/v1/forecast?horizon=2',
        headers: tn.as('analyst'),
      });
      assert.equal(h.statusCode, 400);
      const denied = await tn.app.inject({
        method: 'GET',
        url: '/api/v1/forecast',
        headers: tn.as('reporter'),
      });
      assert.equal(denied.statusCode, 403);
      const anon = await tn.app.inject({ method: 'GET', url: '/api/v1/forecast' });
      assert.equal(anon.statusCode, 401);
    });
  });
}
