import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DomainError } from '../core/errors.ts';
import { csvRecords, openCsv, readCsv, type CsvSource } from './csv.ts';

const fromText = (...chunks: (string | Uint8Array)[]): Readable => Readable.from(chunks);

async function records(source: CsvSource) {
  const out: { line: number; fields: string[]; badQuote: boolean }[] = [];
  for await (const r of csvRecords(source)) out.push(r);
  return out;
}

async function rows(source: CsvSource) {
  const out = [];
  for await (const r of readCsv(source)) out.push(r);
  return out;
}

void describe('csvRecords (RFC 4180)', () => {
  void it('reads quoted fields with commas, doubled quotes and embedded newlines, numbering lines', async () => {
    const text = 'a,b,c\n1,"x, y","he said ""hi"""\n2,"two\nlines",z\n3,,\n';
    assert.deepEqual(await records(fromText(text)), [
      { line: 1, fields: ['a', 'b', 'c'], badQuote: false },
      { line: 2, fields: ['1', 'x, y', 'he said "hi"'], badQuote: false },
      { line: 3, fields: ['2', 'two\nlines', 'z'], badQuote: false },
      { line: 5, fields: ['3', '', ''], badQuote: false },
    ]);
  });

  void it('treats CRLF and LF alike, keeps CRLF inside quotes, counts a CRLF as one line', async () => {
    const text = 'a,b\r\n"x\r\ny",2\r\n3,4';
    assert.deepEqual(await records(fromText(text)), [
      { line: 1, fields: ['a', 'b'], badQuote: false },
      { line: 2, fields: ['x\r\ny', '2'], badQuote: false },
      { line: 4, fields: ['3', '4'], badQuote: false },
    ]);
  });

  void it('handles CRLF split across chunks', async () => {
    assert.deepEqual(
      (await records(fromText('a,b\r', '\n1,2\r', '\n'))).map((r) => r.line),
      [1, 2],
    );
  });

  void it('drops a UTF-8 BOM, from text and from bytes', async () => {
    const bytes = Buffer.from('\uFEFFdate_start,x\n1,2\n', 'utf8');
    assert.deepEqual((await records(fromText(bytes)))[0]?.fields, ['date_start', 'x']);
    assert.deepEqual((await records(fromText('\uFEFFdate_start,x\n')))[0]?.fields, ['date_start', 'x']);
  });

  void it('keeps a multi-byte character split between two byte chunks', async () => {
    const bytes = Buffer.from('nom\nSégou\n', 'utf8');
    const cut = bytes.indexOf(0xc3) + 1; // in the middle of "é"
    assert.deepEqual((await records(fromText(bytes.subarray(0, cut), bytes.subarray(cut))))[1]?.fields, [
      'Ségou',
    ]);
  });

  void it('skips blank lines but keeps a record made of one quoted empty field', async () => {
    const r = await records(fromText('a\n\n""\n\n'));
    assert.deepEqual(
      r.map((x) => [x.line, x.fields]),
      [
        [1, ['a']],
        [3, ['']],
      ],
    );
  });

  void it('flags stray quotes but keeps reading', async () => {
    const r = await records(fromText('a,b\n5" pipe,2\n"ok"x,3\n4,5\n'));
    assert.deepEqual(
      r.map((x) => [x.line, x.fields, x.badQuote]),
      [
        [1, ['a', 'b'], false],
        [2, ['5" pipe', '2'], true],
        [3, ['okx', '3'], true],
        [4, ['4', '5'], false],
      ],
    );
  });

  void it('fails on a quote left open at the end, naming the line where it opened', async () => {
    await assert.rejects(
      records(fromText('a,b\n1,2\n3,"never closed\n4,5\n')),
      (e: unknown) =>
        e instanceof DomainError && e.code === 'import.csv.unclosed_quote' && e.params.line === 3,
    );
  });

  void it('round-trips any table through RFC 4180 quoting, whatever the chunking', async () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'é', ',', '"', '\n', '\r\n', ' ', '1') });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 20 }),
        async (table, cuts) => {
          const text = table
            .map((row) => row.map((c) => `"${c.replaceAll('"', '""')}"`).join(','))
            .join('\r\n');
          const chunks: string[] = [];
          for (let i = 0, k = 0; i < text.length; k++) {
            const n = cuts[k % cuts.length] ?? 1;
            chunks.push(text.slice(i, i + n));
            i += n;
          }
          const got = await records(fromText(...chunks));
          assert.deepEqual(
            got.map((r) => r.fields),
            table,
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

void describe('openCsv / readCsv', () => {
  void it('maps fields to trimmed header names and flags rows with the wrong field count', async () => {
    const table = await openCsv(fromText(' a , b\n1,2\n3\n4,5,6\n'));
    assert.deepEqual(table.header, ['a', 'b']);
    const got = [];
    for await (const r of table.rows) got.push(r);
    assert.deepEqual(got, [
      { line: 2, record: { a: '1', b: '2' }, fieldCount: 2 },
      { line: 3, record: { a: '3' }, fieldCount: 1, error: 'import.csv.field_count' },
      { line: 4, record: { a: '4', b: '5' }, fieldCount: 3, error: 'import.csv.field_count' },
    ]);
  });

  void it('flags a row with a stray quote as bad_quote', async () => {
    const [row] = await rows(fromText('a,b\n1,x"y\n'));
    assert.equal(row?.error, 'import.csv.bad_quote');
  });

  void it('refuses an empty input and a duplicated column', async () => {
    await assert.rejects(
      openCsv(fromText('')),
      (e: unknown) => e instanceof DomainError && e.code === 'import.csv.empty',
    );
    await assert.rejects(
      openCsv(fromText('\n\n')),
      (e: unknown) => e instanceof DomainError && e.code === 'import.csv.empty',
    );
    await assert.rejects(
      openCsv(fromText('a,b,a\n')),
      (e: unknown) =>
        e instanceof DomainError && e.code === 'import.csv.duplicate_column' && e.params.column === 'a',
    );
  });

  void it('reads a file by path, and close() stops early without error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'csv-'));
    const path = join(dir, 't.csv');
    writeFileSync(path, 'a\n' + Array.from({ length: 1000 }, (_, i) => String(i)).join('\n'));
    assert.equal((await rows(path)).length, 1000);
    const table = await openCsv(path);
    for await (const r of table.rows) {
      assert.equal(r.record.a, '0');
      break;
    }
    await table.close();
  });
});
