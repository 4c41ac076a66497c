import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../cli/main.ts';
import { exampleIncident } from '../objects/fixtures.ts';
import { createScratchDatabase, testBackends } from '../store/test-support/backends.ts';

const ACLED = new URL('../imports/fixtures/acled_handmade.csv', import.meta.url).pathname;
const MISP = new URL('./misp/fixtures/event.json', import.meta.url).pathname;

describe('sentinelle import/export --format (interop formats)', { timeout: 120_000 }, async () => {
  for (const backend of await testBackends()) {
    describe(backend.name, () => {
      const dir = mkdtempSync(join(tmpdir(), 'snt-interop-cli-'));
      let db: string[] = [];
      let drop: (() => Promise<void>) | undefined;
      const run = async (...args: string[]) => {
        const out: string[] = [];
        const err: string[] = [];
        const code = await main(['--lang', 'en', '--data-dir', dir, ...db, ...args], {
          out: (s) => out.push(s),
          err: (s) => err.push(s),
        });
        return { code, out: out.join('\n'), err: err.join('\n') };
      };
      before(async () => {
        if (backend.name === 'postgres') {
          const scratch = await createScratchDatabase();
          db = ['--database-url', scratch.url];
          drop = scratch.drop;
        }
        assert.equal((await run('init', '--org', 'Test', '--country', 'BFA')).code, 0);
      });
      after(async () => {
        await drop?.();
        rmSync(dir, { recursive: true, force: true });
      });

      it('imports ACLED and MISP files, reporting skipped rows and unmapped parts; re-import changes nothing', async () => {
        const acled = await run('import', '--format', 'acled', ACLED);
        assert.equal(acled.code, 0, acled.err);
        assert.match(acled.out, /ACLED: 9 rows read, 4 incidents, 5 rows skipped/);
        assert.match(acled.err, /acled_handmade\.csv:7 latitude : Line 7: latitude invalid/);
        assert.match(
          (await run('import', '--format', 'acled', ACLED)).out,
          /0 created, 0 updated, 9 unchanged/,
        );
        const misp = await run('import', '--format', 'misp', MISP);
        assert.equal(misp.code, 0, misp.err);
        assert.match(misp.out, /1 event\(s\) imported, 0 rejected, 4 item\(s\) not mapped/);
        assert.match(misp.err, /Not mapped: \/Event\/Attribute\/7/);
      });

      it('export leaves revoked objects out unless --include-revoked (a full backup)', async () => {
        const revoked = exampleIncident({ id: `incident--${randomUUID()}`, revoked: true });
        const bundle = join(dir, 'revoked.json');
        writeFileSync(bundle, JSON.stringify({ type: 'bundle', id: `bundle--${randomUUID()}`, objects: [revoked] }));
        const imported = await run('import', bundle);
        assert.equal(imported.code, 0, imported.err);
        const ids = async (...extra: string[]) => {
          const r = await run('export', '--type', 'incident', ...extra);
          assert.equal(r.code, 0, r.err);
          return (JSON.parse(r.out) as { objects: { id: string }[] }).objects.map((o) => o.id);
        };
        assert.ok(!(await ids()).includes(revoked.id));
        assert.ok((await ids('--include-revoked')).includes(revoked.id));
      });

      it('exports GeoJSON to a file and CoT to standard output; unknown formats are named', async () => {
        const file = join(dir, 'bfa.geojson');
        const r = await run('export', '--format', 'geojson', '--country', 'BFA', '--out', file);
        assert.equal(r.code, 0, r.err);
        const fc = JSON.parse(readFileSync(file, 'utf8')) as {
          features: { properties: { source_reference: string } }[];
        };
        assert.deepEqual(
          fc.features.map((f) => f.properties.source_reference),
          ['BFA90001'],
        );
        const cot = await run('export', '--format', 'cot', '--country', 'SEN');
        assert.match(cot.out, /<events>\n<event version="2\.0" uid="incident--[0-9a-f-]+" type="a-u-G"/);
        const bad = await run('export', '--format', 'kml');
        assert.equal(bad.code, 1);
        assert.match(bad.err, /Unknown format "kml"/);
        assert.equal((await run('import', '--format', 'kml', ACLED)).code, 1);
      });
    });
  }
});
