/**
 * Validation rules of the custom types of correlation links and alerts, forecast alerts
 * (src/analysis). Import value helpers from ../checks.ts (never from ../type-rules.ts, which
 * imports this file).
 */
import {
  closed,
  descriptionStr,
  int,
  list,
  nameStr,
  num,
  objectOf,
  refList,
  str,
  timestamp,
  type Checker,
} from '../checks.ts';
import { isAlpha3 } from '../countries.ts';
import { compareTimestamps, isTimestamp } from '../timestamps.ts';
import type { TypeRule } from '../type-rules.ts';
import { ALERT_KINDS, ALERT_SEVERITIES, ALERT_STATUSES, type AnalysisType } from './analysis-types.ts';

const signal = objectOf(
  'signal',
  {
    name: str({ nonEmpty: true, max: 100 }),
    value: (c, v, path) => {
      if (typeof v === 'number') {
        if (!Number.isFinite(v)) c.add(path, 'stix.expected_number');
      } else if (typeof v !== 'string') c.add(path, 'stix.expected_string');
      else if (v.length > 500) c.add(path, 'stix.too_long', { max: 500 });
    },
    weight: num(-1e9, 1e9),
  },
  ['name', 'value'],
);

const country = (c: Checker, v: unknown, path: string) => {
  if (typeof v !== 'string') return c.add(path, 'stix.expected_string');
  if (!isAlpha3(v)) c.add(path, 'incident_ext.invalid_country', { value: v.slice(0, 50) });
};

export const ANALYSIS_TYPE_RULES: Readonly<Record<AnalysisType, TypeRule>> = {
  'x-sentinelle-alert': {
    category: 'sdo',
    props: {
      name: nameStr,
      description: descriptionStr,
      alert_kind: closed(ALERT_KINDS),
      severity: closed(ALERT_SEVERITIES),
      score: num(0, 1),
      status: closed(ALERT_STATUSES),
      object_refs: refList({ not: [] }, undefined, 1_000),
      signals: list(signal, 100),
      location: objectOf('location', { lat: num(-90, 90), lon: num(-180, 180) }, ['lat', 'lon']),
      country,
      admin1: str({ nonEmpty: true, max: 200 }),
      cell: int(1, 259_200),
      period_start: timestamp,
      period_end: timestamp,
      dedupe_key: str({ nonEmpty: true, max: 500 }),
    },
    required: ['name', 'alert_kind', 'severity', 'score', 'dedupe_key'],
    rules: (c, o) => {
      const a = o.period_start;
      const b = o.period_end;
      if (isTimestamp(a) && isTimestamp(b) && compareTimestamps(b, a) < 0) {
        c.add('/period_end', 'stix.must_not_precede', { property: 'period_end', other: 'period_start' });
      }
    },
  },
};
