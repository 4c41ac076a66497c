/**
 * Import of existing spreadsheets (CSV, docs/cooperation.md §5): one row per delivery (one item
 * line) or per training session and receiving unit. Each row becomes a ledger record; a row that
 * cannot is refused with its line number, the column at fault and why. Pure mapping here; the
 * service checks rows against the programme and the store, then stores the accepted rows in one
 * transaction.
 */
import type { Issue } from '../core/errors.ts';
import type { Params } from '../i18n/i18n.ts';
import { openCsv, type CsvSource } from '../imports/csv.ts';
import { CATEGORY_LABELS, MEASURE_LABELS, SKILL_LABELS } from './taxonomy.ts';
import {
  ACTIVITY_STATUSES,
  DELIVERY_STATUSES,
  EQUIPMENT_CATEGORIES,
  MEASURES,
  SKILLS,
} from '../objects/custom/cooperation-types.ts';
import { foldText } from '../core/text.ts';

export type CsvKind = 'deliveries' | 'training';

export const CSV_COLUMNS: Readonly<
  Record<CsvKind, { required: readonly string[]; optional: readonly string[] }>
> = {
  deliveries: {
    required: [
      'name',
      'provider',
      'receiver',
      'receiving_unit',
      'item_type',
      'category',
      'quantity',
      'planned_ship_date',
    ],
    optional: ['measure', 'serial_numbers', 'shipped_at', 'expected_arrival', 'status', 'end_use_checks'],
  },
  training: {
    required: ['course', 'skills', 'provider', 'receiver', 'unit', 'trainees', 'hours', 'start', 'end'],
    optional: ['place', 'passed', 'failed', 'status', 'outcomes', 'certificate', 'certificate_valid_days'],
  },
};

export interface Refusal {
  line: number;
  field: string;
  code: string;
  params?: Params;
}

export interface Party {
  node_id: string;
  country: string;
}

/** A row mapped to a record body, or its refusals. */
export type Mapped = { line: number; body: Record<string, unknown> } | { line: number; refusals: Refusal[] };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** "2026-03-01" → "2026-03-01T00:00:00Z"; full timestamps pass through; '' → undefined. */
function date(v: string | undefined): string | undefined {
  const s = (v ?? '').trim();
  if (!s) return undefined;
  return DATE.test(s) ? `${s}T00:00:00Z` : s;
}

/** Matches a vocabulary value by code or by its French or English label (accents and case folded). */
function vocab<K extends string>(
  v: string,
  values: readonly K[],
  labels: Readonly<Record<K, { fr: string; en: string }>>,
): K | null {
  const f = foldText(v.trim()).replace(/[\s-]+/g, '_');
  for (const k of values) {
    if (
      foldText(k) === f ||
      foldText(labels[k].fr).replace(/[\s-]+/g, '_') === f ||
      foldText(labels[k].en).replace(/[\s-]+/g, '_') === f
    )
      return k;
  }
  return null;
}

const split = (v: string | undefined): string[] =>
  (v ?? '')
    .split(/[;|]/)
    .map((s) => s.trim())
    .filter(Boolean);

class Row {
  readonly refusals: Refusal[] = [];
  constructor(
    readonly line: number,
    readonly r: Record<string, string>,
  ) {}

  text(k: string, required = false): string | undefined {
    const v = (this.r[k] ?? '').trim();
    if (!v && required) this.refusals.push({ line: this.line, field: k, code: 'cooperation.csv_required' });
    return v || undefined;
  }

  number(k: string, required = false): number | undefined {
    const v = this.text(k, required);
    if (v === undefined) return undefined;
    const n = Number(v.replace(/\s/g, '').replace(',', '.'));
    if (!Number.isFinite(n)) {
      this.refusals.push({
        line: this.line,
        field: k,
        code: 'cooperation.csv_bad_number',
        params: { value: v.slice(0, 50) },
      });
      return undefined;
    }
    return n;
  }

  oneOf<K extends string>(
    k: string,
    values: readonly K[],
    labels?: Readonly<Record<K, { fr: string; en: string }>>,
    required = false,
  ): K | undefined {
    const v = this.text(k, required);
    if (v === undefined) return undefined;
    const hit = labels ? vocab(v, values, labels) : (values.find((x) => x === v.toLowerCase()) ?? null);
    if (!hit)
      this.refusals.push({
        line: this.line,
        field: k,
        code: 'cooperation.csv_bad_value',
        params: { value: v.slice(0, 50), values: values.join(', ') },
      });
    return hit ?? undefined;
  }

  /** A party by node id or country code. */
  party(k: string, parties: readonly Party[]): string | undefined {
    const v = this.text(k, true);
    if (v === undefined) return undefined;
    const p = parties.find((x) => x.node_id === v || x.country === v.toUpperCase());
    if (!p)
      this.refusals.push({
        line: this.line,
        field: k,
        code: 'cooperation.not_party',
        params: { value: v.slice(0, 60) },
      });
    return p?.node_id;
  }
}

const plain = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

export function mapDeliveryRow(
  line: number,
  rec: Record<string, string>,
  programmeRef: string,
  parties: readonly Party[],
): Mapped {
  const row = new Row(line, rec);
  const serials = split(rec.serial_numbers);
  const body = plain({
    name: row.text('name', true),
    programme_ref: programmeRef,
    provider_node: row.party('provider', parties),
    receiver_node: row.party('receiver', parties),
    receiving_unit: row.text('receiving_unit', true),
    items: [
      plain({
        item_type: row.text('item_type', true),
        category: row.oneOf('category', EQUIPMENT_CATEGORIES, CATEGORY_LABELS, true),
        quantity: row.number('quantity', true),
        measure: row.oneOf('measure', MEASURES, MEASURE_LABELS) ?? 'each',
        ...(serials.length ? { serial_numbers: serials } : {}),
      }),
    ],
    status: row.oneOf('status', DELIVERY_STATUSES) ?? (rec.shipped_at?.trim() ? 'shipped' : 'notified'),
    planned_ship_date: date(row.text('planned_ship_date', true)),
    shipped_at: date(rec.shipped_at),
    expected_arrival: date(rec.expected_arrival),
    ...(split(rec.end_use_checks).length
      ? { end_use_checks: split(rec.end_use_checks).map((d) => ({ due: date(d) })) }
      : {}),
  });
  return row.refusals.length ? { line, refusals: row.refusals } : { line, body };
}

export function mapTrainingRow(
  line: number,
  rec: Record<string, string>,
  programmeRef: string,
  parties: readonly Party[],
): Mapped {
  const row = new Row(line, rec);
  const skills: string[] = [];
  for (const s of split(rec.skills)) {
    const k = vocab(s, SKILLS, SKILL_LABELS);
    if (!k)
      row.refusals.push({
        line,
        field: 'skills',
        code: 'cooperation.csv_bad_value',
        params: { value: s.slice(0, 50), values: SKILLS.join(', ') },
      });
    else skills.push(k);
  }
  if (!split(rec.skills).length)
    row.refusals.push({ line, field: 'skills', code: 'cooperation.csv_required' });
  const course = row.text('course', true);
  const cert = row.text('certificate');
  const validDays = row.number('certificate_valid_days');
  const provider = row.party('provider', parties);
  const body = plain({
    name: `${course ?? ''} — ${rec.unit ?? ''}`.slice(0, 250),
    programme_ref: programmeRef,
    activity_kind: 'training',
    status: row.oneOf('status', ACTIVITY_STATUSES) ?? 'completed',
    provider_node: provider,
    receiver_node: row.party('receiver', parties),
    start: date(row.text('start', true)),
    end: date(row.text('end', true)),
    place: row.text('place'),
    outcomes: row.text('outcomes'),
    course: course ? { name: course, skills: [...new Set(skills)] } : undefined,
    trainees: [
      plain({
        unit: row.text('unit', true),
        count: row.number('trainees', true),
        hours: row.number('hours', true),
        passed: row.number('passed'),
        failed: row.number('failed'),
      }),
    ],
    ...(cert
      ? {
          certificate: {
            name: cert,
            valid_days: validDays ?? 365,
            ...(provider ? { recognised_by: [provider] } : {}),
          },
        }
      : {}),
  });
  return row.refusals.length ? { line, refusals: row.refusals } : { line, body };
}

/** The CSV column an issue of a mapped record points at. */
export function columnOf(kind: CsvKind, path: string): string {
  const p = path
    .replace(/^\/items\/\d+/, '')
    .replace(/^\/trainees\/\d+/, '')
    .replace(/^\/course/, '');
  const seg = p.split('/')[1] ?? '';
  const map: Record<string, string> =
    kind === 'deliveries'
      ? { provider_node: 'provider', receiver_node: 'receiver', end_use_checks: 'end_use_checks' }
      : {
          provider_node: 'provider',
          receiver_node: 'receiver',
          count: 'trainees',
          name: 'course',
          unit: 'unit',
          certificate: 'certificate',
        };
  return map[seg] ?? (seg || 'name');
}

export function issuesToRefusals(kind: CsvKind, line: number, issues: readonly Issue[]): Refusal[] {
  return issues.map((i) => ({
    line,
    field: columnOf(kind, i.path),
    code: i.code,
    ...(i.params ? { params: i.params } : {}),
  }));
}

/** Reads the rows of a CSV text and maps them; missing columns refuse the whole file (line 1). */
export async function mapCsv(
  kind: CsvKind,
  source: CsvSource,
  programmeRef: string,
  parties: readonly Party[],
): Promise<{ header: readonly string[]; rows: Mapped[] }> {
  const table = await openCsv(source);
  const missing = CSV_COLUMNS[kind].required.filter((c) => !table.header.includes(c));
  if (missing.length) {
    await table.close();
    return {
      header: table.header,
      rows: [
        {
          line: 1,
          refusals: missing.map((c) => ({
            line: 1,
            field: c,
            code: 'cooperation.csv_missing_column',
            params: { column: c },
          })),
        },
      ],
    };
  }
  const rows: Mapped[] = [];
  for await (const r of table.rows) {
    if (r.error) {
      rows.push({ line: r.line, refusals: [{ line: r.line, field: '', code: r.error }] });
      continue;
    }
    rows.push(
      kind === 'deliveries'
        ? mapDeliveryRow(r.line, r.record, programmeRef, parties)
        : mapTrainingRow(r.line, r.record, programmeRef, parties),
    );
  }
  return { header: table.header, rows };
}

/** A CSV held in memory, as a source for openCsv. */
export async function* textSource(text: string): AsyncGenerator<string> {
  yield text;
}
