/**
 * The federation receiver ([FED-6]–[FED-12], [FED-28], [FED-35], [FED-36]): verifies each envelope
 * of a batch against the sender's key set, classifies it against the stream's durable cursor,
 * re-checks every `put` with the policy engine from this side of the same agreement, applies it
 * idempotently with origin = sender, and moves the cursor in the same transaction. Acks are signed
 * only after commit. An envelope that does not verify changes nothing but the audit trail, and the
 * other envelopes of the batch still go through.
 */
import type { Clock } from '../../core/clock.ts';
import { DomainError } from '../../core/errors.ts';
import { appendAudit } from '../../audit/audit.ts';
import { indexFields, type IndexFields } from '../../objects/index-fields.ts';
import { builtinMarking } from '../../objects/markings.ts';
import type { StixObject } from '../../objects/stix.ts';
import { validateObject } from '../../objects/validate.ts';
import { formatTimestamp } from '../../objects/timestamps.ts';
import { CHANGES_CHANNEL } from '../../records/service.ts';
import type { Db, Queryable } from '../../store/db.ts';
import type { RecordRepository } from '../../store/records.ts';
import { versionKey } from '../../store/records.time.ts';
import type { AgreementInForce } from '../../sharing/agreement.ts';
import type { AgreementService } from '../../sharing/agreements.ts';
import type { PolicyGeo } from '../../sharing/geo.ts';
import type { PeerService } from '../../sharing/peers.ts';
import { decide, type PolicyRecord } from '../../sharing/policy.ts';
import { inspectFrame, isFrame, verifyFrame } from '../batch-envelope.ts';
import { envelopeDigest, inspect, verify, type VerifiedItem } from '../envelope.ts';
import { applyKeySetUpdate, keySetFromRegistration, type KeySet, type SigningKey } from '../keyset.ts';
import {
  LIMITS,
  NACK_REASONS,
  PROTOCOL_VERSION,
  advance,
  classify,
  type Ack,
  type Cursor,
  type Nack,
  type NackReason,
  type StreamId,
} from '../protocol.ts';
import { decodeMessage, signMessage } from '../wire.ts';
import { applyAgreementItem } from './agreement-updates.ts';
import { FederationStore } from './store.ts';
import './messages.ts';

export interface ReceiverDeps {
  db: Db;
  clock: Clock;
  self: { nodeId: string; country: string };
  signingKey: SigningKey;
  records: RecordRepository;
  peers: PeerService;
  agreements: AgreementService;
  geo: () => PolicyGeo;
}

/** What a push gets back: one signed ack per stream touched, and nacks no stream could carry. */
export interface ReceiveResult {
  acks: Uint8Array[];
  rejected: Nack[];
  /** Items applied (created, updated or withdrawn) by this call; local report only. */
  applied?: number;
  /** Every nack of this call, stream or not; local report only. */
  nacks?: Nack[];
  /** The protocol version of the request, which the reply speaks ([FED-91]). */
  version?: number;
}

type Outcome = { applied: boolean } | { nack: NackReason };

/** One envelope of a message as opened ([FED-105]): verified, refused, or naming no stream. */
type OpenedEntry =
  | { kind: 'malformed'; env: Uint8Array }
  | { kind: 'frame'; stream: StreamId; result: ReturnType<typeof verifyFrame> }
  | { kind: 'single'; stream: StreamId; result: ReturnType<typeof verify> };

interface Opened {
  /** The key set the entries were verified against (null: none held, nothing opened). */
  keyset: KeySet | null;
  entries: OpenedEntry[];
}

const sameKeyset = (a: KeySet, b: KeySet): boolean =>
  a === b || JSON.stringify(a) === JSON.stringify(b);

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
export const streamKey = (s: StreamId): string => `${s.sender}/${s.agreement}`;

export class FederationReceiver {
  readonly store = new FederationStore();
  constructor(private readonly deps: ReceiverDeps) {}

  /**
   * [FED-16] The key set this node trusts for a registered, active peer: the latest verified
   * update, else the registration key (null when unknown or removed).
   */
  async keysetOf(q: Queryable, nodeId: string): Promise<KeySet | null> {
    const peer = await this.deps.peers.repo.get(q, nodeId);
    if (!peer || peer.removedAt !== null) return null;
    return (await this.store.peerKeyset(q, nodeId)) ?? keySetFromRegistration(peer.nodeId, peer.publicKey);
  }

  /** [FED-4] Handles one pushed batch (the compact encoding of an `envelope` message). */
  async receive(body: Uint8Array): Promise<ReceiveResult> {
    const d = this.deps;
    const decoded = decodeMessage(body);
    if (!decoded.ok) throw new DomainError('invalid', 'fed.engine.bad_batch', decoded.issues.slice(0, 20));
    const batch = decoded.value;
    if (batch.type !== 'envelope')
      throw new DomainError('invalid', 'fed.engine.bad_batch', [
        { path: '/type', code: 'fed.engine.bad_batch' },
      ]);
    if (batch.to !== d.self.nodeId)
      throw new DomainError('invalid', 'fed.engine.wrong_receiver', [
        { path: '/to', code: 'fed.engine.wrong_receiver' },
      ]);
    // [FED-91] Acks answer in the version the sender spoke, so a v1 sender can drain.
    return this.receiveFrom(batch.from, batch.envelopes, batch.v);
  }

  /**
   * Verifies, checks and applies envelopes from `from`, whatever carried them (push, pull, a
   * bundle): the same rules for every transport ([FED-34]).
   */
  async receiveFrom(
    from: string,
    envelopes: readonly Uint8Array[],
    version: number = PROTOCOL_VERSION,
  ): Promise<ReceiveResult> {
    // [FED-105] Opening (signatures, digests, decoding, validation) writes nothing, so it starts
    // at once, while an earlier message of the same sender is still being applied; the ordered
    // step checks the key set it used is still the one held, else opens again.
    const opening = this.open(from, envelopes);
    opening.catch(() => undefined);
    // [FED-101] One sender's messages are taken one at a time, in the order they arrived: a sender
    // keeps two in flight, and the second must not be applied before the first (its items would
    // be ahead and sent again).
    const before = this.inbound.get(from) ?? Promise.resolve();
    const mine = before.then(() => this.receiveInOrder(from, envelopes, version, opening));
    const settled = mine.then(
      () => undefined,
      () => undefined,
    );
    this.inbound.set(from, settled);
    void settled.then(() => {
      if (this.inbound.get(from) === settled) this.inbound.delete(from);
    });
    return mine;
  }

  private readonly inbound = new Map<string, Promise<void>>();
  /** [FED-105] STIX validation done while opening, read back when the item is applied. */
  private readonly validated = new WeakMap<object, ReturnType<typeof validateObject>>();
  /** [FED-105] Index fields of a validated object that names only built-in markings. */
  private readonly indexed = new WeakMap<object, IndexFields>();

  /**
   * [FED-87][FED-12] Verifies every envelope of a message against the sender's key set held now:
   * what each one is (a verified run of items, a refused frame, refused items, no stream named),
   * with no write. Put items are validated here too.
   */
  private async open(from: string, envelopes: readonly Uint8Array[]): Promise<Opened> {
    const d = this.deps;
    const keyset = await this.keysetOf(d.db, from);
    if (!keyset) return { keyset: null, entries: [] };
    return { keyset, entries: this.verifyAll(from, envelopes, keyset) };
  }

  private verifyAll(from: string, envelopes: readonly Uint8Array[], keyset: KeySet): OpenedEntry[] {
    const d = this.deps;
    const entries: OpenedEntry[] = [];
    for (const env of envelopes) {
      // [FED-87] A batch frame, or a single envelope in wide form ([FED-3]): the hint names the
      // stream to check; none named, the envelope is malformed.
      const frame = isFrame(env);
      const hint = (frame ? inspectFrame(env) : inspect(env))?.stream;
      if (!hint) {
        entries.push({ kind: 'malformed', env });
        continue;
      }
      const stream: StreamId = { sender: from, receiver: d.self.nodeId, agreement: hint.agreement };
      if (frame) {
        const result = verifyFrame(env, keyset, stream);
        if (result.ok) for (const it of result.items) if (it.ok) this.validate(it.value);
        entries.push({ kind: 'frame', stream, result });
      } else {
        const result = verify(env, keyset, stream);
        if (result.ok) this.validate(result.value);
        entries.push({ kind: 'single', stream, result });
      }
    }
    return entries;
  }

  private validate(v: VerifiedItem): void {
    if (v.item.kind !== 'put') return;
    const checked = validateObject(v.item.object);
    this.validated.set(v.item.object, checked);
    // Index fields read other records only for marking definitions this node holds; with
    // built-in markings alone they depend on nothing stored.
    const refs = checked.ok ? (checked.value.object_marking_refs ?? []) : [];
    if (checked.ok && refs.every((m) => builtinMarking(m)))
      this.indexed.set(checked.value, indexFields(checked.value, builtinMarking));
  }

  private async receiveInOrder(
    from: string,
    envelopes: readonly Uint8Array[],
    version: number,
    opening: Promise<Opened>,
  ): Promise<ReceiveResult> {
    const d = this.deps;
    const keyset = await this.keysetOf(d.db, from);
    if (!keyset) {
      await this.audit(d.db, from, 'federation.reject', null, 'denied', {
        reason: 'unknown_peer',
        envelopes: envelopes.length,
      });
      throw new DomainError('forbidden', 'fed.engine.unknown_peer', [], { id: from });
    }
    // An earlier message may have rotated or revoked keys ([FED-16][FED-19]) after this one was
    // opened: then it is verified again against the key set held now.
    const opened = await opening;
    const entries =
      opened.keyset && sameKeyset(opened.keyset, keyset) ? opened.entries : this.verifyAll(from, envelopes, keyset);
    let applied = 0;

    const rejected: Nack[] = [];
    const byStream = new Map<string, { stream: StreamId; items: VerifiedItem[]; nacks: Nack[] }>();
    const group = (stream: StreamId) => {
      const key = streamKey(stream);
      let g = byStream.get(key);
      if (!g) byStream.set(key, (g = { stream, items: [], nacks: [] }));
      return g;
    };
    for (const e of entries) {
      // No stream named: refused, answered and audited without touching any stream.
      if (e.kind === 'malformed') {
        rejected.push({ digest: envelopeDigest(e.env), reason: 'malformed' });
        await this.audit(d.db, from, 'federation.reject', hex(envelopeDigest(e.env)), 'failure', {
          reason: 'malformed',
        });
        continue;
      }
      const g = group(e.stream);
      if (e.kind === 'frame') {
        // [FED-87] A batch frame: the header verified once, then each item against its digest.
        const r = e.result;
        if (!r.ok) {
          // [FED-89] A header that does not verify refuses the whole frame; nothing moves.
          g.nacks.push({ digest: r.digest, reason: r.reason, ...(r.claimed ?? {}) });
          await this.audit(d.db, from, 'federation.reject', hex(r.digest), 'failure', {
            reason: r.reason,
            stream: e.stream.agreement,
            frame: true,
            ...(r.claimed ?? {}),
          });
          continue;
        }
        for (const it of r.items) {
          if (it.ok) {
            g.items.push(it.value);
            continue;
          }
          g.nacks.push(it.nack);
          await this.audit(d.db, from, 'federation.reject', hex(it.nack.digest), 'failure', {
            reason: it.nack.reason,
            stream: e.stream.agreement,
            epoch: it.nack.epoch,
            seq: it.nack.seq,
          });
        }
        continue;
      }
      const r = e.result;
      if (r.ok) {
        g.items.push(r.value);
        continue;
      }
      // [FED-12] Unverified: its claims move nothing; the rejection is audited and answered.
      const nack: Nack = {
        digest: r.digest,
        reason: r.reason,
        ...(r.claimed ? { epoch: r.claimed.epoch, seq: r.claimed.seq } : {}),
      };
      g.nacks.push(nack);
      await this.audit(d.db, from, 'federation.reject', hex(r.digest), 'failure', {
        reason: r.reason,
        stream: e.stream.agreement,
        ...(r.claimed ?? {}),
      });
    }

    const acks: Uint8Array[] = [];
    const nacks: Nack[] = [...rejected];
    for (const g of byStream.values()) {
      const { cursor, applied: n } = await this.applyStream(g.stream, g.items, g.nacks);
      applied += n;
      nacks.push(...g.nacks);
      acks.push(...(await this.signAcks(g.stream, cursor, g.nacks, version)));
    }
    return { acks, rejected, applied, nacks, version };
  }

  /**
   * [FED-85] Applies items another transport already opened and verified (a narrow link:
   * openNarrow makes the checks verify() makes), as receiveFrom applies verified envelopes.
   */
  async receiveVerified(from: string, items: readonly VerifiedItem[]): Promise<ReceiveResult> {
    const d = this.deps;
    const byStream = new Map<string, { stream: StreamId; items: VerifiedItem[] }>();
    for (const v of items) {
      if (v.stream.sender !== from || v.stream.receiver !== d.self.nodeId)
        throw new DomainError('invalid', 'fed.engine.wrong_receiver', [
          { path: '/stream', code: 'fed.engine.wrong_receiver' },
        ]);
      const key = streamKey(v.stream);
      const g = byStream.get(key) ?? { stream: v.stream, items: [] };
      g.items.push(v);
      byStream.set(key, g);
    }
    const acks: Uint8Array[] = [];
    const nacks: Nack[] = [];
    let applied = 0;
    for (const g of byStream.values()) {
      const streamNacks: Nack[] = [];
      const { cursor, applied: n } = await this.applyStream(g.stream, g.items, streamNacks);
      applied += n;
      nacks.push(...streamNacks);
      acks.push(...(await this.signAcks(g.stream, cursor, streamNacks, PROTOCOL_VERSION)));
    }
    return { acks, rejected: [], applied, nacks };
  }

  /**
   * [FED-10][FED-35] The signed acks of a stream after its items were applied, signed after commit
   * and the last one kept for pull and return bundles. One ack, unless more items were refused
   * than an ack may list (LIMITS.maxNacks): then the refusals that consume a position come in
   * order, a full list per ack, each ack cumulative up to just before the next one's first
   * refusal, so every refused item reaches the sender with its reason, none silently acked.
   */
  private async signAcks(stream: StreamId, cursor: Cursor, nacks: readonly Nack[], version: number): Promise<Uint8Array[]> {
    const d = this.deps;
    const max = LIMITS.maxNacks;
    const consumed = (n: Nack) =>
      n.seq !== undefined && n.epoch === cursor.epoch && n.seq <= cursor.hwm && NACK_REASONS[n.reason].consumes;
    const chunks: { hwm: number; nacks: Nack[] }[] = [];
    if (nacks.length <= max) chunks.push({ hwm: cursor.hwm, nacks: [...nacks] });
    else {
      const positional = nacks.filter(consumed).sort((x, y) => x.seq! - y.seq!);
      // The others (a refused frame, a replay, an item of a left epoch) consume nothing: the
      // sender keeps those items; the last ack lists what room is left of them.
      const others = nacks.filter((n) => !consumed(n));
      for (let i = 0; i < positional.length; i += max) {
        const next = positional[i + max];
        chunks.push({ hwm: next ? next.seq! - 1 : cursor.hwm, nacks: positional.slice(i, i + max) });
      }
      const last = chunks.at(-1);
      if (!last || last.hwm !== cursor.hwm) chunks.push({ hwm: cursor.hwm, nacks: [] });
      const tail = chunks.at(-1)!;
      tail.nacks.push(...others.slice(0, max - tail.nacks.length));
    }
    const signed: Uint8Array[] = [];
    for (const c of chunks) {
      const ack: Ack = { type: 'ack', v: version, stream, epoch: cursor.epoch, hwm: c.hwm, nacks: c.nacks };
      signed.push(signMessage(ack, d.signingKey, d.clock));
    }
    await this.store.saveAck(d.db, streamKey(stream), signed.at(-1)!);
    return signed;
  }

  /** Applies a stream's verified items in order, in one transaction with its cursor. */
  private async applyStream(
    stream: StreamId,
    items: VerifiedItem[],
    nacks: Nack[],
  ): Promise<{ cursor: Cursor; applied: number }> {
    const d = this.deps;
    items.sort((a, b) => a.epoch - b.epoch || a.seq - b.seq);
    return d.db.transaction(async (tx) => {
      let cursor = await this.store.lockInbound(tx, streamKey(stream));
      const inForce = await d.agreements.relevant(tx, d.self.nodeId, stream.sender);
      const agreement = inForce.find((a) => a.document.id === stream.agreement) ?? null;
      let applied = 0;
      let lastSeq = 0;
      // Consecutive puts are applied together (one read of what they need, one putMany); other
      // items end a run, so every item still sees the effects of the ones before it.
      const run: VerifiedItem[] = [];
      const settle = async (v: VerifiedItem, outcome: Outcome) => {
        if ('nack' in outcome) {
          nacks.push({ epoch: v.epoch, seq: v.seq, digest: v.digest, reason: outcome.nack });
          await this.audit(tx, stream.sender, 'federation.reject', hex(v.digest), 'failure', {
            reason: outcome.nack,
            epoch: v.epoch,
            seq: v.seq,
            agreement: stream.agreement,
          });
        } else if (outcome.applied) {
          applied++;
        }
      };
      const flush = async () => {
        if (run.length === 0) return;
        const outcomes = await this.applyPuts(tx, stream, agreement, run);
        for (let i = 0; i < run.length; i++) await settle(run[i]!, outcomes[i]!);
        run.length = 0;
      };
      for (const v of items) {
        const at = { epoch: v.epoch, seq: v.seq };
        const cls = classify(at, cursor);
        if (cls === 'replay' || cls === 'stale_epoch') {
          // [FED-7] Already settled (or of a left epoch): never applied twice.
          nacks.push({ epoch: v.epoch, seq: v.seq, digest: v.digest, reason: cls });
          continue;
        }
        // 'ahead': earlier items are missing; the hwm in the ack makes the sender re-send them.
        if (cls === 'ahead') continue;
        if (v.item.kind === 'put') run.push(v);
        else {
          await flush();
          await settle(v, await this.apply(tx, stream, v));
        }
        cursor = advance(cursor, at);
      }
      await flush();
      await this.store.setInbound(tx, streamKey(stream), cursor);
      if (items.length) {
        await this.audit(tx, stream.sender, 'federation.receive', stream.agreement, 'success', {
          epoch: cursor.epoch,
          hwm: cursor.hwm,
          applied,
          nacks: nacks.length,
        });
      }
      lastSeq = await d.records.lastSeq(tx);
      if (applied > 0) await tx.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, String(lastSeq)]);
      return { cursor, applied };
    });
  }

  /** Applies one item other than a put (withdraw, key set, agreement update). */
  private async apply(tx: Queryable, stream: StreamId, v: VerifiedItem): Promise<Outcome> {
    const d = this.deps;
    const item = v.item;
    const now = formatTimestamp(d.clock.now());
    if (item.kind === 'withdraw') {
      const key = versionKey(item.modified);
      if (key === null) return { nack: 'malformed' };
      await this.store.withdraw(tx, stream.sender, item.id, key, item.reason, now);
      return { applied: true };
    }
    if (item.kind === 'keyset') return this.applyKeyset(tx, stream.sender, item.keyset, now);
    // [FED-55] Agreement updates are verified and applied through the agreement service.
    if (item.kind === 'agreement') return applyAgreementItem(tx, d, stream, item);
    return (await this.applyPuts(tx, stream, null, [v]))[0]!;
  }

  /**
   * [FED-8][FED-9][FED-28] Applies consecutive `put` items of a stream, in order: each validated,
   * re-checked with the policy engine and refused alone (its nack in the result), the accepted
   * ones stored by one putMany. What the items need (current copies, tombstones, markings and
   * records they name) is read once; an accepted item is visible to the items after it (a marking
   * definition sent before the records it marks).
   */
  private async applyPuts(
    tx: Queryable,
    stream: StreamId,
    agreement: AgreementInForce | null,
    vs: readonly VerifiedItem[],
  ): Promise<Outcome[]> {
    const d = this.deps;
    const outcomes: (Outcome | undefined)[] = vs.map(() => undefined);
    const objs: (StixObject | undefined)[] = vs.map((v, i) => {
      if (v.item.kind !== 'put') return void (outcomes[i] = { nack: 'malformed' });
      const checked = this.validated.get(v.item.object) ?? validateObject(v.item.object);
      if (!checked.ok) return void (outcomes[i] = { nack: 'invalid_object' });
      if (!agreement) return void (outcomes[i] = { nack: 'outside_agreement' });
      return checked.value;
    });
    const valid = objs.filter((o): o is StixObject => o !== undefined);
    if (valid.length === 0) return outcomes.map((o) => o ?? { nack: 'malformed' });
    const needs = new Set<string>();
    const named = new Map<StixObject, string[]>();
    for (const obj of valid) {
      needs.add(obj.id);
      for (const m of obj.object_marking_refs ?? []) if (!builtinMarking(m)) needs.add(m);
      for (const g of obj.granular_markings ?? []) if (g.marking_ref && !builtinMarking(g.marking_ref)) needs.add(g.marking_ref);
      const refs = referencedIds(obj);
      named.set(obj, refs);
      for (const r of refs) needs.add(r);
    }
    const known = await d.records.getMany(tx, [...needs]);
    const tombs = await this.store.tombstones(
      tx,
      stream.sender,
      valid.map((o) => o.id),
    );
    const puts: { index: number; item: Parameters<RecordRepository['putMany']>[1][number] }[] = [];
    for (let i = 0; i < vs.length; i++) {
      const obj = objs[i];
      if (!obj || !agreement) continue;
      const existing = known.get(obj.id);
      // A partner never overwrites a record of this node or of a third party.
      if (existing && existing.origin !== stream.sender) {
        outcomes[i] = { nack: 'outside_agreement' };
        continue;
      }
      const key = versionKey(String(obj.modified ?? obj.created));
      const tomb = tombs.get(obj.id) ?? null;
      // [FED-8][FED-9] A version at or below a withdrawal never comes back.
      if (key !== null && tomb !== null && key <= tomb) {
        outcomes[i] = { applied: false };
        continue;
      }
      const refs = named.get(obj)!;
      const lookup = (id: string) => builtinMarking(id) ?? known.get(id)?.object;
      const fields = this.indexed.get(obj) ?? indexFields(obj, lookup);
      // [FED-28] Re-check from this side of the same agreement: the sender as "self", this node as partner.
      const record: PolicyRecord = { object: obj, fields, origin: 'local' };
      const senderIdentity =
        obj.type === 'identity' && obj.identity_class === 'organization'
          ? obj.id
          : String(obj.created_by_ref ?? '');
      const decision = decide(
        record,
        agreement,
        { nodeId: d.self.nodeId, country: d.self.country },
        {
          self: { nodeId: stream.sender, identityId: senderIdentity },
          now: d.clock.now(),
          geo: d.geo(),
          related: (id) => {
            const m = known.get(id);
            if (!m) return undefined;
            // Seen from the sender: this node's own records originate at this node ([FED-36]).
            const origin = refs.includes(id) && m.origin === 'local' ? d.self.nodeId : 'local';
            return { object: m.object as StixObject, fields: m.fields, origin };
          },
        },
      );
      if (decision.decision === 'withhold') {
        outcomes[i] = { nack: 'outside_agreement' };
        continue;
      }
      puts.push({
        index: i,
        item: { object: obj, fields, writtenBy: `peer:${stream.sender}`, ownerUser: null, origin: stream.sender },
      });
      // Later items of the run see this one (a newer version only replaces an older current one).
      const current = known.get(obj.id);
      const newer =
        !current || (versionKey(String(current.object.modified ?? current.object.created)) ?? '') <= (key ?? '');
      if (newer) known.set(obj.id, { object: obj, fields, seq: 0, origin: stream.sender, ownerUser: null });
    }
    const results = await d.records.putMany(
      tx,
      puts.map((p) => p.item),
    );
    puts.forEach((p, j) => {
      const outcome = results[j]!.outcome;
      outcomes[p.index] = { applied: outcome === 'created' || outcome === 'updated' };
    });
    return outcomes.map((o) => o ?? { applied: false });
  }

  /**
   * [FED-16][FED-19] A key-set update from the sender, signed by a key valid in the set held: new
   * keys (a rotation) and revocations apply to every later verification. An update that does not
   * chain is refused as `bad_signature`/`revoked_key`/… and consumes its position like content.
   */
  private async applyKeyset(tx: Queryable, sender: string, signed: Uint8Array, at: string): Promise<Outcome> {
    const current = await this.keysetOf(tx, sender);
    if (!current) return { nack: 'unknown_key' };
    const r = applyKeySetUpdate(current, signed);
    if (!r.ok)
      return {
        nack:
          r.reason === 'unsupported_version' ||
          r.reason === 'unknown_key' ||
          r.reason === 'bad_signature' ||
          r.reason === 'revoked_key' ||
          r.reason === 'key_not_valid'
            ? r.reason
            : 'malformed',
      };
    if (r.changed) {
      await this.store.savePeerKeyset(tx, sender, r.keyset, signed, at);
      await this.audit(tx, sender, 'federation.keyset', sender, 'success', {
        version: r.keyset.version,
        keys: r.keyset.keys.map((k) => k.kid),
        revoked: r.keyset.revocations.map((k) => k.kid),
      });
    }
    return { applied: r.changed };
  }

  private async audit(
    q: Queryable,
    peer: string,
    action: string,
    target: string | null,
    outcome: 'success' | 'failure' | 'denied',
    details: Record<string, unknown>,
  ): Promise<void> {
    await appendAudit(q, this.deps.clock, { actor: `peer:${peer}`, action, target, outcome, details });
  }
}

/** Ids an object names in its reference lists and single references (not its markings). */
function referencedIds(obj: StixObject): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(obj)) {
    if (key === 'object_marking_refs' || key === 'created_by_ref') continue;
    if (key.endsWith('_refs') && Array.isArray(value)) for (const v of value) if (typeof v === 'string') out.push(v);
    if (key.endsWith('_ref') && typeof value === 'string') out.push(value);
  }
  return [...new Set(out)];
}
