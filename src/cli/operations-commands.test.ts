/** `sentinelle operations …` and `sentinelle sites …` on a real node directory (PGlite). */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './main.ts';
import { operationInput, siteInput } from '../operations/test-support/fixtures.ts';

describe('sentinelle operations / sites', () => {
  let dir = '';
  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['--lang', 'en', '--data-dir', dir, ...args], {
      out: (s) => out.push(s),
      err: (s) => err.push(s),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ops-cli-'));
    assert.equal((await run(['init', '--org', 'Service BFA', '--country', 'BFA'])).code, 0);
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  test('register a site, plan an operation over it, list the conflict, resolve it, export CoT', async () => {
    await writeFile(
      join(dir, 'site.json'),
      JSON.stringify(siteInput({ valid_from: '2020-01-01T00:00:00Z', valid_until: '2099-01-01T00:00:00Z' })),
    );
    await writeFile(
      join(dir, 'op.json'),
      JSON.stringify(
        operationInput({ planned_start: '2030-01-01T00:00:00Z', planned_end: '2030-01-02T00:00:00Z' }),
      ),
    );
    const site = await run(['sites', 'add', join(dir, 'site.json')]);
    assert.equal(site.code, 0, site.err);
    const plan = await run(['operations', 'plan', join(dir, 'op.json')]);
    assert.equal(plan.code, 0, plan.err);
    assert.match(plan.out, /Saved: x-sentinelle-operation--\S+ \(1 conflict/);
    const id = /(x-sentinelle-operation--[0-9a-f-]+)/.exec(plan.out)![1]!;
    const list = await run(['operations', 'conflicts']);
    const cid = /^([0-9a-f-]{36})\s+open/m.exec(list.out)![1]!;
    assert.match(list.out, /protected-site/);
    const resolved = await run([
      'operations',
      'resolve',
      cid,
      '--resolution',
      're-routed',
      '--note',
      'par l’est',
    ]);
    assert.equal(resolved.code, 0, resolved.err);
    assert.match(resolved.out, /resolved/);
    const bad = await run(['operations', 'status', id, 'completed']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.err, /Cannot move from "draft" to "completed"/);
    const cot = await run(['operations', 'export', id, '--format', 'cot']);
    assert.match(cot.out, /<events><event version="2.0"/);
  });
});
