/** Shapes of GET /api/v1/cooperation/ledger (src/cooperation/service.ts `overview`). */
import type { StixObject } from '../api.ts';

export interface Partner {
  node_id: string;
  name: string;
  country: string;
}

export interface DeliveryView {
  delivery: StixObject;
  receipt: 'received' | 'awaiting' | 'invalid' | 'cancelled';
  receipt_id: string | null;
  received_at: string | null;
  receipt_problem: string | null;
  serviceability: Record<string, number>;
}

export interface TrainingRow {
  unit: string;
  skill: string;
  sessions: number;
  trainees: number;
  traineeHours: number;
  passed: number;
  failed: number;
}

export interface CertificateRow {
  activityId: string;
  name: string;
  unit: string;
  holders: number;
  expires: string;
  valid: boolean;
  recognisedBy: string[];
}

export interface Gap {
  kind: 'receipt_overdue' | 'end_use_check_overdue' | 'outcome_missing' | 'serials_missing';
  recordId: string;
  name: string;
  partner: string;
  dueSince: string;
  daysOverdue: number;
}

export interface Ledger {
  self: string;
  now: string;
  partners: Partner[];
  programmes: StixObject[];
  activities: StixObject[];
  deliveries: DeliveryView[];
  training: TrainingRow[];
  certificates: CertificateRow[];
  gaps: Gap[];
}

export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
export const day = (v: unknown): string => str(v).slice(0, 10);
