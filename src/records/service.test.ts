// RecordService.create's ids ([FED-94] of docs/sync-spec.md), on every backend.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { manualClock } from '../core/clock.ts';
import type { Db, Queryable } from '../store/db.ts';
import { RecordRepository } from '../store/records.ts';
import { testBackends } from '../store/test-support/backends.ts';
import { SYSTEM_PRINCIPAL } from '../node/node.ts';
import { isStixId, mintedK, mintedStixId } from '../objects/ids.ts';
import { exampleIncident, FIXTURE_IDS } from '../objects/fixtures.ts';
import { RecordService } from './service.ts';

const IDENTITY = FIXTURE_IDS.identity;
/** What a form or API client sends: no id, no times, no creator. */
const body = (name: string) => {
  const o: Record<string, unknown> = { ...exampleIncident({ name }) };
  for (const k of ['id', 'spec_version', 'created', 'modified', 'created_by_ref']) delete o[k];
  return o;
};

for (const backend of await testBackends()) {
  void describe(`[${backend.name}] record service: ids of created records`, () => {
    let db: Db;
    let dispose: () => Promise<void>;
    const clock = manualClock('2026-03-01T08:00:00.000Z');
    let records: RecordService;
    before(async () => {
      ({ db, dispose } = await backend.open());
      records = new RecordService({ db, clock, nodeIdentityId: IDENTITY });
    });
    after(() => dispose());

    void it('[FED-94] mints the id from (type, creator, created, k), k the smallest free, in the id’s usual place', async () => {
      clock.set('2026-03-01T08:00:00.123Z');
      const a = await records.create(SYSTEM_PRINCIPAL, body('Embuscade près de Djibo'));
      const b = await records.create(SYSTEM_PRINCIPAL, body('Embuscade près de Arbinda'));
      assert.equal(a.id, mintedStixId('incident', IDENTITY, '2026-03-01T08:00:00.123Z', 0));
      assert.equal(b.id, mintedStixId('incident', IDENTITY, '2026-03-01T08:00:00.123Z', 1));
      assert.deepEqual(Object.keys(a).slice(0, 3), ['type', 'spec_version', 'id']);
      // A new service (another process, a restart) finds k = 0 and 1 taken in the store.
      const other = new RecordService({ db, clock, nodeIdentityId: IDENTITY });
      const c = await other.create(SYSTEM_PRINCIPAL, body('Embuscade près de Gorom-Gorom'));
      assert.equal(mintedK(c.id, 'incident', IDENTITY, '2026-03-01T08:00:00.123Z'), 2);
      assert.equal(new Set([a.id, b.id, c.id]).size, 3);
      for (const o of [a, b, c]) assert.ok(isStixId(o.id, 'incident'));
    });

    void it('[FED-94] a client id is kept and takes precedence; a minted id skips it when it is the same', async () => {
      clock.set('2026-03-01T09:00:00.000Z');
      const taken = mintedStixId('incident', IDENTITY, '2026-03-01T09:00:00.000Z', 0);
      const given = await records.create(SYSTEM_PRINCIPAL, { ...body('Donné par le client'), id: taken });
      assert.equal(given.id, taken);
      const minted = await new RecordService({ db, clock, nodeIdentityId: IDENTITY }).create(
        SYSTEM_PRINCIPAL,
        body('Émis par le nœud'),
      );
      assert.equal(minted.id, mintedStixId('incident', IDENTITY, '2026-03-01T09:00:00.000Z', 1));
      const random = 'incident--0f5a3c2e-7d41-4b8e-9a6c-3e2d1b0a9f87';
      assert.equal((await records.create(SYSTEM_PRINCIPAL, { ...body('Aléatoire'), id: random })).id, random);
      await assert.rejects(
        records.create(SYSTEM_PRINCIPAL, { ...body('Encore'), id: random }),
        /records\.exists/,
      );
    });

    void it('[FED-94] another process taking the same k between look-up and write: the next k, no error', async () => {
      clock.set('2026-03-01T10:00:00.000Z');
      const first = mintedStixId('incident', IDENTITY, '2026-03-01T10:00:00.000Z', 0);
      await records.create(SYSTEM_PRINCIPAL, { ...body('Écrit par l’autre processus'), id: first });
      // A repository that misses the first look-up of that id, as a concurrent writer would make it.
      let hidden = false;
      class Racing extends RecordRepository {
        override async get(q: Queryable, id: string) {
          if (id === first && !hidden) {
            hidden = true;
            return null;
          }
          return super.get(q, id);
        }
      }
      const racing = new RecordService({ db, clock, nodeIdentityId: IDENTITY, repo: new Racing() });
      const made = await racing.create(SYSTEM_PRINCIPAL, body('Écrit par ce processus'));
      assert.ok(hidden);
      assert.equal(made.id, mintedStixId('incident', IDENTITY, '2026-03-01T10:00:00.000Z', 1));
    });

    void it('[FED-94] a record without a creator (a marking definition) gets a random UUIDv4', async () => {
      const m = await records.create(SYSTEM_PRINCIPAL, {
        type: 'marking-definition',
        name: 'REL TO BFA, MLI',
        definition_type: 'statement',
        definition: { statement: 'REL TO BFA, MLI' },
      });
      assert.ok(isStixId(m.id, 'marking-definition'));
      assert.equal(mintedK(m.id, 'marking-definition', IDENTITY, String(m.created)), undefined);
    });
  });
}
