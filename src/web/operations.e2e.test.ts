/**
 * The operations screens in a real browser (Debian chromium through playwright-core) against a
 * real node in this process (PGlite) serving the built application: the board by status and time,
 * an operation's area on the map with what overlaps it, and the conflict inbox where a conflict is
 * acknowledged and resolved. Screenshots go to docs/screenshots. Fails on any console error.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestNode, TEST_PASSWORD, type TestNode } from '../node/test-support/test-node.ts';
import type { Principal } from '../auth/principal.ts';
import { randomUUID } from 'node:crypto';
import { exampleIncident } from '../objects/fixtures.ts';
import { operationInput, siteInput } from '../operations/test-support/fixtures.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHOTS = join(ROOT, 'docs/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HOUR = 3_600_000;

let tn: TestNode;
let base: string;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
let opId = '';

const iso = (ms: number) => new Date(ms).toISOString();

before(async () => {
  assert.ok(
    existsSync(join(ROOT, 'dist/web/public/index.html')),
    'the web application is not built: run `npm run build:web`',
  );
  mkdirSync(SHOTS, { recursive: true });
  tn = await createTestNode({ country: 'BFA', organisation: 'Service BFA' });
  // Real time: the browser keeps the session cookie only if it expires in the future.
  tn.clock.set(new Date());
  const now = Date.now();
  const planner: Principal = {
    userId: 'seed',
    username: 'seed',
    roles: ['analyst', 'liaison'],
    locale: 'fr',
    via: 'token',
  };
  const ops = tn.node.operations;
  await ops.createSite(
    planner,
    siteInput({ valid_from: iso(now - 30 * 24 * HOUR), valid_until: iso(now + 300 * 24 * HOUR) }),
  );
  const main = await ops.createOperation(
    planner,
    operationInput({
      name: 'Opération Djibo-Nord',
      planned_start: iso(now + 48 * HOUR),
      planned_end: iso(now + 120 * HOUR),
    }),
  );
  opId = main.object.id;
  for (const s of ['proposed', 'approved']) await ops.setStatus(planner, opId, s);
  await ops.createOperation(
    planner,
    operationInput({
      name: 'Patrouille Falcon',
      activity_kind: 'patrol',
      area: {
        type: 'LineString',
        coordinates: [
          [-1.8, 14.1],
          [-1.4, 14.12],
        ],
      },
      buffer_m: 200,
      planned_start: iso(now + 100 * HOUR),
      planned_end: iso(now + 110 * HOUR),
      liaison_contacts: [{ role: 'Cellule patrouilles', channel: 'VHF 45' }],
    }),
  );
  const done = await ops.createOperation(
    planner,
    operationInput({
      name: 'Opération Arbinda',
      area: {
        type: 'Polygon',
        coordinates: [
          [
            [-0.9, 13.8],
            [-0.7, 13.8],
            [-0.7, 13.95],
            [-0.9, 13.95],
            [-0.9, 13.8],
          ],
        ],
      },
      planned_start: iso(now - 20 * 24 * HOUR),
      planned_end: iso(now - 10 * 24 * HOUR),
    }),
  );
  // Incidents in the Arbinda area: three in the month before the operation, one after.
  for (const days of [45, 38, 31, 5]) {
    await tn.node.records.create(
      tn.node.system,
      exampleIncident(
        { id: `incident--${randomUUID()}` },
        {
          occurred_at: iso(now - days * 24 * HOUR),
          location: { lat: 13.88, lon: -0.8, country: 'BFA' },
          actor_refs: undefined,
        },
      ),
    );
  }
  for (const s of ['proposed', 'approved', 'active']) await ops.setStatus(planner, done.object.id, s);
  await ops.updateOperation(planner, done.object.id, {
    status: 'completed',
    actual_start: iso(now - 20 * 24 * HOUR),
    actual_end: iso(now - 10 * 24 * HOUR),
  });
  await ops.recordOutcome(planner, done.object.id, {
    results: [{ objective_index: 0, value: 'route rouverte', achieved: true }],
    areas_made_accessible: ['Arbinda–Djibo'],
    materiel_recovered: [{ kind: 'AK-47', quantity: 9 }],
  });
  await ops.createOperation(
    planner,
    operationInput({
      name: 'Convoi logistique Dori',
      activity_kind: 'convoy',
      area: {
        type: 'LineString',
        coordinates: [
          [-0.03, 14.03],
          [0.5, 14.2],
        ],
      },
      planned_start: iso(now + 200 * HOUR),
      planned_end: iso(now + 220 * HOUR),
    }),
  );

  base = await tn.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    locale: 'fr-FR',
    timezoneId: 'Africa/Ouagadougou',
  });
  page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 400) consoleErrors.push(`${r.status()} ${r.url()}`);
  });
});

after(async () => {
  await browser?.close();
  await tn?.dispose();
});

describe('operations screen', () => {
  test('the board shows operations by status on a time axis, conflicts flagged', async () => {
    await page.goto(`${base}/operations`);
    await page.locator('#signin-username').fill('analyst');
    await page.locator('#signin-password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: /Se connecter|Sign in/ }).click();
    await page.locator('[data-testid=ops-board]').waitFor();
    const bars = page.locator('.ops-bar');
    assert.equal(await bars.count(), 4);
    assert.equal(await page.locator('.ops-lane-approved .ops-bar').count(), 1);
    assert.equal(await page.locator('.ops-lane-completed .ops-bar').count(), 1);
    assert.ok(
      (await page.locator('.ops-bar.has-conflict').count()) >= 2,
      'both sides of the overlap are flagged',
    );
    await page.screenshot({ path: join(SHOTS, 'operations-board.png') });
    assert.deepEqual(consoleErrors.splice(0), []);
  });

  test('an operation’s area on the map with the overlapping patrol and protected site', async () => {
    await page.locator('.ops-lane-approved .ops-bar').click();
    await page.locator('#op-title').waitFor();
    await page.locator('.ops-map[data-map-ready="true"]').waitFor({ timeout: 30_000 });
    assert.match((await page.locator('#op-title').textContent()) ?? '', /Djibo-Nord/);
    assert.equal(
      await page.locator('[data-testid=ops-conflict]').count(),
      2,
      'the patrol and the health centre',
    );
    await page.waitForTimeout(500); // let the map finish drawing before the picture (not an assertion)
    await page.screenshot({ path: join(SHOTS, 'operations-detail.png') });
    assert.deepEqual(consoleErrors.splice(0), []);
  });

  test('the conflict inbox: acknowledge, then resolve with a resolution code', async () => {
    await page.getByRole('link', { name: /^Conflits/ }).click();
    await page.locator('[data-testid=ops-conflicts]').waitFor();
    const cards = page.locator('[data-testid=ops-conflict]');
    assert.equal(await cards.count(), 2);
    const first = cards.first();
    assert.match((await first.textContent()) ?? '', /Contacter/);
    await first.getByRole('button', { name: 'Prendre en compte' }).click();
    await first.locator('.ops-conflict-status', { hasText: 'pris en compte' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'operations-conflicts.png') });
    await first.locator('select').selectOption('re-timed');
    await first.locator('input').fill('Patrouille décalée de 24 h');
    await first.getByRole('button', { name: 'Résoudre' }).click();
    await page.locator('[data-testid=ops-conflict]').first().waitFor();
    await page.locator('[data-testid=ops-conflict]').nth(1).waitFor({ state: 'detached' });
    const resolved = await tn.node.operations.listConflicts(tn.node.system, { status: ['resolved'] });
    assert.equal(resolved.length, 1);
    assert.equal(resolved[0]!.resolution, 're-timed');
    assert.equal(
      resolved[0]!.resolvedBy?.startsWith('user:'),
      true,
      'audited under the person who resolved it',
    );
    assert.deepEqual(consoleErrors.splice(0), []);
  });

  test('outcomes over a period', async () => {
    await page.getByRole('link', { name: 'Résultats' }).click();
    await page.locator('.ops-kpis').waitFor();
    const text = (await page.locator('[data-testid=ops-outcomes]').textContent()) ?? '';
    assert.match(text, /AK-47 × 9/);
    assert.match(text, /3 → 1/, 'incidents in the area before → after, counted from the store');
    await page.screenshot({ path: join(SHOTS, 'operations-outcomes.png') });
    assert.deepEqual(consoleErrors.splice(0), []);
  });
});
