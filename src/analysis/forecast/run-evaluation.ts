/**
 * `sentinelle forecast evaluate` without the printing: reads a GED CSV and boundary files, builds
 * the panel of the chosen countries (the model also learns from the other countries that have
 * boundaries, scored on the chosen ones only), runs the rolling-origin evaluation and returns the
 * table rows plus what was counted and left outside.
 */
import { DomainError } from '../../core/errors.ts';
import { loadAreaSet } from './areas.ts';
import { evaluatePanel, type Evaluation } from './evaluate.ts';
import { KIND_OPTIONS } from './model.ts';
import { monthLabel, parseMonth, readGedEvents } from './events.ts';
import { buildPanel, buildUnits, checkCountries, type UnitKind } from './panel.ts';
import './messages.ts';

export interface EvaluateRequest {
  events: string;
  boundaries: string;
  from: string;
  to: string;
  unit: string;
  horizon?: string | number;
  /** Comma-separated ISO alpha-3 codes; default every country with boundaries and events. */
  countries?: string;
  /** Train on the chosen countries only (default: also on the others with boundaries). */
  noPool?: boolean;
}

export interface EvaluateReport extends Evaluation {
  unit: UnitKind;
  countries: string[];
  trainedOn: string[];
  from: string;
  to: string;
  /** Events of the chosen countries in the panel, and those in no unit (by country). */
  counted: Record<string, { counted: number; outside: number }>;
  firstMonth: string;
  lastMonth: string;
}

const bad = (field: string, code: string, value: string): DomainError =>
  new DomainError('invalid', code, [{ path: `/${field}`, code, params: { field, value } }], { field, value });

/** Checks the request (every field named on error), then evaluates. */
export async function runEvaluation(req: EvaluateRequest): Promise<EvaluateReport> {
  const from = parseMonth(req.from);
  if (from === null) throw bad('from', 'forecast.bad_month', req.from);
  const to = parseMonth(req.to);
  if (to === null) throw bad('to', 'forecast.bad_month', req.to);
  if (to < from) throw bad('to', 'forecast.bad_range', `${req.from} > ${req.to}`);
  const horizon = Number(req.horizon ?? 1);
  if (horizon !== 1 && horizon !== 3) throw bad('horizon', 'forecast.bad_horizon', String(req.horizon));
  if (req.unit !== 'cell' && req.unit !== 'admin1') throw bad('unit', 'forecast.bad_unit', req.unit);
  const unit: UnitKind = req.unit;

  const set = loadAreaSet(req.boundaries);
  const requested = req.countries
    ?.split(',')
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);
  if (requested) checkCountries(set, requested);
  const events = await readGedEvents(req.events);
  if (events.length === 0) throw bad('events', 'forecast.no_events', req.events);
  const withEvents = [...new Set(events.map((e) => e.country))].filter((c) => set.countries.has(c)).sort();
  const countries = requested ?? withEvents;
  if (countries.length === 0) throw bad('country', 'forecast.no_country', req.events);
  const trainedOn = req.noPool
    ? countries
    : [...countries, ...[...set.countries].filter((c) => !countries.includes(c)).sort()];

  let first = Infinity;
  let last = -Infinity;
  for (const e of events) {
    first = Math.min(first, e.month);
    last = Math.max(last, e.month);
  }
  // Months with no row are months without events only inside the file's span.
  if (to > last) throw bad('to', 'forecast.beyond_data', `${req.to} > ${monthLabel(last)}`);
  const minHistory = 2;
  if (from - horizon - minHistory < first) {
    throw bad('from', 'forecast.no_history', `${req.from} (${monthLabel(first)} + ${horizon + minHistory})`);
  }
  const units = buildUnits(set, unit, trainedOn, events, { start: first, end: to });
  const panel = buildPanel(set, units, unit, events, { countries: trainedOn, start: first, end: to });
  const chosen = new Set(countries);
  const ev = evaluatePanel(panel, from - first, to - first, horizon, {
    scored: (u) => chosen.has(units[u]?.country ?? ''),
    groupOf: (u) => units[u]?.country ?? '',
    modelOptions: { minHistory, ...KIND_OPTIONS[unit] },
  });
  return {
    ...ev,
    unit,
    countries,
    trainedOn,
    from: monthLabel(from),
    to: monthLabel(to),
    counted: Object.fromEntries(
      countries.map((c) => [c, panel.byCountry.get(c) ?? { counted: 0, outside: 0 }]),
    ),
    firstMonth: monthLabel(first),
    lastMonth: monthLabel(last),
  };
}
