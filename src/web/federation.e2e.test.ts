/**
 * Two real nodes in a real browser (issue 6, "Tests"): node A (Burkina Faso) and node B (Senegal),
 * each with its own storage and HTTP server on loopback, registered with each other and bound by
 * one agreement both signed. A browser signed in on B sees an incident created on A (through A's
 * API) arrive in its live feed without reload, and leave it when A withdraws it — by revoking it,
 * or by raising its TLP beyond the agreement. The partners screen and the release/provenance
 * sections of the detail are shown on both sides and saved to docs/screenshots.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createTestNode, TEST_PASSWORD, type TestNode } from '../node/test-support/test-node.ts';
import { AGREEMENT_FORMAT, type AgreementDocument } from '../sharing/agreement.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHOTS = join(ROOT, 'docs/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const EXT = 'extension-definition--2f0e5c1a-7b3d-4c1e-9a6f-5d8e4b3c2a10';
const TLP_AMBER = 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421';
const TLP_RED = 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1';

interface Side {
  t: TestNode;
  id: string;
  url: string;
}

let a: Side;
let b: Side;
let browser: Browser;
const contexts: BrowserContext[] = [];
let clockSync: ReturnType<typeof setInterval>;
const consoleErrors: string[] = [];
const agreementId = randomUUID();

/** Polls `check` until it returns a truthy value (no timing assertion: it only bounds the wait). */
async function until<T>(check: () => Promise<T> | T, what: string, ms = 30_000): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end)
      throw new Error(`waited too long for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function side(country: string): Promise<Side> {
  const t = await createTestNode({ country, organisation: `Service ${country}` });
  const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  return { t, id: t.node.settings.nodeId, url };
}

/** A's API, as an analyst of A would call it. */
async function onA(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(new URL(path, a.url), {
    method,
    headers: { ...a.t.as('analyst'), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

function incident(name: string): Record<string, unknown> {
  return {
    type: 'incident',
    name,
    lang: 'fr',
    description: 'Patrouille prise à partie au nord de Djibo.',
    object_marking_refs: [TLP_AMBER],
    extensions: {
      [EXT]: {
        extension_type: 'property-extension',
        event_type: 'armed_attack_security_forces',
        event_subtype: 'ambush',
        occurred_at: new Date(Date.now() - 3_600_000).toISOString(),
        time_precision: 'hour',
        location: { lat: 14.1, lon: -1.63, country: 'BFA', admin1: 'Soum' },
        fatalities: { security_forces: 2 },
        source_reliability: 'B',
        information_credibility: 2,
      },
    },
  };
}

async function open(s: Side, username: string, width = 1366): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width, height: 768 },
    locale: 'fr-FR',
    timezoneId: 'Africa/Dakar',
  });
  contexts.push(context);
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(`${username}: ${m.text()}`));
  page.on('pageerror', (e) => consoleErrors.push(`${username}: ${e.name}: ${e.message}`));
  await page.goto(`${s.url}/`);
  await page.locator('#signin-username').fill(username);
  await page.locator('#signin-password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: /Se connecter|Sign in/ }).click();
  await page.locator('.topbar').waitFor();
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page
    .locator('.toast')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

before(async () => {
  assert.ok(
    existsSync(join(ROOT, 'dist/web/public/index.html')),
    'the web application is not built: run `npm run build`',
  );
  mkdirSync(SHOTS, { recursive: true });
  [a, b] = [await side('BFA'), await side('SEN')];
  // The browser keeps real time (session cookies expire by it): the nodes follow it.
  const sync = () => {
    a.t.clock.set(new Date());
    b.t.clock.set(new Date());
  };
  sync();
  clockSync = setInterval(sync, 20);
  for (const [x, y] of [
    [a, b],
    [b, a],
  ] as const) {
    await x.t.node.peers.add(x.t.node.system, {
      nodeId: y.id,
      name: `Service ${y.t.node.settings.country}`,
      country: y.t.node.settings.country,
      baseUrl: y.url,
      publicKey: y.t.node.keys.publicKeySpki,
    });
  }
  const doc: AgreementDocument = {
    format: AGREEMENT_FORMAT,
    id: agreementId,
    version: 1,
    title: 'Accord BFA–SEN : incidents sécuritaires',
    parties: [a.id, b.id],
    start: new Date(Date.now() - 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z'),
    expiry: new Date(Date.now() + 365 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z'),
    scope: {
      types: ['incident', 'identity'],
      max_tlp: 'amber',
      rel_to_required: false,
      area: { admin_areas: ['BF.SM', 'BF.OD'] },
    },
    handling: { codes: ['H2'], onward_sharing: { consent: 'none' }, retention_days: 365 },
    redaction: { coordinates: { precision_deg: 0.1 } },
  };
  await a.t.node.agreements.propose(a.t.node.system, doc);
  await b.t.node.agreements.importFile(
    b.t.node.system,
    await a.t.node.agreements.exportFile(a.t.node.system, agreementId),
  );
  await b.t.node.agreements.sign(b.t.node.system, agreementId);
  await a.t.node.agreements.importFile(
    a.t.node.system,
    await b.t.node.agreements.exportFile(b.t.node.system, agreementId),
  );
  // One officer on B holding both partner roles sees the whole partners screen.
  await b.t.node.users.addUser(
    {
      username: 'officier',
      displayName: 'Officier de liaison',
      roles: ['admin', 'liaison'],
      password: TEST_PASSWORD,
      locale: 'fr',
    },
    'system',
  );
  a.t.node.federation.start();
  b.t.node.federation.start();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

after(async () => {
  clearInterval(clockSync);
  await browser?.close();
  for (const s of [a, b]) await s?.t.dispose();
});

/** The number of incidents drawn on the map, from its status line ("3 incidents sur la carte"). */
async function mapCount(page: Page): Promise<number> {
  const text = (await page.locator('[data-testid=map-count]').textContent()) ?? '';
  return Number(/(\d+)/.exec(text.replace(/\s/g, ''))?.[1] ?? NaN);
}

describe('two nodes with an agreement, in the browser', { timeout: 240_000 }, () => {
  let feed: Page;
  let revokedId = '';

  test('an incident created on A appears in B’s live feed without reload', async (t) => {
    feed = await open(b, 'analyst');
    await feed.locator('.live-dot.live').waitFor({ timeout: 30_000 });
    await feed.evaluate(() => {
      (globalThis as unknown as { noReload: boolean }).noReload = true;
    });
    const name = `Embuscade près de Djibo ${Date.now()}`;
    const started = Date.now();
    const created = await onA('POST', '/api/v1/objects', incident(name));
    revokedId = String(created.id);
    await until(
      async () => (await feed.locator('.feed-item', { hasText: name }).count()) === 1,
      'the incident in B’s feed',
    );
    t.diagnostic(`A → B feed: ${Date.now() - started} ms from A's answer to B's feed`);
    assert.equal(
      await feed.evaluate(() => (globalThis as unknown as { noReload?: boolean }).noReload),
      true,
      'no reload happened',
    );

    await feed.locator('.feed-item', { hasText: name }).click();
    await feed.locator('.detail-panel').getByRole('link', { name: 'Ouvrir la fiche complète' }).click();
    const releases = feed.locator('[data-testid=releases]');
    await until(async () => /Service BFA/.test((await releases.textContent()) ?? ''), 'the provenance on B');
    assert.match((await releases.textContent()) ?? '', /Accord BFA–SEN : incidents sécuritaires/);
    await shot(feed, 'detail-received');

    const sender = await open(a, 'analyst');
    await sender.goto(`${a.url}/incidents/${encodeURIComponent(revokedId)}`);
    await sender.locator('.release-table tr[data-state=acknowledged]').waitFor({ timeout: 30_000 });
    assert.match((await sender.locator('.release-table').textContent()) ?? '', /Service SEN.*reçu et accusé/);
    await shot(sender, 'detail-released');
    await feed.goto(`${b.url}/map`);
    await feed.locator('.feed-item', { hasText: name }).waitFor();
    assert.deepEqual(consoleErrors.splice(0), []);
  });

  test('revoking it on A removes it from B’s feed', async () => {
    await feed.locator('.live-dot.live').waitFor({ timeout: 30_000 });
    const name =
      (await feed.locator('.feed-item', { hasText: 'Embuscade près de Djibo' }).first().textContent()) ?? '';
    assert.ok(name);
    await feed.evaluate(() => {
      (globalThis as unknown as { noReload: boolean }).noReload = true;
    });
    const before = await mapCount(feed);
    assert.ok(before >= 1, 'the incident is on B’s map');
    await onA('POST', `/api/v1/objects/${encodeURIComponent(revokedId)}/revoke`);
    await until(
      async () => (await feed.locator('.feed-item', { hasText: 'Embuscade près de Djibo' }).count()) === 0,
      'the withdrawal in B’s feed',
    );
    // The map drops it too, without reload ([FED-9]: the withdrawal is a `withdraw` change).
    await until(async () => (await mapCount(feed)) === before - 1, 'the withdrawal on B’s map');
    assert.equal(
      await feed.evaluate(() => (globalThis as unknown as { noReload?: boolean }).noReload),
      true,
      'no reload happened',
    );
    assert.equal(await b.t.node.records.repo.get(b.t.node.db, revokedId), null, 'B holds it no more');
    assert.deepEqual(consoleErrors.splice(0), []);
  });

  test('raising its TLP beyond the agreement on A removes it from B’s feed', async () => {
    const name = `Engin explosif découvert ${Date.now()}`;
    const created = await onA('POST', '/api/v1/objects', incident(name));
    await until(
      async () => (await feed.locator('.feed-item', { hasText: name }).count()) === 1,
      'the second incident in B’s feed',
    );
    const onMap = await mapCount(feed);
    const current = (await onA('GET', `/api/v1/objects/${encodeURIComponent(String(created.id))}`))
      .object as Record<string, unknown>;
    await new Promise((r) => setTimeout(r, 5)); // a later `modified` than the first version
    await onA('PUT', `/api/v1/objects/${encodeURIComponent(String(created.id))}`, {
      ...current,
      object_marking_refs: [TLP_RED],
      modified: new Date().toISOString(),
    });
    await until(
      async () => (await feed.locator('.feed-item', { hasText: name }).count()) === 0,
      'the TLP:RED version leaving B’s feed',
    );
    await until(async () => (await mapCount(feed)) === onMap - 1, 'the TLP:RED version leaving B’s map');
    assert.deepEqual(consoleErrors.splice(0), []);
  });

  test('partners screen on B: link status, the agreement in plain words, reciprocity; a proposal signed then revoked', async () => {
    const page = await open(b, 'officier');
    await page.getByRole('link', { name: 'Partenaires et accords' }).click();
    const row = page.locator('.peer-table tr', { hasText: 'Service BFA' });
    await row.waitFor();
    const card = page.locator(`[data-agreement="${agreementId}"]`);
    await card.waitFor();
    assert.equal(await card.locator('[data-testid=agreement-state]').textContent(), 'en vigueur');
    assert.equal(
      await card.locator('[data-testid=scope-sentence]').textContent(),
      'incidents et identités dans les régions Soum et Oudalan, jusqu’à TLP:AMBER, coordonnées arrondies à 0,1°, sans rediffusion, effacés après 365 jours',
    );
    await until(
      async () =>
        /reçus : (\d+)/.exec(
          (await page.locator('[data-testid=reciprocity-totals]').textContent()) ?? '',
        )?.[1] !== '0',
      'received records in the reciprocity',
    );
    await page.locator('#pa-title').fill('Accord SEN–BFA : alertes');
    await page.locator('#pa-coords').selectOption('admin1');
    await page.locator('.propose-form').getByLabel('Burkina Faso').check();
    assert.match(
      (await page.locator('.scope-preview').textContent()) ?? '',
      /incidents au Burkina Faso, jusqu’à TLP:AMBER, coordonnées ramenées au centre de la région/,
    );
    await page.getByRole('button', { name: 'Proposer et signer' }).click();
    const proposed = page.locator('.agreement-card', { hasText: 'Accord SEN–BFA : alertes' });
    await proposed.waitFor();
    assert.equal(
      await proposed.locator('[data-testid=agreement-state]').textContent(),
      'en attente de signatures',
    );
    await page.locator('#main').evaluate((el) => el.scrollTo(0, 0));
    await shot(page, 'partners');
    await page.locator('.lang-switch button[lang="en"]').click();
    await until(
      async () =>
        (await card.locator('[data-testid=scope-sentence]').textContent())?.startsWith(
          'incidents and identities in the Soum and Oudalan regions, up to TLP:AMBER',
        ),
      'the sentence in English',
    );
    await page.locator('.lang-switch button[lang="fr"]').click();
    await page.getByRole('heading', { name: 'Partenaires et accords de partage' }).waitFor();
    page.once('dialog', (d) => void d.accept('Remplacé par un accord régional'));
    await proposed.getByRole('button', { name: 'Révoquer' }).click();
    await until(
      async () =>
        (await page
          .locator('.agreement-card', { hasText: 'Accord SEN–BFA : alertes' })
          .locator('[data-testid=agreement-state]')
          .textContent()) === 'révoqué',
      'the revoked state',
    );
    assert.deepEqual(consoleErrors.splice(0), []);
  });
});
