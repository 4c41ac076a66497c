/**
 * Keyset pagination of `RecordRepository.list`: the cursor is the base64url JSON of the last
 * row's sort keys, so a page starts strictly after it whatever was inserted meanwhile (no OFFSET).
 */
import { DomainError } from '../core/errors.ts';
import type { Params } from './records.filter.ts';
import { versionKey } from './records.time.ts';
import './records.messages.ts';

export type ListOrder = 'seq_desc' | 'seq_asc' | 'event_time_desc';

/** ORDER BY of each order; seq (unique) breaks ties, so the order is total. */
export const ORDER_SQL: Record<ListOrder, string> = {
  seq_desc: 'seq DESC',
  seq_asc: 'seq ASC',
  event_time_desc: 'event_time DESC NULLS LAST, seq DESC',
};

/** Sort keys of the last row of a page (short names: the cursor travels in URLs). */
export interface Cursor {
  o: ListOrder;
  s: number;
  /** event_time of the last row (UTC text, microseconds), for event_time_desc. */
  t: string | null;
}

/** The opaque cursor text of `c`. */
export function encodeCursor(c: Cursor): string {
  const keys = c.o === 'event_time_desc' ? c : { o: c.o, s: c.s };
  return Buffer.from(JSON.stringify(keys), 'utf8').toString('base64url');
}

/** Reads a cursor made by encodeCursor for the same order; DomainError('invalid') otherwise. */
export function decodeCursor(raw: string, order: ListOrder): Cursor {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    v = null;
  }
  const c = v as Partial<Cursor> | null;
  const t = c?.t ?? null;
  if (
    c === null ||
    typeof c !== 'object' ||
    c.o !== order ||
    !Number.isSafeInteger(c.s) ||
    (t !== null && (typeof t !== 'string' || versionKey(t) === null))
  ) {
    throw new DomainError('invalid', 'store.cursor_invalid', [{ path: '/cursor', code: 'store.cursor_invalid' }]);
  }
  return { o: order, s: c.s as number, t };
}

/** Rows strictly after the cursor in `ORDER_SQL[c.o]`; NULL event times sort last. */
export function cursorCondition(c: Cursor, p: Params): string {
  if (c.o === 'seq_desc') return `seq < ${p.add(c.s)}::bigint`;
  if (c.o === 'seq_asc') return `seq > ${p.add(c.s)}::bigint`;
  const s = p.add(c.s);
  if (c.t === null) return `(event_time IS NULL AND seq < ${s}::bigint)`;
  const t = p.add(c.t);
  return `(event_time < ${t}::timestamptz OR (event_time = ${t}::timestamptz AND seq < ${s}::bigint) OR event_time IS NULL)`;
}
