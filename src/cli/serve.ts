/** `sentinelle serve`: the HTTP(S) API on the configured address, stopped cleanly by SIGINT/SIGTERM. */
import { readFileSync } from 'node:fs';
import type { NodeConfig } from '../config/config.ts';
import { openNode } from '../node/node.ts';
import { buildApp } from '../api/app.ts';
import type { Locale } from '../i18n/i18n.ts';
import { startCotStream } from '../interop/cot/serve.ts';

export interface ServeOptions {
  say: (code: string, params?: Record<string, string | number>) => void;
  locale: Locale;
  demoLogin?: { username: string; password: string } | undefined;
  /** TCP port of the CoT (TAK) stream, off when absent (src/interop/cot/stream.ts). */
  cotPort?: string | undefined;
}

export async function serve(config: NodeConfig, options: ServeOptions): Promise<void> {
  const node = await openNode(config);
  const https = config.tls
    ? {
        key: readFileSync(config.tls.keyFile),
        cert: readFileSync(config.tls.certFile),
        ...(config.tls.caFile ? { ca: readFileSync(config.tls.caFile), requestCert: true } : {}),
      }
    : undefined;
  const app = await buildApp({ node, logger: process.env.SENTINELLE_LOG !== 'off', https });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `${config.tls ? 'https' : 'http'}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  // The login first: whoever waits for the URL line (a supervisor, the e2e test) has both.
  if (options.demoLogin) options.say('cli.serve.login', options.demoLogin);
  options.say('cli.serve.listening', { url });
  const cot =
    options.cotPort !== undefined
      ? await startCotStream(node, options.cotPort, {
          host: config.host,
          baseUrl: url,
          say: options.say,
        }).catch(async (e: unknown) => {
          // A bad or taken CoT port: stop cleanly rather than leave the API half up.
          await app.close();
          await node.close();
          throw e;
        })
      : undefined;
  // The live path of the federation ([FED-5]): every local commit triggers a push round.
  node.federation.start();

  await new Promise<void>((resolve) => {
    const stop = () => {
      options.say('cli.serve.stopping');
      void (cot?.stop() ?? Promise.resolve())
        .then(() => app.close())
        .then(() => node.close())
        .finally(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
