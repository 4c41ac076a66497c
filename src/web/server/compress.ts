/**
 * Response compression for what the node generates (API JSON, problem+json, STIX bundles): Brotli
 * or gzip by Accept-Encoding (RFC 9110 §12.5.3), with node:zlib and no dependency. Static files
 * are precompressed at build time and already carry Content-Encoding, so they pass untouched;
 * server-sent events are never compressed (a compressor buffers, and the feed must flow at once).
 */
import { brotliCompress, constants, gzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { pickEncoding } from './static.ts';

/** Below this, compression costs more than it saves. */
export const MIN_COMPRESS_BYTES = 1024;

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Whether a response of this type is text worth compressing (never an event stream). */
export function compressible(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'text/event-stream') return false;
  return (
    type.startsWith('text/') ||
    type === 'application/javascript' ||
    /^application\/([\w.-]+\+)?json$/.test(type) ||
    type === 'image/svg+xml'
  );
}

/** Compresses the payload in the best encoding the client accepts, or returns null to send it as is. */
export async function compressBody(
  body: Buffer,
  acceptEncoding: string | undefined,
): Promise<{ encoding: 'br' | 'gzip'; body: Buffer } | null> {
  if (body.length < MIN_COMPRESS_BYTES) return null;
  const encoding = pickEncoding(acceptEncoding)[0];
  if (!encoding) return null;
  // Brotli quality 5: most of the gain of 11 at a small fraction of the CPU (responses are dynamic).
  const out =
    encoding === 'br'
      ? await brotli(body, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
        })
      : await gz(body, { level: 6 });
  return out.length < body.length ? { encoding, body: out } : null;
}

/** Adds the onSend hook that compresses string and buffer payloads of compressible types. */
export function registerCompression(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply, payload) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (req.method === 'HEAD' || reply.statusCode === 204 || reply.statusCode === 304) return payload;
    if (reply.hasHeader('content-encoding')) return payload;
    const type = reply.getHeader('content-type');
    if (!compressible(typeof type === 'string' ? type : undefined)) return payload;
    const vary = reply.getHeader('vary');
    if (typeof vary !== 'string' || !/accept-encoding/i.test(vary))
      void reply.header('vary', vary ? `${String(vary)}, accept-encoding` : 'accept-encoding');
    const done = await compressBody(
      typeof payload === 'string' ? Buffer.from(payload) : payload,
      req.headers['accept-encoding'],
    );
    if (!done) return payload;
    void reply.header('content-encoding', done.encoding);
    reply.removeHeader('content-length');
    return done.body;
  });
}
