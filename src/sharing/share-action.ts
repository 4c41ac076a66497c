/**
 * Withdraw semantics (docs/sharing.md §8): from what a partner last received of a record and the
 * engine's new decision, what the federation must do. A record that stops qualifying (TLP raised,
 * releasability removed, record revoked, moved out of the area, agreement expired, revoked or
 * superseded, partner removed) yields `withdraw` for every partner that had received it.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../core/canonical-json.ts';
import type { StixObject } from '../objects/stix.ts';
import type { Priority } from './agreement.ts';
import type { Decision, PolicyDecision } from './policy.ts';
import type { Reason } from './reasons.ts';

/** The last share row for (partner, record). */
export interface PreviousShare {
  decision: Decision | 'withdraw';
  recordModified: string;
  /** SHA-256 of the canonical JSON of the copy sent (null for withheld or withdrawn). */
  contentHash: string | null;
}

export type ShareAction =
  | { action: 'put'; priority: Priority; object: StixObject; contentHash: string }
  | { action: 'withdraw'; priority: Priority; reasons: Reason[] }
  | { action: 'none' };

/** SHA-256 (hex) of the RFC 8785 form of a copy: two copies with equal content hash alike. */
export function contentHash(obj: StixObject): string {
  return createHash('sha256').update(canonicalJson(obj), 'utf8').digest('hex');
}

const released = (d: Decision | 'withdraw' | undefined): boolean => d === 'release' || d === 'release-redacted';

/**
 * What to do for one partner. A partner that holds a copy gets a `put` when the copy to send
 * differs from it (new version, or the same version redacted differently after an agreement
 * changed), a `withdraw` when the record no longer qualifies, and nothing otherwise. A withdrawal
 * is at least IMMEDIATE: a partner must not keep what it is no longer entitled to.
 */
export function nextShareAction(previous: PreviousShare | null, decision: PolicyDecision, stored: StixObject): ShareAction {
  if (decision.decision === 'withhold') {
    if (!released(previous?.decision)) return { action: 'none' };
    const priority: Priority = decision.priority === 'FLASH' ? 'FLASH' : 'IMMEDIATE';
    return { action: 'withdraw', priority, reasons: decision.reasons };
  }
  const object = decision.redacted ?? stored;
  const hash = contentHash(object);
  if (released(previous?.decision) && previous?.contentHash === hash) return { action: 'none' };
  return { action: 'put', priority: decision.priority, object, contentHash: hash };
}
