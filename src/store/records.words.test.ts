import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTsQuery, searchWords } from './records.words.ts';

void test('search words: folded runs of letters and digits, distinct, same split for index and query', () => {
  assert.deepEqual(searchWords('Sécurité à Ouaga-Dougou, AK-47 (12.35) sécurité'), ['securite', 'a', 'ouaga', 'dougou', 'ak', '47', '12', '35']);
  assert.deepEqual(searchWords("L'Œuvre d’art"), ['l', 'œuvre', 'd', 'art']);
  assert.deepEqual(searchWords('تمبكتو Tombouctou'), ['تمبكتو', 'tombouctou']);
  assert.deepEqual(searchWords(' & | ! :* () '), []);
  assert.equal(searchWords('x'.repeat(5000))[0]?.length, 200);
});

void test('tsquery: every word a prefix, AND-ed, nothing an operator', () => {
  assert.equal(buildTsQuery('Sécurité nord'), "'securite':* & 'nord':*");
  assert.equal(buildTsQuery(`it's "a" & b | !c (d) \\e <-> f:*`), "'it':* & 's':* & 'a':* & 'b':* & 'c':* & 'd':* & 'e':* & 'f':*");
  assert.equal(buildTsQuery('   '), null);
  assert.equal(buildTsQuery('&&& ::: ((('), null);
});
