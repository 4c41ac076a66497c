import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countryIso3, countryNameFr } from './countries-by-name.ts';

void describe('countryIso3', () => {
  const cases: [string, string | null][] = [
    ['Burkina Faso', 'BFA'],
    ['Mali', 'MLI'],
    ['Niger', 'NER'],
    ['Nigeria', 'NGA'],
    ['Senegal', 'SEN'],
    ['Sénégal', 'SEN'],
    ['Benin', 'BEN'],
    ['Togo', 'TGO'],
    ['Ghana', 'GHA'],
    ['Ivory Coast', 'CIV'],
    ["Cote d'Ivoire", 'CIV'],
    ['Côte d’Ivoire', 'CIV'],
    ["CÔTE D'IVOIRE", 'CIV'],
    ['Chad', 'TCD'],
    ['Tchad', 'TCD'],
    ['Mauritania', 'MRT'],
    ['Algeria', 'DZA'],
    ['Guinea', 'GIN'],
    ['Guinea-Bissau', 'GNB'],
    ['DR Congo (Zaire)', 'COD'],
    ['  Mali  ', 'MLI'],
    ['BFA', 'BFA'],
    ['France', 'FRA'],
    ['Allemagne', 'DEU'],
    ['Atlantis', null],
    ['', null],
    ['XYZ', null],
  ];
  for (const [name, iso3] of cases)
    void it(`${JSON.stringify(name)} → ${iso3}`, () => assert.equal(countryIso3(name), iso3));

  void it('names countries in French', () => {
    assert.equal(countryNameFr('SEN'), 'Sénégal');
    assert.equal(countryNameFr('CIV'), 'Côte d’Ivoire');
    assert.equal(countryNameFr('FRA'), 'France');
    assert.equal(countryNameFr('ZZZ'), 'ZZZ');
  });
});
