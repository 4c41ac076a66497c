/**
 * ACLED CSV export rows: which columns a file needs, and one row checked and typed. Columns are
 * found by header name, never by position, so exports of any ACLED version (2019 layout with
 * `data_id`/`iso3`, the 2023+ layout with `disorder_type`/`civilian_targeting`) are read alike.
 * Codebook: ACLED Codebook (2023), sections on time_precision, geo_precision, inter codes.
 */
import { countryIso3 } from '../geo/countries-by-name.ts';
import { rowFields, type CsvRow, type RowIssue } from './csv.ts';
import { parseDay } from './ucdp-row.ts';
import './messages.ts';

/** Required columns: without any of them a row cannot become an incident. */
export const ACLED_REQUIRED = [
  'event_id_cnty',
  'event_date',
  'event_type',
  'country',
  'latitude',
  'longitude',
  'fatalities',
] as const;

/** Required columns absent from `header`, in a stable order. */
export function acledMissingColumns(header: readonly string[]): string[] {
  const have = new Set(header);
  return ACLED_REQUIRED.filter((c) => !have.has(c));
}

export interface AcledActor {
  name: string;
  /** ACLED inter code 1–8 (numeric in older exports, a label since 2024), null when absent. */
  inter: number | null;
  associated: string | null;
}

export interface AcledEvent {
  line: number;
  eventId: string;
  /** YYYY-MM-DD. */
  date: string;
  /** 1 day, 2 week, 3 month (codebook); 1 when the column is absent. */
  timePrecision: 1 | 2 | 3;
  eventType: string;
  subEventType: string | null;
  disorderType: string | null;
  actor1: AcledActor | null;
  actor2: AcledActor | null;
  civilianTargeting: boolean;
  country: string;
  countryName: string;
  admin1: string | null;
  admin2: string | null;
  admin3: string | null;
  location: string | null;
  lat: number;
  lon: number;
  /** 1 the town, 2 near it, 3 a larger area (codebook); null when absent. */
  geoPrecision: 1 | 2 | 3 | null;
  source: string | null;
  sourceScale: string | null;
  notes: string | null;
  fatalities: number;
  tags: string | null;
  /** Last change of the row at ACLED (Unix seconds), null when absent. */
  timestamp: number | null;
}

const COUNT_RE = /^\d+$/;
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** ACLED dates: `2023-05-01` (current exports) or `01 May 2023` (older exports). */
export function parseAcledDate(value: string): string | null {
  const iso = parseDay(value);
  if (iso) return iso;
  const m = /^(\d{1,2})[ -]([A-Za-z]+)[ -](\d{4})$/.exec(value.trim());
  if (!m) return null;
  const month = MONTHS.findIndex((n) => n.startsWith((m[2] ?? '').toLowerCase()) && (m[2] ?? '').length >= 3);
  if (month < 0) return null;
  return parseDay(`${m[3]}-${String(month + 1).padStart(2, '0')}-${(m[1] ?? '').padStart(2, '0')}`);
}

/** Inter codes since 2024 are labels; before, digits 0–8. */
const INTER_LABELS: Record<string, number> = {
  'state forces': 1,
  'rebel group': 2,
  'political militia': 3,
  'identity militia': 4,
  rioters: 5,
  protesters: 6,
  civilians: 7,
  'external/other forces': 8,
};

function parseInter(v: string): number | null | 'bad' {
  if (v === '') return null;
  if (/^[0-8]$/.test(v)) return Number(v) || null;
  return INTER_LABELS[v.toLowerCase().replace(/\s*\/\s*/g, '/')] ?? 'bad';
}

/** Checks one row; every problem found is returned, so a fixed file needs one pass. */
export function parseAcledRow(
  row: CsvRow,
): { ok: true; event: AcledEvent } | { ok: false; issues: RowIssue[] } {
  const { line } = row;
  const { issues, problem, get, opt, required, coord } = rowFields(row);
  const scale = (k: string): 1 | 2 | 3 | null => {
    const v = get(k);
    if (v === '') return null;
    if (v !== '1' && v !== '2' && v !== '3') {
      problem(k, 'import.acled.bad_precision', v);
      return null;
    }
    return Number(v) as 1 | 2 | 3;
  };
  const actor = (name: string, inter: string, assoc: string): AcledActor | null => {
    const n = get(name);
    const code = parseInter(get(inter));
    if (code === 'bad') problem(inter, 'import.acled.bad_inter', get(inter));
    return n === '' ? null : { name: n, inter: code === 'bad' ? null : code, associated: opt(assoc) };
  };

  const eventId = required('event_id_cnty');
  const rawDate = required('event_date');
  const date = rawDate === null ? null : parseAcledDate(rawDate);
  if (rawDate !== null && date === null) problem('event_date', 'import.bad_date', rawDate);
  const timePrecision = scale('time_precision') ?? 1;
  const eventType = required('event_type');
  const actor1 = actor('actor1', 'inter1', 'assoc_actor_1');
  const actor2 = actor('actor2', 'inter2', 'assoc_actor_2');
  const countryName = required('country');
  const country = countryName === null ? null : countryIso3(countryName);
  if (countryName !== null && country === null) problem('country', 'import.unknown_country', countryName);
  const lat = coord('latitude', 90, 'import.bad_latitude');
  const lon = coord('longitude', 180, 'import.bad_longitude');
  const geoPrecision = scale('geo_precision');
  const rawFatalities = required('fatalities');
  let fatalities: number | null = null;
  if (rawFatalities !== null) {
    if (COUNT_RE.test(rawFatalities)) fatalities = Number(rawFatalities);
    else problem('fatalities', 'import.bad_count', rawFatalities);
  }
  const rawTs = get('timestamp');
  let timestamp: number | null = null;
  if (rawTs !== '') {
    if (COUNT_RE.test(rawTs) && Number(rawTs) < 1e11) timestamp = Number(rawTs);
    else problem('timestamp', 'import.acled.bad_timestamp', rawTs);
  }

  if (
    issues.length ||
    eventId === null ||
    date === null ||
    eventType === null ||
    country === null ||
    countryName === null ||
    lat === null ||
    lon === null ||
    fatalities === null
  ) {
    return { ok: false, issues };
  }
  return {
    ok: true,
    event: {
      line,
      eventId,
      date,
      timePrecision,
      eventType,
      subEventType: opt('sub_event_type'),
      disorderType: opt('disorder_type'),
      actor1,
      actor2,
      civilianTargeting: get('civilian_targeting') !== '',
      country,
      countryName,
      admin1: opt('admin1'),
      admin2: opt('admin2'),
      admin3: opt('admin3'),
      location: opt('location'),
      lat,
      lon,
      geoPrecision,
      source: opt('source'),
      sourceScale: opt('source_scale'),
      notes: opt('notes'),
      fatalities,
      tags: opt('tags'),
      timestamp,
    },
  };
}
