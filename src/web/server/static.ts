/**
 * Serves the built web application (dist/web/public) from the node itself, with no dependency:
 * content types, precompressed files (Brotli, gzip) chosen by Accept-Encoding, immutable caching
 * for hashed assets and revalidation (ETag) for the rest, and index.html for any other page path
 * so the application can route on the client. API paths never reach this handler's fallback.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Where `vite build` puts the application. This file sits three levels below the repo root both
 * as src/web/server/static.ts and compiled as dist/web/server/static.js.
 */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../../dist/web/public/', import.meta.url));

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** Paths that belong to the API: a miss there is a problem+json 404, never the application. */
export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/') || path === '/healthz' || path === '/readyz';
}

/** The file a URL path names inside `root`, or null when it would leave it. */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = normalize(join(root, decoded));
  const base = root.endsWith(sep) ? root : root + sep;
  return file.startsWith(base) ? file : null;
}

/** Chooses the precompressed variant the client accepts: br, then gzip, else identity. */
export function pickEncoding(acceptEncoding: string | undefined): ('br' | 'gzip')[] {
  const accepted = (acceptEncoding ?? '')
    .split(',')
    .map((p) => p.trim().split(';'))
    .filter(([, q]) => !q || Number(q.trim().replace(/^q=/, '')) > 0)
    .map(([name]) => (name ?? '').trim().toLowerCase());
  return (['br', 'gzip'] as const).filter((e) => accepted.includes(e) || accepted.includes('*'));
}

/**
 * Answers a GET/HEAD for the web application (true), or returns false when the request is not for it
 * (other methods, API paths, a missing file that looks like one, or no built application).
 */
export async function serveWeb(root: string, req: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = req.url.split('?')[0] ?? '/';
  if (isApiPath(path)) return false;
  let file = path.endsWith('/') ? null : resolveInside(root, path);
  let info = file ? await stat(file).catch(() => null) : null;
  if (!info?.isFile()) {
    // A path with an extension names a file: a miss is a 404. Anything else is a page of the app.
    if (extname(path) !== '') return false;
    file = join(root, 'index.html');
    info = await stat(file).catch(() => null);
    if (!info?.isFile()) return false;
  }
  const servedFile = file!;
  const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  void reply.header('content-type', TYPES[extname(servedFile)] ?? 'application/octet-stream');
  void reply.header('vary', 'accept-encoding');
  // Hashed file names never change content: cache for a year. Everything else revalidates.
  void reply.header(
    'cache-control',
    path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
  );
  void reply.header('etag', etag);
  // A boolean, not the reply: a Reply is thenable, so an async function returning it would hand
  // its caller `undefined` once the response is finished.
  if (req.headers['if-none-match'] === etag) {
    void reply.code(304).send();
    return true;
  }
  for (const enc of pickEncoding(req.headers['accept-encoding'])) {
    const body = await readFile(`${servedFile}.${enc === 'br' ? 'br' : 'gz'}`).catch(() => null);
    if (body) {
      void reply.header('content-encoding', enc).send(body);
      return true;
    }
  }
  void reply.send(await readFile(servedFile));
  return true;
}
