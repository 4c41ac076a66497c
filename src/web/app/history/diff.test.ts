import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffObjects, readablePath } from './diff.ts';

const EXT = 'extension-definition--2f0e5c1a-7b3d-4c1e-9a6f-5d8e4b3c2a10';

test('leaf changes with pointers; modified is bookkeeping; arrays compare whole', () => {
  const a = {
    id: 'x',
    modified: '1',
    name: 'A',
    labels: ['a'],
    extensions: { [EXT]: { fatalities: { civilians: 0 }, location: { lat: 1 } } },
  };
  const b = {
    id: 'x',
    modified: '2',
    name: 'A',
    labels: ['a', 'flash'],
    description: 'new',
    extensions: { [EXT]: { fatalities: { civilians: 3 }, location: { lat: 1 } } },
  };
  assert.deepEqual(diffObjects(a, b), [
    { path: '/description', before: undefined, after: 'new' },
    { path: `/extensions/${EXT}/fatalities/civilians`, before: 0, after: 3 },
    { path: '/labels', before: ['a'], after: ['a', 'flash'] },
  ]);
  assert.deepEqual(diffObjects(a, a), []);
});

test('readable paths', () => {
  assert.equal(readablePath(`/extensions/${EXT}/fatalities/civilians`, EXT), 'fatalities › civilians');
  assert.equal(readablePath('/a~1b/c~0d', EXT), 'a/b › c~d');
});
