/** `sentinelle cooperation import|report|gaps` in process: refused rows by line and field, reports in FR/EN. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { main } from '../cli/main.ts';
import { loadConfig } from '../config/config.ts';
import { openNode } from '../node/node.ts';
import { PARTNER, programmeInput } from './test-support/fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'snt-coop-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...args, '--data-dir', dir], { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test('import reports refused rows (line + field), then the partner report is written as CSV and HTML', async () => {
  assert.equal((await run('init', '--org', 'Service BFA', '--country', 'BFA')).code, 0);
  const node = await openNode(loadConfig({ env: {}, dataDir: dir }));
  let programme: string;
  try {
    programme = (await node.cooperation.createProgramme('cli', programmeInput(node.settings.nodeId, PARTNER)))
      .id;
    const key = generateKeyPairSync('ed25519')
      .publicKey.export({ type: 'spki', format: 'der' })
      .toString('base64url');
    await node.peers.add('cli', {
      nodeId: PARTNER,
      name: 'Service SEN',
      country: 'SEN',
      baseUrl: 'http://127.0.0.1:9',
      publicKey: key,
    });
  } finally {
    await node.close();
  }
  const csv = join(dir, 'deliveries.csv');
  writeFileSync(
    csv,
    [
      'name,provider,receiver,receiving_unit,item_type,category,quantity,serial_numbers,planned_ship_date,shipped_at',
      'Radios,BFA,SEN,BSEN-1,Radio,communications,2,R-1;R-2,2026-02-01,2026-02-02',
      'Gilets,BFA,SEN,BSEN-1,Gilet,protective,-4,,2026-02-01,',
    ].join('\n'),
  );
  const imp = await run('cooperation', 'import', 'deliveries', csv, '--programme', programme, '--lang', 'en');
  assert.equal(imp.code, 1);
  assert.match(imp.err, /Line 3, field quantity: /);
  assert.match(imp.err, /1 row\(s\) imported, 1 refused/);

  const gaps = await run('cooperation', 'gaps', '--lang', 'en');
  assert.equal(gaps.code, 0);
  assert.match(gaps.out, /^receipt_overdue\t2026-02-16\t/m);

  const out = join(dir, 'report.html');
  const rep = await run(
    'cooperation',
    'report',
    '--peer',
    PARTNER,
    '--from',
    '2026-01-01',
    '--to',
    '2026-03-31',
    '--format',
    'html',
    '--out',
    out,
    '--lang',
    'fr',
  );
  assert.equal(rep.code, 0, rep.err);
  assert.match(readFileSync(out, 'utf8'), /Rapport de coopération[\s\S]*@media print/);
  const csvOut = await run(
    'cooperation',
    'report',
    '--peer',
    PARTNER,
    '--from',
    '2026-01-01',
    '--to',
    '2026-03-31',
    '--lang',
    'en',
  );
  assert.match(csvOut.out, /^section,item,provided,received,note/);
  assert.match(csvOut.out, /Equipment,deliveries,1,0,/);
  const bad = await run(
    'cooperation',
    'report',
    '--peer',
    PARTNER,
    '--from',
    '2026-01-01',
    '--to',
    '2026-03-31',
    '--format',
    'pdf',
    '--lang',
    'en',
  );
  assert.equal(bad.code, 1);
  assert.match(bad.err, /Unknown format: pdf/);
});
