import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { incidentAdminNames, bfaRegionOf } from './admin-names.ts';
import { defaultBoundaries } from './boundaries.ts';

void describe('incidentAdminNames', () => {
  void it('maps every bundled BFA province to one of the 13 regions', () => {
    const provinces = defaultBoundaries().areas.filter((a) => a.country === 'BFA');
    const regions = new Set(provinces.map((p) => bfaRegionOf(p.admin1Code)));
    assert.ok(!regions.has(null));
    assert.equal(regions.size, 13);
  });

  void it('gives BFA region/province and other countries admin-1 only', () => {
    assert.deepEqual(incidentAdminNames({ country: 'BFA', admin1: 'Bam', admin1Code: 'BF.BM' }), {
      admin1: 'Centre-Nord',
      admin2: 'Bam',
    });
    assert.deepEqual(incidentAdminNames({ country: 'NER', admin1: 'Niamey', admin1Code: 'NE.NI' }), {
      admin1: 'Niamey',
      admin2: null,
    });
  });
});
