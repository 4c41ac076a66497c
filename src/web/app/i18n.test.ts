import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allMessages, browserLocale, countryName, eventTypeLabel, stixTypeLabel, t } from './i18n.ts';

test('every label exists in French and English with the same placeholders', () => {
  const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const [key, m] of Object.entries(allMessages())) {
    assert.ok(m.fr.trim() && m.en.trim(), key);
    assert.deepEqual(placeholders(m.fr), placeholders(m.en), key);
    assert.doesNotMatch(m.fr, /\b(the|and|with)\b/, `${key}: English left in the French text`);
  }
});

test('labels from the node’s own tables', () => {
  assert.equal(t('fr', 'picture.count', { count: 3 }), 'Incidents sur la carte : 3');
  assert.equal(eventTypeLabel('fr', 'ied_found'), 'EEI découvert');
  assert.equal(eventTypeLabel('en', 'armed_attack_security_forces', 'ambush'), 'Ambush');
  assert.equal(countryName('fr', 'SEN'), 'Sénégal');
  assert.equal(stixTypeLabel('en', 'threat-actor'), 'Threat actor');
  assert.equal(stixTypeLabel('en', 'x-custom'), 'x-custom');
  assert.equal(browserLocale(['de-DE', 'en-US']), 'en');
  assert.equal(browserLocale(['de-DE']), 'fr');
});
