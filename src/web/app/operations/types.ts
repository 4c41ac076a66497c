/** What the operations screens read from the node (src/api/routes/operations.ts), and the one PATCH call. */
import { ApiError, NetworkError, type Api, type Problem, type StixObject } from '../api.ts';

export type OpStatus = 'draft' | 'proposed' | 'approved' | 'active' | 'completed' | 'cancelled';
export const STATUSES: readonly OpStatus[] = [
  'draft',
  'proposed',
  'approved',
  'active',
  'completed',
  'cancelled',
];
export const KINDS = ['operation', 'patrol', 'convoy', 'movement', 'air-operation', 'training'] as const;
export const RESOLUTIONS = ['coordinated', 're-timed', 're-routed', 'accepted-risk'] as const;

export interface OpItem {
  object: StixObject;
  origin: string;
}

export interface ConflictView {
  id: string;
  kind: 'activity' | 'protected-site' | 'notice';
  a_id: string;
  b_id: string;
  overlap_from: string;
  overlap_to: string;
  lon: number;
  lat: number;
  distance_m: number;
  contacts: { record_id: string; origin: string; role: string; channel: string }[];
  severity: 'flash' | 'high' | 'medium' | 'low';
  status: 'open' | 'acknowledged' | 'resolved';
  resolution: string | null;
  resolution_note: string | null;
}

export interface OperationDetail {
  operation: StixObject;
  origin: string;
  conflicts: ConflictView[];
  outcome: StixObject | null;
  next: OpStatus[];
}

export interface Saved {
  object: StixObject;
  conflicts: ConflictView[];
}

/** PATCH with the same session, CSRF token and language as every other call (Api has no PATCH). */
export async function patch<T>(api: Api, path: string, body: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'PATCH',
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        'accept-language': api.ctx.locale,
        ...(api.ctx.csrfToken ? { 'x-csrf-token': api.ctx.csrfToken } : {}),
      },
      body: JSON.stringify(body),
    });
  } catch (err) {
    throw new NetworkError(err instanceof Error ? err.message : String(err));
  }
  const json = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    if (res.status === 401) api.ctx.onUnauthenticated();
    throw new ApiError(res.status, (json as Problem | null) ?? { detail: `HTTP ${res.status}` });
  }
  return json as T;
}

export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
