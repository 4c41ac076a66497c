/**
 * The lifecycle of an operation: draft → proposed → approved → active → completed, and cancelled
 * from any state before completion. A step back from proposed to draft lets planners rework a
 * proposal. Completed and cancelled are final: the record can no longer be edited.
 */
import type { OperationStatus } from '../objects/custom/operations-types.ts';

const NEXT: Readonly<Record<OperationStatus, readonly OperationStatus[]>> = {
  draft: ['proposed', 'cancelled'],
  proposed: ['approved', 'draft', 'cancelled'],
  approved: ['active', 'cancelled'],
  active: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

export function isFinal(status: unknown): boolean {
  return status === 'completed' || status === 'cancelled';
}

/** True when an operation may move from `from` to `to` (staying put is always allowed). */
export function canMove(from: OperationStatus, to: OperationStatus): boolean {
  return from === to || NEXT[from].includes(to);
}

export function nextStatuses(from: OperationStatus): readonly OperationStatus[] {
  return NEXT[from];
}
