/** The node's answers read by the partners screens (src/api/routes/sharing.ts, federation.ts). */
import type { AgreementDocument } from '../../../sharing/agreement.ts';

export type { AgreementDocument };

export type AgreementState =
  | 'effective'
  | 'awaiting_signatures'
  | 'not_started'
  | 'expired'
  | 'revoked'
  | 'superseded'
  | 'party_unregistered';

export interface AgreementItem {
  document: AgreementDocument;
  state: AgreementState;
  status: {
    signed: boolean;
    signed_by: string[];
    missing: string[];
    unregistered: string[];
    revoked: boolean;
    revoked_by: string[];
    superseded: boolean;
  };
  revocations: { node_id: string }[];
  versions: { version: number; state: AgreementState }[];
  explanation?: string[];
}

export interface PeerStatus {
  node_id: string;
  name: string;
  country: string;
  connected: boolean;
  backlog: number;
  oldest_unacknowledged: string | null;
  last_error: string | null;
  last_attempt_at: string | null;
  last_success_at: string | null;
  last_ack_at: string | null;
}

export interface Counts {
  total: number;
  byType: Record<string, number>;
}
export interface PeerReciprocity {
  peerId: string;
  name: string;
  country: string;
  months: { month: string; released: Counts; received: Counts }[];
  totals: { released: Counts; received: Counts };
}
export interface Reciprocity {
  from: string;
  to: string;
  peers: PeerReciprocity[];
}

export interface NodeCard {
  node_id: string;
  organisation: string;
  country: string;
}

export interface ReleaseView {
  peer: { node_id: string; name: string | null; country: string | null };
  agreement: { id: string; version: number | null } | null;
  decision: 'release' | 'release-redacted' | 'withhold' | 'withdraw';
  decided_at: string;
  state: 'queued' | 'sent' | 'acknowledged' | 'refused' | 'withheld';
  sent_at: string | null;
  acked_at: string | null;
  refusal: string | null;
}
export interface Releases {
  releases: ReleaseView[];
  provenance: {
    origin: { node_id: string; name: string | null; country: string | null };
    agreements: { id: string; title: string | null }[];
    first_received_at: string | null;
    last_received_at: string | null;
  } | null;
}
