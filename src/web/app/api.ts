/**
 * The one way the browser talks to its node: same-origin fetch with the session cookie, the
 * CSRF token on every unsafe method (double submit, src/api/routes/auth.ts), the user's language
 * in Accept-Language (problem+json details come back in it), and one place that notices an
 * expired session (401) so the shell can show the sign-in screen.
 */
export interface ProblemError {
  pointer: string;
  code: string;
  detail: string;
}
export interface Problem {
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  /** A conflict with a stored record: its id. */
  record_id?: string;
  errors?: ProblemError[];
}

/** The node answered with an error (problem+json, RFC 9457). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

/** The node could not be reached (network down, node stopped). */
export class NetworkError extends Error {}

export interface ApiContext {
  csrfToken: string | null;
  locale: 'fr' | 'en';
  /** Called on any 401: the session expired or was closed elsewhere. */
  onUnauthenticated: () => void;
}

export class Api {
  constructor(readonly ctx: ApiContext) {}

  async request<T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<T> {
    const headers: Record<string, string> = {
      ...extraHeaders,
      accept: 'application/json',
      'accept-language': this.ctx.locale,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.ctx.csrfToken) headers['x-csrf-token'] = this.ctx.csrfToken;
    let res: Response;
    try {
      res = await fetch(path, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? null : JSON.stringify(body),
      });
    } catch (err) {
      throw new NetworkError(err instanceof Error ? err.message : String(err));
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!res.ok) {
      if (res.status === 401 && !path.endsWith('/auth/login')) this.ctx.onUnauthenticated();
      throw new ApiError(res.status, (json as Problem | null) ?? { detail: `HTTP ${res.status}` });
    }
    return json as T;
  }

  get<T>(path: string, query?: Record<string, string | number | undefined>): Promise<T> {
    const qs = query
      ? new URLSearchParams(
          Object.entries(query)
            .filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== '')
            .map(([k, v]) => [k, String(v)]),
        ).toString()
      : '';
    return this.request<T>('GET', qs ? `${path}?${qs}` : path);
  }
  post<T>(path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    return this.request<T>('POST', path, body ?? {}, headers);
  }
  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }
}

/** Types of the node's answers the application reads. */
export type Role = 'admin' | 'analyst' | 'reporter' | 'liaison' | 'auditor';
export interface User {
  id: string;
  username: string;
  roles: Role[];
  locale: 'fr' | 'en';
}
export type StixObject = Record<string, unknown> & {
  id: string;
  type: string;
  modified?: string;
  created?: string;
  name?: string;
  labels?: string[];
  revoked?: boolean;
};
export interface RecordMeta {
  seq: number;
  origin: string;
  tlp: string | null;
  rel_to: string[] | null;
  country: string | null;
  admin1: string | null;
}
export interface RecordItem {
  object: StixObject;
  meta: RecordMeta;
}
export interface RecordPage {
  items: RecordItem[];
  next: string | null;
}
export interface Version {
  modified: string;
  seq: number;
  written_by: string | null;
  written_at: string;
  object: StixObject;
}
