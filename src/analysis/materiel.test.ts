import { test } from 'node:test';
import assert from 'node:assert/strict';
import { identifierKeys, keysOfItems, normaliseIdentifier } from './materiel.ts';

test('identifiers are normalised: case, spaces, dashes, dots, accents, "n°"', () => {
  const same = ['AK-47 12 345', 'ak47-12345', 'Ak.47/12345', ' AK 47 — 12345 '];
  for (const s of same) assert.equal(normaliseIdentifier(s), 'AK4712345', s);
  assert.equal(normaliseIdentifier('n° 12345'), normaliseIdentifier('12345'));
  assert.equal(normaliseIdentifier('Numéro É-12'), 'NUMEROE12');
});

test('placeholders and too-short values identify nothing', () => {
  for (const s of ['', 'N/A', 'inconnu', 'Inconnue', '12', '000-000', 'ND', '—', undefined])
    assert.equal(normaliseIdentifier(s), null, String(s));
});

test('keys of an item: serial, marks with lot/year, headstamp', () => {
  assert.deepEqual(
    identifierKeys({
      serial_number: 'SN 0042-17',
      manufacturer_marks: 'Izhmash',
      lot_year: '1978',
      headstamp: '539 / 78',
    }).map((k) => `${k.kind}:${k.value}`),
    ['serial:SN004217', 'marks_lot:IZHMASH|1978', 'headstamp:53978'],
  );
  // Marks without a lot/year, or a lot alone, are not an identifier.
  assert.deepEqual(identifierKeys({ manufacturer_marks: 'Izhmash' }), []);
  assert.deepEqual(identifierKeys({ lot_year: '1978' }), []);
  assert.equal(keysOfItems([{ serial_number: 'ab-1234' }, { serial_number: 'AB 1234' }]).length, 1);
});
