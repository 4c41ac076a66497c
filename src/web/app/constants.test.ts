import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  TLP1_IDS as NODE_TLP1,
  TLP2_IDS as NODE_TLP2,
  relToStatement as nodeRelTo,
} from '../../objects/markings.ts';
import {
  TIME_PRECISIONS as NODE_PRECISIONS,
  CASUALTY_CATEGORIES as NODE_CASUALTIES,
  SOURCE_RELIABILITY as NODE_RELIABILITY,
} from '../../objects/sentinelle-extension.ts';
import {
  CASUALTY_CATEGORIES,
  isFlash,
  relToStatement,
  SOURCE_RELIABILITY,
  TIME_PRECISIONS,
  TLP1_IDS,
  TLP2_IDS,
} from './constants.ts';

test('the browser copies of marking ids and extension vocabularies equal the node originals', () => {
  assert.deepEqual(TLP2_IDS, { ...NODE_TLP2 });
  assert.deepEqual([...TLP1_IDS].sort(), Object.values(NODE_TLP1).sort());
  assert.deepEqual([...TIME_PRECISIONS], [...NODE_PRECISIONS]);
  assert.deepEqual([...CASUALTY_CATEGORIES], [...NODE_CASUALTIES]);
  assert.deepEqual([...SOURCE_RELIABILITY], [...NODE_RELIABILITY]);
  assert.equal(relToStatement(['SEN', 'BFA', 'SEN']), nodeRelTo(['SEN', 'BFA']));
});

test('FLASH labels', () => {
  assert.equal(isFlash(['flash']), true);
  assert.equal(isFlash(['ucdp', 'priority:FLASH']), true);
  assert.equal(isFlash(['priority:high']), true);
  assert.equal(isFlash(['high', 'ucdp']), false);
  assert.equal(isFlash(undefined), false);
});
