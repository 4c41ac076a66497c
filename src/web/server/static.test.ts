/**
 * Serving the built web application from the node (in-process, a real node, a temporary web
 * root): content types, precompressed variants, caching, client routes, and that the API keeps
 * its own 404s and security headers.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { buildApp } from '../../api/app.ts';
import { createTestNode, type TestNode } from '../../node/test-support/test-node.ts';
import Fastify from 'fastify';
import { isApiPath, pickEncoding, resolveInside, serveWeb } from './static.ts';

let tn: TestNode;
let app: Awaited<ReturnType<typeof buildApp>>;
let root: string;
const INDEX =
  '<!doctype html><title>Sentinelle</title><script type="module" src="/assets/app-1a2b.js"></script>';
const JS = 'console.log("sentinelle");'.repeat(50);

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'snt-web-root-'));
  mkdirSync(join(root, 'assets'));
  mkdirSync(join(root, 'basemap'));
  writeFileSync(join(root, 'index.html'), INDEX);
  writeFileSync(join(root, 'assets/app-1a2b.js'), JS);
  writeFileSync(join(root, 'assets/app-1a2b.js.br'), brotliCompressSync(JS));
  writeFileSync(join(root, 'assets/app-1a2b.js.gz'), gzipSync(JS));
  writeFileSync(join(root, 'basemap/admin1.json'), '{"type":"FeatureCollection","features":[]}');
  tn = await createTestNode();
  app = await buildApp({ node: tn.node, webRoot: root });
});
after(async () => {
  await app?.close();
  await tn?.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('web application serving', () => {
  test('serveWeb says whether it answered (a boolean: a Reply is thenable and would await to undefined)', async () => {
    const f = Fastify();
    const seen: unknown[] = [];
    f.get('/*', async (req, reply) => {
      const served = await serveWeb(root, req, reply);
      seen.push(served);
      return served ? reply : reply.code(404).send();
    });
    try {
      assert.equal((await f.inject({ method: 'GET', url: '/' })).statusCode, 200);
      assert.equal((await f.inject({ method: 'GET', url: '/assets/missing-0000.js' })).statusCode, 404);
      assert.deepEqual(seen, [true, false]);
    } finally {
      await f.close();
    }
  });

  test('index.html at / with the CSP, never cached without revalidation', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(res.headers['cache-control'], 'no-cache');
    assert.equal(res.body, INDEX);
    assert.match(String(res.headers['content-security-policy']), /script-src 'self'; style-src 'self'/);
    assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/);
  });

  test('client routes get index.html; a missing file that looks like one is a 404', async () => {
    for (const url of ['/map', '/incidents/incident--0b6e3b8c-5d0e-4d5f-9a1e-2f3c4d5e6f70', '/audit?x=1']) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.body, INDEX, url);
    }
    assert.equal((await app.inject({ method: 'GET', url: '/assets/missing-0000.js' })).statusCode, 404);
  });

  test('hashed assets: immutable for a year, Brotli or gzip as the client accepts', async () => {
    const br = await app.inject({
      method: 'GET',
      url: '/assets/app-1a2b.js',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(br.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(br.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(br.headers.vary, 'accept-encoding');
    assert.ok(br.rawPayload.length < JS.length);
    const gz = await app.inject({
      method: 'GET',
      url: '/assets/app-1a2b.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    const plain = await app.inject({
      method: 'GET',
      url: '/assets/app-1a2b.js',
      headers: { 'accept-encoding': 'identity' },
    });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body, JS);
  });

  test('other files revalidate with an ETag', async () => {
    const first = await app.inject({ method: 'GET', url: '/basemap/admin1.json' });
    assert.equal(first.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(first.headers['cache-control'], 'no-cache');
    const again = await app.inject({
      method: 'GET',
      url: '/basemap/admin1.json',
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    assert.equal(again.statusCode, 304);
  });

  test('API paths keep their problem+json 404 and writes are never served a page', async () => {
    const api = await app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    assert.equal(api.statusCode, 404);
    assert.equal(api.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal((await app.inject({ method: 'POST', url: '/map', payload: {} })).statusCode, 404);
  });

  test('no path leaves the web root', async () => {
    for (const url of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2fpackage.json']) {
      const res = await app.inject({ method: 'GET', url });
      assert.ok(res.statusCode === 404 || res.body === INDEX, url);
    }
    assert.equal(resolveInside('/srv/web', '/../secret'), null);
    assert.equal(resolveInside('/srv/web', '/a%00b'), null);
    assert.equal(resolveInside('/srv/web', '/assets/x.js'), '/srv/web/assets/x.js');
  });

  test('helpers', () => {
    assert.deepEqual(pickEncoding('gzip;q=1, br;q=0'), ['gzip']);
    assert.deepEqual(pickEncoding(undefined), []);
    assert.equal(isApiPath('/api/v1/objects'), true);
    assert.equal(isApiPath('/readyz'), true);
    assert.equal(isApiPath('/apis'), false);
  });

  test('a node without a built application answers API 404s only', async () => {
    const bare = await buildApp({ node: tn.node, webRoot: null });
    try {
      assert.equal((await bare.inject({ method: 'GET', url: '/' })).statusCode, 404);
    } finally {
      await bare.close();
    }
  });
});
