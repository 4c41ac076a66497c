/**
 * The pure half of `RecordRepository.putMany`: given a batch and what the store already holds for
 * its ids, decides each item's outcome and builds the rows to write. No SQL here, so the rules
 * (STIX 2.1 §3.6 versioning: same id, later `modified` wins) are readable and testable alone.
 */
import { DomainError, type Issue } from '../core/errors.ts';
import type { IndexFields } from '../objects/index-fields.ts';
import { versionKey } from './records.time.ts';
import { searchWords } from './records.words.ts';
import './records.messages.ts';

export type StixJson = Record<string, unknown>;

export interface PutItem {
  object: StixJson;
  fields: IndexFields;
  writtenBy: string;
  /** Local owner. Set when the id is first stored; a later version replaces it only when given (null clears). */
  ownerUser?: string | null;
  /** 'local' (default) or a peer node id. Same rule as ownerUser: absent on a later version keeps it. */
  origin?: string;
}

export type PutOutcome = 'created' | 'updated' | 'unchanged' | 'stale' | 'conflict';

export interface PutResult {
  id: string;
  outcome: PutOutcome;
  /** Change seq when a version was written (created, updated, stale), else null. */
  seq: number | null;
}

export interface PreparedItem {
  item: PutItem;
  id: string;
  /** Version key of `fields.modified` (records.time.ts). */
  key: string;
}

/** What the store holds before the batch: current key per id, and stored versions (`id\0key` → JSON). */
export interface StoreState {
  current: ReadonlyMap<string, string>;
  versions: ReadonlyMap<string, StixJson>;
}

/**
 * One stored version, shaped for `jsonb_to_recordset` (snake_case = SQL column names). Its JSON
 * travels apart ([Plan.objects]): the server parses each object once, not once inside the whole
 * batch's JSON and again when it is taken out.
 */
export interface VersionRow {
  id: string;
  mkey: string;
  mtext: string;
  type: string;
  seq: number;
  /** Position of the version's object in `Plan.objects`, from 1. */
  n: number;
  written_by: string;
  op: 'create' | 'update' | 'revoke';
  /** This row becomes the current version of its id (the objects row is inserted or updated). */
  cur: boolean;
  is_new: boolean;
  owner_set: boolean;
  owner_user: string | null;
  origin_set: boolean;
  origin: string;
  // Index columns: only filled on `cur` rows.
  created?: string;
  revoked?: boolean;
  created_by_ref?: string | null;
  tlp?: string | null;
  rel_to?: string[];
  labels?: string[];
  marking_refs?: string[];
  country?: string | null;
  admin1?: string | null;
  admin2?: string | null;
  lat?: number | null;
  lon?: number | null;
  event_time?: string | null;
  search_text?: string;
  /** Distinct search words, space-separated (records.words.ts). */
  words?: string;
}

export interface Plan {
  results: PutResult[];
  rows: VersionRow[];
  /** The object of each row, in row order. */
  objects: StixJson[];
}

export const versionRef = (id: string, key: string): string => `${id}\u0000${key}`;

/** Reads each item's id and version key; throws one DomainError listing every unusable item. */
export function prepareItems(items: readonly PutItem[]): PreparedItem[] {
  const issues: Issue[] = [];
  const out: PreparedItem[] = [];
  items.forEach((item, i) => {
    const id = item.object.id;
    const key = versionKey(item.fields.modified);
    if (typeof id !== 'string' || id === '') issues.push({ path: `/${i}/object/id`, code: 'store.id_invalid' });
    if (key === null) {
      issues.push({ path: `/${i}/fields/modified`, code: 'store.timestamp_invalid', params: { value: item.fields.modified } });
    }
    if (typeof id === 'string' && key !== null) out.push({ item, id, key });
  });
  if (issues.length) throw new DomainError('invalid', issues[0]!.code, issues);
  return out;
}

interface IdState {
  current: string | null;
  existed: boolean;
  /** Index in `rows` of the row that will be current, when this batch changes it. */
  curRow: number | null;
  curFields: IndexFields | null;
  ownerSet: boolean;
  owner: string | null;
  originSet: boolean;
  origin: string;
}

/**
 * Decides outcomes in batch order (several items of one id are applied one after the other) and
 * numbers the written versions `firstSeq`, `firstSeq + 1`, … in that order.
 */
export function planPut(prepared: readonly PreparedItem[], state: StoreState, firstSeq: number): Plan {
  const ids = new Map<string, IdState>();
  const seen = new Map<string, StixJson>(); // versions written earlier in this batch
  const results: PutResult[] = [];
  const rows: VersionRow[] = [];
  const objects: StixJson[] = [];
  for (const { item, id, key } of prepared) {
    let s = ids.get(id);
    if (!s) {
      const current = state.current.get(id) ?? null;
      s = { current, existed: current !== null, curRow: null, curFields: null, ownerSet: false, owner: null, originSet: false, origin: 'local' };
      ids.set(id, s);
    }
    const ref = versionRef(id, key);
    const same = seen.get(ref) ?? state.versions.get(ref);
    if (same !== undefined) {
      results.push({ id, outcome: jsonEqual(same, item.object) ? 'unchanged' : 'conflict', seq: null });
      continue;
    }
    const outcome: PutOutcome = s.current === null ? 'created' : key > s.current ? 'updated' : 'stale';
    const seq = firstSeq + rows.length;
    const op = outcome === 'created' ? 'create' : item.object.revoked === true ? 'revoke' : 'update';
    const row: VersionRow = {
      id,
      mkey: key,
      mtext: item.fields.modified,
      type: item.fields.type,
      seq,
      n: rows.length + 1,
      written_by: item.writtenBy,
      op,
      cur: false,
      is_new: !s.existed,
      owner_set: false,
      owner_user: null,
      origin_set: false,
      origin: 'local',
    };
    seen.set(ref, item.object);
    results.push({ id, outcome, seq });
    if (outcome !== 'stale') {
      if (item.ownerUser !== undefined) [s.ownerSet, s.owner] = [true, item.ownerUser];
      if (item.origin !== undefined) [s.originSet, s.origin] = [true, item.origin];
      s.current = key;
      s.curRow = rows.length;
      s.curFields = item.fields;
    }
    rows.push(row);
    objects.push(item.object);
  }
  for (const s of ids.values()) {
    const row = s.curRow === null ? undefined : rows[s.curRow];
    if (!row || !s.curFields) continue;
    const owner = { owner_set: s.ownerSet, owner_user: s.owner, origin_set: s.originSet, origin: s.origin };
    Object.assign(row, indexColumns(s.curFields), owner, { cur: true });
  }
  return { results, rows, objects };
}

function indexColumns(f: IndexFields): Partial<VersionRow> {
  return {
    created: f.created,
    revoked: f.revoked,
    created_by_ref: f.createdByRef,
    tlp: f.tlp,
    rel_to: f.relTo,
    labels: f.labels,
    marking_refs: f.markingRefs,
    country: f.country,
    admin1: f.admin1,
    admin2: f.admin2,
    lat: f.lat,
    lon: f.lon,
    event_time: f.eventTime,
    search_text: f.searchText,
    words: searchWords(f.searchText).join(' '),
  };
}

/**
 * Equality of JSON values as stored (jsonb): key order is irrelevant, members whose value is
 * `undefined` are absent (as JSON.stringify drops them), numbers compare by value (1.0 is 1).
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => jsonEqual(v ?? null, b[i] ?? null));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra).filter((k) => ra[k] !== undefined);
  const kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(rb, k) && jsonEqual(ra[k], rb[k]));
}
