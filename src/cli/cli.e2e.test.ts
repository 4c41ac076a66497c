/**
 * The built `sentinelle` command as a user runs it: the README quick start (demo node, query over
 * HTTP), one-line failures, and two node processes sharing one PostgreSQL database.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createScratchDatabase, testBackends } from '../store/test-support/backends.ts';

const BIN = fileURLToPath(new URL('../../bin/sentinelle.js', import.meta.url));
const children: ChildProcessWithoutNullStreams[] = [];
const dirs: string[] = [];
after(() => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'snt-cli-'));
  dirs.push(d);
  return d;
}

function run(args: string[], env: Record<string, string> = {}, input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, SENTINELLE_LOG: 'off', ...env }, input, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Starts a long-running command and resolves with the URL it prints. */
function start(args: string[], env: Record<string, string> = {}): Promise<{ url: string; child: ChildProcessWithoutNullStreams; output: () => string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, SENTINELLE_LOG: 'off', ...env } });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (b: Buffer) => {
      output += b.toString();
      const m = /(https?:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m) resolve({ url: m[1]!, child, output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
}

async function login(url: string, username: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  assert.equal(res.status, 200, await res.clone().text());
  const body = (await res.json()) as { csrf_token: string };
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: body.csrf_token };
}

describe('README quick start', () => {
  test('demo --serve prints the URL and login; the demo data answers over HTTP; SIGTERM stops cleanly', async () => {
    const dataDir = tempDir();
    const node = await start(['demo', '--serve', '--port', '0', '--data-dir', dataDir, '--lang', 'en']);
    assert.match(node.output(), /Demo login: user "admin", password "sentinelle-demo"/);
    const { cookie } = await login(node.url, 'admin', 'sentinelle-demo');
    const res = await fetch(`${node.url}/api/v1/objects?type=incident&country=BFA&limit=5`, { headers: { cookie } });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { items: { object: { type: string } }[] };
    assert.equal(body.items.length, 5);
    const exit = new Promise<number | null>((r) => node.child.on('exit', r));
    node.child.kill('SIGTERM');
    assert.equal(await exit, 0);
    // A second start keeps the data and does not duplicate it.
    const again = run(['demo', '--data-dir', dataDir]);
    assert.equal(again.code, 0, again.err);
    const verify = run(['audit', 'verify', '--data-dir', dataDir, '--lang', 'en']);
    assert.equal(verify.code, 0, verify.err);
    assert.match(verify.out, /Audit chain intact/);
  });
});

describe('CLI failures are one line and non-zero', () => {
  test('not initialised, missing file, bad country, unknown command', () => {
    const dataDir = tempDir();
    const notInit = run(['user', 'list', '--data-dir', dataDir, '--lang', 'en']);
    assert.equal(notInit.code, 1);
    assert.match(notInit.err.trim(), /^error: This node is not initialised/);
    assert.equal(notInit.err.trim().split('\n').length, 1);

    const badCountry = run(['init', '--org', 'Service', '--country', 'XYZ', '--data-dir', dataDir]);
    assert.equal(badCountry.code, 1);
    assert.match(badCountry.err, /XYZ/);

    assert.equal(run(['init', '--org', 'Service test', '--country', 'SEN', '--data-dir', dataDir]).code, 0);
    const missing = run(['import', join(dataDir, 'absent.json'), '--data-dir', dataDir]);
    assert.equal(missing.code, 1);
    assert.equal(missing.err.trim().split('\n').length, 1);

    const badBundle = join(dataDir, 'bad.json');
    writeFileSync(badBundle, JSON.stringify({ type: 'bundle', id: 'bundle--5d8e6f70-1a2b-4c3d-8e4f-5a6b7c8d9e0f', objects: [{ type: 'incident', id: 'incident--x' }] }));
    const bad = run(['import', badBundle, '--data-dir', dataDir, '--lang', 'en']);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /\/objects\/0\//);

    assert.notEqual(run(['frobnicate']).code, 0);
    assert.equal(run(['--help']).code, 0);
  });

  test('user add reads the password from stdin; weak passwords are refused', () => {
    const dataDir = tempDir();
    assert.equal(run(['init', '--org', 'Service test', '--country', 'MLI', '--data-dir', dataDir]).code, 0);
    const weak = run(['user', 'add', 'awa', '--role', 'analyst', '--password-stdin', '--data-dir', dataDir], {}, 'court\n');
    assert.equal(weak.code, 1);
    const ok = run(['user', 'add', 'awa', '--role', 'analyst', '--password-stdin', '--data-dir', dataDir], {}, 'une phrase de passe longue\n');
    assert.equal(ok.code, 0, ok.err);
    const list = run(['user', 'list', '--data-dir', dataDir]);
    assert.match(list.out, /awa\tanalyst/);
  });
});

describe('UCDP import', () => {
  test('imports the shared GED file, reports rows, and a second import changes nothing; a broken file names the missing columns', () => {
    const dataDir = tempDir();
    assert.equal(run(['init', '--org', 'Service test', '--country', 'BFA', '--data-dir', dataDir]).code, 0);
    const csv = fileURLToPath(new URL('../../assets/ucdp/ged_sahel_2020_2023.csv', import.meta.url));
    const first = run(['import', csv, '--data-dir', dataDir, '--lang', 'en']);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /2292 rows read, 2292 incidents, 0 rows skipped/);
    const again = run(['import', csv, '--data-dir', dataDir, '--lang', 'en']);
    assert.match(again.out, /0 created, 0 updated, 2293 unchanged/);
    const broken = join(dataDir, 'broken.csv');
    writeFileSync(broken, 'date_start,country,latitude\n2023-01-01,Mali,14\n');
    const bad = run(['import', broken, '--data-dir', dataDir, '--lang', 'en']);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /longitude/);
  });
});

describe('HTTPS', () => {
  test('serve --tls-cert/--tls-key answers over TLS and marks the session cookie Secure', async () => {
    const dataDir = tempDir();
    const cert = join(dataDir, 'cert.pem');
    const key = join(dataDir, 'key.pem');
    const gen = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
    assert.equal(gen.status, 0, gen.stderr);
    assert.equal(run(['init', '--org', 'Service TLS', '--country', 'NER', '--data-dir', dataDir]).code, 0);
    assert.equal(run(['user', 'add', 'ana', '--role', 'analyst', '--data-dir', dataDir], { SENTINELLE_PASSWORD: 'une phrase de passe longue' }).code, 0);
    const node = await start(['serve', '--port', '0', '--data-dir', dataDir, '--tls-cert', cert, '--tls-key', key]);
    assert.match(node.url, /^https:/);
    const ca = readFileSync(cert);
    const res = await new Promise<{ status: number; cookie: string }>((resolve, reject) => {
      const req = httpsRequest(`${node.url}/api/v1/auth/login`, { method: 'POST', ca, headers: { 'content-type': 'application/json' } }, (r) => {
        r.resume();
        r.on('end', () => resolve({ status: r.statusCode ?? 0, cookie: String(r.headers['set-cookie'] ?? '') }));
      });
      req.on('error', reject);
      req.end(JSON.stringify({ username: 'ana', password: 'une phrase de passe longue' }));
    });
    assert.equal(res.status, 200);
    assert.match(res.cookie, /; Secure/i);
    // The embedded database belongs to the serving process: a second process is refused, in one line.
    const second = run(['user', 'list', '--data-dir', dataDir, '--lang', 'en']);
    assert.equal(second.code, 1);
    assert.match(second.err.trim(), /^error: The embedded database .* is open in another process \(pid \d+\)/);
    node.child.kill('SIGTERM');
  });
});

const backends = await testBackends();
describe('several processes over one PostgreSQL', { skip: !backends.some((b) => b.name === 'postgres') }, () => {
  test('a record written through one process is served, and announced live, by the other; a tampered audit row is named', async () => {
    const scratch = await createScratchDatabase();
    try {
      const dataDir = tempDir();
      const env = { DATABASE_URL: scratch.url, SENTINELLE_DATA_DIR: dataDir };
      assert.equal(run(['init', '--org', 'Service A', '--country', 'BFA'], env).code, 0);
      assert.equal(run(['user', 'add', 'ana', '--role', 'analyst'], { ...env, SENTINELLE_PASSWORD: 'une phrase de passe longue' }).code, 0);
      const a = await start(['serve', '--port', '0'], env);
      const b = await start(['serve', '--port', '0'], env);
      const sa = await login(a.url, 'ana', 'une phrase de passe longue');
      const sb = await login(b.url, 'ana', 'une phrase de passe longue');

      const ctrl = new AbortController();
      const feed = await fetch(`${b.url}/api/v1/events`, { headers: { cookie: sb.cookie }, signal: ctrl.signal });
      const reader = feed.body!.getReader();
      const created = await fetch(`${a.url}/api/v1/objects`, {
        method: 'POST',
        headers: { cookie: sa.cookie, 'x-csrf-token': sa.csrf, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'threat-actor', name: 'Groupe armé de démonstration', threat_actor_types: ['terrorist'] }),
      });
      assert.equal(created.status, 201, await created.clone().text());
      const obj = (await created.json()) as { id: string };
      let text = '';
      while (!text.includes(obj.id)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      ctrl.abort();
      assert.ok(text.includes(obj.id), 'announced by the other process');
      const got = await fetch(`${b.url}/api/v1/objects/${obj.id}`, { headers: { cookie: sb.cookie } });
      assert.equal(got.status, 200);

      const c = new pg.Client({ connectionString: scratch.url });
      await c.connect();
      await c.query(`UPDATE audit_log SET details = '{"forged":true}' WHERE seq = 3`);
      await c.end();
      const verify = run(['audit', 'verify', '--lang', 'en'], env);
      assert.equal(verify.code, 2);
      assert.match(verify.err, /BROKEN at entry #3/);
    } finally {
      for (const ch of children) ch.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 300));
      await scratch.drop();
    }
  });
});
