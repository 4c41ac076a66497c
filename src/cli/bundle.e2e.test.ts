/**
 * Offline bundles with the real CLI (`main`, in-process: argument parsing, commands, messages)
 * between two nodes with their own data directories ([FED-32]–[FED-35]): key sets exchanged
 * once, `bundle export` on BFA, `bundle import` on SEN (twice: the second changes nothing), the
 * return bundle carrying SEN's signed acks clears BFA's outbox, `audit shares` lists verified
 * receipts; a bundle for another node and a damaged one are refused or reported, never applied.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/config.ts';
import { initNode, openNode, type SentinelleNode } from '../node/node.ts';
import { agreementDoc } from '../sharing/test-support/fixtures.ts';
import { exampleIncident } from '../objects/fixtures.ts';
import { createScratchDatabase, testBackends } from '../store/test-support/backends.ts';
import { isStandardObject } from '../federation/engine/sender.ts';
import { main } from './main.ts';

const dirs: string[] = [];
const drops: (() => Promise<void>)[] = [];
after(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  for (const drop of drops) await drop();
});

interface Site {
  dir: string;
  url: string | undefined;
  id: string;
}

/** Runs the real CLI (argument parsing, commands, messages) in-process, output captured. */
async function cli(site: Site, args: string[]) {
  const db = site.url ? ['--database-url', site.url] : [];
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['--lang', 'en', ...args, '--data-dir', site.dir, ...db], {
    out: (s) => out.push(s),
    err: (s) => err.push(s),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function ok(site: Site, args: string[]): Promise<string> {
  const r = await cli(site, args);
  assert.equal(r.code, 0, `${args.join(' ')}\n${r.out}\n${r.err}`);
  return r.out;
}

async function open(site: Site): Promise<SentinelleNode> {
  return openNode(loadConfig({ env: {}, dataDir: site.dir, databaseUrl: site.url }));
}

async function site(work: string, name: string, country: string, postgres: boolean): Promise<Site> {
  const dir = join(work, name);
  let url: string | undefined;
  if (postgres) {
    const scratch = await createScratchDatabase();
    drops.push(scratch.drop);
    url = scratch.url;
  }
  const { settings } = await initNode(loadConfig({ env: {}, dataDir: dir, databaseUrl: url }), {
    organisation: `Service ${country}`,
    country,
  });
  return { dir, url, id: settings.nodeId };
}

for (const backend of await testBackends()) {
  describe(`[${backend.name}] offline bundles with the CLI`, () => {
    test('[FED-32][FED-33][FED-34][FED-35] export, import twice, return bundle, audit shares; wrong receiver and damage refused', async () => {
      const work = mkdtempSync(join(tmpdir(), 'snt-bundle-'));
      dirs.push(work);
      const pg = backend.name === 'postgres';
      const A = await site(work, 'bfa', 'BFA', pg);
      const B = await site(work, 'sen', 'SEN', pg);
      // Registration and a signed agreement, done in-process (the sharing CLI has its own test).
      const [a, b] = [await open(A), await open(B)];
      const agreement = randomUUID();
      let created: string[];
      try {
        await a.peers.add(a.system, {
          nodeId: b.settings.nodeId,
          name: 'Service SEN',
          country: 'SEN',
          baseUrl: 'https://sen.invalid',
          publicKey: b.keys.publicKeySpki,
        });
        await b.peers.add(b.system, {
          nodeId: a.settings.nodeId,
          name: 'Service BFA',
          country: 'BFA',
          baseUrl: 'https://bfa.invalid',
          publicKey: a.keys.publicKeySpki,
        });
        const doc = agreementDoc({
          id: agreement,
          parties: [a.settings.nodeId, b.settings.nodeId],
          expiry: '2099-01-01T00:00:00Z',
        });
        await a.agreements.propose(a.system, doc);
        await b.agreements.importFile(b.system, await a.agreements.exportFile(a.system, agreement));
        await b.agreements.sign(b.system, agreement);
        await a.agreements.importFile(a.system, await b.agreements.exportFile(b.system, agreement));
        created = [];
        for (let i = 0; i < 2; i++) {
          const o = exampleIncident(
            { id: `incident--${randomUUID()}`, created_by_ref: a.settings.identityId },
            { actor_refs: undefined },
          );
          created.push((await a.records.create(a.system, o)).id);
        }
      } finally {
        await a.close();
        await b.close();
      }

      // Before any key set is known, a bundle cannot be sealed to SEN.
      const early = await cli(A, ['bundle', 'export', '--peer', B.id, '--out', join(work, 'early.snt')]);
      assert.notEqual(early.code, 0);
      assert.match(early.err, /import its key set first/);

      // [FED-16] Key sets exchanged once, out of band.
      await ok(A, ['federation', 'keyset', 'export', '--out', join(work, 'bfa.keys')]);
      await ok(B, ['federation', 'keyset', 'export', '--out', join(work, 'sen.keys')]);
      assert.match(
        await ok(B, ['federation', 'keyset', 'import', join(work, 'bfa.keys')]),
        /imported: version 1/,
      );
      await ok(A, ['federation', 'keyset', 'import', join(work, 'sen.keys')]);

      const ab = join(work, 'bfa-to-sen.snt');
      const exported = await ok(A, ['bundle', 'export', '--peer', B.id, '--out', ab]);
      const count = Number(/: (\d+) item\(s\)/.exec(exported)?.[1]);
      assert.ok(count >= 4, exported); // the key set, the identity, two incidents
      assert.ok(
        !readFileSync(ab).includes(Buffer.from(created[0]!)),
        '[FED-22] nothing readable on the stick',
      );

      // A bundle for SEN is refused as a whole by BFA.
      const wrong = await cli(A, ['bundle', 'import', ab]);
      assert.notEqual(wrong.code, 0);
      assert.match(wrong.err, /refused as a whole: wrong_receiver/);

      const first = await ok(B, ['bundle', 'import', ab]);
      // Every item applied but the key set, already imported out of band.
      assert.match(
        first,
        new RegExp(`\\(complete\\): ${count} item\\(s\\) read, ${count - 1} applied`),
        first,
      );
      const second = await ok(B, ['bundle', 'import', ab]);
      assert.match(second, new RegExp(`${count} item\\(s\\) read, 0 applied`), second);
      assert.match(second, new RegExp(`replay: ${count}`));

      // A damaged copy: the items intact still count, the damage is reported, nothing applied twice.
      const damaged = readFileSync(ab);
      damaged[Math.floor(damaged.length / 2)]! ^= 0xff;
      writeFileSync(join(work, 'damaged.snt'), damaged);
      const dam = await ok(B, ['bundle', 'import', join(work, 'damaged.snt')]);
      assert.match(dam, /INCOMPLETE|rejected: decrypt_failed/);
      assert.match(dam, /0 applied/);

      // The return bundle carries SEN's signed acks: importing it clears BFA's outbox.
      assert.match(await ok(A, ['peer', 'status']), /SEN Service SEN\s+no\s+\d+/);
      const ba = join(work, 'sen-to-bfa.snt');
      assert.match(
        await ok(B, ['bundle', 'export', '--peer', A.id, '--out', ba]),
        /[1-9]\d* acknowledgement/,
      );
      const back = await ok(A, ['bundle', 'import', ba]);
      assert.match(back, new RegExp(`${count} outbox item\\(s\\) acknowledged`), back);
      const status = await ok(A, ['peer', 'status']);
      assert.match(status, /SEN Service SEN\s+\S+\s+0\s/, status);

      // [FED-35] Proof: what went to SEN, under which agreement, with verified signed receipts.
      const shares = await ok(A, ['audit', 'shares', '--peer', B.id]);
      for (const id of created)
        assert.match(shares, new RegExp(`${id}\\tput\\t${agreement}\\t1/\\d+\\t.*verified \\(signed at`));
      assert.match(
        shares,
        new RegExp(`${count} item\\(s\\) released to ${B.id}, ${count} with a verified signed receipt`),
      );

      // SEN holds exactly what the policy engine releases from BFA.
      const [a2, b2] = [await open(A), await open(B)];
      try {
        const { rows } = await a2.db.query<{ id: string }>(`SELECT id FROM objects WHERE origin = 'local'`);
        for (const { id } of rows) {
          if (isStandardObject(id)) continue;
          const d = await a2.sharing.decideFor(a2.db, id, B.id);
          const held = await b2.records.repo.get(b2.db, id);
          assert.equal(held !== null, d.decision !== 'withhold', id);
        }
        const { rows: versions } = await b2.db.query<{ n: number }>(
          'SELECT count(*) AS n FROM object_versions v JOIN objects o ON o.id = v.id WHERE o.origin = $1',
          [A.id],
        );
        assert.equal(Number(versions[0]!.n), count - 1, 'one version per record: nothing applied twice');
      } finally {
        await a2.close();
        await b2.close();
      }
    });

    test('[FED-85] narrow link: bundle export --narrow writes ≤ 270-byte messages, import-narrow applies them', async () => {
      const work = mkdtempSync(join(tmpdir(), 'snt-narrow-'));
      dirs.push(work);
      const pg = backend.name === 'postgres';
      const A = await site(work, 'bfa', 'BFA', pg);
      const B = await site(work, 'sen', 'SEN', pg);
      const [a, b] = [await open(A), await open(B)];
      let created: string;
      try {
        await a.peers.add(a.system, {
          nodeId: b.settings.nodeId,
          name: 'Service SEN',
          country: 'SEN',
          baseUrl: 'https://sen.invalid',
          publicKey: b.keys.publicKeySpki,
        });
        await b.peers.add(b.system, {
          nodeId: a.settings.nodeId,
          name: 'Service BFA',
          country: 'BFA',
          baseUrl: 'https://bfa.invalid',
          publicKey: a.keys.publicKeySpki,
        });
        const agreement = randomUUID();
        await a.agreements.propose(
          a.system,
          agreementDoc({
            id: agreement,
            parties: [a.settings.nodeId, b.settings.nodeId],
            expiry: '2099-01-01T00:00:00Z',
          }),
        );
        await b.agreements.importFile(b.system, await a.agreements.exportFile(a.system, agreement));
        await b.agreements.sign(b.system, agreement);
        await a.agreements.importFile(a.system, await b.agreements.exportFile(b.system, agreement));
        const o = exampleIncident(
          { id: `incident--${randomUUID()}`, created_by_ref: a.settings.identityId },
          { actor_refs: undefined },
        );
        created = (await a.records.create(a.system, o)).id;
        await b.federation.importKeyset(a.federation.exportKeyset());
        await a.federation.importKeyset(b.federation.exportKeyset());
      } finally {
        await a.close();
        await b.close();
      }
      const dir = join(work, 'sbd');
      const bad = await cli(A, ['bundle', 'export', '--peer', B.id, '--narrow', '--cap', '12', '--out', dir]);
      assert.notEqual(bad.code, 0);
      assert.match(bad.err, /--cap/);
      const out = await ok(A, ['bundle', 'export', '--peer', B.id, '--narrow', '--out', dir]);
      assert.match(out, /narrow-link message\(s\) written/, out);
      const files = readdirSync(dir).map((f) => join(dir, f));
      assert.ok(files.length >= 3, out);
      for (const f of files) assert.ok(statSync(f).size <= 270, `${f}: ${statSync(f).size} bytes`);
      const read = await ok(B, ['bundle', 'import-narrow', '--peer', A.id, ...files.reverse()]);
      assert.match(read, /Narrow link from .*: \d+ envelope\(s\) opened, [1-9]\d* applied, 0 message/, read);
      const b2 = await open(B);
      try {
        assert.ok(await b2.records.repo.get(b2.db, created), 'SEN holds the incident');
      } finally {
        await b2.close();
      }
    });
  });
}
