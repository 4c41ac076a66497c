/**
 * Pull transport ([FED-5]) for a node that cannot accept inbound connections: it POSTs a signed
 * `pull` (its cursors on the sender's streams) with its last signed acks to the sender, which
 * settles what the acks cover, answers with the envelopes still waiting, and — with `wait_ms` —
 * holds the request open until an item is ready (long poll: the live channel). Same envelopes,
 * same receiver path, same acks as a push.
 */
import { DomainError } from '../../core/errors.ts';
import { appendAudit } from '../../audit/audit.ts';
import { formatTimestamp } from '../../objects/timestamps.ts';
import { decodeCompact, encodeCompact, type CompactValue } from '../compact.ts';
import { parseSign1 } from '../cose.ts';
import { currentKexKey, publicKeyOf } from '../keyset.ts';
import { PROTOCOL_VERSION, type Nack, type PullRequest, type PullResponse } from '../protocol.ts';
import { isSealed, kexPrivateKey, kexPublicKey, seal, unseal } from '../seal.ts';
import { envelopeDigest } from '../envelope.ts';
import { decodeMessage, encodeMessage, openMessage, signMessage } from '../wire.ts';
import type { Federation } from './federation.ts';
import {
  fetchPost,
  framesOf,
  MAX_MESSAGE_ITEM_BYTES,
  PULL_PATH,
  PushError,
  withinBytes,
} from './transport.ts';
import './messages.ts';

const PULL_BATCH = 500;
const MAX_WAIT_MS = 30_000;

export interface PullReport {
  rounds: number;
  received: number;
  applied: number;
}

function badPull(detail: string): DomainError {
  return new DomainError('invalid', 'fed.engine.bad_pull', [
    { path: '', code: 'fed.engine.bad_pull', params: { detail } },
  ]);
}

/** [FED-5] Serves a pull request (compact CBOR `{type: 'pull_request', v, pull, acks}`). */
export async function servePull(fed: Federation, body: Uint8Array): Promise<Uint8Array> {
  const { db, clock } = fed.deps;
  let v: CompactValue;
  try {
    v = decodeCompact(body);
  } catch {
    throw badPull('cbor');
  }
  if (
    typeof v !== 'object' ||
    v === null ||
    Array.isArray(v) ||
    v instanceof Uint8Array ||
    v.type !== 'pull_request' ||
    !(v.pull instanceof Uint8Array) ||
    !Array.isArray(v.acks) ||
    !v.acks.every((a) => a instanceof Uint8Array)
  ) {
    throw badPull('shape');
  }
  const signed = v.pull;
  // The claimed author picks the key set; the signature then decides.
  let claimed: string | undefined;
  try {
    const m = decodeMessage(parseSign1(signed).payload);
    if (m.ok && m.value.type === 'pull') claimed = m.value.from;
  } catch {
    claimed = undefined;
  }
  if (!claimed) throw badPull('pull');
  const keyset = await fed.receiver.keysetOf(db, claimed);
  if (!keyset) throw new DomainError('forbidden', 'fed.engine.unknown_peer', [], { id: claimed });
  const opened = openMessage(signed, keyset);
  if (!opened.ok || opened.value.message.type !== 'pull') {
    await appendAudit(db, clock, {
      actor: `peer:${claimed}`,
      action: 'federation.reject',
      target: null,
      outcome: 'failure',
      details: { via: 'pull', reason: opened.ok ? 'malformed' : opened.reason },
    });
    throw new DomainError('forbidden', 'fed.engine.bad_pull', [
      { path: '/pull', code: 'fed.engine.bad_pull', params: { detail: opened.ok ? 'type' : opened.reason } },
    ]);
  }
  const pull = opened.value.message;
  if (pull.to !== fed.deps.self.nodeId)
    throw new DomainError('invalid', 'fed.engine.wrong_receiver', [
      { path: '/to', code: 'fed.engine.wrong_receiver' },
    ]);
  const peerId = pull.from;
  await fed.transport.acceptAcks(peerId, keyset, v.acks);
  // [FED-14] The signed cursors are the receiver's state: a regression opens a new epoch.
  for (const c of pull.streams) await fed.onCursor(peerId, c.agreement, { epoch: c.epoch, hwm: c.hwm });

  const deadline = Date.now() + Math.min(pull.wait_ms ?? 0, MAX_WAIT_MS);
  let pending = await waiting(fed, peerId, pull.max_bytes);
  while (pending.length === 0 && Date.now() < deadline) {
    await nextChange(fed, deadline - Date.now());
    pending = await waiting(fed, peerId, pull.max_bytes);
  }
  if (pending.length) {
    await fed.store.markSent(
      db,
      pending.map((p) => p.id),
      formatTimestamp(clock.now()),
    );
    await appendAudit(db, clock, {
      actor: 'system',
      action: 'federation.send',
      target: peerId,
      outcome: 'success',
      details: {
        via: 'pull',
        envelopes: pending.length,
        streams: [...new Set(pending.map((p) => p.agreementId))],
      },
    });
  }
  const more = pending.length === PULL_BATCH;
  // [FED-22] Sealed to the puller when its key-agreement key is known: a replayed pull reveals nothing.
  const kex = currentKexKey(keyset, clock.now());
  const to = kex ? kexPublicKey(publicKeyOf(kex)) : undefined;
  const res: PullResponse = {
    type: 'pull_response',
    v: PROTOCOL_VERSION,
    from: fed.deps.self.nodeId,
    to: peerId,
    envelopes: framesOf(pending).map((f) => (to ? seal(f.bytes, to) : f.bytes)),
    more,
  };
  return encodeMessage(res);
}

/** Plans the change feed, numbers the peer's items and returns the first ones waiting, within `maxBytes`. */
async function waiting(fed: Federation, peerId: string, maxBytes: number) {
  await fed.sender.drain();
  while ((await fed.sender.assign(peerId)) > 0);
  const rows = await fed.store.pending(fed.deps.db, peerId, PULL_BATCH);
  return withinBytes(rows, Math.min(maxBytes, MAX_MESSAGE_ITEM_BYTES));
}

/** Resolves at the next local commit (NOTIFY) or after `ms`. */
function nextChange(fed: Federation, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, Math.max(1, ms));
    const unsubscribe = fed.deps.changes.subscribe(done);
    function done() {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    }
  });
}

/**
 * [FED-5] Pulls from `peerId` until it has nothing more: each request carries this node's cursors
 * and last signed acks, so the final (empty) round settles the sender's outbox. `waitMs` makes
 * the first request a long poll.
 */
export async function pullFrom(
  fed: Federation,
  peerId: string,
  waitMs = 0,
  maxRounds = 10_000,
): Promise<PullReport> {
  const { db, clock } = fed.deps;
  const peer = await fed.deps.peers.repo.get(db, peerId);
  if (!peer || peer.removedAt !== null)
    throw new DomainError(
      'not_found',
      'fed.engine.unknown_peer',
      [{ path: '/peer', code: 'fed.engine.unknown_peer', params: { id: peerId } }],
      { id: peerId },
    );
  const post = fed.deps.post ?? fetchPost;
  const report: PullReport = { rounds: 0, received: 0, applied: 0 };
  let wait = waitMs;
  let stalled = 0;
  while (report.rounds < maxRounds) {
    report.rounds++;
    const pull: PullRequest = {
      type: 'pull',
      v: PROTOCOL_VERSION,
      from: fed.deps.self.nodeId,
      to: peerId,
      streams: await fed.store.inboundCursors(db, peerId),
      max_bytes: 8 * 1024 * 1024,
      ...(wait > 0 ? { wait_ms: Math.min(wait, MAX_WAIT_MS) } : {}),
    };
    const body = encodeCompact({
      type: 'pull_request',
      v: PROTOCOL_VERSION,
      pull: signMessage(pull, fed.signingKey, clock),
      acks: await fed.store.lastAcks(db, peerId),
    });
    let reply: Uint8Array;
    try {
      reply = await post(new URL(PULL_PATH, peer.baseUrl).toString(), body);
    } catch (e) {
      const code = e instanceof PushError ? e.code : 'unreachable';
      await fed.store.recordAttempt(db, peerId, false, code, formatTimestamp(clock.now()));
      throw e instanceof PushError ? e : new PushError(code);
    }
    const m = decodeMessage(reply);
    if (
      !m.ok ||
      m.value.type !== 'pull_response' ||
      m.value.from !== peerId ||
      m.value.to !== fed.deps.self.nodeId
    ) {
      await fed.store.recordAttempt(db, peerId, false, 'malformed', formatTimestamp(clock.now()));
      throw new PushError('malformed');
    }
    await fed.store.recordAttempt(db, peerId, true, null, formatTimestamp(clock.now()));
    const { more } = m.value;
    if (m.value.envelopes.length === 0) break;
    const envelopes: Uint8Array[] = [];
    const unsealed: Nack[] = [];
    for (const e of m.value.envelopes) {
      if (!isSealed(e)) envelopes.push(e);
      else {
        const u = fed.kex
          ? unseal(e, [kexPrivateKey(fed.kex.privateKey)])
          : ({ ok: false, reason: 'wrong_receiver' } as const);
        if (u.ok) envelopes.push(u.plaintext);
        else unsealed.push({ digest: envelopeDigest(e), reason: u.reason });
      }
    }
    for (const n of unsealed) {
      await appendAudit(db, clock, {
        actor: `peer:${peerId}`,
        action: 'federation.reject',
        target: Buffer.from(n.digest).toString('hex'),
        outcome: 'failure',
        details: { via: 'pull', reason: n.reason },
      });
    }
    const r = await fed.receiver.receiveFrom(peerId, envelopes);
    report.received += envelopes.length;
    report.applied += r.applied ?? 0;
    // Nothing applied three rounds running (a gap the sender cannot fill yet): stop rather than spin.
    stalled = (r.applied ?? 0) === 0 ? stalled + 1 : 0;
    if (stalled >= 3 || (!more && r.acks.length === 0)) break;
    wait = 0;
  }
  return report;
}
