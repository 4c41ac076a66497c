/**
 * Partner nodes (docs/sharing.md §3): registered by node id, name, country, base URL and the
 * Ed25519 public key exchanged out of band, whose fingerprint two liaison officers read aloud to
 * each other. Only 'peers.manage' (admin) may see or change them; every change is audited;
 * removal is soft, so the audit trail and past shares keep naming the peer.
 */
import { DomainError, type Issue } from '../core/errors.ts';
import { appendAudit } from '../audit/audit.ts';
import { requirePermission } from '../auth/guard.ts';
import { actorId, type Actor } from '../auth/principal.ts';
import { isAlpha3 } from '../objects/countries.ts';
import { fingerprint } from '../node/keys.ts';
import { isRecord } from '../objects/stix.ts';
import type { Queryable } from '../store/db.ts';
import type { SharingDeps } from './deps.ts';
import { PeerRepository, type Peer } from './peers-repo.ts';
import { parsePublicKey } from './signing.ts';
import { UUID_RE } from './validate-agreement.ts';
import './messages.ts';

export type { Peer } from './peers-repo.ts';

export interface PeerInput {
  nodeId: string;
  name: string;
  country: string;
  baseUrl: string;
  publicKey: string;
}

export const NODE_CARD_FORMAT = 'sentinelle-node-card/1';

/** What a node hands its partners out of band (USB stick, e-mail) to be registered by them. */
export interface NodeCard {
  format: typeof NODE_CARD_FORMAT;
  node_id: string;
  name: string;
  country: string;
  base_url?: string;
  public_key: string;
  fingerprint: string;
}

function checkInput(input: PeerInput, self: SharingDeps['self']): Issue[] {
  const issues: Issue[] = [];
  if (typeof input.nodeId !== 'string' || !UUID_RE.test(input.nodeId)) issues.push({ path: '/node_id', code: 'peer.bad_node_id' });
  else if (input.nodeId === self.nodeId) issues.push({ path: '/node_id', code: 'peer.is_self' });
  if (typeof input.name !== 'string' || input.name.trim().length < 2 || input.name.length > 200) issues.push({ path: '/name', code: 'peer.bad_name' });
  if (typeof input.country !== 'string' || !isAlpha3(input.country)) issues.push({ path: '/country', code: 'peer.bad_country', params: { value: String(input.country).slice(0, 20) } });
  let url: URL | null = null;
  try {
    url = typeof input.baseUrl === 'string' ? new URL(input.baseUrl) : null;
  } catch {
    url = null;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.username || url.password) {
    issues.push({ path: '/base_url', code: 'peer.bad_url', params: { value: String(input.baseUrl).slice(0, 200) } });
  }
  if (typeof input.publicKey !== 'string' || !parsePublicKey(input.publicKey)) issues.push({ path: '/public_key', code: 'peer.bad_key' });
  else if (input.publicKey === self.publicKey) issues.push({ path: '/public_key', code: 'peer.is_self' });
  return issues;
}

export class PeerService {
  readonly repo = new PeerRepository();
  constructor(private readonly deps: SharingDeps) {}

  private guard(actor: Actor, action: string, target: string | null = null): Promise<void> {
    return requirePermission(this.deps, actor, 'peers.manage', { action, target });
  }

  /** Registers a partner node (or re-registers a removed one). */
  async add(actor: Actor, raw: PeerInput): Promise<Peer> {
    await this.guard(actor, 'peer.add', typeof raw.nodeId === 'string' ? raw.nodeId : null);
    const input = { ...raw, country: typeof raw.country === 'string' ? raw.country.trim().toUpperCase() : raw.country, name: typeof raw.name === 'string' ? raw.name.trim() : raw.name };
    const issues = checkInput(input, this.deps.self);
    if (issues.length) throw new DomainError('invalid', 'peer.invalid', issues);
    const spki = Buffer.from(input.publicKey, 'base64url');
    return this.deps.db.transaction(async (tx) => {
      const holder = await this.repo.byKey(tx, input.publicKey);
      if (holder && holder.nodeId !== input.nodeId) throw new DomainError('conflict', 'peer.key_in_use', [{ path: '/public_key', code: 'peer.key_in_use', params: { value: holder.nodeId } }], { value: holder.nodeId });
      const peer = await this.repo.upsert(tx, {
        nodeId: input.nodeId,
        name: input.name,
        country: input.country,
        baseUrl: input.baseUrl,
        publicKey: input.publicKey,
        fingerprint: fingerprint(spki),
        addedAt: this.deps.clock.now().toISOString(),
        addedBy: actorId(actor),
      });
      if (!peer) throw new DomainError('conflict', 'peer.exists', [{ path: '/node_id', code: 'peer.exists', params: { value: input.nodeId } }], { value: input.nodeId });
      await appendAudit(tx, this.deps.clock, {
        actor: actorId(actor),
        action: 'peer.add',
        target: peer.nodeId,
        outcome: 'success',
        details: { name: peer.name, country: peer.country, baseUrl: peer.baseUrl, fingerprint: peer.fingerprint },
      });
      return peer;
    });
  }

  async list(actor: Actor, options: { includeRemoved?: boolean } = {}): Promise<Peer[]> {
    await this.guard(actor, 'peer.list');
    return this.repo.list(this.deps.db, options.includeRemoved === true);
  }

  /**
   * Names of the registered partners, for anyone signed in (the map's legend and partner filter
   * name where records come from): no keys, no addresses, so no permission beyond the session.
   */
  async directory(): Promise<{ nodeId: string; name: string; country: string }[]> {
    const peers = await this.repo.list(this.deps.db, false);
    return peers.map((p) => ({ nodeId: p.nodeId, name: p.name, country: p.country }));
  }

  async get(actor: Actor, nodeId: string): Promise<Peer> {
    await this.guard(actor, 'peer.show', nodeId);
    const peer = await this.repo.get(this.deps.db, nodeId);
    if (!peer) throw new DomainError('not_found', 'peer.not_found', [], { id: nodeId });
    return peer;
  }

  /** Soft removal: the peer's agreements stop being effective here (its signatures no longer count). */
  async remove(actor: Actor, nodeId: string): Promise<Peer> {
    await this.guard(actor, 'peer.remove', nodeId);
    return this.deps.db.transaction(async (tx) => {
      const existing = await this.repo.get(tx, nodeId);
      if (!existing) throw new DomainError('not_found', 'peer.not_found', [], { id: nodeId });
      const peer = await this.repo.remove(tx, nodeId, this.deps.clock.now().toISOString(), actorId(actor));
      if (!peer) throw new DomainError('conflict', 'peer.already_removed', [], { id: nodeId });
      await appendAudit(tx, this.deps.clock, { actor: actorId(actor), action: 'peer.remove', target: nodeId, outcome: 'success', details: { name: peer.name, country: peer.country } });
      return peer;
    });
  }

  /** This node's card, to hand to partners. Public information: no permission needed. */
  selfCard(baseUrl?: string): NodeCard {
    const s = this.deps.self;
    return { format: NODE_CARD_FORMAT, node_id: s.nodeId, name: s.organisation, country: s.country, ...(baseUrl ? { base_url: baseUrl } : {}), public_key: s.publicKey, fingerprint: s.fingerprint };
  }

  /**
   * The registered key of a node for signature checks: this node's own, or an active peer's;
   * null for anyone else. Read once per call site, inside its transaction when it has one.
   */
  async keyLookup(q: Queryable): Promise<(nodeId: string) => string | null> {
    const active = await this.repo.list(q, false);
    return this.lookupIn(new Map(active.map((p) => [p.nodeId, p.publicKey])));
  }

  /** `keyLookup` over active peers' keys already read (by node id), this node's own added. */
  lookupIn(activeKeys: ReadonlyMap<string, string>): (nodeId: string) => string | null {
    const self = this.deps.self;
    return (nodeId) => (nodeId === self.nodeId ? self.publicKey : (activeKeys.get(nodeId) ?? null));
  }

  /** Active peers by node id (for the policy engine: their country). */
  async activeMap(q: Queryable): Promise<Map<string, Peer>> {
    return new Map((await this.repo.list(q, false)).map((p) => [p.nodeId, p]));
  }
}

/** Reads a node card (JSON) into peer input; `baseUrl` overrides the card's. */
export function peerInputFromCard(card: unknown, baseUrl?: string): PeerInput {
  if (!isRecord(card) || card.format !== NODE_CARD_FORMAT) {
    throw new DomainError('invalid', 'peer.bad_card', [{ path: '/format', code: 'peer.bad_card', params: { reason: `format ≠ ${NODE_CARD_FORMAT}` } }], { reason: `format ≠ ${NODE_CARD_FORMAT}` });
  }
  const str = (k: string) => (typeof card[k] === 'string' ? card[k] : '');
  // The fingerprint on a card is what people compare aloud: it must be the key's own.
  const key = parsePublicKey(str('public_key'));
  if (key && card.fingerprint !== undefined && card.fingerprint !== fingerprint(key.export({ type: 'spki', format: 'der' }))) {
    throw new DomainError('invalid', 'peer.bad_card', [{ path: '/fingerprint', code: 'peer.bad_card', params: { reason: 'fingerprint ≠ public_key' } }], { reason: 'fingerprint ≠ public_key' });
  }
  return { nodeId: str('node_id'), name: str('name'), country: str('country'), baseUrl: baseUrl ?? str('base_url'), publicKey: str('public_key') };
}
