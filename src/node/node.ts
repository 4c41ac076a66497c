/**
 * A Sentinelle node: configuration, database, keys and the services built on them, composed in
 * one place and passed around explicitly (no globals), so several nodes can run in one process.
 */
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { NodeConfig } from '../config/config.ts';
import { openDb, type Db } from '../store/db.ts';
import { migrate } from '../store/migrations.ts';
import { systemClock, type Clock } from '../core/clock.ts';
import { DomainError } from '../core/errors.ts';
import { defineMessages } from '../i18n/i18n.ts';
import { ensureNodeKey, loadNodeKeys, type NodeKeys } from './keys.ts';
import { RecordService } from '../records/service.ts';
import { ChangeHub } from '../records/change-hub.ts';
import { UserService } from '../auth/users.ts';
import { TokenService } from '../auth/tokens.ts';
import { SessionService } from '../auth/sessions.ts';
import type { Principal } from '../auth/principal.ts';
import type { ScryptCost } from '../auth/passwords.ts';
import { newStixId } from '../objects/ids.ts';
import { formatTimestamp } from '../objects/timestamps.ts';
import { TLP_MARKING_DEFINITIONS } from '../objects/markings.ts';
import { SENTINELLE_EXTENSION_DEFINITION, SENTINELLE_IDENTITY } from '../objects/sentinelle-extension.ts';
import { appendAudit } from '../audit/audit.ts';
import { isCountryCode } from '../objects/countries.ts';
import { defaultBoundaries } from '../geo/boundaries.ts';
import { PeerService } from '../sharing/peers.ts';
import { AgreementService } from '../sharing/agreements.ts';
import { SharingService } from '../sharing/sharing.ts';
import { boundariesGeo, type PolicyGeo } from '../sharing/geo.ts';
import { buildAreaIndex } from '../sharing/area-index.ts';
import type { SharingDeps } from '../sharing/deps.ts';
import { Federation } from '../federation/engine/federation.ts';
import { AnalysisService } from '../analysis/service.ts';
import { ForecastService } from '../analysis/forecast/service.ts';
import { OperationsService } from '../operations/service.ts';
import { CooperationService } from '../cooperation/service.ts';

export const nodeMessages = defineMessages({
  'node.not_initialised': {
    fr: "Ce nœud n'est pas initialisé : lancez d'abord « sentinelle init » (ou « sentinelle demo »).",
    en: 'This node is not initialised: run "sentinelle init" (or "sentinelle demo") first.',
  },
  'node.bad_country': {
    fr: 'Pays inconnu : {value} (code ISO 3166-1 alpha-3 attendu, ex. BFA).',
    en: 'Unknown country: {value} (ISO 3166-1 alpha-3 code expected, e.g. BFA).',
  },
  'node.bad_organisation': {
    fr: "Le nom de l'organisation doit compter de 2 à 200 caractères.",
    en: 'The organisation name must be 2 to 200 characters long.',
  },
});

export interface NodeSettings {
  nodeId: string;
  organisation: string;
  country: string;
  /** STIX identity of the organisation running this node. */
  identityId: string;
  initialisedAt: string;
}

export interface SentinelleNode {
  config: NodeConfig;
  db: Db;
  clock: Clock;
  keys: NodeKeys;
  settings: NodeSettings;
  records: RecordService;
  users: UserService;
  tokens: TokenService;
  sessions: SessionService;
  changes: ChangeHub;
  /** Partner nodes (src/sharing/peers.ts). */
  peers: PeerService;
  /** Sharing agreements (src/sharing/agreements.ts). */
  agreements: AgreementService;
  /** The policy engine over the store, reciprocity (src/sharing/sharing.ts). */
  sharing: SharingService;
  /** The federation stream engine (src/federation/engine/): outbox, receiver, push transport. */
  federation: Federation;
  /** Correlation of records from every source (src/analysis/). */
  analysis: AnalysisService;
  /** The early-warning forecast (src/analysis/forecast/). */
  forecast: ForecastService;
  /** Joint operations, protected sites and deconfliction (src/operations/). */
  operations: OperationsService;
  /** The cooperation ledger (src/cooperation/). */
  cooperation: CooperationService;
  /** The node acting on its own behalf (init, scheduled jobs). */
  system: Principal;
  close(): Promise<void>;
}

/** What the domain services built on top of the node receive: the node without them. */
export type NodeCore = Omit<SentinelleNode, 'analysis' | 'forecast' | 'operations' | 'cooperation' | 'close'>;

export interface OpenOptions {
  clock?: Clock;
  /** scrypt cost for password hashing (tests lower it). */
  passwordCost?: ScryptCost;
}

export const SYSTEM_PRINCIPAL: Principal = {
  userId: 'system',
  username: 'system',
  roles: ['admin', 'analyst', 'liaison', 'auditor'],
  locale: 'fr',
  via: 'system',
};

async function openDatabase(config: NodeConfig): Promise<Db> {
  const db = await openDb({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : join(config.dataDir, 'pg') });
  await migrate(db);
  return db;
}

async function readSettings(db: Db): Promise<NodeSettings | undefined> {
  const { rows } = await db.query<{ value: NodeSettings }>(`SELECT value FROM node_settings WHERE key = 'node'`);
  return rows[0]?.value;
}

/**
 * Initialises a node: data directory, signing key (mode 0600), schema, node settings, the node's
 * identity and the standard markings. Running it again keeps what exists.
 */
export async function initNode(
  config: NodeConfig,
  input: { organisation: string; country: string },
  options: OpenOptions = {},
): Promise<{ settings: NodeSettings; created: boolean }> {
  const country = input.country.trim().toUpperCase();
  const organisation = input.organisation.trim();
  const issues = [];
  if (!isCountryCode(country)) issues.push({ path: '/country', code: 'node.bad_country', params: { value: input.country } });
  if (organisation.length < 2 || organisation.length > 200) issues.push({ path: '/organisation', code: 'node.bad_organisation' });
  if (issues.length) throw new DomainError('invalid', issues[0]!.code, issues, issues[0]!.params);

  const clock = options.clock ?? systemClock;
  ensureNodeKey(config.dataDir);
  const db = await openDatabase(config);
  try {
    const existing = await readSettings(db);
    if (existing) return { settings: existing, created: false };
    const now = formatTimestamp(clock.now());
    const settings: NodeSettings = {
      nodeId: randomUUID(),
      organisation,
      country,
      identityId: newStixId('identity'),
      initialisedAt: now,
    };
    const records = new RecordService({ db, clock, nodeIdentityId: settings.identityId });
    const identity = {
      type: 'identity',
      spec_version: '2.1',
      id: settings.identityId,
      created: now,
      modified: now,
      name: organisation,
      identity_class: 'organization',
      sectors: ['government-national'],
      contact_information: country,
    };
    await records.importObjects(
      SYSTEM_PRINCIPAL,
      [SENTINELLE_IDENTITY, SENTINELLE_EXTENSION_DEFINITION, ...TLP_MARKING_DEFINITIONS, identity],
      { action: 'node.init' },
    );
    await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO node_settings (key, value) VALUES ('node', $1::jsonb)`, [JSON.stringify(settings)]);
      await appendAudit(tx, clock, { actor: 'cli', action: 'settings.change', target: 'node', outcome: 'success', details: { organisation, country } });
    });
    return { settings, created: true };
  } finally {
    await db.close();
  }
}

/** Opens an initialised node. */
export async function openNode(config: NodeConfig, options: OpenOptions = {}): Promise<SentinelleNode> {
  const clock = options.clock ?? systemClock;
  const db = await openDatabase(config);
  const settings = await readSettings(db);
  if (!settings) {
    await db.close();
    throw new DomainError('unavailable', 'node.not_initialised');
  }
  const keys = loadNodeKeys(config.dataDir);
  const changes = new ChangeHub(db);
  await changes.start();
  const users = new UserService({ db, clock, ...(options.passwordCost ? { passwordCost: options.passwordCost } : {}) });
  const records = new RecordService({ db, clock, nodeIdentityId: settings.identityId });
  let geo: PolicyGeo | undefined;
  const sharingDeps: SharingDeps = {
    db,
    clock,
    self: { nodeId: settings.nodeId, organisation: settings.organisation, country: settings.country, identityId: settings.identityId, publicKey: keys.publicKeySpki, fingerprint: keys.fingerprint, privateKey: keys.privateKey },
    geo: () => (geo ??= boundariesGeo(defaultBoundaries(), buildAreaIndex())),
    records: records.repo,
  };
  const peers = new PeerService(sharingDeps);
  const agreements = new AgreementService(sharingDeps, peers);
  const sharing = new SharingService(sharingDeps, peers, agreements);
  const federation = new Federation({
    db,
    clock,
    self: { nodeId: settings.nodeId, country: settings.country },
    privateKey: keys.privateKey,
    records: records.repo,
    peers,
    agreements,
    sharing,
    geo: sharingDeps.geo,
    changes,
    dataDir: config.dataDir,
  });
  const core: NodeCore = {
    config,
    db,
    clock,
    keys,
    settings,
    records,
    peers,
    agreements,
    sharing,
    federation,
    users,
    tokens: new TokenService({ db, clock }),
    sessions: new SessionService({ db, clock }),
    changes,
    system: SYSTEM_PRINCIPAL,
  };
  const domains = {
    analysis: new AnalysisService(core),
    forecast: new ForecastService(core),
    operations: new OperationsService(core),
    cooperation: new CooperationService(core),
  };
  for (const d of Object.values(domains)) await d.start();
  return {
    ...core,
    ...domains,
    async close() {
      for (const d of Object.values(domains)) await d.stop();
      await federation.stop();
      await changes.stop();
      await db.close();
    },
  };
}
