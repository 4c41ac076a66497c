/**
 * Related reports in a real browser: an analyst opens an incident that the UCDP also recorded,
 * sees the possible duplicate with its score and explanation, compares both side by side and
 * confirms. Serves the built application (dist/web/public, or WEB_ROOT) from an in-process node.
 * Screenshot: docs/screenshots/related.png.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApp } from '../../../api/app.ts';
import { createTestNode, TEST_PASSWORD, type TestNode } from '../../../node/test-support/test-node.ts';
import { UCDP_IDENTITY_ID, ucdpSourceIdentity } from '../../../imports/ucdp-source.ts';
import { incidentObject } from '../../../analysis/test-support/incidents.ts';
import { DEFAULT_WEB_ROOT } from '../../server/static.ts';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const WEB_ROOT = process.env.WEB_ROOT ?? DEFAULT_WEB_ROOT;
const SHOTS = join(ROOT, 'docs/screenshots');

let t: TestNode;
let web: Awaited<ReturnType<typeof buildApp>>;
let base: string;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
let localId = '';

before(async () => {
  assert.ok(
    existsSync(join(WEB_ROOT, 'index.html')),
    `the web application is not built in ${WEB_ROOT}: run \`npm run build:web\``,
  );
  mkdirSync(SHOTS, { recursive: true });
  t = await createTestNode();
  const { node } = t;
  const local: Record<string, unknown> = {
    ...incidentObject({
      at: '2026-02-10T06:00:00Z',
      lat: 13.1,
      lon: -1.08,
      admin1: 'Centre-Nord',
      killed: 5,
      type: 'armed_attack_security_forces',
      name: 'Embuscade contre une patrouille près de Kongoussi',
    }),
    created_by_ref: node.settings.identityId,
  };
  const ucdp = incidentObject({
    at: '2026-02-10T00:00:00Z',
    lat: 13.12,
    lon: -1.07,
    admin1: 'Centre-Nord',
    killed: 6,
    type: 'battle',
    createdBy: UCDP_IDENTITY_ID,
    name: 'UCDP GED 512345 : Burkina Faso, Kongoussi',
  });
  localId = String(local.id);
  await node.records.importObjects(node.system, [local]);
  await node.records.importObjects(node.system, [ucdpSourceIdentity(), ucdp], { action: 'import.ucdp' });
  await node.analysis.catchUp();
  // The browser judges the session cookie's expiry by real time.
  t.clock.set(new Date());
  web = await buildApp({ node, webRoot: WEB_ROOT });
  base = await web.listen({ port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    locale: 'fr-FR',
    timezoneId: 'Africa/Ouagadougou',
  });
  page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(`${e.name}: ${e.message}`));
});

after(async () => {
  await browser?.close();
  await web?.close();
  await t?.dispose();
});

describe('related reports (correlation) in the incident detail', { timeout: 120_000 }, () => {
  test('an analyst sees the possible duplicate, compares side by side and confirms', async () => {
    await page.goto(`${base}/incidents/${localId}`);
    await page.locator('#signin-username').fill('analyst');
    await page.locator('#signin-password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: /Se connecter|Sign in/ }).click();
    const item = page.locator('[data-testid=related] .related-item').first();
    await item.waitFor({ timeout: 30_000 }).catch((e: unknown) => {
      throw new Error(`${String(e)}; console: ${consoleErrors.join(' | ')}`);
    });
    assert.equal(await item.getAttribute('data-kind'), 'duplicate');
    assert.match((await item.locator('.related-why').textContent()) ?? '', /^Écart de 6 h et 2,5 km/);
    await item.getByRole('button', { name: 'Comparer' }).click();
    const merge = page.locator('[data-testid=merge-view]');
    await merge.waitFor();
    assert.match((await merge.textContent()) ?? '', /UCDP GED 512345.*Uppsala Conflict Data Program/);
    await merge.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'related.png') });
    await item.getByRole('button', { name: 'Confirmer' }).click();
    await page.locator('[data-testid=related] .related-item[data-status=confirmed]').waitFor();
    const link = await t.node.analysis.related(t.node.system, localId);
    assert.equal(link.items[0]?.status, 'confirmed');
    assert.deepEqual(consoleErrors, []);
  });
});
