/**
 * Node configuration, parsed once at start from the environment and CLI options into a frozen,
 * typed object. Every bad variable is reported at once, not the first only.
 */
import { resolve } from 'node:path';
import { DomainError, type Issue } from '../core/errors.ts';
import { defineMessages } from '../i18n/i18n.ts';

export const configMessages = defineMessages({
  'config.invalid': { fr: 'Configuration invalide.', en: 'Invalid configuration.' },
  'config.bad_port': {
    fr: '{name} doit être un numéro de port entre 0 et 65535 (reçu « {value} »).',
    en: '{name} must be a port number between 0 and 65535 (got "{value}").',
  },
  'config.bad_url': {
    fr: '{name} doit être une URL postgres:// ou postgresql:// (reçu « {value} »).',
    en: '{name} must be a postgres:// or postgresql:// URL (got "{value}").',
  },
  'config.tls_pair': {
    fr: 'Le certificat et la clé TLS vont ensemble : donnez les deux ou aucun.',
    en: 'The TLS certificate and key go together: give both or neither.',
  },
  'config.bad_locale': {
    fr: '{name} doit valoir fr ou en (reçu « {value} »).',
    en: '{name} must be fr or en (got "{value}").',
  },
});

export interface NodeConfig {
  readonly dataDir: string;
  /** PostgreSQL connection string; undefined means embedded PGlite in `dataDir/pg`. */
  readonly databaseUrl: string | undefined;
  readonly host: string;
  readonly port: number;
  readonly tls: { readonly certFile: string; readonly keyFile: string; readonly caFile?: string | undefined } | undefined;
  readonly bodyLimitBytes: number;
  readonly defaultLocale: 'fr' | 'en';
  /** Served over HTTPS (or behind a TLS proxy): cookies get the Secure flag. */
  readonly secureCookies: boolean;
}

export interface ConfigInput {
  env?: NodeJS.ProcessEnv;
  dataDir?: string | undefined;
  databaseUrl?: string | undefined;
  host?: string | undefined;
  port?: string | number | undefined;
  tlsCert?: string | undefined;
  tlsKey?: string | undefined;
  tlsCa?: string | undefined;
  bodyLimitBytes?: number | undefined;
}

/** Builds the config from CLI options (first) and environment variables (second). */
export function loadConfig(input: ConfigInput = {}): NodeConfig {
  const env = input.env ?? process.env;
  const issues: Issue[] = [];
  const dataDir = resolve(input.dataDir ?? env.SENTINELLE_DATA_DIR ?? './data');

  const databaseUrl = input.databaseUrl ?? (env.DATABASE_URL || undefined);
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    issues.push({ path: '/DATABASE_URL', code: 'config.bad_url', params: { name: 'DATABASE_URL', value: databaseUrl } });
  }

  const portRaw = String(input.port ?? env.SENTINELLE_PORT ?? env.PORT ?? '8080');
  const port = Number(portRaw);
  if (!/^\d+$/.test(portRaw) || port > 65535) {
    issues.push({ path: '/PORT', code: 'config.bad_port', params: { name: 'PORT', value: portRaw } });
  }

  const certFile = input.tlsCert ?? env.SENTINELLE_TLS_CERT;
  const keyFile = input.tlsKey ?? env.SENTINELLE_TLS_KEY;
  const caFile = input.tlsCa ?? env.SENTINELLE_TLS_CA;
  if (Boolean(certFile) !== Boolean(keyFile)) issues.push({ path: '/SENTINELLE_TLS_CERT', code: 'config.tls_pair' });

  const locale = env.SENTINELLE_LOCALE ?? 'fr';
  if (locale !== 'fr' && locale !== 'en') {
    issues.push({ path: '/SENTINELLE_LOCALE', code: 'config.bad_locale', params: { name: 'SENTINELLE_LOCALE', value: locale } });
  }

  if (issues.length) throw new DomainError('invalid', 'config.invalid', issues);
  const tls = certFile && keyFile ? { certFile: resolve(certFile), keyFile: resolve(keyFile), caFile: caFile ? resolve(caFile) : undefined } : undefined;
  return Object.freeze({
    dataDir,
    databaseUrl,
    host: input.host ?? env.SENTINELLE_HOST ?? '127.0.0.1',
    port,
    tls,
    bodyLimitBytes: input.bodyLimitBytes ?? Number(env.SENTINELLE_BODY_LIMIT ?? 50 * 1024 * 1024),
    defaultLocale: locale as 'fr' | 'en',
    secureCookies: Boolean(tls) || env.SENTINELLE_SECURE_COOKIES === 'true',
  });
}
