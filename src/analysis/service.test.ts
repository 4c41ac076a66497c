/**
 * Correlation end to end on a real node (PGlite and PostgreSQL): records stored through the
 * records service, the worker following the change feed, links and alerts, the HTTP API.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestNode, type TestNode } from '../node/test-support/test-node.ts';
import { testBackends } from '../store/test-support/backends.ts';
import { UCDP_IDENTITY_ID } from '../imports/ucdp-source.ts';
import { ALERT_TYPE } from './alerts.ts';
import { findMaterielMatches } from './materiel.ts';
import { correlateOne } from './correlate.ts';
import { DEFAULT_CORRELATION_CONFIG } from './config.ts';
import { incidentObject } from './test-support/incidents.ts';
import type { LinkView } from './service.ts';
import type { Principal } from '../auth/principal.ts';

const PARTNER = 'identity--0c6a4b1e-2f3d-4a5b-8c7d-9e0f1a2b3c4d';
const ACTOR = 'threat-actor--dda8b08b-e332-471c-a4d5-3df5a4ae3e35';

for (const backend of await testBackends()) {
  describe(`correlation service (${backend.name})`, () => {
    let t: TestNode;
    const ids: Record<string, string> = {};

    before(async () => {
      t = await createTestNode({ backend: backend.name });
      const { node } = t;
      const local = (s: Parameters<typeof incidentObject>[0]): Record<string, unknown> => ({
        ...incidentObject(s),
        created_by_ref: node.settings.identityId,
      });
      // A local report; the same event from the UCDP (imported) and from a partner (received);
      // a second local report of the same place and time (same provenance: not a duplicate).
      const objects = {
        local: local({
          at: '2026-02-10T06:00:00Z',
          lat: 13.1,
          lon: -1.08,
          admin1: 'Centre-Nord',
          killed: 5,
          type: 'armed_attack_security_forces',
        }),
        ucdp: incidentObject({
          at: '2026-02-10T00:00:00Z',
          lat: 13.12,
          lon: -1.07,
          admin1: 'Centre-Nord',
          killed: 6,
          type: 'battle',
          createdBy: UCDP_IDENTITY_ID,
        }),
        sameOrigin: local({
          at: '2026-02-10T07:00:00Z',
          lat: 13.1,
          lon: -1.08,
          admin1: 'Centre-Nord',
          killed: 5,
        }),
        far: incidentObject({
          at: '2026-02-10T06:00:00Z',
          lat: 13.5,
          lon: -1.08,
          killed: 5,
          createdBy: UCDP_IDENTITY_ID,
        }),
        // Cross-border: one actor in BFA and NER, 60 km apart, 10 days apart; and one in BFA only.
        xbA: local({ at: '2026-01-05T10:00:00Z', lat: 13.3, lon: 1.0, killed: 2, actors: [ACTOR] }),
        xbB: incidentObject({
          at: '2026-01-15T10:00:00Z',
          lat: 13.5,
          lon: 1.5,
          country: 'NER',
          killed: 1,
          actors: [ACTOR],
          createdBy: PARTNER,
        }),
        xbSame: local({
          at: '2026-01-16T10:00:00Z',
          lat: 13.2,
          lon: 0.8,
          killed: 0,
          actors: [ACTOR],
          type: 'kidnapping',
        }),
        // Arms: one serial written differently by two services; a headstamp seen by one only.
        armsA: local({
          at: '2025-11-02T10:00:00Z',
          lat: 12.0,
          lon: -3.0,
          type: 'arms_seizure',
          materiel: [{ serial_number: 'AK-47 n° 12 345', headstamp: '711 / 84' }],
        }),
        armsB: incidentObject({
          at: '2026-01-20T10:00:00Z',
          lat: 15.0,
          lon: -0.5,
          country: 'MLI',
          admin1: 'Gao',
          type: 'arms_seizure',
          createdBy: PARTNER,
          materiel: [{ serial_number: 'ak4712345' }],
        }),
        armsC: local({
          at: '2026-01-21T10:00:00Z',
          lat: 12.5,
          lon: -2.0,
          type: 'arms_seizure',
          materiel: [{ headstamp: '711-84' }],
        }),
      };
      for (const [k, o] of Object.entries(objects)) ids[k] = String(o.id);
      await node.records.importObjects(node.system, [
        objects.local,
        objects.sameOrigin,
        objects.xbA,
        objects.xbSame,
        objects.armsA,
        objects.armsC,
      ]);
      await node.records.importObjects(node.system, [objects.ucdp, objects.far], { action: 'import.ucdp' });
      await node.records.importObjects(node.system, [objects.xbB, objects.armsB], { origin: 'peer-mali' });
      await node.analysis.catchUp();
    });
    after(async () => t.dispose());

    const related = async (id: string, role: 'analyst' | 'reporter' = 'analyst') => {
      const r = await t.app.inject({
        method: 'GET',
        url: `/api/v1/objects/${id}/related`,
        headers: t.as(role),
      });
      return { status: r.statusCode, body: r.json<{ items: (LinkView & { other: { id: string } })[] }>() };
    };

    test('a partner report and an imported one of the same event are a possible duplicate; same provenance and far ones are not', async () => {
      const { status, body } = await related(ids.local!);
      assert.equal(status, 200);
      const dups = body.items.filter((l) => l.kind === 'duplicate');
      assert.deepEqual(
        dups.map((l) => l.other.id),
        [ids.ucdp],
      );
      const d = dups[0]!;
      assert.ok(d.score > 0.5 && d.score <= 1);
      assert.equal(d.status, 'open');
      assert.match(
        d.explanation.en,
        /^6 h and 2\.5 km apart; types Armed attack on security forces \/ Battle; killed 5 \/ 6$/,
      );
      assert.match(d.explanation.fr, /^Écart de 6 h et 2,5 km/);
      // sameOrigin is a duplicate of the UCDP report (other provenance), never of `local`.
      const so = await related(ids.sameOrigin!);
      assert.deepEqual(
        so.body.items.map((l) => l.other.id),
        [ids.ucdp],
      );
      assert.deepEqual((await related(ids.far!)).body.items, []);
    });

    test('the same actor on both sides of a border raises a cross-border pattern alert; the same side does not', async () => {
      const a = await related(ids.xbA!);
      const xb = a.body.items.filter((l) => l.kind === 'cross-border');
      assert.deepEqual(
        xb.map((l) => l.other.id),
        [ids.xbB],
      );
      assert.equal(xb[0]!.params.country_b, 'NER');
      assert.ok(xb[0]!.alert_id);
      const alert = await t.node.records.repo.get(t.node.db, xb[0]!.alert_id);
      assert.equal(alert?.object.type, ALERT_TYPE);
      assert.equal(alert?.object.alert_kind, 'cross-border-pattern');
      assert.deepEqual(
        new Set(alert?.object.object_refs as string[]),
        new Set([ids.xbA, ids.xbB, ids.xbSame]),
      );
      // xbSame (BFA) links only to xbB (NER), not to xbA (BFA).
      const same = await related(ids.xbSame!);
      assert.deepEqual(
        same.body.items.filter((l) => l.kind === 'cross-border').map((l) => l.other.id),
        [ids.xbB],
      );
    });

    test('the same serial written differently by two services is a trafficking link, with the chain of places and dates', async () => {
      const a = await related(ids.armsA!);
      const arms = a.body.items.filter((l) => l.kind === 'arms');
      // armsC's headstamp is the same but reported by the same service: no link.
      assert.deepEqual(
        arms.map((l) => l.other.id),
        [ids.armsB],
      );
      assert.equal(arms[0]!.params.identifier, 'serial');
      const alert = await t.node.records.repo.get(t.node.db, arms[0]!.alert_id!);
      assert.equal(alert?.object.alert_kind, 'arms-trafficking');
      assert.equal(alert?.object.severity, 'high');
      assert.match(String(alert?.object.description), /2025-11-02 BFA → 2026-01-20 MLI \(Gao\)/);
      const matches = await findMaterielMatches(t.node.db, [{ serial_number: 'AK 47-12345' }]);
      assert.deepEqual(
        matches.map((m) => m.recordId),
        [ids.armsA, ids.armsB],
      );
      assert.deepEqual(await findMaterielMatches(t.node.db, [{ serial_number: 'N/A' }]), []);
    });

    test('the analysts’ list and a rebuild need their permissions (records.read_all, settings.change); refusals are audited', async () => {
      const as = (role: 'reporter' | 'analyst'): Principal => ({
        userId: `u-${role}`,
        username: role,
        roles: [role],
        locale: 'en',
        via: 'session',
      });
      const listed = await t.node.analysis.listLinks(as('analyst'), { kind: 'duplicate' });
      assert.ok(listed.length >= 1);
      assert.ok(listed.every((l) => l.kind === 'duplicate' && l.status === 'open'));
      await assert.rejects(t.node.analysis.listLinks(as('reporter'), {}), { kind: 'forbidden' });
      await assert.rejects(t.node.analysis.rebuild(as('analyst')), { kind: 'forbidden' });
      const { rows } = await t.node.db.query<{ target: string }>(
        `SELECT target FROM audit_log WHERE action = 'access.denied' AND target IN ('analysis.links', 'analysis.rebuild') ORDER BY seq`,
      );
      assert.deepEqual(
        rows.map((r) => r.target),
        ['analysis.links', 'analysis.rebuild'],
      );
    });

    test('analysts confirm or reject; others may not; every decision is audited; a rejected pair is not proposed again', async () => {
      const body = { kind: 'duplicate', a: ids.local, b: ids.ucdp, decision: 'confirm' };
      const denied = await t.app.inject({
        method: 'POST',
        url: '/api/v1/analysis/links/decision',
        headers: t.as('reporter'),
        payload: body,
      });
      assert.equal(denied.statusCode, 403);
      const bad = await t.app.inject({
        method: 'POST',
        url: '/api/v1/analysis/links/decision',
        headers: t.as('analyst'),
        payload: { ...body, decision: 'maybe', a: 'x' },
      });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(
        bad.json<{ errors: { pointer: string }[] }>().errors.map((e) => e.pointer),
        ['/a', '/decision'],
      );
      const queue = await t.app.inject({
        method: 'GET',
        url: '/api/v1/analysis/duplicates',
        headers: t.as('analyst'),
      });
      assert.equal(queue.statusCode, 200);
      assert.ok(queue.json<{ items: LinkView[] }>().items.some((l) => [l.a, l.b].includes(ids.local!)));

      const ok = await t.app.inject({
        method: 'POST',
        url: '/api/v1/analysis/links/decision',
        headers: t.as('analyst'),
        payload: body,
      });
      assert.equal(ok.statusCode, 200, ok.body);
      const link = ok.json<LinkView>();
      assert.equal(link.status, 'confirmed');
      const rel = await t.node.records.repo.get(t.node.db, link.relationship_id!);
      assert.equal(rel?.object.relationship_type, 'duplicate-of');
      const { rows } = await t.node.db.query<{ action: string }>(
        `SELECT action FROM audit_log WHERE action LIKE 'analysis.link.%'`,
      );
      assert.deepEqual(
        rows.map((r) => r.action),
        ['analysis.link.confirm'],
      );

      const rej = await t.app.inject({
        method: 'POST',
        url: '/api/v1/analysis/links/decision',
        headers: t.as('analyst'),
        payload: { kind: 'duplicate', a: ids.ucdp, b: ids.sameOrigin, decision: 'reject' },
      });
      assert.equal(rej.json<LinkView>().status, 'rejected');
      // A new version of the record is correlated again; the decided link keeps its status.
      await t.node.records.update(t.node.system, ids.sameOrigin!, {
        ...(await t.node.records.repo.get(t.node.db, ids.sameOrigin!))!.object,
        modified: undefined,
        name: 'Mis à jour',
      });
      await t.node.analysis.catchUp();
      const again = await related(ids.sameOrigin!);
      assert.deepEqual(
        again.body.items.map((l) => l.status),
        ['rejected'],
      );
      assert.equal(
        (
          await t.node.analysis.repo.link(
            t.node.db,
            'duplicate',
            ...([ids.local!, ids.ucdp!].sort() as [string, string]),
          )
        )?.status,
        'confirmed',
      );
    });

    test('a revoked record loses its open links', async () => {
      await t.node.records.revoke(t.node.system, ids.armsA!);
      await t.node.analysis.catchUp();
      assert.deepEqual(
        (await related(ids.armsB!)).body.items.filter((l) => l.kind === 'arms'),
        [],
      );
    });

    test('a record over its time budget skips the remaining rules (cross-border, arms)', async () => {
      const repo = t.node.analysis.repo;
      const f = await repo.incident(t.node.db, ids.xbA!);
      assert.ok(f);
      let clock = 0;
      const slow = () => (clock += 1_000);
      const c = await correlateOne(
        t.node.db,
        repo,
        f,
        { ...DEFAULT_CORRELATION_CONFIG, recordBudgetMs: 100 },
        slow,
      );
      assert.equal(c.truncated, true);
      assert.deepEqual(
        c.links.filter((l) => l.kind === 'cross-border'),
        [],
      );
      const full = await correlateOne(t.node.db, repo, f, DEFAULT_CORRELATION_CONFIG);
      assert.equal(full.truncated, false);
      assert.equal(full.links.filter((l) => l.kind === 'cross-border').length, 1);
    });

    test('links per record stay within the cap however many near-identical reports arrive', async () => {
      await t.node.db.query(
        `INSERT INTO node_settings (key, value) VALUES ('analysis.correlation', '{"maxLinksPerRecord": 4}')`,
      );
      await t.node.analysis.reloadConfig();
      const batch = Array.from({ length: 40 }, (_, i) =>
        incidentObject({
          at: `2026-02-20T${String(6 + (i % 10)).padStart(2, '0')}:00:00Z`,
          lat: 11.0 + i * 0.001,
          lon: 0.5,
          killed: 3,
          createdBy: i % 2 ? PARTNER : UCDP_IDENTITY_ID,
        }),
      );
      await t.node.records.importObjects(t.node.system, batch.slice(0, 20));
      await t.node.analysis.catchUp();
      await t.node.records.importObjects(t.node.system, batch.slice(20));
      await t.node.analysis.catchUp();
      const { rows } = await t.node.db.query<{ r: string; n: number }>(
        `SELECT r, count(*)::int AS n FROM (SELECT a AS r FROM analysis_links WHERE status = 'open' AND kind = 'duplicate'
           UNION ALL SELECT b FROM analysis_links WHERE status = 'open' AND kind = 'duplicate') x GROUP BY r`,
      );
      const mine = rows.filter((r) => batch.some((o) => o.id === r.r));
      assert.ok(mine.length >= 30, String(mine.length));
      assert.ok(Math.max(...mine.map((r) => r.n)) <= 4, JSON.stringify(mine));
    });
  });
}
