/**
 * Blind deconfliction notices (docs/operations.md §3). When this node holds both sides of a
 * conflict and the partner owning one side may not see the other, it sends that partner only:
 * which of the partner's own activities is concerned, the UTC day, a 0.5° cell around the place,
 * and the contact to call. Nothing else of the other record (no name, area, units, states, id)
 * goes into the notice: it is built from those few values alone, never from the record.
 */
import { randomUUID } from 'node:crypto';
import { OPERATIONS_EXTENSIONS } from '../objects/custom/operations-extension.ts';
import type { StixObject } from '../objects/stix.ts';
import { utcDay } from './windows.ts';

/** Cell size of the rough area, in degrees (about 55 km). */
export const ROUGH_CELL_DEG = 0.5;

export interface NoticeInput {
  /** The recipient's own activity. */
  aboutRef: string;
  kind: 'activity' | 'protected-site';
  /** Start of the overlap (ms since the epoch). */
  overlapStartMs: number;
  /** A point of the overlap, [lon, lat]. */
  where: readonly [number, number];
  contact: { role: string; channel: string };
  severity: 'flash' | 'high' | 'medium' | 'low';
  /** TLP marking and the REL TO <recipient country> marking. */
  markingRefs: readonly string[];
  createdByRef: string;
  now: string;
}

/** The 0.5° cell holding a point (cells are aligned on the grid, so the point is not recoverable). */
export function roughArea(
  lon: number,
  lat: number,
): { min_lon: number; min_lat: number; max_lon: number; max_lat: number } {
  const x = Math.floor(lon / ROUGH_CELL_DEG) * ROUGH_CELL_DEG;
  const y = Math.floor(lat / ROUGH_CELL_DEG) * ROUGH_CELL_DEG;
  return {
    min_lon: x,
    min_lat: y,
    max_lon: Math.min(180, x + ROUGH_CELL_DEG),
    max_lat: Math.min(90, y + ROUGH_CELL_DEG),
  };
}

export function buildNotice(input: NoticeInput): StixObject {
  return {
    type: 'x-sentinelle-deconfliction-notice',
    spec_version: '2.1',
    id: `x-sentinelle-deconfliction-notice--${randomUUID()}`,
    created: input.now,
    modified: input.now,
    created_by_ref: input.createdByRef,
    about_ref: input.aboutRef,
    notice_kind: input.kind,
    conflict_day: utcDay(input.overlapStartMs),
    rough_area: roughArea(input.where[0], input.where[1]),
    contact: { role: input.contact.role, channel: input.contact.channel },
    severity: input.severity,
    status: 'open',
    object_marking_refs: [...input.markingRefs],
    extensions: { ...OPERATIONS_EXTENSIONS },
  };
}

/** The contact a blind notice gives: the first liaison contact (or a site's contact), else `fallback`. */
export function noticeContact(
  mine: StixObject,
  fallback: { role: string; channel: string },
): { role: string; channel: string } {
  const contacts: unknown = mine.liaison_contacts;
  const c: unknown =
    mine.type === 'x-sentinelle-protected-site'
      ? mine.contact
      : Array.isArray(contacts)
        ? (contacts as unknown[])[0]
        : undefined;
  if (typeof c !== 'object' || c === null) return fallback;
  const { role, channel } = c as { role?: unknown; channel?: unknown };
  return typeof role === 'string' && typeof channel === 'string' ? { role, channel } : fallback;
}

/**
 * The notice for the owner of `theirsId` about an overlap with `mine`, which that owner may not
 * see. Only the contact is read from `mine`; everything else comes from the overlap.
 */
export function blindNotice(
  mine: StixObject,
  theirsId: string,
  overlap: { startMs: number; where: readonly [number, number] },
  opts: Pick<NoticeInput, 'severity' | 'markingRefs' | 'createdByRef' | 'now'> & {
    fallbackContact: { role: string; channel: string };
  },
): StixObject {
  return buildNotice({
    aboutRef: theirsId,
    kind: mine.type === 'x-sentinelle-protected-site' ? 'protected-site' : 'activity',
    overlapStartMs: overlap.startMs,
    where: overlap.where,
    contact: noticeContact(mine, opts.fallbackContact),
    severity: opts.severity,
    markingRefs: opts.markingRefs,
    createdByRef: opts.createdByRef,
    now: opts.now,
  });
}
