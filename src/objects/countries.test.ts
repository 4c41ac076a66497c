import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AES,
  ALPHA3_CODES,
  alpha2ToAlpha3,
  COUNTRIES,
  countryByAlpha3,
  ECOWAS,
  isAlpha3,
  SAHEL,
} from './countries.ts';

void test('the full ISO 3166-1 list: 249 unique alpha-3 and alpha-2 codes', () => {
  assert.equal(COUNTRIES.length, 249);
  assert.equal(new Set(ALPHA3_CODES).size, 249);
  assert.equal(new Set(COUNTRIES.map((c) => c.alpha2)).size, 249);
  for (const c of COUNTRIES) {
    assert.match(c.alpha3, /^[A-Z]{3}$/);
    assert.match(c.alpha2, /^[A-Z]{2}$/);
    assert.ok(c.en && c.fr, c.alpha3);
  }
  assert.deepEqual([...ALPHA3_CODES], [...ALPHA3_CODES].sort());
});

void test('partner and regional countries have French and English names', () => {
  for (const code of [...AES, ...ECOWAS, ...SAHEL]) assert.ok(countryByAlpha3(code), code);
  assert.deepEqual(countryByAlpha3('SEN'), { alpha3: 'SEN', alpha2: 'SN', en: 'Senegal', fr: 'Sénégal' });
  assert.equal(countryByAlpha3('CIV')?.fr, "Côte d'Ivoire");
  assert.equal(countryByAlpha3('TCD')?.fr, 'Tchad');
});

void test('code checks and conversions', () => {
  assert.ok(isAlpha3('BFA'));
  for (const bad of ['bfa', 'BF', 'XXX', 'ZZZ', '', 42, null])
    assert.equal(isAlpha3(bad), false, String(bad));
  assert.equal(alpha2ToAlpha3('ml'), 'MLI');
  assert.equal(alpha2ToAlpha3('NE'), 'NER');
  assert.equal(alpha2ToAlpha3('QQ'), undefined);
});
