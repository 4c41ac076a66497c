/**
 * UCDP GED rows: which columns a file needs, and one row checked and typed. Two shapes are
 * accepted: the full GED CSV (has `id`, sides, per-side deaths and precision codes) and the
 * shared subset (date, place, type of violence, deaths estimates only).
 * Codebook: Högbladh, "UCDP GED Codebook" (versions 19.1–25.1), variables where_prec, date_prec.
 */
import { countryIso3 } from '../geo/countries-by-name.ts';
import { rowFields, type CsvRow, type RowIssue } from './csv.ts';

export type { RowIssue } from './csv.ts';
import './messages.ts';

export type UcdpShape = 'subset' | 'full';

const COMMON_REQUIRED = [
  'date_start',
  'country',
  'latitude',
  'longitude',
  'best',
  'type_of_violence',
] as const;
const FULL_REQUIRED = [
  ...COMMON_REQUIRED,
  'id',
  'side_a',
  'side_b',
  'deaths_a',
  'deaths_b',
  'deaths_civilians',
  'deaths_unknown',
  'where_prec',
  'date_prec',
] as const;

/**
 * Older GED releases (1.x–5.0) named the death estimates `best_est`, `high_est`, `low_est`; later
 * ones `best`, `high`, `low`. A header using the old name is read under the new one.
 */
export const UCDP_COLUMN_ALIASES: Readonly<Record<string, string>> = {
  best_est: 'best',
  high_est: 'high',
  low_est: 'low',
};

/** Renames applicable to `header` (old name → current name), when the current name is absent. */
export function headerAliases(header: readonly string[]): [string, string][] {
  const have = new Set(header);
  return Object.entries(UCDP_COLUMN_ALIASES).filter(([from, to]) => have.has(from) && !have.has(to));
}

/** The header as the importer reads it: old column names replaced by current ones. */
export function canonicalHeader(header: readonly string[]): string[] {
  const renames = new Map(headerAliases(header));
  return header.map((h) => renames.get(h) ?? h);
}

/** A file with an `id` column is the full GED export; otherwise the shared subset. */
export function detectShape(header: readonly string[]): UcdpShape {
  return header.includes('id') ? 'full' : 'subset';
}

/** Required columns absent from `header`, in a stable order. */
export function missingColumns(header: readonly string[], shape: UcdpShape): string[] {
  const have = new Set(header);
  return (shape === 'full' ? FULL_REQUIRED : COMMON_REQUIRED).filter((c) => !have.has(c));
}

export type TypeOfViolence = 1 | 2 | 3;

/** Fields only the full GED export has. */
export interface UcdpFullFields {
  sideA: string;
  sideB: string;
  sideANewId: string | null;
  sideBNewId: string | null;
  deathsA: number;
  deathsB: number;
  deathsCivilians: number;
  deathsUnknown: number;
  /** 1 (exact place) … 7 (water / airspace), codebook "where_prec". */
  wherePrec: number;
  /** 1 (exact day) … 5 (year), codebook "date_prec". */
  datePrec: number;
  adm1: string | null;
  adm2: string | null;
  whereDescription: string | null;
  conflictName: string | null;
}

export interface UcdpEvent {
  line: number;
  gedId: string | null;
  /** YYYY-MM-DD, the earliest possible date (codebook "date_start"). */
  date: string;
  dateEnd: string | null;
  typeOfViolence: TypeOfViolence;
  lat: number;
  lon: number;
  countryName: string;
  country: string;
  best: number;
  low: number | null;
  high: number | null;
  full: UcdpFullFields | null;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T][0-9:.]*Z?)?$/;
const COUNT_RE = /^\d+$/;

/** `YYYY-MM-DD` (GED writes `2023-05-01` or `2023-05-01 00:00:00.000`) → the day, or null. */
export function parseDay(value: string): string | null {
  const m = DATE_RE.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** Checks one row; every problem found is returned, so a fixed file needs one pass. */
export function parseUcdpRow(
  row: CsvRow,
  shape: UcdpShape,
): { ok: true; event: UcdpEvent } | { ok: false; issues: RowIssue[] } {
  const { line } = row;
  const { issues, problem, get, opt, required, coord } = rowFields(row);
  const count = (k: string, optional = false): number | null => {
    const v = get(k);
    if (v === '') {
      if (!optional) problem(k, 'import.required');
      return null;
    }
    if (!COUNT_RE.test(v)) {
      problem(k, 'import.bad_count', v);
      return null;
    }
    return Number(v);
  };
  const scale = (k: string, max: number): number | null => {
    const v = required(k);
    if (v === null) return null;
    if (!COUNT_RE.test(v) || Number(v) < 1 || Number(v) > max) {
      problem(k, 'import.ucdp.bad_precision', v);
      return null;
    }
    return Number(v);
  };

  // Checks run in column order of the GED codebook, so reports read naturally.
  const gedId = shape === 'full' ? required('id') : null;
  const rawDate = required('date_start');
  const date = rawDate === null ? null : parseDay(rawDate);
  if (rawDate !== null && date === null) problem('date_start', 'import.bad_date', rawDate);
  const rawEnd = opt('date_end');
  const dateEnd = rawEnd === null ? null : parseDay(rawEnd);
  if (rawEnd !== null && dateEnd === null) problem('date_end', 'import.bad_date', rawEnd);
  if (date && dateEnd && dateEnd < date) problem('date_end', 'import.bad_date_order', rawEnd ?? '');
  const rawTov = required('type_of_violence');
  const tov = rawTov === '1' ? 1 : rawTov === '2' ? 2 : rawTov === '3' ? 3 : null;
  if (rawTov !== null && tov === null)
    problem('type_of_violence', 'import.ucdp.bad_type_of_violence', rawTov);
  const lat = coord('latitude', 90, 'import.bad_latitude');
  const lon = coord('longitude', 180, 'import.bad_longitude');
  const countryName = required('country');
  const country = countryName === null ? null : countryIso3(countryName);
  if (countryName !== null && country === null) problem('country', 'import.unknown_country', countryName);
  const best = count('best');
  const low = count('low', true);
  const high = count('high', true);

  let full: UcdpFullFields | null = null;
  if (shape === 'full') {
    const sideA = required('side_a');
    const sideB = required('side_b');
    const deathsA = count('deaths_a');
    const deathsB = count('deaths_b');
    const deathsCivilians = count('deaths_civilians');
    const deathsUnknown = count('deaths_unknown');
    // Codebook: where_prec runs 1–7, date_prec 1–5.
    const wherePrec = scale('where_prec', 7);
    const datePrec = scale('date_prec', 5);
    if (
      sideA !== null &&
      sideB !== null &&
      deathsA !== null &&
      deathsB !== null &&
      deathsCivilians !== null &&
      deathsUnknown !== null &&
      wherePrec !== null &&
      datePrec !== null
    ) {
      full = {
        sideA,
        sideB,
        sideANewId: opt('side_a_new_id'),
        sideBNewId: opt('side_b_new_id'),
        deathsA,
        deathsB,
        deathsCivilians,
        deathsUnknown,
        wherePrec,
        datePrec,
        adm1: opt('adm_1'),
        adm2: opt('adm_2'),
        whereDescription: opt('where_description'),
        conflictName: opt('conflict_name'),
      };
    }
  }

  if (
    issues.length ||
    date === null ||
    tov === null ||
    lat === null ||
    lon === null ||
    country === null ||
    countryName === null ||
    best === null
  ) {
    return { ok: false, issues };
  }
  return {
    ok: true,
    event: {
      line,
      gedId,
      date,
      dateEnd,
      typeOfViolence: tov,
      lat,
      lon,
      countryName,
      country,
      best,
      low,
      high,
      full,
    },
  };
}
