/** `sentinelle correlation …` on a real node directory, with PGlite and with PostgreSQL (--database-url). */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './main.ts';
import { loadConfig } from '../config/config.ts';
import { openNode } from '../node/node.ts';
import { createScratchDatabase, testBackends } from '../store/test-support/backends.ts';
import { incidentObject } from '../analysis/test-support/incidents.ts';
import { UCDP_IDENTITY_ID } from '../imports/ucdp-source.ts';

const PARTNER = 'identity--0c6a4b1e-2f3d-4a5b-8c7d-9e0f1a2b3c4d';
const ACTOR = 'threat-actor--dda8b08b-e332-471c-a4d5-3df5a4ae3e35';

interface JsonLink {
  id: string;
  kind: string;
  a: string;
  b: string;
  score: number;
  status: string;
  explanation: { fr: string; en: string };
  records: { id: string }[];
  relationship_id: string | null;
}

for (const backend of await testBackends()) {
  describe(`sentinelle correlation (${backend.name})`, () => {
    let dir = '';
    let url: string | undefined;
    let drop: (() => Promise<void>) | undefined;
    const run = async (args: string[], lang: 'fr' | 'en' = 'en') => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(
        ['--lang', lang, '--data-dir', dir, ...(url ? ['--database-url', url] : []), ...args],
        { out: (s) => out.push(s), err: (s) => err.push(s) },
      );
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    const json = async <T>(args: string[]): Promise<T> => {
      const r = await run([...args, '--json']);
      assert.equal(r.code, 0, r.err);
      return JSON.parse(r.out) as T;
    };
    const objects = {
      // The same event from a partner and from the UCDP: a possible duplicate.
      partner: incidentObject({
        at: '2026-02-10T06:00:00Z',
        lat: 13.1,
        lon: -1.08,
        admin1: 'Centre-Nord',
        killed: 5,
        createdBy: PARTNER,
      }),
      ucdp: incidentObject({
        at: '2026-02-10T00:00:00Z',
        lat: 13.12,
        lon: -1.07,
        admin1: 'Centre-Nord',
        killed: 6,
        createdBy: UCDP_IDENTITY_ID,
      }),
      // One actor on both sides of the BFA–NER border: a cross-border pattern.
      xbA: incidentObject({
        at: '2026-01-05T10:00:00Z',
        lat: 13.3,
        lon: 1.0,
        killed: 2,
        actors: [ACTOR],
        createdBy: PARTNER,
      }),
      xbB: incidentObject({
        at: '2026-01-15T10:00:00Z',
        lat: 13.5,
        lon: 1.5,
        country: 'NER',
        killed: 1,
        actors: [ACTOR],
        createdBy: UCDP_IDENTITY_ID,
      }),
    };

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'correlation-cli-'));
      if (backend.name === 'postgres') ({ url, drop } = await createScratchDatabase());
      assert.equal((await run(['init', '--org', 'Service BFA', '--country', 'BFA'])).code, 0);
      const bundle = join(dir, 'bundle.json');
      await writeFile(
        bundle,
        JSON.stringify({
          type: 'bundle',
          id: 'bundle--6f8f0a3e-3c1b-4d2e-9a7b-1c2d3e4f5a6b',
          objects: Object.values(objects),
        }),
      );
      const imported = await run(['import', bundle]);
      assert.equal(imported.code, 0, imported.err);
    });
    after(async () => {
      await drop?.();
      await rm(dir, { recursive: true, force: true });
    });

    test('rebuild replays the change feed and reports what it indexed and linked', async () => {
      const r = await json<{ from: number; to: number; indexed: number; links: number }>([
        'correlation',
        'rebuild',
      ]);
      assert.equal(r.from, 0);
      assert.ok(r.to >= 4);
      assert.equal(r.indexed, 4);
      assert.equal(r.links, 2);
      // Caught up: a resume starts at the cursor and has nothing left to replay.
      const resumed = await json<{ from: number; to: number; indexed: number }>([
        'correlation',
        'rebuild',
        '--resume',
      ]);
      assert.deepEqual([resumed.from, resumed.indexed], [resumed.to, 0]);
      const text = await run(['correlation', 'rebuild', '--since', '2000-01-01']);
      assert.equal(text.code, 0, text.err);
      assert.match(
        text.out,
        /Correlation rebuilt \(positions \d+ → \d+\) in [\d.]+ s: 4 incident\(s\) indexed/,
      );
    });

    test('list: a table with the explanation in the user’s language and the link id, or JSON', async () => {
      const en = await run(['correlation', 'list']);
      assert.equal(en.code, 0, en.err);
      assert.match(en.out, /^score\s+status\s+kind\s+reports$/m);
      assert.match(en.out, /open\s+possible duplicate\s+2026-02-10 BFA Centre-Nord/);
      assert.match(en.out, /h and [\d.]+ km apart; types/);
      assert.match(en.out, /Same actor \(.+\) in BFA and in NER/);
      assert.match(en.out, /^\s+duplicate:incident--[0-9a-f-]+:incident--[0-9a-f-]+$/m);
      assert.match(en.out, /2 link\(s\)\./);
      const fr = await run(['correlation', 'list', '--kind', 'duplicate'], 'fr');
      assert.match(fr.out, /ouvert\s+doublon possible/);
      assert.match(fr.out, /Écart de [\d,]+ h et [\d,]+ km/);
      assert.doesNotMatch(fr.out, /transfrontalier/);
      const items = await json<JsonLink[]>(['correlation', 'list', '--kind', 'cross-border']);
      assert.equal(items.length, 1);
      assert.equal(items[0]!.id, `cross-border:${items[0]!.a}:${items[0]!.b}`);
      assert.deepEqual(items[0]!.records.map((r) => r.id).sort(), [objects.xbA.id, objects.xbB.id].sort());
      assert.deepEqual(await json<JsonLink[]>(['correlation', 'list', '--min-score', '1']), []);
      const mine = await json<JsonLink[]>(['correlation', 'list', '--record', String(objects.ucdp.id)]);
      assert.deepEqual(
        mine.map((l) => l.kind),
        ['duplicate'],
      );
    });

    test('confirm and reject: the decision is stored and audited (with the reason); decided links survive a full rebuild', async () => {
      const [dup] = await json<JsonLink[]>(['correlation', 'list', '--kind', 'duplicate']);
      const [xb] = await json<JsonLink[]>(['correlation', 'list', '--kind', 'cross-border']);
      const ok = await run(['correlation', 'confirm', dup!.id]);
      assert.equal(ok.code, 0, ok.err);
      assert.match(ok.out, /: confirmed\./);
      assert.match(ok.out, /STIX duplicate-of relationship recorded: relationship--/);
      // The pair may be written in either order.
      const no = await run(
        ['correlation', 'reject', `cross-border:${xb!.b}:${xb!.a}`, '--reason', 'deux groupes distincts'],
        'fr',
      );
      assert.equal(no.code, 0, no.err);
      assert.match(no.out, /: rejeté\./);
      assert.deepEqual((await json<JsonLink[]>(['correlation', 'list'])).length, 0);
      assert.deepEqual(
        (await json<JsonLink[]>(['correlation', 'list', '--status', 'confirmed'])).map((l) => l.id),
        [dup!.id],
      );
      const node = await openNode(loadConfig({ dataDir: dir, databaseUrl: url }));
      try {
        const { rows } = await node.db.query<{ action: string; details: { reason?: string } }>(
          `SELECT action, details FROM audit_log WHERE action LIKE 'analysis.link.%' ORDER BY seq`,
        );
        assert.deepEqual(
          rows.map((r) => [r.action, r.details.reason ?? null]),
          [
            ['analysis.link.confirm', null],
            ['analysis.link.reject', 'deux groupes distincts'],
          ],
        );
      } finally {
        await node.close();
      }
      const rebuilt = await json<{ links: number }>(['correlation', 'rebuild']);
      assert.equal(rebuilt.links, 2);
      const all = await json<JsonLink[]>(['correlation', 'list', '--record', String(objects.xbA.id)]);
      assert.deepEqual(
        all.map((l) => l.status),
        ['rejected'],
      );
      assert.deepEqual(await json<JsonLink[]>(['correlation', 'list']), []);
    });

    test('bad input fails with one line naming the field, and changes nothing', async () => {
      const cases: [string[], RegExp][] = [
        [
          ['correlation', 'list', '--min-score', '1.5'],
          /\/min-score : The minimum score must be a number from 0 to 1/,
        ],
        [['correlation', 'list', '--status', 'maybe'], /\/status : Unknown status: "maybe"/],
        [['correlation', 'list', '--kind', 'twins'], /\/kind : Unknown link kind: "twins"/],
        [['correlation', 'list', '--record', 'nope'], /\/record : A STIX id/],
        [
          ['correlation', 'confirm', 'duplicate:incident--x'],
          /\/link : A link id of the form kind:id-a:id-b/,
        ],
        [
          ['correlation', 'reject', `arms:${String(objects.xbA.id)}:${String(objects.xbB.id)}`],
          /No arms correlation link between/,
        ],
        [['correlation', 'rebuild', '--since', 'yesterday'], /\/since : A date is expected/],
        [['correlation', 'rebuild', '--since', '2026-01-01', '--resume'], /\/resume : --resume continues/],
      ];
      for (const [args, message] of cases) {
        const r = await run(args);
        assert.equal(r.code, 1, args.join(' '));
        assert.match(r.err, message);
        assert.equal(r.err.split('\n').length, 1, r.err);
      }
      const [dup] = await json<JsonLink[]>(['correlation', 'list', '--status', 'confirmed']);
      const blank = await run(['correlation', 'reject', dup!.id, '--reason', ' ']);
      assert.match(blank.err, /\/reason : The reason must be a non-empty text/);
      assert.equal((await json<JsonLink[]>(['correlation', 'list', '--status', 'confirmed'])).length, 1);
      assert.equal((await json<JsonLink[]>(['correlation', 'list', '--status', 'rejected'])).length, 1);
    });
  });
}
