/**
 * Agreements as signed policy (docs/sharing.md §1–3): propose (store and sign for this node),
 * import a partner's copy (every signature verified against registered keys), sign, revoke
 * (a signed revocation), list, show, export. Restricted to 'agreements.manage' (liaison);
 * every change audited; an input is either stored whole, with all its signatures, or refused
 * whole, naming the field.
 */
import { randomUUID } from 'node:crypto';
import { DomainError, type Issue } from '../core/errors.ts';
import { appendAudit } from '../audit/audit.ts';
import { requirePermission } from '../auth/guard.ts';
import { actorId, type Actor } from '../auth/principal.ts';
import { isRecord } from '../objects/stix.ts';
import type { Queryable } from '../store/db.ts';
import { AGREEMENT_FORMAT, type AgreementDocument, type AgreementFile, type AgreementInForce, type AgreementSignature, type AgreementStatus, type SignedRevocation } from './agreement.ts';
import { AgreementRepository, type StoredVersion } from './agreements-repo.ts';
import type { SharingDeps } from './deps.ts';
import type { PeerService } from './peers.ts';
import { agreementStatuses, signDocument, signedContent, signRevocation, verifyRevocation, verifySignature } from './signing.ts';
import { validateAgreement, type ParsedAgreementFile } from './validate-agreement.ts';
import { describeAgreement } from './describe.ts';
import { t, type Locale } from '../i18n/i18n.ts';
import './messages.ts';

/** Where a version stands, in one word (docs/sharing.md §2). */
export type AgreementState = 'effective' | 'awaiting_signatures' | 'not_started' | 'expired' | 'revoked' | 'superseded' | 'party_unregistered';

export interface AgreementView {
  document: AgreementDocument;
  signatures: AgreementSignature[];
  revocations: SignedRevocation[];
  status: AgreementStatus;
  state: AgreementState;
  storedAt: string;
  storedBy: string;
  /** Every stored version of this agreement, with its state. */
  versions: { version: number; state: AgreementState }[];
}

/** The state of a version at `nowMs`. */
export function stateOf(status: AgreementStatus, doc: AgreementDocument, nowMs: number): AgreementState {
  if (status.unregistered.length) return 'party_unregistered';
  if (status.revoked) return 'revoked';
  if (status.superseded) return 'superseded';
  if (!status.signed) return 'awaiting_signatures';
  if (nowMs < Date.parse(doc.start)) return 'not_started';
  if (nowMs >= Date.parse(doc.expiry)) return 'expired';
  return 'effective';
}

export class AgreementService {
  readonly repo = new AgreementRepository();
  constructor(
    private readonly deps: SharingDeps,
    private readonly peers: PeerService,
  ) {}

  private guard(actor: Actor, action: string, target: string | null = null): Promise<void> {
    return requirePermission(this.deps, actor, 'agreements.manage', { action, target });
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  private validate(input: unknown, allowSignatures: boolean): ParsedAgreementFile {
    const geo = this.deps.geo();
    const r = validateAgreement(input, { areaCountry: (c) => geo.areaCountry(c) }, { allowSignatures });
    if (!r.ok) throw new DomainError('invalid', 'agreement.invalid', r.issues);
    return r.value;
  }

  /** This node must be a party, and every other party a registered peer. */
  private partyIssues(doc: AgreementDocument, keyOf: (id: string) => string | null): Issue[] {
    const issues: Issue[] = [];
    if (!doc.parties.includes(this.deps.self.nodeId)) issues.push({ path: '/parties', code: 'agreement.self_not_party', params: { value: this.deps.self.nodeId } });
    doc.parties.forEach((p, i) => {
      if (p !== this.deps.self.nodeId && keyOf(p) === null) issues.push({ path: `/parties/${i}`, code: 'agreement.party_not_registered', params: { value: p } });
    });
    return issues;
  }

  /** Refuses a version that exists with other content; true when it is already stored as is. */
  private async checkVersion(q: Queryable, doc: AgreementDocument, content: string, mustBeNewer: boolean): Promise<boolean> {
    const existing = await this.repo.content(q, doc.id, doc.version);
    if (existing !== null) {
      if (existing !== content) throw new DomainError('conflict', 'agreement.version_conflict', [{ path: '/version', code: 'agreement.version_conflict', params: { id: doc.id, version: doc.version } }], { id: doc.id, version: doc.version });
      return true;
    }
    const latest = await this.repo.latestVersion(q, doc.id);
    if (mustBeNewer && latest !== null && doc.version <= latest) {
      throw new DomainError('conflict', 'agreement.version_not_newer', [{ path: '/version', code: 'agreement.version_not_newer', params: { version: doc.version, latest } }], { version: doc.version, latest });
    }
    return false;
  }

  /**
   * Stores a new agreement (or a new version of one) and signs it for this node. A draft may
   * omit `format`, `id` (a new agreement) and `version` (1); it may not carry signatures.
   */
  async propose(actor: Actor, draft: unknown): Promise<AgreementView> {
    await this.guard(actor, 'agreement.propose');
    const filled = isRecord(draft) ? { format: AGREEMENT_FORMAT, id: randomUUID(), version: 1, ...draft } : draft;
    const { document: doc } = this.validate(filled, false);
    const content = signedContent(doc);
    await this.deps.db.transaction(async (tx) => {
      const keyOf = await this.peers.keyLookup(tx);
      const issues = this.partyIssues(doc, keyOf);
      if (issues.length) throw new DomainError('invalid', 'agreement.invalid', issues);
      const exists = await this.checkVersion(tx, doc, content, true);
      if (!exists) await this.repo.insertVersion(tx, doc, content, this.now(), actorId(actor));
      await this.repo.addSignature(tx, doc.id, doc.version, signDocument(doc, this.deps.self.privateKey, this.deps.self.nodeId), this.now());
      await this.audit(tx, actor, 'agreement.propose', doc, { title: doc.title, parties: doc.parties });
    });
    return this.get(actor, doc.id, doc.version);
  }

  /**
   * Imports an exchanged file: the document, with the signatures and revocations gathered so far.
   * Every signature must come from a party and verify against the key registered for it here.
   */
  async importFile(actor: Actor, file: unknown): Promise<AgreementView> {
    await this.guard(actor, 'agreement.import');
    const parsed = this.validate(file, true);
    const doc = parsed.document;
    const content = signedContent(doc);
    let added: string[] = [];
    await this.deps.db.transaction(async (tx) => {
      const keyOf = await this.peers.keyLookup(tx);
      const issues = [...this.partyIssues(doc, keyOf), ...this.signatureIssues(doc, parsed, keyOf)];
      if (issues.length) throw new DomainError('invalid', 'agreement.invalid', issues);
      const exists = await this.checkVersion(tx, doc, content, false);
      if (!exists) await this.repo.insertVersion(tx, doc, content, this.now(), actorId(actor));
      added = [];
      for (const s of parsed.signatures) if (await this.repo.addSignature(tx, doc.id, doc.version, s, this.now())) added.push(s.node_id);
      let revocations = 0;
      for (const r of parsed.revocations) if (await this.repo.addRevocation(tx, r, this.now())) revocations++;
      await this.audit(tx, actor, 'agreement.import', doc, { new: !exists, signaturesAdded: added, revocationsAdded: revocations });
    });
    return this.get(actor, doc.id, doc.version);
  }

  /**
   * [FED-54] An agreement file received from partner `peerId` on the federation stream of that
   * agreement (docs/sync-spec.md): checked exactly as `importFile` checks an exchanged file (this
   * node a party, every signature and revocation verified against registered keys), and the
   * sender must be a party of the agreement the stream belongs to. Runs in the receiver's
   * transaction; no permission (the stream's signature authenticated the partner). Returns the
   * issues instead of throwing, so the receiver can refuse the item and go on with the batch.
   */
  async applyFromPeer(
    q: Queryable,
    peerId: string,
    streamAgreement: string,
    file: unknown,
  ): Promise<{ ok: true; changed: boolean; version: number; state: AgreementState } | { ok: false; issues: Issue[] }> {
    const geo = this.deps.geo();
    const r = validateAgreement(file, { areaCountry: (c) => geo.areaCountry(c) }, { allowSignatures: true });
    if (!r.ok) return { ok: false, issues: r.issues };
    const parsed = r.value;
    const doc = parsed.document;
    if (doc.id !== streamAgreement) return { ok: false, issues: [{ path: '/id', code: 'agreement.wrong_stream', params: { value: doc.id } }] };
    if (!doc.parties.includes(peerId)) return { ok: false, issues: [{ path: '/parties', code: 'agreement.sender_not_party', params: { value: peerId } }] };
    const keyOf = await this.peers.keyLookup(q);
    const issues = [...this.partyIssues(doc, keyOf), ...this.signatureIssues(doc, parsed, keyOf)];
    if (issues.length) return { ok: false, issues };
    const content = signedContent(doc);
    const existing = await this.repo.content(q, doc.id, doc.version);
    if (existing !== null && existing !== content) return { ok: false, issues: [{ path: '/version', code: 'agreement.version_conflict', params: { id: doc.id, version: doc.version } }] };
    if (existing === null) await this.repo.insertVersion(q, doc, content, this.now(), `peer:${peerId}`);
    const added: string[] = [];
    for (const s of parsed.signatures) if (await this.repo.addSignature(q, doc.id, doc.version, s, this.now())) added.push(s.node_id);
    let revocations = 0;
    for (const rv of parsed.revocations) if (await this.repo.addRevocation(q, rv, this.now())) revocations++;
    const status = (await this.statuses(q, doc.id, keyOf)).get(doc.version)!;
    const state = stateOf(status, doc, this.deps.clock.now().getTime());
    const changed = existing === null || added.length > 0 || revocations > 0;
    await appendAudit(q, this.deps.clock, { actor: `peer:${peerId}`, action: 'agreement.update', target: doc.id, outcome: 'success', details: { version: doc.version, state, new: existing === null, signaturesAdded: added, revocationsAdded: revocations } });
    return { ok: true, changed, version: doc.version, state };
  }

  /** [FED-54] The exchange file of a version for the federation stream (no permission, no audit: the stream audits). */
  async fileOf(q: Queryable, id: string, version: number): Promise<AgreementFile> {
    const v = await this.version(q, id, version);
    return { ...v.document, signatures: [...v.signatures], ...(v.revocations.length ? { revocations: [...v.revocations] } : {}) };
  }

  private signatureIssues(doc: AgreementDocument, parsed: ParsedAgreementFile, keyOf: (id: string) => string | null): Issue[] {
    const issues: Issue[] = [];
    const seen = new Set<string>();
    parsed.signatures.forEach((s, i) => {
      const path = `/signatures/${i}`;
      if (seen.has(s.node_id)) return issues.push({ path, code: 'agreement.signature_duplicate', params: { value: s.node_id } });
      seen.add(s.node_id);
      if (!doc.parties.includes(s.node_id)) return issues.push({ path, code: 'agreement.signature_not_party', params: { value: s.node_id } });
      const key = keyOf(s.node_id);
      if (key !== null && !verifySignature(doc, s, key)) issues.push({ path, code: 'agreement.signature_invalid', params: { value: s.node_id } });
    });
    parsed.revocations.forEach((r, i) => {
      const key = keyOf(r.node_id);
      const fits = r.agreement_id === doc.id && r.version === doc.version && doc.parties.includes(r.node_id);
      if (!fits || key === null || !verifyRevocation(r, key)) issues.push({ path: `/revocations/${i}`, code: 'agreement.revocation_invalid', params: { value: r.node_id } });
    });
    return issues;
  }

  /** Signs a stored version (the latest by default) for this node. */
  async sign(actor: Actor, id: string, version?: number): Promise<AgreementView> {
    await this.guard(actor, 'agreement.sign', id);
    const v = await this.version(this.deps.db, id, version);
    const doc = v.document;
    await this.deps.db.transaction(async (tx) => {
      const keyOf = await this.peers.keyLookup(tx);
      const issues = this.partyIssues(doc, keyOf);
      if (issues.length) throw new DomainError('invalid', 'agreement.invalid', issues);
      const status = (await this.statuses(tx, id, keyOf)).get(doc.version);
      if (status?.revoked) throw new DomainError('conflict', 'agreement.revoked_cannot_sign', [], { version: doc.version });
      if (status?.signedBy.includes(this.deps.self.nodeId)) throw new DomainError('conflict', 'agreement.already_signed', [], { version: doc.version });
      // A stale signature of ours (e.g. made before a key change) is replaced.
      await tx.query('DELETE FROM agreement_signatures WHERE agreement_id = $1 AND version = $2 AND node_id = $3', [id, doc.version, this.deps.self.nodeId]);
      await this.repo.addSignature(tx, id, doc.version, signDocument(doc, this.deps.self.privateKey, this.deps.self.nodeId), this.now());
      await this.audit(tx, actor, 'agreement.sign', doc, {});
    });
    return this.get(actor, id, doc.version);
  }

  /** Revokes a version (the latest by default, and with it every earlier one) with a signed statement. */
  async revoke(actor: Actor, id: string, version?: number, reason?: string): Promise<AgreementView> {
    await this.guard(actor, 'agreement.revoke', id);
    const v = await this.version(this.deps.db, id, version);
    const doc = v.document;
    if (reason !== undefined && (typeof reason !== 'string' || reason.length > 1_000)) {
      throw new DomainError('invalid', 'agreement.invalid', [{ path: '/reason', code: 'agreement.bad_length', params: { min: 0, max: 1_000 } }]);
    }
    if (!doc.parties.includes(this.deps.self.nodeId)) throw new DomainError('invalid', 'agreement.invalid', [{ path: '/parties', code: 'agreement.self_not_party', params: { value: this.deps.self.nodeId } }]);
    if (v.revocations.some((r) => r.node_id === this.deps.self.nodeId)) throw new DomainError('conflict', 'agreement.already_revoked', [], { version: doc.version });
    const rev = signRevocation({ agreement_id: id, version: doc.version, node_id: this.deps.self.nodeId, revoked_at: this.now(), ...(reason ? { reason } : {}) }, this.deps.self.privateKey);
    await this.deps.db.transaction(async (tx) => {
      await this.repo.addRevocation(tx, rev, this.now());
      await this.audit(tx, actor, 'agreement.revoke', doc, { reason: reason ?? null });
    });
    return this.get(actor, id, doc.version);
  }

  /** The latest version of every agreement, with its state. */
  async list(actor: Actor): Promise<AgreementView[]> {
    await this.guard(actor, 'agreement.list');
    const ids = await this.repo.ids(this.deps.db);
    const loaded = await this.repo.load(this.deps.db, ids);
    const keyOf = await this.peers.keyLookup(this.deps.db);
    return ids.map((id) => this.view(loaded.get(id) ?? [], undefined, keyOf));
  }

  /** One version (the latest by default), with its signatures, revocations and state. */
  async get(actor: Actor, id: string, version?: number): Promise<AgreementView> {
    await this.guard(actor, 'agreement.show', id);
    const versions = (await this.repo.load(this.deps.db, [id])).get(id) ?? [];
    if (versions.length === 0) throw new DomainError('not_found', 'agreement.not_found', [], { id });
    return this.view(versions, version, await this.peers.keyLookup(this.deps.db));
  }

  /** `agreement show`: the version and its reading in plain French or English. */
  async describe(actor: Actor, id: string, version: number | undefined, locale: Locale): Promise<{ view: AgreementView; text: string[] }> {
    const view = await this.get(actor, id, version);
    const peers = new Map((await this.peers.repo.list(this.deps.db, true)).map((p) => [p.nodeId, p]));
    const self = this.deps.self;
    const name = (nodeId: string): string => {
      if (nodeId === self.nodeId) return `${self.organisation} (${self.country}, ${t(locale, 'agreement.show.this_node')})`;
      const p = peers.get(nodeId);
      return p ? `${p.name} (${p.country})` : `${nodeId} (${t(locale, 'agreement.show.unknown_party')})`;
    };
    return { view, text: describeAgreement(view, locale, name) };
  }

  /** The exchange file of a version: document, signatures, revocations (audited: it leaves the node). */
  async exportFile(actor: Actor, id: string, version?: number): Promise<AgreementFile> {
    const v = await this.get(actor, id, version);
    await this.audit(this.deps.db, actor, 'agreement.export', v.document, { signatures: v.signatures.map((s) => s.node_id) });
    return { ...v.document, signatures: v.signatures, ...(v.revocations.length ? { revocations: v.revocations } : {}) };
  }

  /**
   * For the policy engine: per agreement naming both `partyA` and `partyB`, the version that
   * matters — the latest fully signed one, else the latest — with its status. No permission:
   * the caller (sharing service, federation) has checked its own.
   */
  async relevant(q: Queryable, partyA: string, partyB: string): Promise<AgreementInForce[]> {
    const { versions: loaded, keys } = await this.repo.loadNaming(q, partyA);
    const keyOf = this.peers.lookupIn(keys);
    const out: AgreementInForce[] = [];
    for (const versions of loaded.values()) {
      const statuses = agreementStatuses(versions, keyOf);
      const withBoth = versions.filter((v) => v.document.parties.includes(partyA) && v.document.parties.includes(partyB));
      const pick = [...withBoth].reverse().find((v) => statuses.get(v.document.version)?.signed) ?? withBoth.at(-1);
      if (pick) out.push({ document: pick.document, status: statuses.get(pick.document.version)! });
    }
    return out.sort((a, b) => (a.document.id < b.document.id ? -1 : a.document.id > b.document.id ? 1 : 0));
  }

  private async statuses(q: Queryable, id: string, keyOf: (id: string) => string | null): Promise<Map<number, AgreementStatus>> {
    return agreementStatuses((await this.repo.load(q, [id])).get(id) ?? [], keyOf);
  }

  private async version(q: Queryable, id: string, version?: number): Promise<StoredVersion> {
    const versions = (await this.repo.load(q, [id])).get(id) ?? [];
    if (versions.length === 0) throw new DomainError('not_found', 'agreement.not_found', [], { id });
    const v = version === undefined ? versions.at(-1) : versions.find((x) => x.document.version === version);
    if (!v) throw new DomainError('not_found', 'agreement.version_not_found', [], { id, version: version ?? '?' });
    return v;
  }

  private view(versions: StoredVersion[], version: number | undefined, keyOf: (id: string) => string | null): AgreementView {
    const v = version === undefined ? versions.at(-1) : versions.find((x) => x.document.version === version);
    const id = versions[0]?.document.id ?? '?';
    if (!v) throw new DomainError('not_found', 'agreement.version_not_found', [], { id, version: version ?? '?' });
    const statuses = agreementStatuses(versions, keyOf);
    const nowMs = this.deps.clock.now().getTime();
    const status = statuses.get(v.document.version)!;
    return {
      document: v.document,
      signatures: [...v.signatures],
      revocations: [...v.revocations],
      status,
      state: stateOf(status, v.document, nowMs),
      storedAt: v.storedAt,
      storedBy: v.storedBy,
      versions: versions.map((x) => ({ version: x.document.version, state: stateOf(statuses.get(x.document.version)!, x.document, nowMs) })),
    };
  }

  private async audit(q: Queryable, actor: Actor, action: string, doc: AgreementDocument, details: Record<string, unknown>): Promise<void> {
    await appendAudit(q, this.deps.clock, { actor: actorId(actor), action, target: doc.id, outcome: 'success', details: { version: doc.version, ...details } });
  }
}
