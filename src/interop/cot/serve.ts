/** Starts the CoT stream beside the HTTP API (`sentinelle serve --cot-port <port>`). */
import { DomainError } from '../../core/errors.ts';
import { CotStreamServer, type CotStreamDeps } from './stream.ts';
import '../messages.ts';

/** Validates the port, listens on the API's host, announces the address; returns the server to stop. */
export async function startCotStream(
  node: CotStreamDeps,
  port: string,
  options: {
    host: string;
    baseUrl?: string;
    say: (code: string, params?: Record<string, string | number>) => void;
  },
): Promise<CotStreamServer> {
  const n = Number(port);
  if (!/^\d{1,5}$/.test(port) || n > 65535) {
    throw new DomainError(
      'invalid',
      'interop.cot.bad_port',
      [{ path: '/cot-port', code: 'interop.cot.bad_port', params: { value: port.slice(0, 20) } }],
      { value: port.slice(0, 20) },
    );
  }
  const server = new CotStreamServer(node, {
    port: n,
    host: options.host,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
  });
  const a = await server.start();
  options.say('interop.cli.cot_listening', {
    address: `${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}`,
  });
  return server;
}
