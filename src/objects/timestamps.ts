/**
 * STIX timestamps (STIX 2.1 §3.2): RFC 3339 in UTC with a literal `Z`, with optional fractional
 * seconds of any precision, e.g. `2016-01-20T12:31:12.123456Z`. `created`/`modified` SHOULD carry at
 * least millisecond precision. JavaScript `Date` keeps only milliseconds, so comparisons work on the
 * text: two versions 0.1 ms apart are different versions and must not compare equal.
 */
import type { Clock } from '../core/clock.ts';

const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z$/;

export interface ParsedTimestamp {
  /** `YYYY-MM-DDTHH:MM:SS`, fixed width, so it sorts as text. */
  seconds: string;
  /** The fractional digits as written, without trailing zeros ('' when none). */
  fraction: string;
  /** Digits written after the decimal point (0 when none). */
  precision: number;
  /** The instant, truncated to milliseconds (a leap second maps to the next second's start). */
  date: Date;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Parses a STIX timestamp, or returns null when it is not one (wrong shape, impossible date). */
export function parseTimestamp(value: unknown): ParsedTimestamp | null {
  if (typeof value !== 'string' || value.length > 64) return null;
  const m = TIMESTAMP_RE.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59) return null;
  // RFC 3339 §5.7: second 60 exists only as a leap second, which is always inserted at 23:59:60 UTC.
  if (second > 60 || (second === 60 && (hour !== 23 || minute !== 59))) return null;
  const digits = m[7] ?? '';
  const ms = Number((digits + '000').slice(0, 3));
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms));
  date.setUTCFullYear(year); // Date.UTC maps years 0–99 to 1900–1999
  return { seconds: value.slice(0, 19), fraction: digits.replace(/0+$/, ''), precision: digits.length, date };
}

/** True when `value` is a valid STIX timestamp. */
export function isTimestamp(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  if (VALID.has(value)) return true;
  if (parseTimestamp(value) === null) return false;
  // Records repeat a few timestamps (created, modified, import times): remember the valid ones.
  if (VALID.size >= 4096) VALID.clear();
  VALID.add(value);
  return true;
}
const VALID = new Set<string>();

/**
 * Orders two STIX timestamps exactly, down to the last fractional digit written: negative when
 * `a` is earlier, 0 when they denote the same instant ('…:00.1Z' equals '…:00.100Z'), positive when
 * later. Throws a TypeError when either is not a valid timestamp.
 */
export function compareTimestamps(a: string, b: string): number {
  // Same width: same fixed-width date and time, same number of fractional digits, so the text
  // orders as the instants do.
  if (a.length === b.length && isTimestamp(a) && isTimestamp(b)) return a < b ? -1 : a > b ? 1 : 0;
  const pa = parseTimestamp(a);
  const pb = parseTimestamp(b);
  if (!pa || !pb) throw new TypeError(`not a STIX timestamp: ${pa ? b : a}`);
  if (pa.seconds !== pb.seconds) return pa.seconds < pb.seconds ? -1 : 1;
  const width = Math.max(pa.fraction.length, pb.fraction.length);
  const fa = pa.fraction.padEnd(width, '0');
  const fb = pb.fraction.padEnd(width, '0');
  return fa === fb ? 0 : fa < fb ? -1 : 1;
}

/** Formats an instant as a STIX timestamp with millisecond precision, e.g. `2026-01-01T08:00:00.000Z`. */
export function formatTimestamp(date: Date): string {
  const year = date.getUTCFullYear();
  if (!Number.isFinite(date.getTime()) || year < 0 || year > 9999) {
    throw new RangeError('date outside the range of STIX timestamps');
  }
  return date.toISOString();
}

/** The clock's current time as a STIX timestamp. */
export function nowTimestamp(clock: Clock): string {
  return formatTimestamp(clock.now());
}
