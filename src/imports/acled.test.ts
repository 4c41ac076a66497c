import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { DomainError } from '../core/errors.ts';
import { t } from '../i18n/i18n.ts';
import { validateObject } from '../objects/validate.ts';
import type { StixObject } from '../objects/stix.ts';
import { createTestNode, type TestNode } from '../node/test-support/test-node.ts';
import { testBackends } from '../store/test-support/backends.ts';
import { cliPrincipal } from '../cli/main.ts';
import { openCsv } from './csv.ts';
import { acledToStix, type AcledImportReport } from './acled.ts';
import { parseAcledDate } from './acled-row.ts';
import { ACLED_IDENTITY_ID, acledSourceIdentity } from './acled-source.ts';
import { importStream } from './pipeline.ts';
import { assertStixShape, EXTENSION_ID } from './test-support/shape.ts';

const FIXTURE = new URL('./fixtures/acled_handmade.csv', import.meta.url);
const OPTIONS = { sourceIdentityId: ACLED_IDENTITY_ID, importedAt: '2025-01-15T08:00:00.000Z' };

async function mapAll(
  source: string | URL | Readable,
): Promise<{ objects: StixObject[]; report: AcledImportReport }> {
  const table = await openCsv(source);
  const gen = acledToStix(table, OPTIONS);
  const objects: StixObject[] = [];
  for (;;) {
    const r = await gen.next();
    if (r.done) return { objects, report: r.value };
    objects.push(r.value);
  }
}
const ext = (o: StixObject) =>
  o.extensions?.[EXTENSION_ID] as Record<string, unknown> & { location: Record<string, unknown> };
const byRef = (objects: StixObject[], ref: string) =>
  objects.find((o) => o.type === 'incident' && (ext(o).source as { reference: string }).reference === ref);

describe('ACLED CSV importer', () => {
  it('maps the hand-made export: incidents, actors, places, casualties, source', async () => {
    const { objects, report } = await mapAll(FIXTURE);
    assert.equal(report.rowsRead, 9);
    assert.equal(report.incidents, 4);
    for (const o of objects) {
      assertStixShape(o);
      const v = validateObject(o);
      assert.ok(v.ok, `${o.id}: ${JSON.stringify(v.ok ? [] : v.issues)}`);
    }
    const bfa = byRef(objects, 'BFA90001');
    assert.ok(bfa);
    const e = ext(bfa);
    assert.equal(e.event_type, 'battle');
    assert.equal(e.event_subtype, 'armed_clash');
    assert.deepEqual(e.location, {
      lat: 14.1,
      lon: -1.63,
      precision_m: 2000,
      country: 'BFA',
      admin1: 'Sahel',
      admin2: 'Soum',
    });
    assert.deepEqual(e.fatalities, { unknown: 8 });
    assert.equal(
      bfa.modified,
      new Date(1700000000 * 1000).toISOString(),
      'modified is ACLED’s own timestamp',
    );
    // State forces → identity, rebel group → threat-actor, both referred to.
    const refs = e.actor_refs as string[];
    assert.equal(refs.length, 2);
    assert.ok(
      refs.some((r) => r.startsWith('identity--')) && refs.some((r) => r.startsWith('threat-actor--')),
    );
    assert.equal(
      objects.find((o) => o.id === refs.find((r) => r.startsWith('threat-actor--')))?.name,
      'JNIM: Group for Support of Islam and Muslims',
    );
    // Violence against civilians with fatalities → killing, civilians; unidentified group is no actor.
    const mli = byRef(objects, 'MLI90002');
    assert.ok(mli);
    assert.equal(ext(mli).event_subtype, 'killing');
    assert.deepEqual(ext(mli).fatalities, { civilians: 3 });
    assert.equal(ext(mli).time_precision, 'week');
    assert.equal(ext(mli).actor_refs, undefined);
    assert.match(String(mli.description), /second line/);
    // Older date spelling.
    assert.equal(ext(byRef(objects, 'NER90003')!).occurred_at, '2022-07-15T00:00:00Z');
    // Protesters get no actor object, TLP:AMBER by default.
    const sen = byRef(objects, 'SEN90004')!;
    assert.equal(ext(sen).actor_refs, undefined);
    assert.deepEqual(sen.object_marking_refs, ['marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421']);
  });

  it('reports every skipped row with its line, field and reason', async () => {
    const { report } = await mapAll(FIXTURE);
    assert.equal(report.skippedRows, 5);
    const got = report.issues.map((i) => `${i.line}:${i.field}:${i.code}`);
    assert.deepEqual(got, [
      '7:latitude:import.bad_latitude',
      '8:event_type:import.acled.unknown_event_type',
      '9:event_id_cnty:import.acled.duplicate_id',
      '10:event_date:import.bad_date',
      '10:time_precision:import.acled.bad_precision',
      '10:country:import.unknown_country',
      '10:fatalities:import.bad_count',
      '11::import.csv.field_count',
    ]);
    for (const i of report.issues) {
      assert.notEqual(t('en', i.code, i.params), i.code);
      assert.notEqual(t('fr', i.code, i.params), i.code);
    }
  });

  it('reads columns by name: a reordered older export with fewer columns', async () => {
    const header = 'latitude,longitude,event_id_cnty,country,event_date,event_type,fatalities,data_id,iso3';
    const rows = ['12.5,-1.2,BFA1,Burkina Faso,01 January 2020,Battles,2,1,BFA'];
    const { objects, report } = await mapAll(Readable.from([[header, ...rows].join('\n')]));
    assert.equal(report.incidents, 1);
    assert.equal(ext(objects[0]!).event_type, 'battle');
    assert.equal(objects[0]!.modified, OPTIONS.importedAt, 'no ACLED timestamp: the import time');
  });

  it('names every missing required column before reading any row', async () => {
    await assert.rejects(
      mapAll(Readable.from(['event_id_cnty,latitude\nX,1\n'])),
      (e: unknown) =>
        e instanceof DomainError &&
        e.code === 'import.missing_columns' &&
        e.issues.map((i) => i.path).join() ===
          '/columns/event_date,/columns/event_type,/columns/country,/columns/longitude,/columns/fatalities',
    );
  });

  it('parses both ACLED date spellings and rejects impossible dates', () => {
    assert.equal(parseAcledDate('2023-05-01'), '2023-05-01');
    assert.equal(parseAcledDate('1 Feb 2021'), '2021-02-01');
    assert.equal(parseAcledDate('30 February 2021'), null);
    assert.equal(parseAcledDate('yesterday'), null);
  });
});

describe('ACLED import into a node: idempotent, updated when the source changed', async () => {
  for (const backend of await testBackends()) {
    describe(backend.name, () => {
      let tn: TestNode;
      before(async () => {
        tn = await createTestNode({ backend: backend.name });
      });
      after(async () => tn.dispose());

      const run = async (source: string | URL | Readable, chunkSize = 2) => {
        const table = await openCsv(source);
        return importStream(tn.node, cliPrincipal('en'), acledToStix(table, OPTIONS), {
          leading: [acledSourceIdentity()],
          action: 'import.acled',
          chunkSize,
        });
      };

      it('imports, re-imports unchanged, then updates a revised row', async () => {
        const first = await run(FIXTURE);
        assert.equal(first.source.incidents, 4);
        assert.equal(first.rejected.length, 0);
        assert.ok(first.store.created >= 4 + 3);
        const again = await run(FIXTURE);
        assert.equal(again.store.created, 0);
        assert.equal(again.store.updated, 0);
        const id = byRef(
          (await tn.node.records.list(cliPrincipal('en'), { types: ['incident'], limit: 100 })).items.map(
            (r) => r.object as StixObject,
          ),
          'BFA90001',
        )?.id;
        assert.ok(id);
        // ACLED revised the row: new fatalities and a later timestamp.
        const revised = readFileSync(FIXTURE, 'utf8').replace(',8,,1700000000', ',9,,1700009999');
        const third = await run(Readable.from([revised]));
        assert.equal(third.store.updated, 1);
        assert.equal(third.store.created, 0);
        const rec = await tn.node.records.get(cliPrincipal('en'), id);
        assert.deepEqual(ext(rec.object as StixObject).fatalities, { unknown: 9 });
        assert.equal((await tn.node.records.versions(cliPrincipal('en'), id)).length, 2);
      });

      it('a principal without the import permission stores nothing', async () => {
        const table = await openCsv(FIXTURE);
        const reporter = {
          userId: 'r',
          username: 'r',
          roles: ['reporter' as const],
          locale: 'en' as const,
          via: 'token' as const,
        };
        await assert.rejects(
          importStream(tn.node, reporter, acledToStix(table, OPTIONS), { action: 'import.acled' }),
          (e: unknown) => e instanceof DomainError && e.kind === 'forbidden',
        );
      });
    });
  }
});
