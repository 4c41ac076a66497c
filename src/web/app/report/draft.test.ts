import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DraftStore, type KeyValueStorage } from './draft.ts';
import { emptyForm, type ReportForm } from './model.ts';

function memory(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

test('draft and outbox are kept per user and survive a new store (a reload)', () => {
  const storage = memory();
  const now = new Date('2026-03-01T08:00:00Z');
  const a = new DraftStore(storage, 'u1');
  a.saveDraft({ ...emptyForm('incident--1', 'fr', now), name: 'brouillon' });
  a.enqueue({ ...emptyForm('incident--2', 'fr', now), name: 'en attente' }, now);
  a.enqueue({ ...emptyForm('incident--2', 'fr', now), name: 'en attente, corrigé' }, now);
  const reloaded = new DraftStore(storage, 'u1');
  assert.equal(reloaded.loadDraft()?.name, 'brouillon');
  assert.deepEqual(
    reloaded.outbox().map((q) => q.form.name),
    ['en attente, corrigé'],
  );
  assert.equal(new DraftStore(storage, 'u2').loadDraft(), null);
  reloaded.dequeue('incident--2');
  assert.equal(reloaded.outbox().length, 0);
  reloaded.clearDraft();
  assert.equal(storage.data.size, 0);
});

test('a corrupt entry reads as empty', () => {
  const storage = memory();
  storage.setItem('sentinelle.draft.u1', '{not json');
  assert.equal(new DraftStore(storage, 'u1').loadDraft(), null);
});

test('[FED-104] the outbox names a new report by its idempotency key, an older draft by its id', () => {
  const storage = memory();
  const now = new Date('2026-03-01T08:00:00Z');
  const store = new DraftStore(storage, 'u1');
  const old: ReportForm = { ...emptyForm('k', 'fr', now), id: 'incident--0f5a3c2e-7d41-4b8e-9a6c-3e2d1b0a9f87', name: 'ancien' };
  delete old.idempotencyKey;
  store.enqueue(old, now);
  store.enqueue({ ...emptyForm('key-a', 'fr', now), name: 'a' }, now);
  store.enqueue({ ...emptyForm('key-b', 'fr', now), name: 'b' }, now);
  store.enqueue({ ...emptyForm('key-a', 'fr', now), name: 'a, corrigé' }, now);
  assert.deepEqual(
    store.outbox().map((q) => q.form.name),
    ['ancien', 'b', 'a, corrigé'],
  );
  store.dequeue('key-a');
  store.dequeue(old.id);
  assert.deepEqual(
    store.outbox().map((q) => q.form.name),
    ['b'],
  );
});
