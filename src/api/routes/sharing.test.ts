/**
 * HTTP tests of the sharing routes between two real nodes (BFA and SEN, in process): peers
 * registered by admins, an agreement proposed, exchanged, signed and made effective by liaison
 * officers, a decision explained, reciprocity read; the role matrix; problem+json errors.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { InjectOptions } from 'fastify';
import { createTestNode, ROLES, type TestNode } from '../../node/test-support/test-node.ts';
import { EXT_ID } from '../../objects/sentinelle-extension.ts';
import { TLP } from '../../objects/markings.ts';

let bfa: TestNode;
let sen: TestNode;
before(async () => {
  bfa = await createTestNode({ country: 'BFA', organisation: 'Service BFA' });
  sen = await createTestNode({ country: 'SEN', organisation: 'Service SEN' });
});
after(async () => {
  await bfa?.dispose();
  await sen?.dispose();
});

type Role = Parameters<TestNode['as']>[0];
async function call(tn: TestNode, opts: InjectOptions & { as?: Role; headers?: Record<string, string> }) {
  const { as, headers, ...rest } = opts;
  const res = await tn.app.inject({ ...rest, headers: { ...(headers ?? {}), ...(as ? tn.as(as) : {}) } });
  return { res, body: (res.body ? JSON.parse(res.body) : {}) as Record<string, any> };
}

async function card(tn: TestNode) {
  const n = (await call(tn, { method: 'GET', url: '/api/v1/node', as: 'liaison' })).body;
  return { node_id: n.node_id, name: n.organisation, country: n.country, base_url: `https://${String(n.country).toLowerCase()}.example`, public_key: n.public_key };
}

const draft = (parties: string[]) => ({
  title: 'Accord BFA–SEN : incidents frontaliers',
  parties,
  start: '2026-01-01T00:00:00Z',
  expiry: '2027-01-01T00:00:00Z',
  scope: { types: ['incident'], max_tlp: 'amber', rel_to_required: false, area: { countries: ['BFA', 'SEN'] }, time_window: { last_days: 90 } },
  handling: { codes: ['H2'], onward_sharing: { consent: 'none' }, retention_days: 365 },
  redaction: { drop_properties: ['sentinelle.source'], coordinates: { admin_level: 'admin2' } },
  priority: { default: 'ROUTINE', rules: [{ event_types: ['armed_attack_security_forces'], class: 'IMMEDIATE' }] },
});

describe('sharing over HTTP, two nodes', () => {
  let agreementId = '';
  let senId = '';

  test('admins register each other’s node; the fingerprint is shown', async () => {
    const senCard = await card(sen);
    senId = senCard.node_id;
    const added = await call(bfa, { method: 'POST', url: '/api/v1/peers', as: 'admin', payload: senCard });
    assert.equal(added.res.statusCode, 201, added.res.body);
    assert.equal(added.body.fingerprint, (await call(sen, { method: 'GET', url: '/api/v1/node', as: 'admin' })).body.fingerprint);
    assert.equal(added.res.headers.location, `/api/v1/peers/${senId}`);
    assert.equal((await call(sen, { method: 'POST', url: '/api/v1/peers', as: 'admin', payload: await card(bfa) })).res.statusCode, 201);
    const dup = await call(bfa, { method: 'POST', url: '/api/v1/peers', as: 'admin', payload: senCard });
    assert.equal(dup.res.statusCode, 409);
    const bad = await call(bfa, { method: 'POST', url: '/api/v1/peers', as: 'admin', payload: { ...senCard, node_id: 'x', extra: 1 } });
    assert.equal(bad.res.statusCode, 400);
    assert.match(String(bad.res.headers['content-type']), /problem\+json/);
    assert.deepEqual(bad.body.errors.map((e: any) => e.pointer), ['/extra']);
    assert.equal((await call(bfa, { method: 'GET', url: `/api/v1/peers/${senId}`, as: 'admin' })).body.country, 'SEN');
  });

  test('liaisons propose, exchange and sign: the agreement becomes effective on both nodes', async () => {
    const bfaId = (await card(bfa)).node_id;
    const proposed = await call(bfa, { method: 'POST', url: '/api/v1/agreements', as: 'liaison', payload: draft([bfaId, senId]) });
    assert.equal(proposed.res.statusCode, 201, proposed.res.body);
    assert.equal(proposed.body.state, 'awaiting_signatures');
    agreementId = proposed.body.document.id;

    const exported = await call(bfa, { method: 'GET', url: `/api/v1/agreements/${agreementId}/export`, as: 'liaison' });
    assert.equal(exported.body.signatures.length, 1);
    const imported = await call(sen, { method: 'POST', url: '/api/v1/agreements/import', as: 'liaison', payload: exported.body });
    assert.equal(imported.res.statusCode, 200, imported.res.body);
    const signed = await call(sen, { method: 'POST', url: `/api/v1/agreements/${agreementId}/sign`, as: 'liaison' });
    assert.equal(signed.body.state, 'effective');
    const back = await call(sen, { method: 'GET', url: `/api/v1/agreements/${agreementId}/export`, as: 'liaison' });
    const done = await call(bfa, { method: 'POST', url: '/api/v1/agreements/import', as: 'liaison', payload: back.body });
    assert.equal(done.body.state, 'effective');

    const shown = await call(bfa, { method: 'GET', url: `/api/v1/agreements/${agreementId}`, as: 'liaison', headers: { 'accept-language': 'en' } });
    assert.ok(shown.body.explanation.includes('State: in force.'));
    assert.ok(shown.body.explanation.some((l: string) => l.includes('coordinates moved to the centre of the admin2 area')));
    const fr = await call(bfa, { method: 'GET', url: `/api/v1/agreements/${agreementId}?version=1`, as: 'liaison' });
    assert.ok(fr.body.explanation.includes('État : en vigueur.'));
    assert.equal((await call(bfa, { method: 'GET', url: '/api/v1/agreements', as: 'liaison' })).body.agreements.length, 1);

    const tampered = { ...back.body, scope: { ...back.body.scope, max_tlp: 'amber+strict' }, version: 2 };
    const refused = await call(bfa, { method: 'POST', url: '/api/v1/agreements/import', as: 'liaison', payload: tampered });
    assert.equal(refused.res.statusCode, 400);
    assert.ok(refused.body.errors.some((e: any) => e.pointer === '/signatures/0' && e.code === 'agreement.signature_invalid'));
  });

  test('a decision is explained with reasons a person can read', async () => {
    const created = await call(bfa, {
      method: 'POST',
      url: '/api/v1/objects',
      as: 'analyst',
      payload: {
        type: 'incident',
        name: 'Embuscade près de Kongoussi',
        object_marking_refs: [TLP.amber.id],
        extensions: { [EXT_ID]: { extension_type: 'property-extension', event_type: 'armed_attack_security_forces', occurred_at: '2026-02-28T05:30:00Z', time_precision: 'hour', location: { lat: 13.45, lon: -1.56, precision_m: 100, country: 'BFA', admin1: 'Centre-Nord', admin2: 'Bam' }, source_reliability: 'B', information_credibility: 2, source: { name: 'Poste de Kongoussi' } } },
      },
    });
    assert.equal(created.res.statusCode, 201, created.res.body);
    const ex = await call(bfa, { method: 'GET', url: `/api/v1/policy/explain?record=${created.body.id}&peer=${senId}`, as: 'liaison', headers: { 'accept-language': 'en' } });
    assert.equal(ex.res.statusCode, 200, ex.res.body);
    assert.equal(ex.body.decision, 'release-redacted');
    assert.equal(ex.body.priority, 'IMMEDIATE');
    assert.equal(ex.body.redacted.extensions[EXT_ID].source, undefined);
    assert.ok(ex.body.reasons.some((r: any) => r.text === 'Properties dropped: sentinelle.source.'));

    const red = await call(bfa, { method: 'PUT', url: `/api/v1/objects/${created.body.id}`, as: 'analyst', payload: { ...created.body, modified: undefined, object_marking_refs: [TLP.red.id] } });
    assert.equal(red.res.statusCode, 200, red.res.body);
    const withheld = await call(bfa, { method: 'GET', url: `/api/v1/policy/explain?record=${created.body.id}&peer=${senId}`, as: 'liaison', headers: { 'accept-language': 'en' } });
    assert.equal(withheld.body.decision, 'withhold');
    assert.equal(withheld.body.reasons[0].text, 'TLP:RED exceeds the agreement’s maximum AMBER.');

    const missing = await call(bfa, { method: 'GET', url: '/api/v1/policy/explain?record=x', as: 'liaison' });
    assert.equal(missing.res.statusCode, 400);
    assert.equal(missing.body.errors[0].pointer, '/peer');
  });

  test('reciprocity and revocation', async () => {
    const r = await call(bfa, { method: 'GET', url: `/api/v1/reciprocity?peer=${senId}&from=2026-01&to=2026-03`, as: 'liaison' });
    assert.equal(r.res.statusCode, 200, r.res.body);
    assert.deepEqual(r.body.peers[0].months.map((m: any) => m.month), ['2026-01', '2026-02', '2026-03']);
    assert.equal((await call(bfa, { method: 'GET', url: '/api/v1/reciprocity?from=2026-1', as: 'liaison' })).res.statusCode, 400);

    const revoked = await call(sen, { method: 'POST', url: `/api/v1/agreements/${agreementId}/revoke`, as: 'liaison', payload: { reason: 'Réexamen' } });
    assert.equal(revoked.body.state, 'revoked');
    const file = await call(sen, { method: 'GET', url: `/api/v1/agreements/${agreementId}/export`, as: 'liaison' });
    assert.equal((await call(bfa, { method: 'POST', url: '/api/v1/agreements/import', as: 'liaison', payload: file.body })).body.state, 'revoked');
    const removed = await call(bfa, { method: 'DELETE', url: `/api/v1/peers/${senId}`, as: 'admin' });
    assert.ok(removed.body.removed_at);
  });

  test('role matrix: peers for admins, agreements, explanations and reciprocity for liaisons', async () => {
    const cases: { method: 'GET' | 'POST' | 'DELETE'; url: string; allowed: Role; payload?: unknown }[] = [
      { method: 'GET', url: '/api/v1/peers', allowed: 'admin' },
      { method: 'POST', url: '/api/v1/peers', allowed: 'admin', payload: { node_id: '00000000-0000-4000-8000-000000000009', name: 'X', country: 'XXX', base_url: 'x', public_key: 'x' } },
      { method: 'GET', url: '/api/v1/peers/00000000-0000-4000-8000-000000000009', allowed: 'admin' },
      { method: 'DELETE', url: '/api/v1/peers/00000000-0000-4000-8000-000000000009', allowed: 'admin' },
      { method: 'GET', url: '/api/v1/agreements', allowed: 'liaison' },
      { method: 'POST', url: '/api/v1/agreements', allowed: 'liaison', payload: {} },
      { method: 'POST', url: '/api/v1/agreements/import', allowed: 'liaison', payload: {} },
      { method: 'GET', url: `/api/v1/agreements/${agreementId}`, allowed: 'liaison' },
      { method: 'GET', url: `/api/v1/agreements/${agreementId}/export`, allowed: 'liaison' },
      { method: 'POST', url: `/api/v1/agreements/${agreementId}/sign`, allowed: 'liaison', payload: {} },
      { method: 'POST', url: `/api/v1/agreements/${agreementId}/revoke`, allowed: 'liaison', payload: {} },
      { method: 'GET', url: '/api/v1/policy/explain?record=incident--00000000-0000-4000-8000-000000000000&peer=00000000-0000-4000-8000-000000000009', allowed: 'liaison' },
      { method: 'GET', url: '/api/v1/reciprocity', allowed: 'liaison' },
    ];
    for (const c of cases) {
      const anonymous = await call(bfa, { method: c.method, url: c.url, ...(c.payload ? { payload: c.payload } : {}) });
      assert.equal(anonymous.res.statusCode, 401, `${c.method} ${c.url} anonymous`);
      for (const role of ROLES) {
        const { res } = await call(bfa, { method: c.method, url: c.url, as: role, ...(c.payload ? { payload: c.payload } : {}) });
        if (role === c.allowed) assert.notEqual(res.statusCode, 403, `${c.method} ${c.url} as ${role}`);
        else assert.equal(res.statusCode, 403, `${c.method} ${c.url} as ${role}: ${res.body}`);
      }
    }
    const denied = await call(bfa, { method: 'GET', url: '/api/v1/audit?outcome=denied&action=agreement.propose', as: 'auditor' });
    assert.equal(denied.body.items.length, 4, 'every refusal is audited');
  });
});
