/** CSV import of existing spreadsheets: accepted rows stored together, refused rows reported by line, column and reason. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testBackends } from '../store/test-support/backends.ts';
import { createTestNode, type TestNode } from '../node/test-support/test-node.ts';
import { textSource } from './csv-import.ts';
import { PARTNER, programmeInput } from './test-support/fixtures.ts';

const DELIVERIES = [
  'name,provider,receiver,receiving_unit,item_type,category,quantity,measure,serial_numbers,planned_ship_date,shipped_at',
  'Radios lot 1,SEN,BFA,GIR-1,Radio VHF,communications,2,each,RV-1;RV-2,2026-02-01,2026-02-03',
  'Gilets,SEN,BFA,GIR-2,Gilet,protection,-5,each,,2026-02-01,',
  'Camions,SEN,BFA,GIR-9,Camion,véhicules,1,each,CA-1,2026-02-01,',
  'Fusils,SEN,BFA,GIR-1,Fusil,weapon,1,each,rv 2,2026-02-01,',
  'Casques,NER,BFA,GIR-1,Casque,protective,10,each,,2026-02-01,',
  'Tentes,SEN,BFA,GIR-1,Tente,shelter,4,each,,2026-02-01,',
  'Munitions,SEN,BFA,GIR-1,Cartouches,ammunition,abc,round,,2026-02-01,',
  'Camions,SEN,BFA,GIR-2,Camion,Véhicules,1,unité,CA-1,2026-02-01,',
].join('\n');

const TRAINING = [
  'course,skills,provider,receiver,unit,trainees,hours,passed,failed,start,end,place',
  'C-IED,counter_ied;Secourisme au combat,SEN,BFA,GIR-1,20,60,18,2,2026-02-02,2026-02-13,Kaya',
  'DIH,Droit international humanitaire,SEN,BFA,GIR-2,10,8,10,0,2026-03-10,2026-03-01,Dori',
  'Tir,marksmanship;juggling,SEN,BFA,GIR-1,5,10,,,2026-02-01,2026-02-02,',
  'Tir,marksmanship,SEN,BFA,GIR-1,5,10,6,1,2026-02-01,2026-02-02,',
].join('\r\n');

for (const backend of await testBackends()) {
  describe(`[${backend.name}] cooperation CSV import`, () => {
    let tn: TestNode;
    let programme: string;
    before(async () => {
      tn = await createTestNode({ backend: backend.name });
      programme = (
        await tn.node.cooperation.createProgramme('cli', programmeInput(tn.node.settings.nodeId, PARTNER))
      ).id;
    });
    after(async () => tn?.dispose());

    test('deliveries: each refused row names its line, column and reason; the others are stored', async () => {
      const r = await tn.node.cooperation.importCsv('cli', 'deliveries', textSource(DELIVERIES), programme);
      assert.deepEqual(
        r.refused.map((x) => [x.line, x.field, x.code]),
        [
          [3, 'quantity', 'stix.out_of_range'],
          [4, 'receiving_unit', 'cooperation.unknown_unit'],
          [5, 'serial_numbers', 'cooperation.csv_duplicate_serial'],
          [6, 'provider', 'cooperation.not_party'],
          [7, 'category', 'cooperation.csv_bad_value'],
          [8, 'quantity', 'cooperation.csv_bad_number'],
        ],
      );
      assert.equal(r.accepted, 2);
      const stored = await tn.node.cooperation.all('x-sentinelle-delivery');
      assert.deepEqual(stored.map((d) => d.name).sort(), ['Camions', 'Radios lot 1']);
      const camion = stored.find((d) => d.name === 'Camions')!;
      assert.deepEqual(camion.items, [
        { item_type: 'Camion', category: 'vehicle', quantity: 1, measure: 'each', serial_numbers: ['CA-1'] },
      ]);
      assert.equal(camion.status, 'notified');
      // The same serial numbers again: refused as already delivered, nothing stored.
      const again = await tn.node.cooperation.importCsv(
        'cli',
        'deliveries',
        textSource(DELIVERIES.split('\n').slice(0, 2).join('\n')),
        programme,
      );
      assert.deepEqual(
        again.refused.map((x) => [x.line, x.field, x.code]),
        [
          [2, 'serial_numbers', 'cooperation.serial_in_use'],
          [2, 'serial_numbers', 'cooperation.serial_in_use'],
        ],
      );
      assert.equal((await tn.node.cooperation.all('x-sentinelle-delivery')).length, 2);
    });

    test('training sessions: dates out of order, unknown skills and results above the count are refused', async () => {
      const r = await tn.node.cooperation.importCsv('cli', 'training', textSource(TRAINING), programme);
      assert.deepEqual(
        r.refused.map((x) => [x.line, x.field, x.code]),
        [
          [3, 'end', 'stix.must_not_precede'],
          [4, 'skills', 'cooperation.csv_bad_value'],
          [5, 'passed', 'cooperation.results_exceed_count'],
        ],
      );
      assert.equal(r.accepted, 1);
      const [a] = await tn.node.cooperation.all('x-sentinelle-coop-activity');
      assert.deepEqual((a!.course as { skills: string[] }).skills, ['counter_ied', 'first_aid_under_fire']);
    });

    test('a file without a required column is refused at line 1, naming the column', async () => {
      const r = await tn.node.cooperation.importCsv(
        'cli',
        'training',
        textSource('course,skills\nX,counter_ied\n'),
        programme,
      );
      assert.equal(r.accepted, 0);
      assert.deepEqual(
        r.refused.map((x) => x.field),
        ['provider', 'receiver', 'unit', 'trainees', 'hours', 'start', 'end'],
      );
      assert.ok(r.refused.every((x) => x.line === 1 && x.code === 'cooperation.csv_missing_column'));
    });
  });
}
