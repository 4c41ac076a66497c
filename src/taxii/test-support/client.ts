/** In-process TAXII requests against a test node's app, with the TAXII Accept header by default. */
import type { TestNode } from '../../node/test-support/test-node.ts';
import { TAXII_MEDIA } from '../media.ts';

export interface TaxiiAnswer {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: Record<string, unknown>;
  raw: string;
}

export function taxiiClient(t: TestNode) {
  return async function req(
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    options: { auth?: string | null; accept?: string | null; contentType?: string; body?: unknown } = {},
  ): Promise<TaxiiAnswer> {
    const headers: Record<string, string> = {};
    const auth = options.auth === undefined ? t.as('analyst').authorization : options.auth;
    if (auth !== null) headers.authorization = auth;
    const accept = options.accept === undefined ? TAXII_MEDIA : options.accept;
    if (accept !== null) headers.accept = accept;
    if (options.body !== undefined) headers['content-type'] = options.contentType ?? TAXII_MEDIA;
    const res = await t.app.inject({
      method,
      url,
      headers,
      ...(options.body !== undefined
        ? { payload: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }
        : {}),
    });
    let body: Record<string, unknown> = {};
    try {
      body = res.body ? (JSON.parse(res.body) as Record<string, unknown>) : {};
    } catch {
      body = {};
    }
    return { status: res.statusCode, headers: res.headers, body, raw: res.body };
  };
}

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}
