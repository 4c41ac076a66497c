/**
 * Alerts raised by the node itself (correlation, forecast, cooperation ledger, deconfliction), as
 * `x-sentinelle-alert` records: stored, audited, in the change feed and the web feed, and shareable
 * under agreements like any record. One explainable shape for every source.
 */
import type { NodeCore } from '../node/node.ts';
import type { StixObject } from '../objects/stix.ts';

export const ALERT_KINDS = [
  'possible-duplicate',
  'cross-border-pattern',
  'arms-trafficking',
  'forecast-risk',
  'count-surge',
  'lost-equipment-seen',
  'deconfliction',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_SEVERITIES = ['flash', 'high', 'medium', 'low'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

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
  /** Markings of the alert: by default the most restrictive TLP of the records concerned. */
  objectMarkingRefs?: string[];
}

/** Raises (or updates, by dedupeKey) an alert record; returns the stored object. */
export async function raiseAlert(node: NodeCore, input: AlertInput): Promise<StixObject> {
  void node;
  void input;
  throw new Error('raiseAlert: not implemented yet');
}
