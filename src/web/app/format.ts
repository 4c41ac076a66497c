/** Dates and numbers in the user's language (Intl), and an event time shown at its precision. */
import { t, type Locale } from './i18n.ts';
import type { TimePrecision } from './constants.ts';

const TAG: Readonly<Record<Locale, string>> = { fr: 'fr-FR', en: 'en-GB' };

export function formatNumber(locale: Locale, n: number): string {
  return new Intl.NumberFormat(TAG[locale]).format(n);
}

/** Decimal coordinates, 5 decimals (≈ 1 m); French separates them with a semicolon (decimal comma). */
export function formatLatLon(locale: Locale, lat: number, lon: number): string {
  const f = new Intl.NumberFormat(TAG[locale], { minimumFractionDigits: 5, maximumFractionDigits: 5 });
  return `${f.format(lat)}${locale === 'fr' ? ' ; ' : ', '}${f.format(lon)}`;
}

/** Date and time in the browser's time zone, with the zone named. */
export function formatDateTime(locale: Locale, iso: string | undefined | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  // dateStyle/timeStyle cannot be combined with timeZoneName (ECMA-402): components instead.
  return new Intl.DateTimeFormat(TAG[locale], {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(d);
}

export function formatDate(locale: Locale, iso: string | Date): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  return new Intl.DateTimeFormat(TAG[locale], { dateStyle: 'medium' }).format(d);
}

/** An event time no more precise than it is known (time_precision of the incident extension). */
export function formatEventTime(
  locale: Locale,
  iso: string | undefined,
  precision: TimePrecision | undefined,
): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const f = (o: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(TAG[locale], { timeZone: 'UTC', ...o }).format(d);
  switch (precision) {
    case 'year':
      return f({ year: 'numeric' });
    case 'month':
      return f({ year: 'numeric', month: 'long' });
    case 'week':
      return t(locale, 'time.week_of', { date: f({ dateStyle: 'medium' }) });
    case 'day':
      return f({ dateStyle: 'medium' });
    case 'hour': {
      // Known to the hour: show the hour, not minutes nobody knows.
      const h = new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000);
      return `${new Intl.DateTimeFormat(TAG[locale], { timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'short' }).format(h)} UTC`;
    }
    default:
      return `${f({ dateStyle: 'medium', timeStyle: 'short' })} UTC`;
  }
}

/** "5 min ago" / "il y a 5 min", for the live feed. */
export function formatRelative(locale: Locale, iso: string | undefined, now: number): string {
  if (!iso) return '';
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(TAG[locale], { numeric: 'auto', style: 'short' });
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(seconds, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour');
  if (abs < 86400 * 60) return rtf.format(Math.round(seconds / 86400), 'day');
  return formatDate(locale, iso);
}
