/** Response compression: large JSON is Brotli/gzip per Accept-Encoding; small, event-stream and precompressed are left alone. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { compressible, registerCompression } from './compress.ts';

const big = {
  items: Array.from({ length: 200 }, (_, i) => ({ id: `incident--${i}`, name: 'Embuscade près de Djibo' })),
};

async function app() {
  const a = Fastify();
  registerCompression(a);
  a.get('/big', async () => big);
  a.get('/small', async () => ({ ok: true }));
  a.get('/stream', async (_req, reply) => reply.type('text/event-stream').send('data: x\n\n'.repeat(500)));
  a.get('/pre', async (_req, reply) =>
    reply.type('text/javascript').header('content-encoding', 'br').send(Buffer.alloc(5000, 1)),
  );
  await a.ready();
  return a;
}

test('compressible types: JSON flavours, text, script; never an event stream or an image', () => {
  for (const t of [
    'application/json; charset=utf-8',
    'application/problem+json',
    'application/taxii+json;version=2.1',
    'text/html',
    'text/javascript',
  ])
    assert.ok(compressible(t), t);
  for (const t of ['text/event-stream', 'image/png', 'application/cbor', undefined])
    assert.ok(!compressible(t), String(t));
});

test('a large JSON answer is Brotli when accepted, gzip otherwise, plain when neither', async () => {
  const a = await app();
  const br = await a.inject({ url: '/big', headers: { 'accept-encoding': 'gzip, deflate, br' } });
  assert.equal(br.headers['content-encoding'], 'br');
  assert.match(String(br.headers.vary), /accept-encoding/i);
  assert.deepEqual(JSON.parse(brotliDecompressSync(br.rawPayload).toString()), big);
  assert.ok(br.rawPayload.length < JSON.stringify(big).length / 5);
  const gz = await a.inject({ url: '/big', headers: { 'accept-encoding': 'gzip' } });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.deepEqual(JSON.parse(gunzipSync(gz.rawPayload).toString()), big);
  const plain = await a.inject({ url: '/big' });
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.deepEqual(plain.json(), big);
  await a.close();
});

test('small answers, event streams and already-encoded files pass untouched', async () => {
  const a = await app();
  const h = { 'accept-encoding': 'br, gzip' };
  assert.equal((await a.inject({ url: '/small', headers: h })).headers['content-encoding'], undefined);
  const s = await a.inject({ url: '/stream', headers: h });
  assert.equal(s.headers['content-encoding'], undefined);
  assert.equal(s.body.length, 4500);
  const p = await a.inject({ url: '/pre', headers: h });
  assert.equal(p.headers['content-encoding'], 'br');
  assert.equal(p.rawPayload.length, 5000);
  await a.close();
});
