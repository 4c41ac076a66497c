import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { allMessages, hasMessage, t } from '../i18n/i18n.ts';
import { ROLES } from './roles.ts';
import './messages.ts';

void test('every auth code the module raises is defined, in French and English', () => {
  const src = readdirSync(import.meta.dirname)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => readFileSync(`${import.meta.dirname}/${f}`, 'utf8'))
    .join('\n');
  const used = [...src.matchAll(/(?:code: |DomainError\('[a-z_]+', )'(auth\.[a-z_]+)'/g)].map(
    (m) => m[1] ?? '',
  );
  assert.ok(used.length > 15);
  for (const code of used) assert.ok(hasMessage(code), code);
  for (const [code, m] of allMessages()) {
    if (code.startsWith('auth.')) assert.ok(m.fr.trim() && m.en.trim() && m.fr !== m.en, code);
  }
});

void test('messages fill their parameters', () => {
  assert.equal(
    t('fr', 'auth.locked', { retryAfter: 840 }),
    'Trop de tentatives de connexion échouées : réessayez dans 840 secondes.',
  );
  assert.equal(
    t('en', 'auth.password_too_short', { min: 12 }),
    'The password must be at least 12 characters long.',
  );
  for (const r of ROLES) assert.notEqual(t('fr', `auth.role.${r}`), `auth.role.${r}`);
});
