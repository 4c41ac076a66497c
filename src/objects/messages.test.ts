import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import { allMessages, hasMessage, t } from '../i18n/i18n.ts';
import { OBJECT_MESSAGES } from './messages.ts';

const CODE_RE = /'((?:stix|incident_ext|marking)\.[a-z_]+)'/g;

/** Every message code written in this module's source (not its tests). */
function codesUsedInSource(): Set<string> {
  const dir = new URL('.', import.meta.url);
  const used = new Set<string>();
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.ts') || name.endsWith('.test.ts') || name === 'messages.ts') continue;
    for (const m of readFileSync(new URL(name, dir), 'utf8').matchAll(CODE_RE)) used.add(m[1] as string);
  }
  return used;
}

void test('every message code used by the module is registered', () => {
  const used = codesUsedInSource();
  assert.ok(used.size > 30);
  for (const code of used) assert.ok(hasMessage(code), code);
});

void test('every message has non-empty French and English texts that differ', () => {
  for (const [code, m] of Object.entries(OBJECT_MESSAGES)) {
    assert.ok(m.fr.trim().length > 0, code);
    assert.ok(m.en.trim().length > 0, code);
    assert.notEqual(m.fr, m.en, code);
    assert.equal(allMessages().get(code), m);
  }
});

void test('every registered message is used (no dead codes)', () => {
  const used = codesUsedInSource();
  for (const code of Object.keys(OBJECT_MESSAGES)) assert.ok(used.has(code), code);
});

void test('messages fill their placeholders', () => {
  assert.equal(
    t('fr', 'stix.required', { property: 'name', type: 'incident' }),
    'La propriété name est obligatoire pour un objet incident.',
  );
  assert.equal(
    t('en', 'stix.required', { property: 'name', type: 'incident' }),
    'Property name is required for a incident object.',
  );
});
