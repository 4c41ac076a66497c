// Sending a report ([FED-104]): a fake node that keeps records and idempotency keys as the real one does.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, NetworkError, type Api, type StixObject } from '../api.ts';
import { emptyForm, type ReportForm } from './model.ts';
import { sendReport } from './send.ts';

interface Call {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  body?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** A node in memory: mints ids, honours Idempotency-Key (same body → same record), loses the next `lose` answers. */
function fakeNode() {
  const records = new Map<string, StixObject>();
  const keys = new Map<string, { id: string; body: string }>();
  const calls: Call[] = [];
  let minted = 0;
  // `anonymous`: a 409 for a reused key does not name the record (a node before it did).
  const state = { lose: 0, anonymous: false };
  const answer = <T>(value: T): T => {
    if (state.lose > 0) {
      state.lose--;
      throw new NetworkError('answer lost');
    }
    return value;
  };
  const api = {
    get: async (path: string) => {
      calls.push({ method: 'GET', path });
      if (path === '/api/v1/objects') return { items: [], next: null };
      const id = decodeURIComponent(path.slice('/api/v1/objects/'.length));
      const object = records.get(id);
      if (!object) throw new ApiError(404, { code: 'records.not_found' });
      return { object, meta: {} };
    },
    post: async (path: string, body: Record<string, unknown>, headers?: Record<string, string>) => {
      calls.push({ method: 'POST', path, body, ...(headers ? { headers } : {}) });
      const key = headers?.['idempotency-key'];
      const text = JSON.stringify(body);
      if (key !== undefined) {
        const prior = keys.get(key);
        if (prior && prior.body !== text)
          throw new ApiError(409, {
            code: 'records.idempotency_key_reused',
            ...(state.anonymous ? {} : { record_id: prior.id }),
          });
        if (prior) return answer(records.get(prior.id));
      }
      const id = typeof body.id === 'string' ? body.id : `incident--minted-${minted++}`;
      if (records.has(id)) throw new ApiError(409, { code: 'records.exists' });
      const object = { ...body, id } as StixObject;
      records.set(id, object);
      if (key !== undefined) keys.set(key, { id, body: text });
      return answer(object);
    },
    put: async (path: string, body: Record<string, unknown>) => {
      calls.push({ method: 'PUT', path, body });
      const id = decodeURIComponent(path.slice('/api/v1/objects/'.length));
      const object = { ...body, id } as StixObject;
      records.set(id, object);
      return answer(object);
    },
  };
  return { api: api as unknown as Api, records, calls, state };
}

const form = (name: string, key = 'b3f1c7e2-4a9d-4c3e-8f21-6d5a0e9b7c14'): ReportForm => ({
  ...emptyForm(key, 'fr', new Date('2026-03-01T08:30:00Z'), 'BFA'),
  name,
  eventType: 'armed_attack_security_forces',
  reliability: 'B',
  credibility: '2',
});

describe('[FED-104] sending a report', () => {
  test('a new report goes without an id, with its key; the minted id comes back', async () => {
    const node = fakeNode();
    const obj = await sendReport(node.api, form('Embuscade près de Djibo'));
    assert.equal(obj.id, 'incident--minted-0');
    const post = node.calls.find((c) => c.method === 'POST')!;
    assert.equal('id' in post.body!, false);
    assert.deepEqual(post.headers, { 'idempotency-key': 'b3f1c7e2-4a9d-4c3e-8f21-6d5a0e9b7c14' });
  });

  test('an answer lost, then the re-send (the outbox): one record, the one created first', async () => {
    const node = fakeNode();
    const f = form('Attaque du poste de Seytenga');
    node.state.lose = 1;
    await assert.rejects(sendReport(node.api, f), NetworkError);
    assert.equal(node.records.size, 1, 'the node stored it; the browser does not know');
    const obj = await sendReport(node.api, f);
    assert.equal(obj.id, 'incident--minted-0');
    assert.equal(node.records.size, 1);
    // Two reports with the same content but their own keys are two records: nothing merged away.
    const other = await sendReport(node.api, form('Attaque du poste de Seytenga', 'another-key'));
    assert.notEqual(other.id, obj.id);
    assert.equal(node.records.size, 2);
  });

  test('a draft edited after a send whose answer was lost becomes the next version of the record its key made', async () => {
    const node = fakeNode();
    node.state.lose = 1;
    await assert.rejects(sendReport(node.api, form('Premier')), NetworkError);
    assert.equal(node.records.size, 1, 'stored; the browser does not know');
    const obj = await sendReport(node.api, form('Changé ensuite'));
    assert.equal(obj.id, 'incident--minted-0');
    assert.equal(obj.name, 'Changé ensuite');
    assert.equal(node.records.size, 1, 'no second record');
    const put = node.calls.find((c) => c.method === 'PUT')!;
    assert.equal(put.path, `/api/v1/objects/${encodeURIComponent('incident--minted-0')}`);
    assert.equal(put.body!.name, 'Changé ensuite');
  });

  test('the key reused with another content, from a node that does not name the record, is shown, never dropped', async () => {
    const node = fakeNode();
    node.state.anonymous = true;
    await sendReport(node.api, form('Premier'));
    await assert.rejects(
      sendReport(node.api, form('Changé ensuite')),
      (e: unknown) => e instanceof ApiError && e.status === 409 && e.problem.code === 'records.idempotency_key_reused',
    );
    assert.equal(node.records.size, 1);
  });

  test('a draft saved before [FED-104] (its own id, no key) is sent with its id; a re-send answered records.exists reads it', async () => {
    const node = fakeNode();
    const old: ReportForm = { ...form('Ancien brouillon'), id: 'incident--0f5a3c2e-7d41-4b8e-9a6c-3e2d1b0a9f87' };
    delete old.idempotencyKey;
    node.state.lose = 1;
    await assert.rejects(sendReport(node.api, old), NetworkError);
    const obj = await sendReport(node.api, old);
    assert.equal(obj.id, old.id);
    assert.equal(node.records.size, 1);
    const posts = node.calls.filter((c) => c.method === 'POST');
    assert.equal(posts.length, 2);
    for (const p of posts) {
      assert.equal(p.body!.id, old.id);
      assert.equal(p.headers, undefined);
    }
  });

  test('an edit is a PUT to the stored id, without a key', async () => {
    const node = fakeNode();
    const created = await sendReport(node.api, form('À corriger'));
    const edit: ReportForm = { ...form('Corrigé'), id: created.id };
    delete edit.idempotencyKey;
    const obj = await sendReport(node.api, edit, { object: created, meta: {} as never });
    assert.equal(obj.id, created.id);
    const put = node.calls.find((c) => c.method === 'PUT')!;
    assert.equal(put.path, `/api/v1/objects/${encodeURIComponent(created.id)}`);
    assert.equal(put.body!.name, 'Corrigé');
    assert.equal(node.records.size, 1);
  });
});
