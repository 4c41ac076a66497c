/**
 * A long backlog (after a partition) flows as a pipeline: [FED-100] a round numbers and pushes each
 * planned batch of the change feed while the next one is planned, and [FED-101] a push keeps two
 * messages in flight. Neither may send an item twice or lose one. [FED-105] The receiver opens a
 * message while the one before it applies. Two real nodes on loopback.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { testBackends } from '../../store/test-support/backends.ts';
import { agreementDoc } from '../../sharing/test-support/fixtures.ts';
import { inspectFrame } from '../batch-envelope.ts';
import { decodeCbor } from '../cbor.ts';
import { incident, heldFrom, party, registerAll, signEverywhere, type Party } from './test-support/parties.ts';
import { itemOfBytes } from './store.ts';
import { PUSH_BATCH, fetchPost, type Post, type TransportDeps } from './transport.ts';
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listAudit } from '../../audit/audit.ts';
import { sign } from '../envelope.ts';
import { signingKey } from '../keyset.ts';
import { PROTOCOL_VERSION } from '../protocol.ts';
import { decodeMessage, encodeMessage, openMessage } from '../wire.ts';

/** A promise with its resolver, and a breaker so that a missing event fails instead of hanging. */
function gate(ms = 15_000): { open: () => void; opened: Promise<boolean> } {
  let open!: () => void;
  const opened = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    open = () => {
      clearTimeout(timer);
      resolve(true);
    };
  });
  return { open, opened };
}

function setPost(p: Party, post: Post): void {
  (p.t.node.federation.transport as unknown as { deps: TransportDeps }).deps.post = post;
}

/** (agreement, epoch, seq) of every item a push message carries. */
function positions(body: Uint8Array): string[] {
  const m = decodeMessage(body);
  assert.ok(m.ok && m.value.type === 'envelope');
  const out: string[] = [];
  for (const f of m.value.envelopes) {
    const claims = inspectFrame(f);
    assert.ok(claims, 'a batch frame');
    const [, offset, items] = decodeCbor(f) as [Uint8Array, number, Uint8Array[]];
    for (let i = 0; i < items.length; i++)
      out.push(`${claims.stream?.agreement}/${claims.epoch}/${claims.first + offset + i}`);
  }
  return out;
}

async function backlog(a: Party, n: number): Promise<void> {
  for (let i = 0; i < n; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, n - i) }, () => incident(a));
    await a.t.node.records.importObjects(a.t.node.system, batch, { action: 'test.backlog' });
  }
}

for (const backend of await testBackends()) {
  describe(`[${backend.name}] a long backlog flows as a pipeline`, () => {
    let a: Party, b: Party;

    before(async () => {
      [a, b] = [await party(backend.name, 'BFA'), await party(backend.name, 'SEN')];
      await registerAll([a, b]);
      await signEverywhere(
        agreementDoc({ id: randomUUID(), parties: [a.id, b.id], expiry: '2099-01-01T00:00:00Z' }),
        [a, b],
      );
      // In step before the partition: the change feed and the plan are current.
      await a.t.node.records.create(a.t.node.system, incident(a));
      await a.t.node.federation.sync();
      await a.t.node.analysis.stop();
      await b.t.node.analysis.stop();
    });

    after(async () => {
      for (const p of [a, b]) await p?.t.dispose();
    });

    test('[FED-100] the first batch leaves while the next is still being planned; nothing twice, nothing lost', async () => {
      const before = (await heldFrom(b, a)).length;
      await backlog(a, 1_200);
      const sender = a.t.node.federation.sender;
      const enqueue = sender.enqueue.bind(sender);
      const pushed = gate();
      let calls = 0;
      let pushedBeforeSecondBatch: boolean | undefined;
      // The second batch of the feed waits until a push has left (or the breaker trips).
      sender.enqueue = async () => {
        if (++calls === 2) pushedBeforeSecondBatch = await pushed.opened;
        return enqueue();
      };
      const seen: string[] = [];
      setPost(a, async (url, body) => {
        seen.push(...positions(body));
        pushed.open();
        return fetchPost(url, body);
      });
      try {
        await a.t.node.federation.sync();
      } finally {
        sender.enqueue = enqueue;
        setPost(a, fetchPost);
      }
      assert.equal(pushedBeforeSecondBatch, true, 'a push left before the second batch was planned');
      assert.equal((await heldFrom(b, a)).length, before + 1_200);
      const status = (await a.t.node.federation.status()).find((s) => s.peerId === b.id)!;
      assert.equal(status.backlog, 0);
      assert.equal(new Set(seen).size, seen.length, 'no item sent twice');
    });

    test('[FED-101] two push messages are in flight at once, with disjoint items, and all settle', async () => {
      const before = (await heldFrom(b, a)).length;
      // More than one message holds: a message and a half.
      const total = PUSH_BATCH + PUSH_BATCH / 2;
      await backlog(a, total);
      const fed = a.t.node.federation;
      await fed.sender.drain();
      while ((await fed.sender.assign(b.id)) > 0);
      const second = gate();
      let inFlight = 0;
      let most = 0;
      const bodies: Uint8Array[] = [];
      setPost(a, async (url, body) => {
        bodies.push(body);
        inFlight++;
        most = Math.max(most, inFlight);
        const n = bodies.length;
        if (n === 2) second.open();
        try {
          const reply = await fetchPost(url, body);
          // The first reply is held until the second message has left (or the breaker trips).
          if (n === 1) await second.opened;
          return reply;
        } finally {
          inFlight--;
        }
      });
      try {
        const keyset = (await fed.receiver.keysetOf(a.t.node.db, b.id))!;
        const r = await fed.transport.push({ nodeId: b.id, baseUrl: b.url }, keyset);
        assert.equal(r.settled, total);
      } finally {
        setPost(a, fetchPost);
      }
      assert.equal(most, 2, 'two messages in flight');
      const [first, next] = [positions(bodies[0]!), positions(bodies[1]!)];
      assert.equal(first.length + next.length, total);
      assert.ok(
        first.every((x) => !next.includes(x)),
        'the message sent while the first was in flight carries other items',
      );
      assert.equal((await heldFrom(b, a)).length, before + total);
      const status = (await fed.status()).find((s) => s.peerId === b.id)!;
      assert.equal(status.backlog, 0);
    });

    test('[FED-106] a record committed while a round waits for its reply is pushed within that round', async () => {
      const fed = a.t.node.federation;
      const [first, second] = [incident(a), incident(a)];
      let ended = 0;
      const sync = fed.sync.bind(fed);
      fed.sync = async () => {
        try {
          return await sync();
        } finally {
          ended++;
        }
      };
      const reply = gate();
      let secondCommitted = false;
      const posts: { afterSecond: boolean; roundsEnded: number }[] = [];
      setPost(a, async (url, body) => {
        posts.push({ afterSecond: secondCommitted, roundsEnded: ended });
        const r = await fetchPost(url, body);
        // The first reply is held until the second record is committed (or the breaker trips).
        if (posts.length === 1) await reply.opened;
        return r;
      });
      try {
        fed.start();
        await a.t.node.records.create(a.t.node.system, first);
        while (posts.length === 0) await new Promise((r) => setTimeout(r, 5));
        await a.t.node.records.create(a.t.node.system, second);
        secondCommitted = true;
        // While the first reply is held, the running round numbers the second record (give up
        // after 5 s: without [FED-106] only a later round plans it, and the assertion below fails).
        for (const until = Date.now() + 5_000; Date.now() < until; await new Promise((r) => setTimeout(r, 10))) {
          const { rows } = await a.t.node.db.query(
            'SELECT 1 FROM fed_outbox WHERE record_id = $1 AND seq IS NOT NULL',
            [second.id],
          );
          if (rows.length) break;
        }
        reply.open();
        while (!(await b.t.node.records.repo.get(b.t.node.db, second.id))) await new Promise((r) => setTimeout(r, 10));
      } finally {
        await fed.stop();
        setPost(a, fetchPost);
        fed.sync = sync;
      }
      // A round may have ended before the first post (start() runs one at once, with nothing to
      // send): what counts is that no round ended between the first post and the second.
      const firstRound = posts[0]!.roundsEnded;
      assert.ok(
        posts.some((p) => p.afterSecond && p.roundsEnded === firstRound),
        `the second record left before the first record's round ended: ${JSON.stringify(posts)}`,
      );
      assert.ok(await b.t.node.records.repo.get(b.t.node.db, first.id));
    });

    // PostgreSQL only: each refusal is audited (1,500 hash-chained entries), which on the embedded
    // engine takes minutes under a loaded CI; the splitting is the receiver's alone.
    test('[FED-10] more refusals than one ack may list come in several cumulative acks, none dropped', { skip: backend.name === 'pglite' }, async () => {
      // 1,500 invalid records on a fresh stream: each refused (invalid_object, a consumed position).
      const stream = { sender: a.id, receiver: b.id, agreement: randomUUID() };
      const items = Array.from({ length: 1_500 }, (_, i) => ({
        stream,
        epoch: 1,
        seq: i + 1,
        kid: 'k',
        signedAt: new Date(),
        digest: new Uint8Array(8).fill(i % 256),
        item: { kind: 'put' as const, object: { type: 'incident', id: `incident--${randomUUID()}` } },
      }));
      const r = await b.t.node.federation.receiver.receiveVerified(a.id, items as never);
      assert.equal(r.applied, 0);
      const keyset = (await a.t.node.federation.receiver.keysetOf(a.t.node.db, b.id))!;
      const acks = r.acks.map((bytes) => {
        const m = openMessage(bytes, keyset);
        assert.ok(m.ok && m.value.message.type === 'ack');
        return m.value.message;
      });
      assert.deepEqual(
        acks.map((x) => [x.hwm, x.nacks.length]),
        [
          [1_000, 1_000],
          [1_500, 500],
        ],
      );
      for (const x of acks) for (const n of x.nacks) assert.ok(n.seq! <= x.hwm && n.reason === 'invalid_object');
      assert.deepEqual(
        acks.flatMap((x) => x.nacks.map((n) => n.seq)),
        items.map((i) => i.seq),
        'every refusal, once, in order',
      );
    });

    test('[FED-103] an outbox row holds the compact bytes planned; a row planned as JSON before is encoded when numbered', async () => {
      const fed = a.t.node.federation;
      const [fresh, legacy] = [incident(a), incident(a)];
      for (const o of [fresh, legacy]) await a.t.node.records.create(a.t.node.system, o);
      await fed.sender.drain();
      const { rows } = await a.t.node.db.query<{ id: number; record_id: string; item: unknown; envelope: Uint8Array }>(
        `SELECT id, record_id, item, envelope FROM fed_outbox WHERE peer_id = $1 AND record_id = ANY($2::text[])`,
        [b.id, [fresh.id, legacy.id]],
      );
      assert.equal(rows.length, 2);
      for (const r of rows) {
        assert.equal(r.item, null, 'no JSON copy kept');
        const item = itemOfBytes(new Uint8Array(r.envelope));
        assert.equal((item.object as { id: string }).id, r.record_id);
      }
      // As an older node left it: the JSON item, no bytes yet.
      const old = rows.find((r) => r.record_id === legacy.id)!;
      await a.t.node.db.query('UPDATE fed_outbox SET item = $2::jsonb, envelope = NULL WHERE id = $1', [
        old.id,
        JSON.stringify(itemOfBytes(new Uint8Array(old.envelope))),
      ]);
      await fed.sync();
      for (const o of [fresh, legacy]) assert.ok(await b.t.node.records.repo.get(b.t.node.db, o.id), o.id);
      const status = (await fed.status()).find((s) => s.peerId === b.id)!;
      assert.equal(status.backlog, 0);
    });
  });
}

for (const backend of await testBackends()) {
  describe(`[${backend.name}] an agreement signed over a large store`, () => {
    let a: Party, b: Party;

    before(async () => {
      [a, b] = [await party(backend.name, 'BFA'), await party(backend.name, 'SEN')];
      await registerAll([a, b]);
      await a.t.node.analysis.stop();
      await b.t.node.analysis.stop();
    });

    after(async () => {
      for (const p of [a, b]) await p?.t.dispose();
    });

    test('[FED-102] the re-plan of every record runs a page per transaction, resumes where it stopped, and delivers each record once', async () => {
      await backlog(a, 2_500);
      // The engine has planned under "no agreement" (nothing to send): the feed is current.
      await a.t.node.federation.sync();
      assert.equal((await heldFrom(b, a)).length, 0);
      await signEverywhere(
        agreementDoc({ id: randomUUID(), parties: [a.id, b.id], expiry: '2099-01-01T00:00:00Z' }),
        [a, b],
      );
      const sender = a.t.node.federation.sender;
      // One step: the first page of the re-plan is committed, the rest is recorded as waiting.
      const first = await sender.enqueue();
      assert.equal(first.more, true);
      const feed = await a.t.node.db.transaction((tx) => sender.store.lockFeed(tx));
      assert.ok(feed.replan, 'a re-plan in progress');
      assert.ok(feed.replan.after > 0);
      const { rows } = await a.t.node.db.query<{ n: number }>(
        `SELECT count(*) AS n FROM fed_outbox WHERE peer_id = $1 AND kind = 'put'`,
        [b.id],
      );
      assert.ok(Number(rows[0]!.n) > 0 && Number(rows[0]!.n) < 2_500, `one page planned (${rows[0]!.n})`);
      // A new round (as after a restart) resumes from the cursor and finishes.
      const seen: string[] = [];
      setPost(a, async (url, body) => {
        seen.push(...positions(body));
        return fetchPost(url, body);
      });
      try {
        await a.t.node.federation.sync();
      } finally {
        setPost(a, fetchPost);
      }
      assert.equal((await heldFrom(b, a)).length, 2_501, 'the 2,500 incidents and their creator identity');
      assert.equal(new Set(seen).size, seen.length, 'no item sent twice');
      const end = await a.t.node.db.transaction((tx) => sender.store.lockFeed(tx));
      assert.equal(end.replan, null);
      assert.ok(end.fingerprint);
      const { rows: puts } = await a.t.node.db.query<{ n: number; ids: number }>(
        `SELECT count(*) AS n, count(DISTINCT record_id) AS ids FROM fed_outbox WHERE peer_id = $1 AND kind = 'put'`,
        [b.id],
      );
      // The 2,500 incidents and the identity that created them.
      assert.equal(Number(puts[0]!.ids), 2_501);
      assert.equal(Number(puts[0]!.n), 2_501, 'each record planned once');
    });
  });
  describe(`[${backend.name}] a message opened while an earlier one applies ([FED-105])`, () => {
    let a: Party, b: Party;
    const agreement = randomUUID();
    before(async () => {
      [a, b] = [await party(backend.name, 'BFA'), await party(backend.name, 'SEN')];
      await registerAll([a, b]);
      await signEverywhere(
        agreementDoc({ id: agreement, parties: [a.id, b.id], expiry: '2099-01-01T00:00:00Z' }),
        [a, b],
      );
      await a.t.node.records.create(a.t.node.system, incident(a));
      await a.t.node.federation.sync();
    });
    after(async () => {
      for (const p of [a, b]) await p?.t.dispose();
    });

    test('[FED-105][FED-16] is verified again when the earlier one changed the key set it was opened with', async () => {
      const fed = a.t.node.federation;
      // BFA rotates: the new key set travels first (signed by the old key); it is held back here.
      const rotated = await fed.rotateKeys('cli', 2 * 3600_000);
      let first: Uint8Array | undefined;
      setPost(a, async (_url, body) => {
        first ??= body;
        throw new Error('link down');
      });
      try {
        await fed.sync();
      } finally {
        setPost(a, fetchPost);
      }
      assert.ok(first, 'the key-set update was pushed');
      const [at] = positions(first).map((p) => p.split('/'));
      const keyFile = join(a.t.node.config.dataDir, 'keys', `node-ed25519-${rotated.kid}.pem`);
      const view = (await fed.listKeys('cli')).keys.find((k) => k.kid === rotated.kid)!;
      const newKey = signingKey(createPrivateKey(readFileSync(keyFile)), view.from);
      // The next position, signed with the new key: unknown to SEN until the first message applies.
      const record = incident(a);
      const stream = { sender: a.id, receiver: b.id, agreement };
      const env = sign(
        { kind: 'put', priority: 'routine', object: record },
        { stream, epoch: Number(at![1]), seq: Number(at![2]) + 1 },
        newKey,
        a.t.clock,
      );
      const second = encodeMessage({ type: 'envelope', v: PROTOCOL_VERSION, from: a.id, to: b.id, envelopes: [env] });

      // The first message waits before it applies until the second one has been opened.
      const receiver = b.t.node.federation.receiver as unknown as {
        open: (...args: unknown[]) => Promise<unknown>;
        receiveInOrder: (...args: unknown[]) => Promise<unknown>;
      };
      const opened = gate();
      const open = receiver.open.bind(receiver);
      let opens = 0;
      receiver.open = async (...args) => {
        const r = await open(...args);
        if (++opens === 2) opened.open();
        return r;
      };
      const inOrder = receiver.receiveInOrder.bind(receiver);
      let calls = 0;
      receiver.receiveInOrder = async (...args) => {
        if (++calls === 1) assert.ok(await opened.opened, 'the second message was opened');
        return inOrder(...args);
      };
      try {
        const [r1, r2] = await Promise.all([
          b.t.node.federation.receiver.receive(first),
          b.t.node.federation.receiver.receive(second),
        ]);
        assert.equal(r1.nacks?.length, 0);
        assert.deepEqual(r2.nacks, [], 'not refused as signed by an unknown key');
        assert.equal(r2.applied, 1);
      } finally {
        delete (receiver as { open?: unknown }).open;
        delete (receiver as { receiveInOrder?: unknown }).receiveInOrder;
      }
      assert.ok((await heldFrom(b, a)).includes(record.id));
      const rejects = await listAudit(b.t.node.db, { actions: ['federation.reject'] }, { limit: 10 });
      assert.equal(rejects.items.length, 0);
    });
  });
}
