// refersTo: the notes (and other object_refs holders) and sightings about one record, on every backend.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from './db.ts';
import { testBackends } from './test-support/backends.ts';
import { RecordRepository } from './records.ts';
import { fixture, newId } from './records.fixtures.ts';

const repo = new RecordRepository();

for (const backend of await testBackends()) {
  void describe(`[${backend.name}] records referring to a record`, () => {
    let db: Db;
    let dispose: () => Promise<void>;
    const incident = fixture({ name: 'Embuscade' });
    const other = fixture({ name: 'Autre' });
    const target = String(incident.object.id);
    const note = fixture({ type: 'note', name: 'n', extra: { content: 'Vu', object_refs: [target, String(other.object.id)] } });
    const noteOther = fixture({ type: 'note', name: 'n2', extra: { content: 'Autre', object_refs: [String(other.object.id)] } });
    const sighting = fixture({ type: 'sighting', name: 's', extra: { sighting_of_ref: target } });
    const mention = fixture({ type: 'note', name: 'n3', extra: { content: `mentions ${target} in text only`, object_refs: [newId('incident')] } });

    before(async () => {
      ({ db, dispose } = await backend.open());
      await db.transaction((tx) => repo.putMany(tx, [incident, other, note, noteOther, sighting, mention]));
    });
    after(() => dispose());

    void it('finds the notes naming it in object_refs and its sightings, nothing that merely mentions it', async () => {
      const page = await repo.list(db, { refersTo: target }, { limit: 100 });
      assert.deepEqual(
        page.items.map((r) => r.object.id).sort(),
        [String(note.object.id), String(sighting.object.id)].sort(),
      );
      const notes = await repo.list(db, { refersTo: target, types: ['note'] }, { limit: 100 });
      assert.deepEqual(notes.items.map((r) => r.object.id), [note.object.id]);
    });
  });
}
