import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

test('every label is used by the application (a key nobody reads is a text nobody checks)', () => {
  const sources: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name) && !name.endsWith('.test.ts') && !name.endsWith('messages.ts'))
        sources.push(readFileSync(path, 'utf8'));
    }
  };
  walk(fileURLToPath(new URL('.', import.meta.url)));
  const code = sources.join('\n').replace(/^\s*'[\w.-]+': \{[^\n]*$/gm, ''); // not the tables themselves
  const unused = Object.keys(allMessages()).filter((key) => {
    const prefix = key.slice(0, key.lastIndexOf('.'));
    // Literal uses, or a family read by a template such as t(`precision.${p}`).
    return !code.includes(`'${key}'`) && !code.includes(`"${key}"`) && !code.includes(`\`${prefix}.\${`);
  });
  assert.deepEqual(unused, []);
});
