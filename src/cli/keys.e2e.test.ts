/**
 * `sentinelle keys list|rotate|revoke` with the real CLI (`main`, in-process) on one data directory
 * ([FED-50]–[FED-53]): a rotation shows the new key pending and the old one signing until the
 * overlap ends; bad input names the field in French and English and changes nothing; a change
 * is audited. (Revocation across two nodes: src/federation/engine/key-rotation.test.ts.)
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listAudit } from '../audit/audit.ts';
import { loadConfig } from '../config/config.ts';
import { openNode } from '../node/node.ts';
import { main } from './main.ts';

const work = mkdtempSync(join(tmpdir(), 'snt-keys-'));
after(() => rmSync(work, { recursive: true, force: true }));

async function cli(lang: 'fr' | 'en', args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['--lang', lang, ...args, '--data-dir', work], {
    out: (s) => out.push(s),
    err: (s) => err.push(s),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test('[FED-50][FED-53] keys list, rotate and revoke from the command line, in French and English', async () => {
  assert.equal((await cli('en', ['init', '--org', 'Service BFA', '--country', 'BFA'])).code, 0);
  const before = await cli('en', ['keys', 'list']);
  assert.equal(before.code, 0, before.err);
  assert.match(before.out, /Key set version 1\./);
  const registration = /^([0-9a-f]{8}) sig .* signing$/m.exec(before.out)![1]!;

  const bad = await cli('fr', ['keys', 'rotate', '--overlap', 'demain']);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /\/overlap/);
  assert.match(bad.err, /Recouvrement invalide/);

  const rotated = await cli('en', ['keys', 'rotate', '--overlap', '2']);
  assert.equal(rotated.code, 0, rotated.err);
  const kid = /New signing key ([0-9a-f]{8}) published \(key set version 2\)/.exec(rotated.out)![1]!;
  const listed = (await cli('fr', ['keys', 'list'])).out;
  assert.match(listed, new RegExp(`^${registration} sig .* signe \\(jusqu’au `, 'm'));
  assert.match(listed, new RegExp(`^${kid} sig .* en attente`, 'm'));

  const signer = await cli('en', ['keys', 'revoke', registration]);
  assert.equal(signer.code, 1);
  assert.match(signer.err, /signs right now: run "sentinelle keys rotate" first/);
  const unknown = await cli('en', ['keys', 'revoke', 'deadbeef']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.err, /\/kid/);
  const pending = await cli('fr', ['keys', 'revoke', kid]);
  assert.equal(pending.code, 1);
  assert.match(pending.err, /attend de remplacer la clé actuelle/);

  const node = await openNode(loadConfig({ env: {}, dataDir: work }));
  try {
    const audit = await listAudit(node.db, { actions: ['keys.rotate', 'keys.revoke'] }, { limit: 10 });
    assert.deepEqual(
      audit.items.map((e) => e.action),
      ['keys.rotate'],
      'refused commands changed nothing',
    );
    assert.equal(node.federation.signingKey.kid, registration);
    assert.equal(node.federation.ownSignedKeyset().version, 2);
  } finally {
    await node.close();
  }
});
