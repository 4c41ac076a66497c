import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { allMessages, hasMessage } from '../i18n/i18n.ts';
import { actionLabel, describeVerifyResult, outcomeLabel } from './messages.ts';

void test('verification results read as one sentence in French and English', () => {
  const broken = { ok: false, count: 41, firstBadSeq: 42, reason: 'hash_mismatch' } as const;
  assert.equal(
    describeVerifyResult(broken, 'fr'),
    "Chaîne d'audit rompue à l'entrée n° 42 : contenu modifié.",
  );
  assert.equal(describeVerifyResult(broken, 'en'), 'Audit chain broken at entry #42: content altered.');
  assert.equal(
    describeVerifyResult({ ok: true, count: 7, headHash: '0'.repeat(64) }, 'fr'),
    "Chaîne d'audit intègre : 7 entrées vérifiées.",
  );
  for (const reason of [
    'hash_mismatch',
    'prev_hash_mismatch',
    'missing_entry',
    'out_of_order',
    'head_mismatch',
  ] as const) {
    for (const locale of ['fr', 'en'] as const) {
      const text = describeVerifyResult({ ok: false, count: 0, firstBadSeq: 3, reason }, locale);
      assert.ok(text.includes('3') && !text.includes('{'), text);
    }
  }
});

void test('actions and outcomes have labels; unknown actions show their code', () => {
  assert.equal(actionLabel('auth.login', 'fr'), 'Connexion');
  assert.equal(actionLabel('user.disable', 'en'), 'User disabled');
  assert.equal(actionLabel('peer.sync', 'fr'), 'peer.sync');
  assert.equal(outcomeLabel('denied', 'fr'), 'Refusé');
});

void test('every audit code used in the module is defined, in both languages', () => {
  const src = readdirSync(import.meta.dirname)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => readFileSync(`${import.meta.dirname}/${f}`, 'utf8'))
    .join('\n');
  for (const [, code] of src.matchAll(/code: '(audit\.[a-z_.]+)'/g)) assert.ok(hasMessage(code ?? ''), code);
  for (const [code, m] of allMessages()) {
    if (!code.startsWith('audit.')) continue;
    assert.ok(m.fr.trim() && m.en.trim(), code);
  }
});
