/**
 * The cross-node signing workflow as liaison officers run it, with the built command and two data
 * directories (docs/sharing.md §3): cards exchanged, agreement proposed, exported, imported,
 * signed, imported back — effective on both; a tampered file refused in one line; a decision
 * explained; reciprocity printed; a revocation carried back.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXT_ID } from '../objects/sentinelle-extension.ts';
import { TLP } from '../objects/markings.ts';

const BIN = fileURLToPath(new URL('../../bin/sentinelle.js', import.meta.url));
const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'snt-share-'));
  dirs.push(d);
  return d;
}

function run(dataDir: string, args: string[]) {
  const r = spawnSync(process.execPath, [BIN, '--lang', 'en', ...args, '--data-dir', dataDir], { env: { ...process.env, SENTINELLE_LOG: 'off' }, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function ok(dataDir: string, args: string[]): string {
  const r = run(dataDir, args);
  assert.equal(r.code, 0, `${args.join(' ')}\n${r.err}`);
  return r.out;
}

describe('cross-node agreement workflow with the built CLI', () => {
  test('cards, propose, export, import, sign, import back; tampering refused; explain; reciprocity; revoke', () => {
    const work = tempDir();
    const bfa = join(work, 'bfa');
    const sen = join(work, 'sen');
    ok(bfa, ['init', '--org', 'Service BFA', '--country', 'BFA']);
    ok(sen, ['init', '--org', 'Service SEN', '--country', 'SEN']);

    // Cards travel on a USB stick; the fingerprints are read aloud over the phone.
    const bfaCard = join(work, 'bfa.card.json');
    const senCard = join(work, 'sen.card.json');
    const selfOut = ok(bfa, ['peer', 'self', '--url', 'https://bfa.example', '--out', bfaCard]);
    ok(sen, ['peer', 'self', '--url', 'https://sen.example', '--out', senCard]);
    const bfaId = JSON.parse(readFileSync(bfaCard, 'utf8')).node_id as string;
    const senId = JSON.parse(readFileSync(senCard, 'utf8')).node_id as string;
    const bfaPrint = JSON.parse(readFileSync(bfaCard, 'utf8')).fingerprint as string;
    assert.ok(selfOut.includes(bfaPrint));
    const added = ok(sen, ['peer', 'add', '--card', bfaCard]);
    assert.match(added, new RegExp(`Compare the fingerprint aloud: ${bfaPrint}`));
    ok(bfa, ['peer', 'add', '--card', senCard]);
    assert.match(ok(bfa, ['peer', 'list']), new RegExp(`${senId}\\tSEN\\tService SEN`));

    // BFA proposes.
    const draft = join(work, 'draft.json');
    writeFileSync(
      draft,
      JSON.stringify({
        title: 'Accord BFA–SEN : incidents frontaliers',
        parties: [bfaId, senId],
        start: '2026-01-01T00:00:00Z',
        expiry: '2099-01-01T00:00:00Z',
        scope: { types: ['incident'], max_tlp: 'amber', rel_to_required: false, time_window: { last_days: 3650 } },
        handling: { codes: ['H2'], onward_sharing: { consent: 'none' }, retention_days: 365 },
        redaction: { coordinates: { precision_deg: 0.1 }, strip_free_text: true },
      }),
    );
    const proposed = ok(bfa, ['agreement', 'propose', '--file', draft]);
    const id = /Agreement ([0-9a-f-]{36}), version 1: awaiting signatures/.exec(proposed)?.[1];
    assert.ok(id, proposed);
    const fromBfa = join(work, 'from-bfa.json');
    assert.match(ok(bfa, ['agreement', 'export', id, '--out', fromBfa]), /with 1 signature/);

    // A tampered copy is refused in one line naming the field; nothing is stored.
    const tampered = JSON.parse(readFileSync(fromBfa, 'utf8'));
    tampered.scope.max_tlp = 'amber+strict';
    const tamperedFile = join(work, 'tampered.json');
    writeFileSync(tamperedFile, JSON.stringify(tampered));
    const refused = run(sen, ['agreement', 'import', tamperedFile]);
    assert.equal(refused.code, 1);
    assert.equal(refused.err.trim().split('\n').length, 1);
    assert.match(refused.err, /\/signatures\/0 : The signature of .* does not match its registered key/);
    assert.match(ok(sen, ['agreement', 'list']), /No agreement/);

    // SEN imports, reads, signs, exports; BFA imports back: effective on both.
    assert.match(ok(sen, ['agreement', 'import', fromBfa]), /awaiting signatures/);
    const shown = ok(sen, ['agreement', 'show', id]);
    assert.match(shown, /State: awaiting signatures\./);
    assert.match(shown, /coordinates rounded to 0\.1°/);
    assert.match(shown, /Service BFA \(BFA\)/);
    assert.match(ok(sen, ['agreement', 'sign', id]), /in force/);
    const fromSen = join(work, 'from-sen.json');
    assert.match(ok(sen, ['agreement', 'export', id, '--out', fromSen]), /with 2 signature/);
    assert.match(ok(bfa, ['agreement', 'import', fromSen]), /in force/);
    assert.match(ok(bfa, ['agreement', 'show', id, '--lang', 'fr']), /État : en vigueur\./);

    // A record and its decision.
    const bundle = join(work, 'bundle.json');
    const incidentId = 'incident--6f1c3a52-4b0e-4d8e-9a7b-1c2d3e4f5a6b';
    writeFileSync(
      bundle,
      JSON.stringify({
        type: 'bundle',
        id: 'bundle--5d8e6f70-1a2b-4c3d-8e4f-5a6b7c8d9e0f',
        objects: [
          {
            type: 'incident', spec_version: '2.1', id: incidentId, created: '2026-11-01T00:00:00.000Z', modified: '2026-11-01T00:00:00.000Z',
            name: 'Embuscade près de Kongoussi', description: 'Rapport du poste.', lang: 'fr', object_marking_refs: [TLP.amber.id],
            extensions: { [EXT_ID]: { extension_type: 'property-extension', event_type: 'armed_attack_security_forces', event_subtype: 'ambush', occurred_at: '2026-10-30T05:30:00Z', time_precision: 'hour', location: { lat: 13.4567, lon: -1.5432, precision_m: 100, country: 'BFA', admin1: 'Centre-Nord', admin2: 'Bam' }, source_reliability: 'B', information_credibility: 2 } },
          },
        ],
      }),
    );
    ok(bfa, ['import', bundle]);
    const explained = ok(bfa, ['policy', 'explain', '--record', incidentId, '--peer', senId]);
    assert.match(explained, /Decision: released redacted \(priority ROUTINE\)/);
    assert.match(explained, /Coordinates coarsened \(0\.1°\)/);
    assert.match(explained, /Free-text fields stripped: description, name/);

    const recip = ok(bfa, ['reciprocity', '--peer', senId, '--from', '2026-10', '--to', '2026-11']);
    assert.match(recip, /Reciprocity from 2026-10 to 2026-11/);
    assert.match(recip, /Total +released 0 +received 0 +balance 0/);

    // SEN revokes; the signed revocation reaches BFA in the exported file.
    assert.match(ok(sen, ['agreement', 'revoke', id, '--reason', 'Réexamen']), /revoked/);
    ok(sen, ['agreement', 'export', id, '--out', fromSen]);
    assert.match(ok(bfa, ['agreement', 'import', fromSen]), /revoked/);
    assert.match(ok(bfa, ['policy', 'explain', '--record', incidentId, '--peer', senId]), /The agreement was revoked/);
    assert.match(ok(bfa, ['peer', 'remove', senId]), /Peer Service SEN \(SEN\) removed/);
    assert.match(ok(bfa, ['audit', 'verify']), /Audit chain intact/);
  });
});
