/**
 * [FED-31][FED-57] Exact convergence of real nodes over simulated bad links. Three real nodes (BFA,
 * MLI, SEN) with a bilateral BFA–SEN agreement (coordinates coarsened) and a trilateral
 * BFA–MLI–SEN agreement (arms seizures), whose pushes and acks travel through one seeded SimLink
 * per direction: drops, duplicates, reordering (jitter longer than a round), delays, partitions
 * lasting simulated days, and — on MLI's links, a field post on a satellite terminal — the
 * 270-byte cap of Iridium SBD, every message cut into signed fragments (fragments.ts, [FED-24]).
 * A seeded history of creates, updates, TLP raises, record revocations and the revocation of the
 * bilateral agreement runs, then the links run until quiescent. Then, for every ordered pair:
 * the receiver holds exactly what the sender's policy engine releases to it from its current
 * state (ids, versions, redactions: [FED-28], [FED-9]); no position was applied twice ([FED-7],
 * [FED-8]: audited `applied` counts, version rows); and at every step the receiver held only
 * versions the sender had released to it ([FED-28]).
 *
 * The links carry the engine's own push: `Federation.sync()` with a `post` that hands the bytes
 * to the link and returns no ack (the ack comes back later, over the reverse link, and is given
 * to `transport.acceptAcks`); the receiving node's `receiver.receive` takes the batch as the
 * HTTP route would. On a narrow link a batch travels one envelope per message, each fragmented.
 * A run is a function of its seed; SIM_DEBUG=1 prints the links and outboxes when one does not
 * become quiescent.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID, type KeyObject } from 'node:crypto';
import { manualClock } from '../../core/clock.ts';
import { TLP2_IDS } from '../../objects/markings.ts';
import type { StixObject } from '../../objects/stix.ts';
import { contentHash } from '../../sharing/share-action.ts';
import { agreementDoc } from '../../sharing/test-support/fixtures.ts';
import { testBackends } from '../../store/test-support/backends.ts';
import { SBD_MT_BYTES, Reassembler, fragment } from '../fragments.ts';
import { publicKeyOf } from '../keyset.ts';
import { mulberry32, SimLink, type LinkOptions } from '../link-sim.ts';
import { decodeMessage, encodeMessage } from '../wire.ts';
import { Federation } from './federation.ts';
import { isInstalledDefinition, isStandardObject } from './sender.ts';
import { decodeReceiveResult, encodeReceiveResult } from './transport.ts';
import { incident, party, signEverywhere, type Party } from './test-support/parties.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-03-02T00:00:00.000Z');
const at = (days: number) => new Date(T0 + days * DAY);
const STEPS = 12;
const REVOKE_AT = 8;
const REQUEST = 1;
const REPLY = 2;

type Tlp = 'clear' | 'green' | 'amber' | 'red';
const TLPS: Tlp[] = ['clear', 'green', 'amber', 'red'];

interface Site {
  p: Party;
  fed: Federation;
  name: string;
}

/** One direction of a link, with the reassembly state of its far end. */
interface Direction {
  from: Site;
  to: Site;
  link: SimLink;
  narrow: boolean;
  reassembler: Reassembler;
  /** The far end's current view of the near end's signing keys (they may rotate). */
  keys: { id: string; publicKey: KeyObject }[];
  /** Completed requests by message id: one arriving again is handled again (its ack may be lost,
   * or it was ahead of a gap then), once per round. */
  completed: Map<string, Uint8Array>;
  handled: Set<string>;
}

for (const backend of await testBackends()) {
  describe(`[${backend.name}] exact convergence over simulated bad links`, { timeout: 300_000 }, () => {
    let bfa: Party, mli: Party, sen: Party;
    const bilateral = randomUUID();
    const trilateral = randomUUID();
    before(async () => {
      [bfa, mli, sen] = [
        await party(backend.name, 'BFA', false),
        await party(backend.name, 'MLI', false),
        await party(backend.name, 'SEN', false),
      ];
      // Each partner's address names its simulated link (nothing listens there).
      for (const a of [bfa, mli, sen])
        for (const b of [bfa, mli, sen])
          if (a !== b)
            await a.t.node.peers.add(a.t.node.system, {
              nodeId: b.id,
              name: `Service ${b.t.node.settings.country}`,
              country: b.t.node.settings.country,
              baseUrl: `http://sim-${b.id}/`,
              publicKey: b.t.node.keys.publicKeySpki,
            });
      await signEverywhere(
        agreementDoc({
          id: bilateral,
          parties: [bfa.id, sen.id],
          expiry: '2099-01-01T00:00:00Z',
          redaction: { coordinates: { precision_deg: 0.5 } },
        }),
        [bfa, sen],
      );
      await signEverywhere(
        agreementDoc({
          id: trilateral,
          title: 'Accord BFA–MLI–SEN : saisies d’armes',
          parties: [bfa.id, mli.id, sen.id],
          expiry: '2099-01-01T00:00:00Z',
          scope: {
            types: ['incident', 'identity'],
            event_types: ['arms_seizure'],
            max_tlp: 'amber',
            rel_to_required: false,
          },
        }),
        [bfa, mli, sen],
      );
    });
    after(async () => {
      for (const p of [bfa, mli, sen]) await p?.t.dispose();
    });

    test('[FED-31][FED-57][FED-28][FED-7][FED-8][FED-9][FED-24] seeded history over drops, duplicates, reordering, partitions of days and a 270-byte cap: exact convergence', async () => {
      const seed = backend.name === 'pglite' ? 20260302 : 20260303;
      const rnd = mulberry32(seed);
      const clock = manualClock(at(0));
      const parties = [bfa, mli, sen];
      const setTime = (t: Date) => {
        clock.set(t);
        for (const p of parties) p.t.clock.set(t);
      };
      setTime(at(0));

      const dirs: Direction[] = [];
      const sites: Site[] = [];
      const dirOf = (from: Site, to: Site) => dirs.find((d) => d.from === from && d.to === to)!;
      const keysOf = async (holder: Site, of: Site) => {
        const ks = (await holder.fed.receiver.keysetOf(holder.p.t.node.db, of.p.id))!;
        return ks.keys
          .filter((k) => k.use === 'sig')
          .map((k) => ({ id: of.p.id, publicKey: publicKeyOf(k) }));
      };

      /** Puts one message on a link: tagged, and on a narrow link cut into signed fragments. */
      const put = (d: Direction, tag: number, body: Uint8Array) => {
        const pieces = d.narrow ? fragment(body, d.from.fed.signingKey, SBD_MT_BYTES - 1) : [body];
        for (const piece of pieces) {
          const out = new Uint8Array(piece.length + 1);
          out[0] = tag;
          out.set(piece, 1);
          const r = d.link.send(out);
          assert.ok(r.accepted, 'every message fits the link');
        }
      };

      for (const [p, name] of [
        [bfa, 'BFA'],
        [mli, 'MLI'],
        [sen, 'SEN'],
      ] as const) {
        // The engine of each node, as openNode builds it, but pushing through the simulated links.
        const site: Site = { p, name, fed: undefined as unknown as Federation };
        site.fed = new Federation({
          ...p.t.node.federation.deps,
          post: async (url, body) => {
            const peer = sites.find((s) => url.startsWith(`http://sim-${s.p.id}/`));
            assert.ok(peer, url);
            const d = dirOf(site, peer);
            if (d.narrow) {
              // A narrow link carries one envelope per message ([FED-24]).
              const batch = decodeMessage(body);
              assert.ok(batch.ok && batch.value.type === 'envelope');
              for (const env of batch.value.envelopes)
                put(d, REQUEST, encodeMessage({ ...batch.value, envelopes: [env] }));
            } else put(d, REQUEST, body);
            return encodeReceiveResult({ acks: [], rejected: [] });
          },
        });
        sites.push(site);
      }
      const [B, M, S] = sites as [Site, Site, Site];
      let linkSeed = seed;
      const link = (from: Site, to: Site, extra: Partial<LinkOptions>) => {
        const narrow = from === M || to === M;
        const options: LinkOptions = {
          seed: linkSeed++,
          clock,
          dropRate: 0.15,
          duplicateRate: 0.15,
          delayMs: narrow ? 20_000 : 500,
          jitterMs: 5 * HOUR,
          ...(narrow ? { maxBytes: SBD_MT_BYTES } : {}),
          ...extra,
        };
        const d: Direction = {
          from,
          to,
          link: new SimLink(options),
          narrow,
          reassembler: new Reassembler(() => d.keys),
          keys: [],
          completed: new Map(),
          handled: new Set(),
        };
        dirs.push(d);
      };
      link(B, S, { partitions: [{ from: at(1), until: at(2.5) }] });
      link(S, B, { partitions: [{ from: at(1.5), until: at(3) }] });
      link(B, M, { partitions: [{ from: at(2), until: at(4) }] });
      link(M, B, { partitions: [{ from: at(2), until: at(4) }] });
      link(S, M, {});
      link(M, S, { partitions: [{ from: at(0.5), until: at(1.5) }] });

      let replays = 0;
      /** Hands one delivered message to its far end. */
      const arrive = async (d: Direction, bytes: Uint8Array) => {
        const tag = bytes[0];
        let body = bytes.subarray(1);
        if (d.narrow) {
          d.keys = await keysOf(d.to, d.from);
          const r = d.reassembler.accept(body);
          if (r.status === 'rejected') assert.fail(`a genuine fragment was refused: ${r.reason}`);
          // Fragment dedupe is only an optimisation ([FED-24]): a request completed before and
          // sent again goes to the receiver again, whose cursor decides ([FED-7]).
          const whole = r.status === 'complete' ? r.message : d.completed.get(r.msgid);
          if (!whole || r.status === 'pending' || d.handled.has(r.msgid)) return;
          if (tag === REQUEST) d.completed.set(r.msgid, whole);
          d.handled.add(r.msgid);
          body = whole;
          if (tag === REQUEST) {
            put(dirOf(d.to, d.from), REPLY, await handle(d, body));
            return;
          }
        } else if (tag === REQUEST) {
          put(dirOf(d.to, d.from), REPLY, await handle(d, body));
          return;
        }
        const result = decodeReceiveResult(body);
        assert.ok(result);
        const keyset = (await d.to.fed.receiver.keysetOf(d.to.p.t.node.db, d.from.p.id))!;
        await d.to.fed.transport.acceptAcks(d.from.p.id, keyset, result.acks);
      };
      const handle = async (d: Direction, body: Uint8Array) => {
        const result = await d.to.fed.receiver.receive(body);
        replays += (result.nacks ?? []).filter((n) => n.reason === 'replay').length;
        return encodeReceiveResult(result);
      };
      /** Delivers everything due at the clock's time, including replies that fall due meanwhile. */
      const deliver = async () => {
        for (let busy = true; busy;) {
          busy = false;
          for (const d of dirs)
            for (const m of d.link.receive()) {
              busy = true;
              await arrive(d, m);
            }
        }
      };
      const round = async (stepMs: number) => {
        for (const d of dirs) d.handled.clear();
        for (const s of sites) await s.fed.sync();
        const target = clock.now().getTime() + stepMs;
        // Walk through the arrivals before the target, so replies can arrive in the same step.
        for (;;) {
          const next = Math.min(...dirs.map((d) => d.link.nextArrival() ?? Infinity));
          if (next > target) break;
          setTime(new Date(next));
          await deliver();
        }
        setTime(new Date(target));
        await deliver();
        await assertOnlyReleasedVersions();
      };

      /** [FED-28] Every version a receiver holds is one its origin released to it. */
      const assertOnlyReleasedVersions = async () => {
        for (const from of sites)
          for (const to of sites) {
            if (from === to) continue;
            const { rows: held } = await to.p.t.node.db.query<{ id: string; modified: string }>(
              `SELECT id, object->>'modified' AS modified FROM objects WHERE origin = $1`,
              [from.p.id],
            );
            if (held.length === 0) continue;
            const { rows: sent } = await from.p.t.node.db.query<{ id: string; modified: string }>(
              `SELECT record_id AS id, record_modified AS modified FROM fed_outbox
                WHERE peer_id = $1 AND kind = 'put'`,
              [to.p.id],
            );
            const released = new Set(sent.map((r) => `${r.id}@${r.modified}`));
            for (const h of held)
              assert.ok(
                released.has(`${h.id}@${h.modified}`),
                `${to.name} holds ${h.id}@${h.modified} which ${from.name} never released to it`,
              );
          }
      };

      // The history: seeded operations every few simulated hours over five days.
      const live = new Map<Site, StixObject[]>(sites.map((s) => [s, []]));
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
      const counts = { create: 0, update: 0, raise: 0, revoke: 0 };
      let agreementRevoked = false;
      for (let step = 0; step < STEPS; step++) {
        const origin = rnd() < 0.5 ? B : pick([M, S]);
        const node = origin.p.t.node;
        const mine = live.get(origin)!;
        const now = clock.now().toISOString();
        // The last steps make sure every kind of operation happened at least once.
        const forced =
          step >= STEPS - 3
            ? (['raise', 'update', 'revoke'] as const).find((k) => counts[k] === 0)
            : undefined;
        const drawn = rnd();
        const r = forced === 'update' ? 0.5 : forced === 'raise' ? 0.8 : forced === 'revoke' ? 0.95 : drawn;
        if (step === REVOKE_AT && !agreementRevoked) {
          await bfa.t.node.agreements.revoke('cli', bilateral, undefined, 'fin de coopération');
          agreementRevoked = true;
        } else if ((r < 0.45 && !forced) || mine.length === 0) {
          const tlp = pick<Tlp>(['clear', 'green', 'green', 'amber', 'red']);
          const seizure = rnd() < 0.5;
          const obj = incident(
            origin.p,
            { created: now, modified: now, object_marking_refs: [TLP2_IDS[tlp]] },
            seizure ? { event_type: 'arms_seizure', event_subtype: undefined } : {},
          );
          mine.push(await node.records.create(node.system, obj));
          counts.create++;
        } else {
          const i = Math.floor(rnd() * mine.length);
          const cur = mine[i]!;
          if (r < 0.7) {
            mine[i] = await node.records.update(node.system, cur.id, {
              ...cur,
              modified: now,
              description: `mise à jour ${step}`,
            });
            counts.update++;
          } else if (r < 0.9) {
            const level = TLPS.findIndex((t) => TLP2_IDS[t] === cur.object_marking_refs?.[0]);
            const higher = TLPS[Math.min(3, Math.max(level, 0) + 1)]!;
            mine[i] = await node.records.update(node.system, cur.id, {
              ...cur,
              modified: now,
              object_marking_refs: [TLP2_IDS[higher]],
            });
            counts.raise++;
          } else {
            await node.records.update(node.system, cur.id, { ...cur, modified: now, revoked: true });
            mine.splice(i, 1);
            counts.revoke++;
          }
        }
        await round(8 * HOUR);
      }
      assert.ok(
        counts.create >= 5 && counts.update >= 1 && counts.raise >= 1 && counts.revoke >= 1,
        JSON.stringify(counts),
      );

      // Until quiescent: nothing in flight, every backlog empty, nothing left to plan.
      let quiet = false;
      let rounds = 0;
      for (; rounds < 300 && !quiet; rounds++) {
        await round(2 * HOUR);
        quiet = dirs.every((d) => d.link.inFlight === 0);
        for (const s of sites) {
          if (!quiet) break;
          const r = await s.fed.sync();
          quiet = r.enqueued === 0 && (await s.fed.status()).every((x) => x.backlog === 0);
        }
      }
      if (process.env.SIM_DEBUG)
        console.log(
          'quiescent after',
          rounds,
          'rounds',
          JSON.stringify(counts),
          dirs.map((d) => d.link.stats.sent),
        );
      if (!quiet && process.env.SIM_DEBUG) {
        for (const s of sites) console.log(s.name, JSON.stringify(await s.fed.status()));
        for (const d of dirs)
          console.log(
            d.from.name,
            '->',
            d.to.name,
            d.link.inFlight,
            JSON.stringify(d.link.stats),
            d.reassembler.pendingCount,
          );
        for (const s of sites) {
          const { rows } = await s.p.t.node.db.query(
            `SELECT peer_id, agreement_id, kind, epoch, seq, nack_reason, acked_at FROM fed_outbox WHERE acked_at IS NULL ORDER BY peer_id, seq LIMIT 10`,
          );
          console.log(s.name, JSON.stringify(rows));
          const { rows: a } = await s.p.t.node.db.query(
            `SELECT details FROM audit_log WHERE action = 'federation.reject' ORDER BY seq DESC LIMIT 5`,
          );
          console.log(s.name, 'rejects', JSON.stringify(a));
        }
      }
      assert.ok(quiet, 'the federation became quiescent');
      const stats = dirs.map((d) => d.link.stats);
      const sum = (k: keyof (typeof stats)[number]) => stats.reduce((n, s) => n + s[k], 0);
      assert.ok(sum('dropped') > 0 && sum('duplicated') > 0 && sum('partitioned') > 0, 'the link misbehaved');
      assert.ok(replays > 0, 'duplicates and retransmissions reached receivers and were refused as replays');

      // Exact convergence, per ordered pair.
      for (const from of sites)
        for (const to of sites) {
          if (from === to) continue;
          const fn = from.p.t.node;
          const tn = to.p.t.node;
          const { rows } = await fn.db.query<{ id: string }>(`SELECT id FROM objects WHERE origin = 'local'`);
          const expected = new Set<string>();
          for (const { id } of rows) {
            const own = (await fn.records.repo.get(fn.db, id))!;
            if (isStandardObject(id) || isInstalledDefinition(own.object)) continue;
            const d = await fn.sharing.decideFor(fn.db, id, to.p.id);
            const held = await tn.records.repo.get(tn.db, id);
            const pair = `${from.name}→${to.name} ${id}`;
            if (d.decision === 'withhold') {
              assert.equal(
                held,
                null,
                `${pair}: withheld (${d.reasons.map((x) => x.code).join(',')}) but held`,
              );
              continue;
            }
            expected.add(id);
            assert.ok(held, `${pair}: released but not held`);
            assert.equal(held.origin, from.p.id, pair);
            assert.equal(
              contentHash(held.object as StixObject),
              contentHash((d.redacted ?? own.object) as StixObject),
              `${pair}: version or redaction differs`,
            );
          }
          const { rows: extra } = await tn.db.query<{ id: string }>(
            'SELECT id FROM objects WHERE origin = $1',
            [from.p.id],
          );
          assert.deepEqual(
            extra.map((r) => r.id).filter((id) => !expected.has(id)),
            [],
            `${to.name} holds nothing from ${from.name} beyond what is released`,
          );

          // [FED-7][FED-8] Nothing applied twice: at most one application per position sent, and
          // one version row per distinct version released of a record never withdrawn.
          const { rows: applied } = await tn.db.query<{ n: string }>(
            `SELECT coalesce(sum((details->>'applied')::int), 0) AS n FROM audit_log
              WHERE action = 'federation.receive' AND actor = $1`,
            [`peer:${from.p.id}`],
          );
          const { rows: positions } = await fn.db.query<{ n: string }>(
            'SELECT count(*) AS n FROM fed_outbox WHERE peer_id = $1 AND seq IS NOT NULL',
            [to.p.id],
          );
          assert.ok(
            Number(applied[0]!.n) <= Number(positions[0]!.n),
            `${from.name}→${to.name}: applied ≤ positions`,
          );
          const { rows: puts } = await fn.db.query<{ id: string; versions: string }>(
            `SELECT record_id AS id, count(DISTINCT record_modified) AS versions FROM fed_outbox o
              WHERE peer_id = $1 AND kind = 'put' AND NOT EXISTS (
                SELECT 1 FROM fed_outbox w WHERE w.peer_id = o.peer_id AND w.kind = 'withdraw' AND w.record_id = o.record_id)
              GROUP BY record_id`,
            [to.p.id],
          );
          for (const p of puts) {
            const { rows: v } = await tn.db.query<{ n: string }>(
              'SELECT count(*) AS n FROM object_versions WHERE id = $1',
              [p.id],
            );
            assert.equal(
              Number(v[0]!.n),
              Number(p.versions),
              `${from.name}→${to.name} ${p.id}: one version row per version`,
            );
          }
        }
      // The agreement revocation reached SEN on the stream ([FED-55]).
      assert.equal((await sen.t.node.agreements.get('cli', bilateral)).state, 'revoked');
    });
  });
}
