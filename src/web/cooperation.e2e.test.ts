/**
 * The cooperation ledger screens in a real browser (Debian chromium through playwright-core)
 * against a real node in this process, with ledger entries made through the service: the
 * completeness dashboard, programmes and activities (a lifecycle move), training per unit and
 * skill, deliveries (signing a proof of receipt), and the report links with the printable report.
 * Screenshots go to docs/screenshots/cooperation-*.png. Fails on any console error of the page.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestNode, TEST_PASSWORD, type TestNode } from '../node/test-support/test-node.ts';
import {
  deliveryInput,
  PARTNER,
  programmeInput,
  trainingInput,
} from '../cooperation/test-support/fixtures.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHOTS = join(ROOT, 'docs/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DAY = 86_400_000;

let tn: TestNode;
let base: string;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString().slice(0, 10) + 'T00:00:00Z';
const ahead = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10) + 'T00:00:00Z';

before(async () => {
  assert.ok(
    existsSync(join(ROOT, 'dist/web/public/index.html')),
    'the web application is not built: run `npm run build:web`',
  );
  mkdirSync(SHOTS, { recursive: true });
  tn = await createTestNode();
  // Session cookies carry absolute expiry dates: the node's clock must be the browser's.
  tn.clock.set(new Date());
  const svc = tn.node.cooperation;
  const self = tn.node.settings.nodeId;
  const sen = { ...programmeInput(self, PARTNER) };
  const programme = (await svc.createProgramme('cli', { ...sen, start: ago(200), end: ahead(200) })).id;
  await svc.createActivity('cli', trainingInput(programme, PARTNER, self, { start: ago(60), end: ago(50) }));
  await svc.createActivity(
    'cli',
    trainingInput(programme, PARTNER, self, {
      name: 'Stage DIH Dori',
      place: 'Dori',
      start: ago(40),
      end: ago(38),
      outcomes: undefined,
      course: { name: 'DIH', skills: ['international_humanitarian_law', 'human_rights'] },
      trainees: [{ unit: 'GIR-2', count: 25, hours: 16, passed: 23, failed: 2 }],
      certificate: { name: 'Attestation DIH', valid_days: 20, recognised_by: [PARTNER] },
    }),
  );
  await svc.createActivity('cli', {
    name: 'Exercice transfrontalier Liptako',
    programme_ref: programme,
    activity_kind: 'exercise',
    status: 'planned',
    provider_node: self,
    receiver_node: PARTNER,
    start: ahead(10),
    objectives: ['Procédures de liaison radio communes'],
    indicators: [{ name: 'Unités participantes', target: 4 }],
  });
  const d1 = await svc.createDelivery(
    'cli',
    deliveryInput(programme, PARTNER, self, {
      name: 'Radios VHF et gilets',
      shipped_at: ago(30),
      planned_ship_date: ago(30),
      end_use_checks: [{ due: ago(5) }, { due: ahead(90) }],
    }),
  );
  await svc.logEquipment('cli', {
    delivery_ref: d1.id,
    entry_kind: 'serviceability',
    observed_at: ago(10),
    status: 'under_repair',
    serial_number: 'RV-002',
  });
  await svc.logEquipment('cli', {
    delivery_ref: d1.id,
    entry_kind: 'serviceability',
    observed_at: ago(9),
    status: 'operational',
    item_type: 'Gilet pare-balles',
    quantity: 50,
  });
  await svc.createDelivery(
    'cli',
    deliveryInput(programme, self, PARTNER, {
      name: 'Pick-up de patrouille',
      receiving_unit: 'BSEN-1',
      status: 'notified',
      shipped_at: undefined,
      planned_ship_date: ahead(7),
      items: [
        {
          item_type: 'Pick-up 4x4',
          category: 'vehicle',
          quantity: 2,
          measure: 'each',
          serial_numbers: ['VIN-8841', 'VIN-8842'],
        },
      ],
      end_use_checks: [{ due: ahead(180) }],
    }),
  );
  base = await tn.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'fr-FR' });
  page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`${e.name}: ${e.message}`));
});

after(async () => {
  await browser?.close();
  await tn?.dispose();
});

async function shot(name: string): Promise<void> {
  await page
    .locator('.toast')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

describe('cooperation ledger screens', { timeout: 180_000 }, () => {
  test('sign in as liaison officer; the completeness dashboard lists the overdue entries', async () => {
    await page.goto(`${base}/`);
    await page.locator('#signin-username').fill('liaison');
    await page.locator('#signin-password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: /Se connecter|Sign in/ }).click();
    await page.locator('.topbar').waitFor();
    await page.getByRole('link', { name: 'Coopération' }).click();
    const gaps = page.locator('[data-testid=coop-gaps] tbody tr');
    await gaps.first().waitFor();
    const kinds = await gaps.locator('td:first-child').allTextContents();
    // The receipt of the SEN delivery (30 days ago), its first end-use check, the DIH session without outcomes.
    assert.deepEqual(kinds.sort(), [
      'Activité achevée sans résultats',
      "Contrôle d'utilisation finale en retard",
      'Réception non attestée',
    ]);
    await shot('cooperation-dashboard');
    assert.deepEqual(consoleErrors.splice(0), []);
  });

  test('programmes and activities: an activity moves along its lifecycle', async () => {
    await page.getByRole('link', { name: 'Programmes et activités' }).click();
    const row = page.locator('[data-testid=coop-activities] tr', {
      hasText: 'Exercice transfrontalier Liptako',
    });
    await row.waitFor();
    assert.match((await row.locator('.coop-status').textContent()) ?? '', /planifiée/);
    await row.getByRole('button', { name: /Passer à « en cours »/ }).click();
    await page
      .locator('[data-testid=coop-activities] tr', { hasText: 'Exercice transfrontalier Liptako' })
      .locator('.coop-status', { hasText: 'en cours' })
      .waitFor();
    await shot('cooperation-programmes');
    assert.deepEqual(consoleErrors.splice(0), []);
  });

  test('training per unit and skill, with certificates', async () => {
    await page.getByRole('link', { name: 'Formation', exact: true }).click();
    const rows = page.locator('[data-testid=coop-training] tbody tr');
    await rows.first().waitFor();
    const cied = page
      .locator('[data-testid=coop-training] tr', { hasText: 'GIR-1' })
      .filter({ hasText: 'C-IED' });
    assert.deepEqual(await cied.locator('td.num').allTextContents(), ['1', '20', '1200', '18', '2']);
    await shot('cooperation-training');
    assert.deepEqual(consoleErrors.splice(0), []);
  });

  test('equipment: the receiving node signs the proof of receipt; the gap closes', async () => {
    await page.getByRole('link', { name: 'Équipement' }).click();
    const row = page.locator('[data-testid=coop-deliveries] tr', { hasText: 'Radios VHF et gilets' });
    await row.waitFor();
    assert.match((await row.locator('.coop-receipt').textContent()) ?? '', /en attente/);
    await row.getByRole('button', { name: 'Signer l’accusé de réception' }).click();
    await page
      .locator('[data-testid=coop-deliveries] tr', { hasText: 'Radios VHF et gilets' })
      .locator('.coop-receipt-received')
      .waitFor();
    await shot('cooperation-equipment');
    await page.getByRole('link', { name: /Complétude/ }).click();
    await page.locator('[data-testid=coop-gaps] tbody tr').first().waitFor();
    assert.equal(
      await page.locator('[data-testid=coop-gaps] tbody tr', { hasText: 'Réception non attestée' }).count(),
      0,
    );
    assert.deepEqual(consoleErrors.splice(0), []);
  });

  test('reports: export links, and the printable report in English', async () => {
    await page.getByRole('link', { name: 'Rapports' }).click();
    const links = page.locator('[data-testid=coop-report-links] a');
    await links.first().waitFor();
    assert.equal(await links.count(), 4);
    await tn.node.peers.add('system', {
      nodeId: PARTNER,
      name: 'Service SEN',
      country: 'SEN',
      baseUrl: 'http://127.0.0.1:9',
      publicKey: generateKeyPairSync('ed25519')
        .publicKey.export({ type: 'spki', format: 'der' })
        .toString('base64url'),
    });
    const href = await page
      .locator('[data-testid=coop-report-links] a', { hasText: 'Rapport imprimable (anglais)' })
      .getAttribute('href');
    assert.match(href ?? '', /format=html&lang=en/);
    const report = await page.context().newPage();
    const errors: string[] = [];
    report.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await report.goto(`${base}${href}`);
    await report.getByRole('heading', { name: /Cooperation report/ }).waitFor();
    await report.emulateMedia({ media: 'print' });
    await report.setViewportSize({ width: 900, height: 1200 });
    await report.screenshot({ path: join(SHOTS, 'cooperation-report-print.png'), fullPage: true });
    assert.deepEqual(errors, [], 'the report page breaks no CSP rule');
    await report.close();
    assert.deepEqual(consoleErrors.splice(0), []);
  });
});
