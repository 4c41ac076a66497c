import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { DomainError } from '../core/errors.ts';
import { hasMessage, t } from '../i18n/i18n.ts';
import type { StixObject } from '../objects/stix.ts';
import { openCsv, type CsvRow } from './csv.ts';
import { DEFAULT_UCDP_CSV } from './demo.ts';
import { assertStixShape, EXTENSION_ID } from './test-support/shape.ts';
import { importUcdpCsv, ucdpToStix, type UcdpImportOptions, type UcdpImportReport } from './ucdp.ts';
import { parseDay } from './ucdp-row.ts';
import { UCDP_IDENTITY_ID } from './ucdp-source.ts';
import { importMessages } from './messages.ts';

const OPTIONS: UcdpImportOptions = {
  sourceIdentityId: UCDP_IDENTITY_ID,
  importedAt: '2025-01-15T08:00:00.000Z',
};
const FULL_FIXTURE = new URL('./fixtures/ged_full_handmade.csv', import.meta.url);
const TLP_CLEAR = 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487';

type Ext = {
  event_type: string;
  time_precision: string;
  location: {
    lat: number;
    lon: number;
    precision_m?: number;
    country: string;
    admin1?: string;
    admin2?: string;
  };
  fatalities: { security_forces: number; civilians: number; assailants: number; unknown: number };
  actor_refs?: string[];
  source: { name: string; reference: string };
};
const ext = (o: StixObject) => o.extensions?.[EXTENSION_ID] as unknown as Ext;
const incidents = (objects: StixObject[]) => objects.filter((o) => o.type === 'incident');
const text = (...lines: string[]) => Readable.from([lines.join('\n') + '\n']);
const SUBSET_HEADER =
  'date_start,year,quarter,month,country,region,latitude,longitude,best,high,low,type_of_violence';

void describe('UCDP GED importer on the shared subset (assets/ucdp, 2,292 rows)', async () => {
  const first = await importUcdpCsv(DEFAULT_UCDP_CSV, OPTIONS);
  const { objects, report } = first;

  void it('turns every row into an incident or a reported issue', () => {
    assert.equal(report.shape, 'subset');
    assert.equal(report.rowsRead, 2292);
    assert.equal(report.incidents + report.skippedRows, report.rowsRead);
    assert.equal(report.skippedRows, 0);
    assert.deepEqual(report.issues, []);
    assert.equal(incidents(objects).length, 2292);
    assert.equal(report.objectsProduced, objects.length);
  });

  void it('counts BFA 987, MLI 990, NER 243 (and the coastal neighbours)', () => {
    assert.deepEqual(report.byCountry, { BEN: 31, BFA: 987, CIV: 1, GHA: 14, MLI: 990, NER: 243, TGO: 26 });
  });

  void it('reports points outside every admin-1 polygon instead of dropping them', () => {
    // 72 rows lie in countries with no bundled polygons; a few Sahel points fall just outside the
    // generalised borders. All are imported, with no admin1.
    const noAdmin = incidents(objects).filter((o) => ext(o).location.admin1 === undefined);
    assert.equal(report.outside, 76);
    assert.equal(report.countryMismatch, 5);
    assert.equal(noAdmin.length, report.outside + report.countryMismatch);
    assert.ok(noAdmin.every((o) => String(o.description).length > 0));
  });

  void it('gives the same ids and the same objects on a second run', async () => {
    const again = await importUcdpCsv(DEFAULT_UCDP_CSV, OPTIONS);
    assert.deepEqual(
      again.objects.map((o) => o.id),
      objects.map((o) => o.id),
    );
    assert.equal(JSON.stringify(again.objects), JSON.stringify(objects));
    assert.equal(new Set(objects.map((o) => o.id)).size, objects.length, 'identical keys get distinct ids');
  });

  void it('maps a BFA row: region/province, labels, marking, grading, subset fatalities', () => {
    const o = incidents(objects).find(
      (x) => ext(x).location.admin2 === 'Soum' && ext(x).event_type === 'battle',
    );
    assert.ok(o);
    const e = ext(o);
    assert.equal(e.location.admin1, 'Sahel');
    assert.equal(e.location.precision_m, undefined, 'the subset has no where_prec');
    assert.equal(e.time_precision, 'day');
    assert.deepEqual(o.labels, ['ucdp', String(o.labels?.[1])]);
    assert.ok(['state-based', 'non-state'].includes(String(o.labels?.[1])));
    assert.deepEqual(o.object_marking_refs, [TLP_CLEAR]);
    assert.equal(o.created_by_ref, UCDP_IDENTITY_ID);
    assert.equal(o.lang, 'fr');
    assert.match(String(o.name), /^Conflit (non )?étatique — Soum, BFA \(\d{4}-\d{2}-\d{2}\)$/);
    const ee = o.extensions?.[EXTENSION_ID] as Record<string, unknown>;
    assert.equal(ee.source_reliability, 'B');
    assert.equal(ee.information_credibility, 2);
    const f = e.fatalities;
    assert.equal(
      f.security_forces + f.assailants + f.civilians,
      0,
      'battle deaths in the subset are unknown',
    );
    assert.ok(f.unknown !== undefined);
  });

  void it('puts one-sided deaths under civilians and sets created from date_start', () => {
    for (const o of incidents(objects).filter((x) => x.labels?.includes('one-sided'))) {
      const f = ext(o).fatalities;
      assert.equal(f.unknown, 0);
      assert.equal(ext(o).event_type, 'violence_against_civilians');
      assert.equal(o.created?.slice(10), 'T00:00:00.000Z');
      assert.equal(o.modified, OPTIONS.importedAt);
    }
  });

  void it('produces well-formed STIX 2.1', () => {
    for (const o of objects) assertStixShape(o);
  });
});

void describe('UCDP GED importer on a hand-made full GED export', async () => {
  const { objects, report } = await importUcdpCsv(FULL_FIXTURE, OPTIONS);
  const byRef = (ref: string) => incidents(objects).find((o) => ext(o).source.reference === ref);
  const named = (name: string) => objects.filter((o) => o.name === name);

  void it('imports all five rows, recognising the full shape', () => {
    assert.equal(report.shape, 'full');
    assert.equal(report.rowsRead, 5);
    assert.equal(report.incidents, 5);
    assert.equal(report.skippedRows, 0);
    assert.equal(report.outside, 1, 'the Benin row');
  });

  void it('makes one object per actor: identities for governments, threat actors for armed groups', () => {
    assert.deepEqual(
      objects.filter((o) => o.type !== 'incident').map((o) => [o.type, o.name]),
      [
        ['identity', 'Government of Burkina Faso'],
        ['threat-actor', 'JNIM'],
        ['identity', 'Government of Mali'],
        ['threat-actor', 'IS'],
        ['identity', 'Government of Benin'],
      ],
    );
    assert.equal(named('JNIM').length, 1, 'JNIM appears in four rows, once as an object');
    assert.equal(named('Civilians').length, 0);
    const gov = named('Government of Burkina Faso')[0];
    assert.equal(gov?.identity_class, 'organization');
  });

  void it('yields each actor before the first incident that refers to it', () => {
    const seen = new Set<string>();
    for (const o of objects) {
      for (const ref of o.type === 'incident' ? (ext(o).actor_refs ?? []) : []) assert.ok(seen.has(ref), ref);
      seen.add(o.id);
    }
  });

  void it('maps deaths per side (state → security_forces, armed group → assailants)', () => {
    const jnim = named('JNIM')[0]?.id;
    const bfa = byRef('ged:900001');
    assert.ok(bfa && jnim);
    assert.deepEqual(ext(bfa).fatalities, { security_forces: 2, civilians: 1, assailants: 5, unknown: 0 });
    assert.deepEqual(ext(bfa).actor_refs, [named('Government of Burkina Faso')[0]?.id, jnim]);
    const oneSided = byRef('ged:900002');
    assert.ok(oneSided);
    assert.deepEqual(ext(oneSided).fatalities, {
      security_forces: 0,
      civilians: 12,
      assailants: 0,
      unknown: 0,
    });
    assert.deepEqual(ext(oneSided).actor_refs, [jnim]);
    const mali = byRef('ged:900003');
    assert.ok(mali);
    assert.deepEqual(ext(mali).fatalities, { security_forces: 3, civilians: 0, assailants: 7, unknown: 2 });
  });

  void it('keeps non-state conflict sides out of threat actors unless asked', async () => {
    const ns = byRef('ged:900004');
    assert.ok(ns);
    assert.equal(ext(ns).actor_refs, undefined);
    assert.deepEqual(ext(ns).fatalities, { security_forces: 0, civilians: 0, assailants: 10, unknown: 0 });
    assert.match(String(ns.description), /Parties : IS contre JNIM/);
    const withActors = await importUcdpCsv(FULL_FIXTURE, { ...OPTIONS, actorsForNonStateConflicts: true });
    const ns2 = withActors.objects.find((o) => o.id === ns.id);
    assert.equal(ns2 && ext(ns2).actor_refs?.length, 2);
    assert.equal(withActors.objects.filter((o) => o.name === 'JNIM').length, 1);
  });

  void it('maps where_prec and date_prec from the GED codebook', () => {
    const cases: [string, number, string][] = [
      ['ged:900001', 1_000, 'day'],
      ['ged:900002', 25_000, 'week'],
      ['ged:900003', 200_000, 'month'],
      ['ged:900004', 50_000, 'week'],
      ['ged:900005', 1_000_000, 'year'],
    ];
    for (const [ref, precision, time] of cases) {
      const o = byRef(ref);
      assert.ok(o, ref);
      assert.equal(ext(o).location.precision_m, precision, ref);
      assert.equal(ext(o).time_precision, time, ref);
    }
  });

  void it('uses polygons for admin names, GED adm_1 only outside them, and external ids', () => {
    const bfa = byRef('ged:900001');
    assert.ok(bfa);
    assert.deepEqual([ext(bfa).location.admin1, ext(bfa).location.admin2], ['Sahel', 'Soum']);
    assert.deepEqual(bfa.external_references, [
      {
        source_name: 'UCDP GED',
        external_id: '900001',
        url: 'https://ucdp.uu.se/downloads/index.html#ged_global',
      },
    ]);
    const benin = byRef('ged:900005');
    assert.ok(benin);
    assert.equal(ext(benin).location.admin1, 'Alibori');
    assert.equal(ext(benin).location.country, 'BEN');
    assert.match(String(benin.description), /hors des limites administratives/);
  });

  void it('describes the event in French with the facts', () => {
    const o = byRef('ged:900002');
    assert.ok(o);
    assert.equal(o.lang, 'fr');
    const d = String(o.description);
    for (const part of [
      'n° 900002',
      'du 2023-06-10 au 2023-06-14',
      'semaine',
      'Bandiagara',
      'JNIM contre Civilians',
      '12 (fourchette 10 à 15)',
      'CC BY 4.0',
    ]) {
      assert.ok(d.includes(part), `${part} in ${d}`);
    }
  });

  void it('ids come from the GED id, not from the row position', async () => {
    const table = await openCsv(FULL_FIXTURE);
    const rows: CsvRow[] = [];
    for await (const r of table.rows) rows.push(r);
    const reversed = await collect(ucdpToStix({ header: table.header, rows: rows.reverse() }, OPTIONS));
    assert.deepEqual(
      new Set(incidents(reversed.objects).map((o) => o.id)),
      new Set(incidents(objects).map((o) => o.id)),
    );
  });

  void it('produces well-formed STIX 2.1', () => {
    for (const o of objects) assertStixShape(o);
  });
});

async function collect(gen: AsyncGenerator<StixObject, UcdpImportReport>) {
  const objects: StixObject[] = [];
  for (;;) {
    const r = await gen.next();
    if (r.done) return { objects, report: r.value };
    objects.push(r.value);
  }
}

void describe('UCDP GED importer on broken files', () => {
  void it('names every missing column before reading any row', async () => {
    const rows: Iterable<CsvRow> = {
      [Symbol.iterator]: () => {
        throw new Error('rows must not be read');
      },
    };
    await assert.rejects(
      collect(
        ucdpToStix({ header: ['date_start', 'country', 'longitude', 'type_of_violence'], rows }, OPTIONS),
      ),
      (e: unknown) =>
        e instanceof DomainError &&
        e.code === 'import.missing_columns' &&
        e.params.columns === 'latitude, best' &&
        e.issues.map((i) => i.path).join() === '/columns/latitude,/columns/best',
    );
    await assert.rejects(
      importUcdpCsv(text('id,date_start,country,latitude,longitude,best,type_of_violence'), OPTIONS),
      (e: unknown) =>
        e instanceof DomainError &&
        e.params.columns ===
          'side_a, side_b, deaths_a, deaths_b, deaths_civilians, deaths_unknown, where_prec, date_prec',
    );
  });

  void it('refuses an import timestamp that is not a STIX timestamp', async () => {
    await assert.rejects(
      importUcdpCsv(text(SUBSET_HEADER), { ...OPTIONS, importedAt: '2025-01-15' }),
      (e: unknown) => e instanceof DomainError && e.code === 'import.bad_timestamp',
    );
  });

  void it('skips bad rows and reports line, field and code; the good rows still import', async () => {
    const { objects, report } = await importUcdpCsv(
      text(
        SUBSET_HEADER, // line 1
        '2023-05-01,2023,2023Q2,2023-05,Burkina Faso,Sahel Core,12.37,-1.52,3,3,3,1', // 2 ok
        '2023-02-30,2023,2023Q1,2023-02,Mali,Sahel Core,14.5,-3.4,1,1,1,1', // 3 bad date
        '2023-03-01,2023,2023Q1,2023-03,Mali,Sahel Core,95.2,-3.4,1,1,1,1', // 4 bad latitude
        '2023-03-01,2023,2023Q1,2023-03,Mali,Sahel Core,14.5,abc,1,1,1,1', // 5 bad longitude
        '2023-03-01,2023,2023Q1,2023-03,Mali,Sahel Core,14.5,-3.4,x,1,1,1', // 6 non-numeric best
        '2023-03-01,2023,2023Q1,2023-03,Mali,Sahel Core,14.5,-3.4,1,1,1,4', // 7 unknown type
        '2023-03-01,2023,2023Q1,2023-03,Atlantis,Sahel Core,14.5,-3.4,1,1,1,1', // 8 unknown country
        '"2023-03-02",2023,2023Q1,2023-03,Niger,"Sahel, ""Core""', // 9 quoted comma, quote and newline…
        'Nord",13.51,2.11,2,2,2,2', // 10 …ok
        '2023-03-03,2023,2023Q1,2023-03,Niger,Sahel Core,13.51,2.11,2,2,2,2,extra', // 11 field count
        '2023-03-04,2023,2023Q1,2023-03,Niger,Sahel "Core",13.51,2.11,2,2,2,2', // 12 stray quote
        ',2023,2023Q1,2023-03,,Sahel Core,-91,2.11,-1,2,2,0', // 13 several problems at once
        '2023-03-05,2023,2023Q1,2023-03,Senegal,Littoral,14.5,-18.5,1,1,1,3', // 14 ok, at sea off Dakar
      ),
      OPTIONS,
    );
    assert.deepEqual(
      report.issues.map(({ line, field, code }) => ({ line, field, code })),
      [
        { line: 3, field: 'date_start', code: 'import.bad_date' },
        { line: 4, field: 'latitude', code: 'import.bad_latitude' },
        { line: 5, field: 'longitude', code: 'import.bad_longitude' },
        { line: 6, field: 'best', code: 'import.bad_count' },
        { line: 7, field: 'type_of_violence', code: 'import.ucdp.bad_type_of_violence' },
        { line: 8, field: 'country', code: 'import.unknown_country' },
        { line: 11, field: '', code: 'import.csv.field_count' },
        { line: 12, field: '', code: 'import.csv.bad_quote' },
        { line: 13, field: 'date_start', code: 'import.required' },
        { line: 13, field: 'type_of_violence', code: 'import.ucdp.bad_type_of_violence' },
        { line: 13, field: 'latitude', code: 'import.bad_latitude' },
        { line: 13, field: 'country', code: 'import.required' },
        { line: 13, field: 'best', code: 'import.bad_count' },
      ],
    );
    assert.equal(report.rowsRead, 12, 'lines 9–10 are one record');
    assert.equal(report.skippedRows, 9);
    assert.equal(report.incidents, 3);
    assert.equal(report.outside, 1, 'the point at sea is imported and counted');
    const atSea = incidents(objects).find((o) => ext(o).location.country === 'SEN');
    assert.ok(atSea && ext(atSea).location.admin1 === undefined);
    assert.equal(
      incidents(objects).find((o) => ext(o).location.country === 'NER')?.created,
      '2023-03-02T00:00:00.000Z',
    );
  });

  void it('reads BOM + CRLF files and gives issue lines in physical lines', async () => {
    const body = `\uFEFF${SUBSET_HEADER}\r\n2023-05-01,2023,2023Q2,2023-05,Mali,"a\r\nb",14.5,-3.4,1,1,1,1\r\n2023-13-01,2023,2023Q2,2023-05,Mali,x,14.5,-3.4,1,1,1,1\r\n`;
    const { report } = await importUcdpCsv(Readable.from([Buffer.from(body, 'utf8')]), OPTIONS);
    assert.equal(report.incidents, 1);
    assert.deepEqual(
      report.issues.map(({ line, field, code }) => ({ line, field, code })),
      [{ line: 4, field: 'date_start', code: 'import.bad_date' }],
    );
  });

  void it('skips a second row with the same GED id', async () => {
    const table = await openCsv(FULL_FIXTURE);
    const rows: CsvRow[] = [];
    for await (const r of table.rows) rows.push(r);
    const dup = { ...rows[0]!, line: 99 };
    const { report } = await collect(ucdpToStix({ header: table.header, rows: [...rows, dup] }, OPTIONS));
    assert.deepEqual(
      report.issues.map(({ line, field, code }) => ({ line, field, code })),
      [{ line: 99, field: 'id', code: 'import.ucdp.duplicate_id' }],
    );
  });

  void it('caps the issue list but keeps the exact skipped count', async () => {
    const bad = Array.from({ length: 30 }, () => 'x,2023,2023Q1,2023-03,Mali,y,14.5,-3.4,1,1,1,1');
    const { report } = await importUcdpCsv(text(SUBSET_HEADER, ...bad), { ...OPTIONS, maxIssues: 10 });
    assert.equal(report.issues.length, 10);
    assert.equal(report.issuesTruncated, true);
    assert.equal(report.skippedRows, 30);
  });

  void it('keeps modified >= created when the import timestamp predates the event', async () => {
    const { objects } = await importUcdpCsv(
      text(SUBSET_HEADER, '2023-05-01,2023,2023Q2,2023-05,Mali,x,14.5,-3.4,1,1,1,1'),
      {
        ...OPTIONS,
        importedAt: '2020-01-01T00:00:00.000Z',
      },
    );
    assert.equal(objects[0]?.modified, objects[0]?.created);
  });
});

void describe('parseDay and messages', () => {
  const days: [string, string | null][] = [
    ['2023-05-01', '2023-05-01'],
    ['2023-05-01 00:00:00.000', '2023-05-01'],
    ['2024-02-29', '2024-02-29'],
    ['2023-02-29', null],
    ['2023-5-1', null],
    ['01/05/2023', null],
    ['', null],
  ];
  for (const [input, expected] of days)
    void it(`parseDay(${JSON.stringify(input)}) → ${expected}`, () =>
      assert.equal(parseDay(input), expected));

  void it('every import message exists in French and English, with different texts', () => {
    for (const code of Object.keys(importMessages)) {
      assert.ok(hasMessage(code));
      assert.notEqual(t('fr', code), t('en', code), code);
    }
    assert.equal(
      t('fr', 'import.bad_latitude', { line: 4, value: '95.2' }),
      'Ligne 4 : latitude invalide ou hors de [-90, 90] (95.2)',
    );
  });
});
