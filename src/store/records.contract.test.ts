// The record repository's contract, run on every backend (PGlite and PostgreSQL alike).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DomainError } from '../core/errors.ts';
import type { Db } from './db.ts';
import { testBackends } from './test-support/backends.ts';
import { RecordRepository, type CurrentRecord, type PutItem, type PutResult, type RecordFilter } from './records.ts';
import { EARTH_RADIUS_KM } from './records.filter.ts';
import { fixture, newId, version, type FixtureOptions } from './records.fixtures.ts';

const repo = new RecordRepository();
const put = (db: Db, items: PutItem[]): Promise<PutResult[]> => db.transaction((tx) => repo.putMany(tx, items));
const idOf = (item: PutItem): string => String(item.object.id);
const outcomes = (rs: PutResult[]): string[] => rs.map((r) => r.outcome);
const sorted = (xs: Iterable<string>): string[] => [...xs].sort();

async function rejectsInvalid(p: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => e instanceof DomainError && e.kind === 'invalid' && e.code === code);
}

for (const backend of await testBackends()) {
  void describe(`[${backend.name}] record repository`, () => {
    let db: Db;
    let dispose: () => Promise<void>;
    before(async () => {
      ({ db, dispose } = await backend.open());
    });
    after(() => dispose());

    void describe('putMany outcomes (STIX 2.1 §3.6 versioning)', () => {
      void it('creates, then an identical re-put is unchanged and adds no change row', async () => {
        const a = fixture();
        const before = await repo.lastSeq(db);
        const [r1] = await put(db, [a]);
        assert.deepEqual(r1, { id: idOf(a), outcome: 'created', seq: before + 1 });
        const [r2] = await put(db, [structuredClone(a)]);
        assert.deepEqual(r2, { id: idOf(a), outcome: 'unchanged', seq: null });
        assert.equal(await repo.lastSeq(db), before + 1);
        assert.deepEqual((await repo.changesSince(db, before, 10)).length, 1);
      });

      void it('a later version becomes current; an earlier one is stale and joins history only', async () => {
        const v1 = fixture({ modified: '2024-02-01T00:00:00.000Z', name: 'v1' });
        const v2 = version(v1, '2024-03-01T00:00:00.000Z', { name: 'v2' });
        const v0 = version(v1, '2024-01-15T00:00:00.000Z', { name: 'v0' });
        assert.deepEqual(outcomes(await put(db, [v1])), ['created']);
        assert.deepEqual(outcomes(await put(db, [v2])), ['updated']);
        const [stale] = await put(db, [v0]);
        assert.equal(stale?.outcome, 'stale');
        assert.equal(typeof stale?.seq, 'number', 'a stale version is written to history with a change seq');
        assert.equal((await repo.get(db, idOf(v1)))?.object.name, 'v2');
        const history = await repo.versions(db, idOf(v1));
        assert.deepEqual(
          history.map((v) => v.object.name),
          ['v0', 'v1', 'v2'],
          'oldest modified first',
        );
      });

      void it('each version is stored once: the current in objects, the ones it replaced in earlier_versions', async () => {
        const v1 = fixture({ modified: '2024-02-01T00:00:00.000Z', name: 'v1' });
        const v2 = version(v1, '2024-03-01T00:00:00.000Z', { name: 'v2' });
        const v3 = version(v1, '2024-04-01T00:00:00.000Z', { name: 'v3' });
        const v0 = version(v1, '2024-01-15T00:00:00.000Z', { name: 'v0' });
        const id = idOf(v1);
        const stored = async () => {
          const { rows } = await db.query<{ name: string }>(
            `SELECT object->>'name' AS name FROM earlier_versions WHERE id = $1 ORDER BY modified_key`,
            [id],
          );
          return rows.map((r) => r.name);
        };
        await put(db, [{ ...v1, writtenBy: 'user:a' }]);
        assert.deepEqual(await stored(), [], 'a first version is current only');
        const first = await repo.getVersion(db, id, '2024-02-01T00:00:00.000Z');
        await put(db, [{ ...v2, writtenBy: 'user:b' }]);
        assert.deepEqual(await stored(), ['v1'], 'replaced: moved to earlier_versions');
        // Moved whole: who wrote it and when stay as they were.
        assert.deepEqual(await repo.getVersion(db, id, '2024-02-01T00:00:00.000Z'), first);
        // A stale version goes there directly; two versions in one batch: the first is replaced at once.
        await put(db, [v0, v3, version(v1, '2024-05-01T00:00:00.000Z', { name: 'v4' })]);
        assert.deepEqual(await stored(), ['v0', 'v1', 'v2', 'v3']);
        assert.equal((await repo.get(db, id))?.object.name, 'v4');
        const history = await repo.versions(db, id);
        assert.deepEqual(history.map((v) => v.object.name), ['v0', 'v1', 'v2', 'v3', 'v4']);
        assert.deepEqual(history.slice(1, 3).map((v) => v.writtenBy), ['user:a', 'user:b']);
        // Each version keeps the change seq it was written with (v0 came third).
        const seqs = history.map((v) => v.seq);
        assert.deepEqual(seqs, [seqs[1]! + 2, seqs[1], seqs[1]! + 1, seqs[1]! + 3, seqs[1]! + 4]);
        // Re-putting any stored version, current or earlier, is unchanged; other content conflicts.
        assert.deepEqual(outcomes(await put(db, [structuredClone(v2), structuredClone(v3)])), ['unchanged', 'unchanged']);
        assert.deepEqual(outcomes(await put(db, [version(v1, '2024-03-01T00:00:00.000Z', { name: 'other' })])), ['conflict']);
      });

      void it('objects of one batch keep their own JSON, separators and control characters included', async () => {
        // The batch's objects travel as JSON texts joined by U+001E: text holding it stays whole.
        const texts = ['a\u001eb', '\u001e', 'x\u0007y\n\u001f', '"\\u001e"'];
        const items = texts.map((t) => fixture({ name: t, description: `${t}|${t}` }));
        assert.deepEqual(outcomes(await put(db, items)), texts.map(() => 'created'));
        for (const [i, item] of items.entries()) {
          const got = await repo.get(db, idOf(item));
          assert.equal(got?.object.name, texts[i]);
          assert.equal(got?.object.description, `${texts[i]}|${texts[i]}`);
        }
      });

      void it('a late duplicate of an older version never resurrects it', async () => {
        const v1 = fixture({ modified: '2024-02-01T00:00:00.000Z', name: 'v1' });
        const v2 = version(v1, '2024-03-01T00:00:00.000Z', { name: 'v2' });
        await put(db, [v1, v2]);
        assert.deepEqual(outcomes(await put(db, [structuredClone(v1)])), ['unchanged']);
        assert.equal((await repo.get(db, idOf(v1)))?.object.name, 'v2');
        assert.equal((await repo.versions(db, idOf(v1))).length, 2);
      });

      void it('same id and modified with different content is a conflict: nothing is written', async () => {
        const v1 = fixture({ modified: '2024-02-01T00:00:00.000Z', name: 'original' });
        await put(db, [v1]);
        const seq = await repo.lastSeq(db);
        const forged = version(v1, '2024-02-01T00:00:00.000Z', { name: 'forged' });
        assert.deepEqual(await put(db, [forged]), [{ id: idOf(v1), outcome: 'conflict', seq: null }]);
        assert.equal(await repo.lastSeq(db), seq);
        assert.equal((await repo.get(db, idOf(v1)))?.object.name, 'original');
        assert.equal((await repo.getVersion(db, idOf(v1), '2024-02-01T00:00:00.000Z'))?.object.name, 'original');
      });

      void it('items of one id in one batch apply in order, with contiguous seqs in batch order', async () => {
        const v2 = fixture({ modified: '2024-02-01T00:00:00.000Z', name: 'v2' });
        const v1 = version(v2, '2024-01-01T00:00:00.000Z', { name: 'v1' });
        const v3 = version(v2, '2024-03-01T00:00:00.000Z', { name: 'v3' });
        const v3bis = version(v2, '2024-03-01T00:00:00.000Z', { name: 'v3 other' });
        const other = fixture();
        const seq = await repo.lastSeq(db);
        const rs = await put(db, [v2, v1, other, v3, structuredClone(v3), v3bis]);
        assert.deepEqual(outcomes(rs), ['created', 'stale', 'created', 'updated', 'unchanged', 'conflict']);
        assert.deepEqual(
          rs.map((r) => r.seq),
          [seq + 1, seq + 2, seq + 3, seq + 4, null, null],
        );
        assert.equal((await repo.get(db, idOf(v2)))?.object.name, 'v3');
        assert.equal((await repo.get(db, idOf(v2)))?.seq, seq + 4);
        assert.deepEqual(
          (await repo.versions(db, idOf(v2))).map((v) => v.object.name),
          ['v1', 'v2', 'v3'],
        );
      });

      void it('compares modified exactly beyond microseconds; .1Z and .100Z are one instant', async () => {
        const a = fixture({ modified: '2024-01-01T00:00:00.1234567Z', name: 'a' });
        const b = version(a, '2024-01-01T00:00:00.1234568Z', { name: 'b' });
        assert.deepEqual(outcomes(await put(db, [a, b])), ['created', 'updated']);
        assert.equal((await repo.get(db, idOf(a)))?.object.modified, '2024-01-01T00:00:00.1234568Z');
        assert.equal((await repo.getVersion(db, idOf(a), '2024-01-01T00:00:00.1234567Z'))?.object.name, 'a');
        assert.equal((await repo.getVersion(db, idOf(a), '2024-01-01T00:00:00.12345670Z'))?.object.name, 'a');
        assert.equal(await repo.getVersion(db, idOf(a), '2024-01-01T00:00:00.123457Z'), null);
        const c = fixture({ modified: '2024-01-01T00:00:00.1Z' });
        await put(db, [c]);
        // Same instant, written differently: the JSON differs, so this is a conflict, not a new version.
        const c2 = version(c, '2024-01-01T00:00:00.100Z', { name: String(c.object.name) });
        assert.deepEqual(outcomes(await put(db, [c2])), ['conflict']);
        assert.equal((await repo.getVersion(db, idOf(c), '2024-01-01T00:00:00.100Z'))?.object.modified, '2024-01-01T00:00:00.1Z');
      });

      void it('records create, update and revoke ops in the change feed, with the exact modified text', async () => {
        const a = fixture({ modified: '2024-01-01T00:00:00Z' });
        const seq = await repo.lastSeq(db);
        await put(db, [a, version(a, '2024-01-02T00:00:00.5Z'), version(a, '2024-01-03T00:00:00.000000001Z', { revoked: true })]);
        const changes = await repo.changesSince(db, seq, 100);
        assert.deepEqual(changes, [
          { seq: seq + 1, id: idOf(a), modified: '2024-01-01T00:00:00Z', op: 'create' },
          { seq: seq + 2, id: idOf(a), modified: '2024-01-02T00:00:00.5Z', op: 'update' },
          { seq: seq + 3, id: idOf(a), modified: '2024-01-03T00:00:00.000000001Z', op: 'revoke' },
        ]);
        assert.equal((await repo.get(db, idOf(a)))?.fields.revoked, true);
      });

      void it('ownerUser and origin: set on creation, kept when absent, replaced when given', async () => {
        const a = fixture({ modified: '2024-01-01T00:00:00Z', ownerUser: 'u1', origin: 'node-sen' });
        await put(db, [a]);
        await put(db, [version(a, '2024-01-02T00:00:00Z')]);
        let cur = await repo.get(db, idOf(a));
        assert.deepEqual([cur?.ownerUser, cur?.origin], ['u1', 'node-sen']);
        await put(db, [version(a, '2024-01-03T00:00:00Z', { ownerUser: null, origin: 'local' })]);
        cur = await repo.get(db, idOf(a));
        assert.deepEqual([cur?.ownerUser, cur?.origin], [null, 'local']);
        // A stale version changes nothing about the current record.
        await put(db, [version(a, '2023-12-01T00:00:00Z', { ownerUser: 'u9', origin: 'node-x' })]);
        cur = await repo.get(db, idOf(a));
        assert.deepEqual([cur?.ownerUser, cur?.origin], [null, 'local']);
        const b = fixture();
        await put(db, [b]);
        cur = await repo.get(db, idOf(b));
        assert.deepEqual([cur?.ownerUser, cur?.origin], [null, 'local'], 'defaults');
      });

      void it('JSON round-trips by value and index fields come back', async () => {
        const extra = {
          x_nested: { a: [1, 2.5, -0.125, 1e21, 0.1, null, true, false], 'clé é': 'Ségou — « guillemets » 🚩' },
          x_empty: { arr: [], obj: {} },
          x_escapes: 'quote " backslash \\ newline \n tab \t',
        };
        const a = fixture({
          extra,
          lat: 12.35,
          lon: -1.52,
          country: 'BFA',
          admin1: 'Centre-Nord',
          tlp: 'amber',
          relTo: ['BFA', 'SEN'],
          labels: ['attack', 'north'],
          markingRefs: ['marking-definition--f88d31f6-486f-44da-b317-01333bde0b82'],
          createdByRef: 'identity--0e7e5a2c-3f2b-4a7e-9d3c-1b2a3c4d5e6f',
          eventTime: '2023-05-12T00:00:00Z',
          description: 'Embuscade près de Kaya',
        });
        await put(db, [a]);
        const got = await repo.get(db, idOf(a));
        assert.deepEqual(got?.object, a.object);
        assert.deepEqual(got?.fields, a.fields);
        const { rows } = await db.query<{ x: number; y: number }>('SELECT geo[0] AS x, geo[1] AS y FROM objects WHERE id = $1', [idOf(a)]);
        assert.deepEqual(rows[0], { x: -1.52, y: 12.35 }, 'geo = point(lon, lat)');
        const noGeo = fixture({ lat: 12 });
        await put(db, [noGeo]);
        const { rows: r2 } = await db.query<{ g: unknown }>('SELECT geo AS g FROM objects WHERE id = $1', [idOf(noGeo)]);
        assert.equal(r2[0]?.g, null, 'no geo without both coordinates');
      });

      void it('get, getMany, getVersion and versions on missing ids', async () => {
        const a = fixture();
        await put(db, [a]);
        const many = await repo.getMany(db, [idOf(a), 'incident--00000000-0000-4000-8000-000000000000', idOf(a)]);
        assert.deepEqual([...many.keys()], [idOf(a)]);
        assert.equal(await repo.get(db, 'incident--00000000-0000-4000-8000-000000000000'), null);
        assert.equal(await repo.getVersion(db, idOf(a), 'not a timestamp'), null);
        assert.deepEqual(await repo.versions(db, 'incident--00000000-0000-4000-8000-000000000000'), []);
        assert.deepEqual(await repo.getMany(db, []), new Map());
        const v = await repo.getVersion(db, idOf(a), String(a.object.modified));
        assert.equal(v?.writtenBy, 'user:test');
        assert.match(v?.writtenAt ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
      });

      void it('rejects unusable items as a whole, listing each, and writes nothing', async () => {
        const good = fixture();
        const badTime = fixture();
        badTime.fields = { ...badTime.fields, modified: 'yesterday' };
        const badId = fixture();
        badId.object = { ...badId.object, id: 42 };
        const seq = await repo.lastSeq(db);
        await assert.rejects(put(db, [good, badTime, badId]), (e: unknown) => {
          assert.ok(e instanceof DomainError && e.kind === 'invalid');
          assert.deepEqual(
            e.issues.map((i) => i.path),
            ['/1/fields/modified', '/2/object/id'],
          );
          return true;
        });
        assert.equal(await repo.get(db, idOf(good)), null);
        assert.equal(await repo.lastSeq(db), seq);
        assert.deepEqual(await put(db, []), []);
      });
    });

    void describe('atomicity', () => {
      void it('a transaction failing after putMany leaves nothing and does not advance the counter', async () => {
        const seq = await repo.lastSeq(db);
        const a = fixture();
        const existing = fixture({ modified: '2024-01-01T00:00:00Z', name: 'kept' });
        await put(db, [existing]);
        const seq2 = await repo.lastSeq(db);
        assert.equal(seq2, seq + 1);
        await assert.rejects(
          db.transaction(async (tx) => {
            const rs = await repo.putMany(tx, [a, version(existing, '2024-02-01T00:00:00Z', { name: 'lost' })]);
            assert.deepEqual(outcomes(rs), ['created', 'updated']);
            throw new Error('boom after putMany');
          }),
          /boom/,
        );
        assert.equal(await repo.get(db, idOf(a)), null);
        assert.deepEqual(await repo.versions(db, idOf(a)), []);
        assert.equal((await repo.get(db, idOf(existing)))?.object.name, 'kept');
        assert.equal((await repo.versions(db, idOf(existing))).length, 1);
        assert.equal(await repo.lastSeq(db), seq2);
        assert.deepEqual(await repo.changesSince(db, seq2, 10), []);
        // The next successful write continues the sequence without a gap.
        const [r] = await put(db, [a]);
        assert.equal(r?.seq, seq2 + 1);
      });
    });

    void describe('concurrency', () => {
      void it('concurrent writers of the same ids are serialised: one creation per id, the latest wins', async () => {
        const ids = [newId(), newId(), newId()];
        const at = (t: number): PutItem[] =>
          ids.map((id) => fixture({ id, created: '2024-01-01T00:00:00Z', modified: `2024-01-0${t}T00:00:00Z`, name: `t${t}` }));
        // On PostgreSQL each transaction has its own connection: all would read "no current version" unless serialised.
        const results = await Promise.all([1, 2, 3, 4].map((t) => put(db, at(t))));
        for (const id of ids) {
          const rs = results.flat().filter((r) => r.id === id);
          assert.equal(rs.filter((r) => r.outcome === 'created').length, 1);
          assert.equal(rs.filter((r) => r.outcome === 'conflict' || r.outcome === 'unchanged').length, 0);
          assert.equal((await repo.get(db, id))?.object.name, 't4');
          assert.equal((await repo.versions(db, id)).length, 4);
        }
        const seqs = results.flat().map((r) => r.seq);
        assert.equal(new Set(seqs).size, seqs.length, 'distinct seqs');
      });
    });

    void describe('change feed', () => {
      void it('changesSince is ordered, gapless, monotonic across batches and honours limit', async () => {
        const start = await repo.lastSeq(db);
        for (let i = 0; i < 4; i++) await put(db, [fixture(), fixture(), fixture()]);
        const all = await repo.changesSince(db, start, 1000);
        assert.deepEqual(
          all.map((c) => c.seq),
          Array.from({ length: 12 }, (_, i) => start + 1 + i),
        );
        assert.equal(await repo.lastSeq(db), start + 12);
        const firstFive = await repo.changesSince(db, start, 5);
        const rest = await repo.changesSince(db, firstFive.at(-1)!.seq, 1000);
        assert.deepEqual([...firstFive, ...rest], all);
        await rejectsInvalid(repo.changesSince(db, 0, 0), 'store.limit_invalid');
        await rejectsInvalid(repo.changesSince(db, 0.5, 10), 'store.filter_invalid');
      });
    });

    void describe('filters', () => {
      let fdb: Db;
      let fdispose: () => Promise<void>;
      const IDA = newId('identity');
      const IDB = newId('identity');
      const M1 = newId('marking-definition');
      const M2 = newId('marking-definition');
      const base: FixtureOptions = { created: '2022-01-01T00:00:00.000Z', modified: '2022-06-01T00:00:00.000Z' };
      const data = {
        A: fixture({
          ...base,
          name: 'Embuscade à Sécurité-Nord',
          description: 'Attaque contre un poste',
          country: 'BFA',
          admin1: 'Centre-Nord',
          lat: 12.35,
          lon: -1.52,
          tlp: 'amber',
          labels: ['attack'],
          markingRefs: [M1],
          createdByRef: IDA,
          ownerUser: 'u1',
          eventTime: '2023-05-12T00:00:00Z',
          created: '2023-05-12T10:00:00.000Z',
          modified: '2023-05-13T00:00:00.000Z',
          relTo: ['BFA', 'SEN'],
        }),
        B: fixture({
          name: "Saisie d'armes",
          description: 'AK-47 & munitions (lot 12.35)',
          country: 'MLI',
          admin1: 'Mopti',
          lat: 14.5,
          lon: -4.2,
          tlp: 'green',
          labels: ['seizure', 'arms'],
          markingRefs: [M2],
          createdByRef: IDB,
          ownerUser: 'u2',
          origin: 'node-mli',
          eventTime: '2023-06-01T08:30:00Z',
          created: '2023-06-01T09:00:00.000Z',
          modified: '2023-06-01T09:00:00.000Z',
          relTo: ['MLI'],
        }),
        C: fixture({ type: 'threat-actor', name: 'Groupe armé du Nord', createdByRef: IDA, created: '2023-01-01T00:00:00.000Z', modified: '2023-07-01T00:00:00.000Z' }),
        D: fixture({ ...base, name: 'Retiré', revoked: true, country: 'NER', lat: 13.5, lon: 2.1, tlp: 'red', eventTime: '2023-04-01T00:00:00Z' }),
        E: fixture({ ...base, name: 'Fidji est', lat: -17, lon: 179.9, tlp: 'clear', country: 'FJI', eventTime: '2023-02-01T00:00:00Z', modified: '2023-02-01T00:00:00.000Z' }),
        F: fixture({ ...base, name: 'Fidji ouest', lat: -16.9, lon: -179.9, tlp: 'clear', country: 'FJI', eventTime: '2023-02-02T00:00:00Z', modified: '2023-02-02T00:00:00.000Z' }),
        G: fixture({ ...base, name: 'Pôle méridien zéro', lat: 89.5, lon: 0 }),
        H: fixture({ ...base, name: 'Pôle antiméridien', lat: 89.5, lon: 180 }),
        N0: fixture({ ...base, name: 'Centre', lat: 10, lon: 0 }),
        N1: fixture({ ...base, name: 'Un degré au nord', lat: 11, lon: 0 }),
        N2: fixture({ ...base, name: 'Un degré à l’est', lat: 10, lon: 1 }),
      };
      type Key = keyof typeof data;
      const keyOf = new Map(Object.entries(data).map(([k, v]) => [idOf(v), k as Key]));
      const seqOf = new Map<Key, number>();
      const keys = (recs: CurrentRecord[]): string[] => sorted(recs.map((r) => keyOf.get(String(r.object.id)) ?? '?'));
      const all = (Object.keys(data) as Key[]).filter((k) => k !== 'D');
      const except = (...ks: Key[]): Key[] => all.filter((k) => !ks.includes(k));

      before(async () => {
        ({ db: fdb, dispose: fdispose } = await backend.open());
        const rs = await put(fdb, Object.values(data));
        rs.forEach((r) => seqOf.set(keyOf.get(r.id)!, r.seq!));
      });
      after(() => fdispose());

      async function expectKeys(filter: RecordFilter, expected: Key[]): Promise<void> {
        const page = await repo.list(fdb, filter, { limit: 100 });
        assert.deepEqual(keys(page.items), sorted(expected), JSON.stringify(filter));
        assert.equal(await repo.count(fdb, filter), expected.length, 'count agrees with list');
      }

      // Distances on the same sphere and formula as the repository (haversine).
      const rad = (d: number): number => (d * Math.PI) / 180;
      const haversine = (lat1: number, lon1: number, lat2: number, lon2: number): number =>
        2 *
        EARTH_RADIUS_KM *
        Math.asin(Math.sqrt(Math.sin(rad(lat2 - lat1) / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(rad(lon2 - lon1) / 2) ** 2));

      const single: [string, () => RecordFilter, Key[]][] = [
        ['no filter: every current, non-revoked record', () => ({}), all],
        ['includeRevoked', () => ({ includeRevoked: true }), [...all, 'D']],
        ['types', () => ({ types: ['threat-actor'] }), ['C']],
        ['types: empty list matches nothing', () => ({ types: [] }), []],
        ['ids (revoked hidden)', () => ({ ids: [idOf(data.A), idOf(data.D)] }), ['A']],
        ['ids with includeRevoked', () => ({ ids: [idOf(data.A), idOf(data.D)], includeRevoked: true }), ['A', 'D']],
        ['createdByRefs', () => ({ createdByRefs: [IDA] }), ['A', 'C']],
        ['ownerUser', () => ({ ownerUser: 'u2' }), ['B']],
        ['origins', () => ({ origins: ['node-mli'] }), ['B']],
        ['origins local', () => ({ origins: ['local'] }), except('B')],
        ['labels: any of', () => ({ labels: ['arms', 'attack'] }), ['A', 'B']],
        ['markingRefs: any of', () => ({ markingRefs: [M2, 'marking-definition--none'] }), ['B']],
        ['tlpIn', () => ({ tlpIn: ['amber', 'green'] }), ['A', 'B']],
        ['tlpIn clear', () => ({ tlpIn: ['clear'] }), ['E', 'F']],
        ['tlpIn with includeUnmarked', () => ({ tlpIn: ['amber'], includeUnmarked: true }), ['A', 'C', 'G', 'H', 'N0', 'N1', 'N2']],
        ['tlpIn red, revoked included', () => ({ tlpIn: ['red'], includeRevoked: true }), ['D']],
        ['relTo', () => ({ relTo: ['SEN', 'NER'] }), ['A']],
        ['relTo with includeNoRelTo', () => ({ relTo: ['SEN'], includeNoRelTo: true }), except('B')],
        ['countries', () => ({ countries: ['MLI', 'FJI'] }), ['B', 'E', 'F']],
        ['admin1', () => ({ admin1: ['Centre-Nord'] }), ['A']],
        ['event_time in [from, to)', () => ({ timeField: 'event_time', from: '2023-05-12T00:00:00Z', to: '2023-06-01T08:30:00Z' }), ['A']],
        ['event_time from only', () => ({ timeField: 'event_time', from: '2023-05-12T00:00:00.000001Z' }), ['B']],
        ['created from', () => ({ timeField: 'created', from: '2023-06-01T09:00:00Z' }), ['B']],
        ['modified (default field) before', () => ({ to: '2022-06-01T00:00:00.000001Z' }), ['G', 'H', 'N0', 'N1', 'N2']],
        ['changedAfterSeq', () => ({ changedAfterSeq: seqOf.get('N0')! }), ['N1', 'N2']],
        ['bbox', () => ({ bbox: { west: -5, south: 12, east: 0, north: 15 } }), ['A', 'B']],
        ['bbox edges are inside', () => ({ bbox: { west: -1.52, south: 12.35, east: -1.52, north: 12.35 } }), ['A']],
        ['bbox 1e-7° beside a point excludes it', () => ({ bbox: { west: -1.5199999, south: 12, east: 0, north: 13 } }), []],
        ['bbox across the antimeridian (west > east)', () => ({ bbox: { west: 179, south: -20, east: -179, north: -10 } }), ['E', 'F']],
        ['bbox whole world', () => ({ bbox: { west: -180, south: -90, east: 180, north: 90 } }), except('C')],
        ['near: 1° of meridian is inside at exactly that radius', () => ({ near: { lat: 10, lon: 0, radiusKm: haversine(10, 0, 11, 0) } }), ['N0', 'N1', 'N2']],
        ['near: 1 m less excludes it', () => ({ near: { lat: 10, lon: 0, radiusKm: haversine(10, 0, 11, 0) - 0.001 } }), ['N0', 'N2']],
        ['near: east edge inside at exact radius', () => ({ near: { lat: 10, lon: 0, radiusKm: haversine(10, 0, 10, 1) } }), ['N0', 'N2']],
        ['near: east edge, 1 m less', () => ({ near: { lat: 10, lon: 0, radiusKm: haversine(10, 0, 10, 1) - 0.001 } }), ['N0']],
        ['near: radius 0 finds the exact point', () => ({ near: { lat: 10, lon: 0, radiusKm: 0 } }), ['N0']],
        ['near across the antimeridian', () => ({ near: { lat: -17, lon: 179.95, radiusKm: 50 } }), ['E', 'F']],
        ['near the pole spans all longitudes', () => ({ near: { lat: 89.9, lon: 90, radiusKm: 100 } }), ['G', 'H']],
        ['near with a radius beyond half the Earth is everything located', () => ({ near: { lat: 0, lon: 0, radiusKm: 30000 } }), except('C')],
        ['text folds accents: securite finds Sécurité', () => ({ text: 'securite' }), ['A']],
        ['text: upper case and accents in the query', () => ({ text: 'SÉCURITÉ' }), ['A']],
        ['text: every word is a prefix', () => ({ text: 'embus nor' }), ['A']],
        ['text: all words must match', () => ({ text: 'embuscade munitions' }), []],
        ['text: punctuation splits words like the index', () => ({ text: 'ak-47 12.35' }), ['B']],
        ['text: apostrophes', () => ({ text: "d'armes" }), ['B']],
        ['text: only punctuation is no constraint', () => ({ text: ' & | ! :* () ' }), all],
      ];
      for (const [name, filter, expected] of single) {
        void it(`filter alone — ${name}`, () => expectKeys(filter(), expected));
      }

      void it('text full of tsquery syntax never errors', async () => {
        for (const text of [`it's "quoted": a & b | !c (d) \\e <-> f:* 'g'`, `\\`, `'`, `''''`, `:*`, `a\\'b`, `(((`, `&&&`, `\u0000`]) {
          await repo.list(fdb, { text }, { limit: 10 });
        }
      });

      void it('filters combine with AND', async () => {
        await expectKeys({ types: ['incident'], tlpIn: ['amber', 'green'], bbox: { west: -5, south: 12, east: 0, north: 15 }, text: 'saisie' }, ['B']);
        await expectKeys({ createdByRefs: [IDA], types: ['incident'], countries: ['BFA'], labels: ['attack'], relTo: ['SEN'] }, ['A']);
        await expectKeys({ near: { lat: 12, lon: -1, radiusKm: 500 }, timeField: 'event_time', from: '2023-01-01T00:00:00Z', text: 'embuscade' }, ['A']);
        await expectKeys({ countries: ['FJI'], bbox: { west: 179, south: -20, east: -179, north: -10 }, near: { lat: -17, lon: 179.9, radiusKm: 1 } }, ['E']);
        await expectKeys({ tlpIn: [], includeUnmarked: true, types: ['threat-actor'], ownerUser: 'u1' }, []);
      });

      void it('rejects malformed filters with a DomainError naming the field', async () => {
        const bad: RecordFilter[] = [
          { bbox: { west: 0, south: 10, east: 1, north: 5 } },
          { bbox: { west: -181, south: 0, east: 0, north: 1 } },
          { bbox: { west: Number.NaN, south: 0, east: 0, north: 1 } },
          { near: { lat: 91, lon: 0, radiusKm: 1 } },
          { near: { lat: 0, lon: 0, radiusKm: -1 } },
          { from: 'yesterday' },
          { timeField: 'event_time', to: '2023-13-01T00:00:00Z' },
          { changedAfterSeq: 1.5 },
        ];
        for (const f of bad) {
          await rejectsInvalid(repo.list(fdb, f, { limit: 10 }), 'store.filter_invalid');
          await rejectsInvalid(repo.count(fdb, f), 'store.filter_invalid');
        }
      });
    });

    void describe('pagination', () => {
      let pdb: Db;
      let pdispose: () => Promise<void>;
      const originals = new Set<string>();
      // Several records per event time (ties broken by seq), and records without one (last).
      const eventTime = (i: number): string | null => (i % 5 === 0 ? null : `2023-01-${String(1 + (i % 4)).padStart(2, '0')}T00:00:00Z`);

      before(async () => {
        ({ db: pdb, dispose: pdispose } = await backend.open());
        const items = Array.from({ length: 40 }, (_, i) => fixture({ name: `p${i}`, eventTime: eventTime(i) }));
        await put(pdb, items.slice(0, 20));
        await put(pdb, items.slice(20));
        for (const it of items) originals.add(idOf(it));
      });
      after(() => pdispose());

      const orders = ['seq_desc', 'seq_asc', 'event_time_desc'] as const;
      for (const order of orders) {
        void it(`${order}: a walk sees every record once, in order, while records are inserted`, async () => {
          const seen: CurrentRecord[] = [];
          let cursor: string | null = null;
          let inserted = 0;
          do {
            const page: { items: CurrentRecord[]; nextCursor: string | null } = await repo.list(pdb, { types: ['incident'] }, { limit: 7, cursor, order });
            assert.ok(page.items.length <= 7);
            seen.push(...page.items);
            cursor = page.nextCursor;
            // Concurrent writers: new records land before and after the cursor.
            await put(pdb, [fixture({ name: 'new', eventTime: eventTime(inserted++) }), fixture({ name: 'new', eventTime: '2022-12-31T00:00:00Z' })]);
          } while (cursor);
          const ids = seen.map((r) => String(r.object.id));
          assert.equal(new Set(ids).size, ids.length, 'no duplicates');
          for (const id of originals) assert.ok(ids.includes(id), 'no gaps');
          for (let i = 1; i < seen.length; i++) {
            const [a, b] = [seen[i - 1]!, seen[i]!];
            if (order === 'seq_desc') assert.ok(a.seq > b.seq);
            if (order === 'seq_asc') assert.ok(a.seq < b.seq);
            if (order === 'event_time_desc') {
              const [ta, tb] = [a.fields.eventTime, b.fields.eventTime];
              const later = ta !== null && (tb === null || ta > tb);
              assert.ok(later || (ta === tb && a.seq > b.seq), `${ta}/${a.seq} before ${tb}/${b.seq}`);
            }
          }
        });
      }

      void it('limit is 1..1000 and a cursor must be ours and of the same order', async () => {
        for (const limit of [0, 1001, 2.5]) await rejectsInvalid(repo.list(pdb, {}, { limit }), 'store.limit_invalid');
        const { nextCursor } = await repo.list(pdb, {}, { limit: 1, order: 'seq_asc' });
        assert.ok(nextCursor && /^[A-Za-z0-9_-]+$/.test(nextCursor), 'base64url');
        await rejectsInvalid(repo.list(pdb, {}, { limit: 1, order: 'seq_desc', cursor: nextCursor }), 'store.cursor_invalid');
        for (const cursor of ['%%%', 'bm90IGpzb24', Buffer.from('{"o":"seq_asc","s":"1"}').toString('base64url')]) {
          await rejectsInvalid(repo.list(pdb, {}, { limit: 1, order: 'seq_asc', cursor }), 'store.cursor_invalid');
        }
        const last = await repo.list(pdb, {}, { limit: 1000 });
        assert.equal(last.nextCursor, null, 'no cursor after the last page');
      });
    });

    void describe('property: current is the latest version, history holds each version once', () => {
      // Chronological, with precisions from seconds to 10^-7 s.
      const T = [
        '2024-01-01T00:00:00Z',
        '2024-01-01T00:00:00.0000001Z',
        '2024-01-01T00:00:00.1Z',
        '2024-01-01T00:00:00.10001Z',
        '2024-01-01T00:00:01.5Z',
        '2024-01-01T00:01:00Z',
      ];
      void it('holds for random sequences of versions split into random batches', async () => {
        const op = fc.record({ id: fc.integer({ min: 0, max: 2 }), t: fc.integer({ min: 0, max: T.length - 1 }), variant: fc.constantFrom(0, 0, 0, 1) });
        await fc.assert(
          fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 14 }), fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 14 }), async (ops, cuts) => {
            const ids = [newId(), newId(), newId()];
            const item = (o: (typeof ops)[number]): PutItem =>
              fixture({ id: ids[o.id], created: T[0], modified: T[o.t], name: `t${o.t} variant ${o.variant}` });
            // Model: first content stored per (id, t) wins; current = latest t.
            const stored = new Map<string, number>();
            const current = new Map<number, number>();
            const expected: string[] = [];
            for (const o of ops) {
              const k = `${o.id}/${o.t}`;
              const prev = stored.get(k);
              const cur = current.get(o.id);
              if (prev !== undefined) expected.push(prev === o.variant ? 'unchanged' : 'conflict');
              else {
                expected.push(cur === undefined ? 'created' : o.t > cur ? 'updated' : 'stale');
                stored.set(k, o.variant);
                if (cur === undefined || o.t > cur) current.set(o.id, o.t);
              }
            }
            const got: string[] = [];
            let at = 0;
            for (let i = 0; at < ops.length; i++) {
              const n = cuts[i % cuts.length]!;
              got.push(...outcomes(await put(db, ops.slice(at, at + n).map(item))));
              at += n;
            }
            assert.deepEqual(got, expected);
            for (const [idx, t] of current) {
              const rec = await repo.get(db, ids[idx]!);
              assert.equal(rec?.object.modified, T[t]);
              const history = await repo.versions(db, ids[idx]!);
              const ts = [...stored.keys()].filter((k) => k.startsWith(`${idx}/`)).map((k) => Number(k.split('/')[1]));
              assert.deepEqual(
                history.map((v) => v.object.modified),
                [...new Set(ts)].sort((a, b) => a - b).map((x) => T[x]),
              );
              for (const v of history) {
                const t = T.indexOf(String(v.object.modified));
                assert.equal(v.object.name, `t${t} variant ${stored.get(`${idx}/${t}`)}`, 'first stored content kept');
              }
            }
          }),
          { numRuns: 25 },
        );
      });
    });
  });
}
