/**
 * A small streaming CSV reader (RFC 4180): quoted fields, doubled quotes, CRLF or LF, newlines
 * inside quotes, UTF-8 BOM. It never holds more than one record in memory, so a 300 MB GED
 * export streams. Written here rather than taking csv-parse: ~150 lines we control, no dependency.
 *
 * Leniency, by design, so one bad row does not sink a file: a stray quote inside an unquoted
 * field (or text after a closing quote) is kept as text and the row is flagged `bad_quote`; a row
 * with the wrong number of fields is flagged `field_count`. The caller decides to skip and report.
 * Only an unclosed quote at end of file is fatal, since everything after it is one field.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { DomainError } from '../core/errors.ts';
import type { Params } from '../i18n/i18n.ts';
import './messages.ts';

export type CsvSource = string | URL | Readable | AsyncIterable<string | Uint8Array>;

/** One raw record: the physical line it starts on (1-based) and its fields. */
export interface CsvRecord {
  line: number;
  fields: string[];
  /** A quote appeared where RFC 4180 §2.5–2.7 does not allow one. */
  badQuote: boolean;
}

/** One data row keyed by header names. */
export interface CsvRow {
  line: number;
  record: Record<string, string>;
  /** Fields actually present (differs from the header length on a malformed row). */
  fieldCount: number;
  /** Set when the row is malformed; the record then holds what could be read. */
  error?: 'import.csv.bad_quote' | 'import.csv.field_count';
}

export interface CsvTable {
  header: readonly string[];
  rows: AsyncIterable<CsvRow>;
  /** Stops reading and releases the file (needed only when `rows` is not read to the end). */
  close(): Promise<void>;
}

async function* textChunks(source: CsvSource): AsyncGenerator<string> {
  const input: AsyncIterable<unknown> =
    typeof source === 'string' || source instanceof URL ? createReadStream(source) : source;
  // TextDecoder keeps multi-byte characters split across chunks whole, and drops a leading BOM.
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of input) {
    if (typeof chunk === 'string') yield chunk;
    else if (chunk instanceof Uint8Array) yield decoder.decode(chunk, { stream: true });
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** Parser states (plain constants: no enum, so the file stays erasable TypeScript). */
const S = { FieldStart: 0, Unquoted: 1, Quoted: 2, QuoteInQuoted: 3 } as const;
type State = (typeof S)[keyof typeof S];

/** Low-level: every record of the input, blank lines skipped. */
export async function* csvRecords(source: CsvSource): AsyncGenerator<CsvRecord> {
  let state: State = S.FieldStart;
  let field = '';
  let fields: string[] = [];
  let quoted = false; // the current field was opened with a quote
  let badQuote = false;
  let line = 1;
  let recordLine = 1;
  let lastWasCR = false;
  let first = true;

  const endRecord = (): CsvRecord | null => {
    fields.push(field);
    const blank = fields.length === 1 && field === '' && !quoted;
    const rec = blank ? null : { line: recordLine, fields, badQuote };
    fields = [];
    field = '';
    quoted = false;
    badQuote = false;
    state = S.FieldStart;
    return rec;
  };

  for await (let chunk of textChunks(source)) {
    if (first && chunk.length > 0) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      first = false;
    }
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i] ?? '';
      const afterCR = lastWasCR;
      lastWasCR = false;
      if (c === '\n' && afterCR) {
        // Second half of CRLF: the line was already counted (and the record ended, if outside quotes).
        if (state === S.Quoted) field += c;
        continue;
      }
      if (state === S.Quoted) {
        if (c === '"') state = S.QuoteInQuoted;
        else {
          field += c;
          if (c === '\n' || c === '\r') {
            line++;
            lastWasCR = c === '\r';
          }
        }
        continue;
      }
      if (state === S.QuoteInQuoted && c === '"') {
        field += '"'; // RFC 4180 §2.7: a doubled quote is one quote
        state = S.Quoted;
        continue;
      }
      if (c === ',') {
        fields.push(field);
        field = '';
        quoted = false;
        state = S.FieldStart;
      } else if (c === '\n' || c === '\r') {
        const rec = endRecord();
        line++;
        recordLine = line;
        lastWasCR = c === '\r';
        if (rec) yield rec;
      } else if (state === S.FieldStart && c === '"') {
        quoted = true;
        state = S.Quoted;
      } else {
        if (c === '"' || state === S.QuoteInQuoted) badQuote = true;
        field += c;
        state = S.Unquoted;
      }
    }
  }
  if (state === S.Quoted) {
    throw new DomainError(
      'invalid',
      'import.csv.unclosed_quote',
      [{ path: '', code: 'import.csv.unclosed_quote', params: { line: recordLine } }],
      {
        line: recordLine,
      },
    );
  }
  if (field !== '' || fields.length > 0 || quoted) {
    const rec = endRecord();
    if (rec) yield rec;
  }
}

/**
 * Opens a CSV with a header line: reads the header now (so callers can check columns before any
 * row) and returns the rows as an async iterable. Header names are trimmed.
 */
export async function openCsv(source: CsvSource): Promise<CsvTable> {
  const it = csvRecords(source);
  const first = await it.next();
  if (first.done) throw new DomainError('invalid', 'import.csv.empty');
  const header = first.value.fields.map((h) => h.trim());
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) {
      await it.return(undefined);
      throw new DomainError(
        'invalid',
        'import.csv.duplicate_column',
        [{ path: '', code: 'import.csv.duplicate_column', params: { column: h } }],
        {
          column: h,
        },
      );
    }
    seen.add(h);
  }
  async function* rows(): AsyncGenerator<CsvRow> {
    for await (const rec of { [Symbol.asyncIterator]: () => it }) {
      const record: Record<string, string> = {};
      const n = Math.min(header.length, rec.fields.length);
      for (let k = 0; k < n; k++) record[header[k] ?? ''] = rec.fields[k] ?? '';
      const row: CsvRow = { line: rec.line, record, fieldCount: rec.fields.length };
      if (rec.fields.length !== header.length) row.error = 'import.csv.field_count';
      else if (rec.badQuote) row.error = 'import.csv.bad_quote';
      yield row;
    }
  }
  return {
    header,
    rows: rows(),
    close: async () => {
      await it.return(undefined);
    },
  };
}

/** Convenience: every data row of a CSV with a header line. */
export async function* readCsv(source: CsvSource): AsyncGenerator<CsvRow> {
  const table = await openCsv(source);
  yield* table.rows;
}

/** A row that could not be imported (or a CSV-level problem), with a message code. */
export interface RowIssue {
  line: number;
  /** Column name; '' when the problem is the row as a whole. */
  field: string;
  code: string;
  params?: Params;
}

/** A plain decimal number as event files write coordinates (no exponent, no thousands separator). */
export const DECIMAL_RE = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** Values echoed in messages are cut short: a report must not carry whole rows. */
export function clip(v: string): string {
  return v.length > 50 ? `${v.slice(0, 47)}...` : v;
}

/**
 * The field readers every importer's row check starts from: each problem found is collected
 * with its line and column (so a fixed file needs one pass), values trimmed, required fields and
 * coordinates checked the same way for every source.
 */
export function rowFields(row: CsvRow): {
  issues: RowIssue[];
  problem: (field: string, code: string, value?: string) => void;
  get: (k: string) => string;
  opt: (k: string) => string | null;
  required: (k: string) => string | null;
  coord: (k: string, limit: number, code: string) => number | null;
} {
  const { line, record } = row;
  const issues: RowIssue[] = [];
  const problem = (field: string, code: string, value?: string): void => {
    issues.push({
      line,
      field,
      code,
      params: { line, field, ...(value === undefined ? {} : { value: clip(value) }) },
    });
  };
  const get = (k: string) => (record[k] ?? '').trim();
  const opt = (k: string) => get(k) || null;
  const required = (k: string): string | null => {
    const v = get(k);
    if (v === '') problem(k, 'import.required');
    return v === '' ? null : v;
  };
  const coord = (k: string, limit: number, code: string): number | null => {
    const v = required(k);
    if (v === null) return null;
    const n = Number(v);
    if (!DECIMAL_RE.test(v) || !(Math.abs(n) <= limit)) {
      problem(k, code, v);
      return null;
    }
    return n;
  };
  return { issues, problem, get, opt, required, coord };
}
