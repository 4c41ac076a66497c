/**
 * Alerts raised by the node itself (correlation, forecast, cooperation ledger, deconfliction), as
 * `x-sentinelle-alert` records: stored, audited, in the change feed and the web feed, and shareable
 * under agreements like any record. One explainable shape for every source.
 *
 * The id of an alert is derived from its dedupe key and the node (UUID v5), so raising the same
 * alert again — from a restart, a second worker process or a re-import — updates the one record
 * instead of adding another, and nothing has to be looked up first.
 */
import type { NodeCore } from '../node/node.ts';
import type { StixObject } from '../objects/stix.ts';
import { stixIdV5, SENTINELLE_NAMESPACE } from '../objects/ids.ts';
import { TLP, TLP_ORDER, tlpOfMarkingId, type Tlp } from '../objects/markings.ts';
import { ALERT_EXTENSION_DEFINITION, ALERT_EXTENSION_ID } from '../objects/custom/analysis-extension.ts';
import type { AlertKind, AlertSeverity, AlertStatus } from '../objects/custom/analysis-types.ts';
import { DomainError } from '../core/errors.ts';

export { ALERT_KINDS, ALERT_SEVERITIES, ALERT_STATUSES } from '../objects/custom/analysis-types.ts';
export type { AlertKind, AlertSeverity, AlertStatus };

export const ALERT_TYPE = 'x-sentinelle-alert';

export interface AlertSignal {
  /** A stable code (e.g. `lag1_events`, `distance_km`); the UI labels it. */
  name: string;
  value: number | string;
  /** Contribution to the score, when the source can say. */
  weight?: number;
}

export interface AlertInput {
  kind: AlertKind;
  severity: AlertSeverity;
  /** Short title, in the node's language (alerts are records: both languages are not stored). */
  title: string;
  /** One line a person can check: why this alert fired. */
  explanation: string;
  /** 0..1. */
  score: number;
  /** The records concerned (incidents, operations, deliveries…). */
  objectRefs: string[];
  signals?: AlertSignal[];
  /** Where (a point), and/or which area. */
  location?: { lat: number; lon: number };
  country?: string;
  admin1?: string;
  /** PRIO-GRID cell id, for forecast alerts. */
  cell?: number;
  /** The period the alert is about (ISO timestamps). */
  period?: { from: string; to: string };
  /**
   * A key that identifies the same alert raised again (e.g. `dup:<id1>:<id2>`): raising an alert
   * with a key that already has one updates it instead of adding another.
   */
  dedupeKey: string;
  /**
   * Markings of the alert. By default: the strictest TLP among the records concerned (at least
   * TLP:AMBER when none is known) and every releasability (REL TO) marking they carry, so an
   * alert is never released more widely than what it is about.
   */
  objectMarkingRefs?: string[];
}

/** The alert id for a dedupe key on this node. */
export function alertId(node: Pick<NodeCore, 'settings'>, dedupeKey: string): string {
  return stixIdV5(ALERT_TYPE, SENTINELLE_NAMESPACE, `${node.settings.nodeId}|${dedupeKey}`);
}

const published = new WeakSet<object>();

/** Stores the alert type's extension-definition once per node (idempotent). */
export async function ensureAlertDefinition(node: NodeCore): Promise<void> {
  if (published.has(node.db)) return;
  await node.records.importObjects(node.system, [ALERT_EXTENSION_DEFINITION], { action: 'node.definitions' });
  published.add(node.db);
}

/** Raises (or updates, by dedupe key) an alert record; returns the stored object. */
export async function raiseAlert(node: NodeCore, input: AlertInput): Promise<StixObject> {
  await ensureAlertDefinition(node);
  const id = alertId(node, input.dedupeKey);
  const markings = input.objectMarkingRefs ?? (await inheritedMarkings(node, input.objectRefs));
  const body: Record<string, unknown> = {
    type: ALERT_TYPE,
    id,
    name: input.title.slice(0, 250),
    description: input.explanation,
    alert_kind: input.kind,
    severity: input.severity,
    score: Math.min(1, Math.max(0, Number.isFinite(input.score) ? input.score : 0)),
    status: 'open',
    ...(input.objectRefs.length ? { object_refs: [...new Set(input.objectRefs)] } : {}),
    ...(input.signals?.length ? { signals: input.signals } : {}),
    ...(input.location ? { location: input.location } : {}),
    ...(input.country ? { country: input.country } : {}),
    ...(input.admin1 ? { admin1: input.admin1 } : {}),
    ...(input.cell !== undefined ? { cell: input.cell } : {}),
    ...(input.period ? { period_start: input.period.from, period_end: input.period.to } : {}),
    dedupe_key: input.dedupeKey,
    ...(markings.length ? { object_marking_refs: markings } : {}),
    extensions: { [ALERT_EXTENSION_ID]: { extension_type: 'new-sdo' } },
  };
  const existing = await node.records.repo.get(node.db, id);
  if (existing) return updateAlert(node, existing.object as StixObject, body);
  try {
    return await node.records.create(node.system, body);
  } catch (e) {
    // Raised at the same moment by another worker: the record exists now; update it.
    if (e instanceof DomainError && e.code === 'records.exists') {
      const now = await node.records.repo.get(node.db, id);
      if (now) return updateAlert(node, now.object as StixObject, body);
    }
    throw e;
  }
}

/** Sets an alert's triage status (a new version of the record, audited). */
export async function setAlertStatus(node: NodeCore, id: string, status: AlertStatus): Promise<StixObject> {
  const current = await node.records.repo.get(node.db, id);
  if (!current || current.object.type !== ALERT_TYPE)
    throw new DomainError('not_found', 'records.not_found', [], { id });
  if (current.object.status === status) return current.object as StixObject;
  const { modified: _m, ...rest } = current.object;
  void _m;
  return node.records.update(node.system, id, { ...rest, status });
}

const COMPARED = [
  'name',
  'description',
  'alert_kind',
  'severity',
  'score',
  'object_refs',
  'signals',
  'location',
  'country',
  'admin1',
  'cell',
  'period_start',
  'period_end',
  'object_marking_refs',
];

async function updateAlert(
  node: NodeCore,
  current: StixObject,
  body: Record<string, unknown>,
): Promise<StixObject> {
  const same = COMPARED.every((k) => JSON.stringify(current[k]) === JSON.stringify(body[k]));
  if (same || current.revoked === true) return current;
  // A re-raised alert keeps its triage status: an analyst's "dismissed" is not undone by new data.
  return node.records.update(node.system, String(current.id), { ...body, status: current.status ?? 'open' });
}

/** The strictest TLP and every REL TO marking of the records concerned. */
async function inheritedMarkings(node: NodeCore, refs: readonly string[]): Promise<string[]> {
  const found = refs.length ? await node.records.repo.getMany(node.db, refs) : new Map<string, never>();
  let strictest: Tlp = 'amber';
  const others = new Set<string>();
  for (const rec of found.values()) {
    for (const m of (rec.object.object_marking_refs as string[] | undefined) ?? []) {
      const tlp = tlpOfMarkingId(m);
      if (tlp === null) others.add(m);
      else if (TLP_ORDER.indexOf(tlp) > TLP_ORDER.indexOf(strictest)) strictest = tlp;
    }
  }
  return [String(TLP[strictest].id), ...[...others].sort()];
}
