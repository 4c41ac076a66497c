/** The ledger's HTTP routes: permissions, problem+json naming the field, report formats, OpenAPI coverage. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestNode, type TestNode } from '../node/test-support/test-node.ts';
import { documentedRoutes } from '../api/openapi.ts';
import { cooperationOpenApiPaths } from '../api/routes/cooperation.ts';
import { deliveryInput, PARTNER, programmeInput, trainingInput } from './test-support/fixtures.ts';
import { generateKeyPairSync } from 'node:crypto';

describe('cooperation API', () => {
  let tn: TestNode;
  let programme: string;
  before(async () => {
    tn = await createTestNode();
  });
  after(async () => tn?.dispose());

  const call = async (
    role: 'liaison' | 'analyst' | 'reporter',
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: unknown,
  ) => {
    const res = await tn.app.inject({
      method,
      url,
      headers: { ...tn.as(role), 'accept-language': 'en' },
      ...(payload ? { payload: payload as Record<string, unknown> } : {}),
    });
    return { res, body: res.headers['content-type']?.toString().includes('json') ? res.json() : res.body };
  };

  test('liaison manages the ledger, analysts read it, reporters are refused', async () => {
    const self = tn.node.settings.nodeId;
    const p = await call('liaison', 'POST', '/api/v1/cooperation/programmes', programmeInput(self, PARTNER));
    assert.equal(p.res.statusCode, 201, JSON.stringify(p.body));
    programme = p.body.id;
    assert.equal(
      (await call('analyst', 'POST', '/api/v1/cooperation/programmes', programmeInput(self, PARTNER))).res
        .statusCode,
      403,
    );
    assert.equal((await call('reporter', 'GET', '/api/v1/cooperation/ledger')).res.statusCode, 403);
    const a = await call(
      'liaison',
      'POST',
      '/api/v1/cooperation/activities',
      trainingInput(programme, PARTNER, self, { status: 'planned', outcomes: undefined, end: undefined }),
    );
    assert.equal(a.res.statusCode, 201, JSON.stringify(a.body));
    const bad = await call('liaison', 'PATCH', `/api/v1/cooperation/activities/${a.body.id}`, {
      status: 'completed',
    });
    assert.equal(bad.res.statusCode, 400);
    assert.equal(bad.body.errors[0].pointer ?? bad.body.errors[0].path, '/status');
    assert.equal(
      (await call('liaison', 'PATCH', `/api/v1/cooperation/activities/${a.body.id}`, { status: 'ongoing' }))
        .res.statusCode,
      200,
    );
    const ledger = await call('analyst', 'GET', '/api/v1/cooperation/ledger');
    assert.equal(ledger.res.statusCode, 200);
    assert.equal(ledger.body.activities.length, 1);
    assert.deepEqual(
      ledger.body.partners.map((x: { node_id: string }) => x.node_id),
      [PARTNER],
    );
  });

  test('a negative quantity is a 400 problem naming the field, in the caller’s language', async () => {
    const r = await call(
      'liaison',
      'POST',
      '/api/v1/cooperation/deliveries',
      deliveryInput(programme, PARTNER, tn.node.settings.nodeId, {
        items: [{ item_type: 'Radio', category: 'communications', quantity: -1, measure: 'each' }],
      }),
    );
    assert.equal(r.res.statusCode, 400);
    assert.match(String(r.res.headers['content-type']), /problem\+json/);
    assert.match(JSON.stringify(r.body), /\/items\/0\/quantity/);
    const none = await call('liaison', 'POST', '/api/v1/cooperation/receipts', {
      delivery_ref: 'x-sentinelle-delivery--6f0c3a8e-2b1d-4c5e-9f7a-1b2c3d4e5f60',
    });
    assert.equal(none.res.statusCode, 404);
    assert.match(JSON.stringify(none.body), /Delivery not found/);
  });

  test('the report in JSON, CSV and print-ready HTML (its own CSP: no script, the style by hash)', async () => {
    const key = generateKeyPairSync('ed25519')
      .publicKey.export({ type: 'spki', format: 'der' })
      .toString('base64url');
    await tn.node.peers.add('system', {
      nodeId: PARTNER,
      name: 'Service SEN',
      country: 'SEN',
      baseUrl: 'http://127.0.0.1:9',
      publicKey: key,
    });
    const q = `/api/v1/cooperation/report?peer=${PARTNER}&from=2026-01-01&to=2026-03-31`;
    const j = await call('analyst', 'GET', q);
    assert.equal(j.res.statusCode, 200, JSON.stringify(j.body));
    assert.equal(j.body.peer.name, 'Service SEN');
    const csv = await call('analyst', 'GET', `${q}&format=csv&lang=fr`);
    assert.match(String(csv.res.headers['content-type']), /text\/csv/);
    assert.match(String(csv.body), /rubrique,élément,fourni,reçu,remarque/);
    const html = await call('analyst', 'GET', `${q}&format=html&lang=en`);
    assert.match(String(html.res.headers['content-type']), /text\/html/);
    assert.match(String(html.res.headers['content-security-policy']), /style-src 'sha256-/);
    assert.doesNotMatch(String(html.res.headers['content-security-policy']), /unsafe-inline|script-src/);
    assert.match(String(html.body), /Cooperation report/);
    const bad = await call(
      'analyst',
      'GET',
      `/api/v1/cooperation/report?peer=${PARTNER}&from=2026-04-01&to=2026-03-01&format=pdf`,
    );
    assert.equal(bad.res.statusCode, 400);
    assert.match(JSON.stringify(bad.body), /\/format/);
  });

  test('every route is documented in cooperationOpenApiPaths', () => {
    const documented = new Set(documentedRoutes().map((r) => `${r.method} ${r.url}`));
    const served = tn.app.routesSeen
      .filter((r) => r.url.startsWith('/api/v1/cooperation'))
      .map((r) => `${r.method} ${r.url}`);
    assert.equal(
      served.length,
      Object.values(cooperationOpenApiPaths).reduce((n, p) => n + Object.keys(p).length, 0),
    );
    for (const s of served) assert.ok(documented.has(s), s);
  });
});
