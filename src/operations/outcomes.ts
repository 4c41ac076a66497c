/**
 * Outcomes of operations: results against objectives, incidents in the area before and after
 * (counted from the store, not typed in), materiel recovered and casualties, as one
 * `x-sentinelle-operation-outcome` record per operation; and the totals over a period that the
 * partners report as tangible results.
 */
import type { NodeCore } from '../node/node.ts';
import type { Principal } from '../auth/principal.ts';
import { DomainError, type Issue } from '../core/errors.ts';
import { SENTINELLE_NAMESPACE, stixIdV5 } from '../objects/ids.ts';
import { OPERATIONS_EXTENSIONS } from '../objects/custom/operations-extension.ts';
import { isRecord, type StixObject } from '../objects/stix.ts';
import { bboxOfShape, distanceM, expandBBox } from './geometry.ts';
import { shapeOf } from './footprint.ts';
import { userFields, validateCandidate } from './prepare.ts';

const DAY = 86_400_000;
const OUTCOME_FIELDS = [
  'results',
  'areas_made_accessible',
  'materiel_recovered',
  'casualties',
  'incident_refs',
  'window_days',
];
const CASUALTY_KEYS = [
  'friendly_killed',
  'friendly_wounded',
  'hostile_killed',
  'hostile_captured',
  'civilian_killed',
  'civilian_wounded',
] as const;

export interface OutcomeSummary {
  from: string;
  to: string;
  operations: number;
  objectives: { total: number; achieved: number };
  areasMadeAccessible: string[];
  materiel: Record<string, number>;
  casualties: Record<(typeof CASUALTY_KEYS)[number], number>;
  incidentsBefore: number;
  incidentsAfter: number;
  /** Per calendar month (UTC) of the operations' end. */
  byMonth: { month: string; operations: number; incidentsBefore: number; incidentsAfter: number }[];
  items: {
    operationId: string;
    name: string;
    end: string;
    incidentsBefore: number;
    incidentsAfter: number;
    achieved: number;
    objectives: number;
  }[];
}

export class OutcomeCalculator {
  constructor(private readonly node: NodeCore) {}

  idFor(operationId: string): string {
    return stixIdV5('x-sentinelle-operation-outcome', SENTINELLE_NAMESPACE, operationId);
  }

  async existing(operationId: string): Promise<StixObject | null> {
    const rec = await this.node.records.repo.get(this.node.db, this.idFor(operationId));
    return rec ? (rec.object as StixObject) : null;
  }

  /** Records (or revises) the outcome of a completed operation. */
  async record(writer: Principal, op: StixObject, body: Record<string, unknown>): Promise<StixObject> {
    if (op.status !== 'completed') {
      throw new DomainError(
        'conflict',
        'operations.not_completed',
        [{ path: '/status', code: 'operations.not_completed', params: { status: String(op.status) } }],
        { status: String(op.status) },
      );
    }
    const issues: Issue[] = [];
    const fields = userFields(body);
    for (const k of Object.keys(fields))
      if (!OUTCOME_FIELDS.includes(k))
        issues.push({
          path: `/${k}`,
          code: 'stix.unknown_property',
          params: { property: k, type: 'x-sentinelle-operation-outcome' },
        });
    const objectives = Array.isArray(op.objectives) ? op.objectives.length : 0;
    if (Array.isArray(fields.results)) {
      fields.results.forEach((r, i) => {
        const idx = isRecord(r) ? r.objective_index : undefined;
        if (typeof idx === 'number' && Number.isInteger(idx) && idx >= objectives)
          issues.push({
            path: `/results/${i}/objective_index`,
            code: 'operations.bad_objective',
            params: { index: idx },
          });
      });
    }
    const windowDays =
      typeof fields.window_days === 'number' && Number.isInteger(fields.window_days)
        ? fields.window_days
        : 30;
    const counts = await this.incidentCounts(op, windowDays);
    const given = Array.isArray(fields.incident_refs)
      ? fields.incident_refs.filter((x): x is string => typeof x === 'string')
      : [];
    const refs = [...new Set([...given, ...counts.during])].slice(0, 5000);
    const id = this.idFor(op.id);
    const candidate: Record<string, unknown> = {
      ...fields,
      type: 'x-sentinelle-operation-outcome',
      id,
      name: String(op.name),
      operation_ref: op.id,
      window_days: windowDays,
      incidents_before: counts.before,
      incidents_after: counts.after,
      ...(refs.length ? { incident_refs: refs } : {}),
    };
    validateCandidate(candidate, issues);
    const stored = await this.node.records.repo.get(this.node.db, id);
    const body2 = {
      ...candidate,
      object_marking_refs: op.object_marking_refs,
      extensions: { ...OPERATIONS_EXTENSIONS },
    };
    if (!stored) return this.node.records.create(writer, body2);
    return this.node.records.update(writer, id, { ...body2, created: stored.object.created });
  }

  /**
   * Incidents whose place lies in the operation's area (with its buffer): in the `days` before it
   * started, during it, and in the `days` after it ended (up to now).
   */
  async incidentCounts(
    op: StixObject,
    days: number,
  ): Promise<{ before: number; after: number; during: string[] }> {
    const shape = shapeOf(op.area);
    const start = Date.parse(String(op.actual_start ?? op.planned_start));
    const end = Date.parse(String(op.actual_end ?? op.planned_end));
    if (!shape || Number.isNaN(start) || Number.isNaN(end)) return { before: 0, after: 0, during: [] };
    const buffer = typeof op.buffer_m === 'number' ? op.buffer_m : 0;
    const box = expandBBox(bboxOfShape(shape), buffer);
    const nowMs = this.node.clock.now().getTime();
    const from = start - days * DAY;
    const to = Math.max(end, Math.min(nowMs, end + days * DAY));
    let before = 0;
    let after = 0;
    const during: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await this.node.records.repo.list(
        this.node.db,
        {
          types: ['incident'],
          bbox: { west: box.minLon, south: box.minLat, east: box.maxLon, north: box.maxLat },
          timeField: 'event_time',
          from: new Date(from).toISOString(),
          to: new Date(to + 1).toISOString(),
        },
        { limit: 1000, cursor, order: 'seq_asc' },
      );
      for (const r of page.items) {
        const f = r.fields;
        if (f.lat === null || f.lon === null || f.eventTime === null) continue;
        if (distanceM({ kind: 'point', point: [f.lon, f.lat] }, shape) > buffer) continue;
        const t = Date.parse(f.eventTime);
        if (t < start) before++;
        else if (t >= end) after++;
        else during.push(String(r.object.id));
      }
      cursor = page.nextCursor;
    } while (cursor);
    return { before, after, during };
  }

  /** Totals of the outcomes of operations that ended in [from, to). */
  async summary(from: string, to: string): Promise<OutcomeSummary> {
    const fromMs = Date.parse(from);
    const toMs = Date.parse(to);
    if (Number.isNaN(fromMs) || Number.isNaN(toMs) || toMs <= fromMs) {
      throw new DomainError('invalid', 'operations.bad_period', [
        { path: Number.isNaN(fromMs) ? '/from' : '/to', code: 'operations.bad_period' },
      ]);
    }
    const s: OutcomeSummary = {
      from: new Date(fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
      operations: 0,
      objectives: { total: 0, achieved: 0 },
      areasMadeAccessible: [],
      materiel: {},
      casualties: Object.fromEntries(CASUALTY_KEYS.map((k) => [k, 0])) as OutcomeSummary['casualties'],
      incidentsBefore: 0,
      incidentsAfter: 0,
      byMonth: [],
      items: [],
    };
    const months = new Map<string, OutcomeSummary['byMonth'][number]>();
    let cursor: string | null = null;
    do {
      const page = await this.node.records.repo.list(
        this.node.db,
        { types: ['x-sentinelle-operation-outcome'] },
        { limit: 1000, cursor, order: 'seq_asc' },
      );
      const ops = await this.node.records.repo.getMany(
        this.node.db,
        page.items.map((r) => String(r.object.operation_ref)),
      );
      for (const r of page.items) {
        const o = r.object;
        const op = ops.get(String(o.operation_ref))?.object;
        const end = Date.parse(
          String((op?.actual_end as string | undefined) ?? (op?.planned_end as string | undefined) ?? ''),
        );
        if (!op || Number.isNaN(end) || end < fromMs || end >= toMs) continue;
        const results = Array.isArray(o.results) ? (o.results as Record<string, unknown>[]) : [];
        const objectives = Array.isArray(op.objectives) ? op.objectives.length : 0;
        const achieved = new Set(results.filter((x) => x.achieved === true).map((x) => x.objective_index))
          .size;
        const before = Number(o.incidents_before ?? 0);
        const after = Number(o.incidents_after ?? 0);
        s.operations++;
        s.objectives.total += objectives;
        s.objectives.achieved += achieved;
        for (const a of (o.areas_made_accessible as string[] | undefined) ?? [])
          if (!s.areasMadeAccessible.includes(a)) s.areasMadeAccessible.push(a);
        for (const m of (o.materiel_recovered as { kind: string; quantity: number }[] | undefined) ?? [])
          s.materiel[m.kind] = (s.materiel[m.kind] ?? 0) + m.quantity;
        const cas = isRecord(o.casualties) ? o.casualties : {};
        for (const k of CASUALTY_KEYS) s.casualties[k] += typeof cas[k] === 'number' ? cas[k] : 0;
        s.incidentsBefore += before;
        s.incidentsAfter += after;
        const month = new Date(end).toISOString().slice(0, 7);
        const mm = months.get(month) ?? { month, operations: 0, incidentsBefore: 0, incidentsAfter: 0 };
        mm.operations++;
        mm.incidentsBefore += before;
        mm.incidentsAfter += after;
        months.set(month, mm);
        s.items.push({
          operationId: op.id as string,
          name: String(op.name),
          end: new Date(end).toISOString(),
          incidentsBefore: before,
          incidentsAfter: after,
          achieved,
          objectives,
        });
      }
      cursor = page.nextCursor;
    } while (cursor);
    s.byMonth = [...months.values()].sort((a, b) => a.month.localeCompare(b.month));
    s.items.sort((a, b) => a.end.localeCompare(b.end));
    return s;
  }
}
