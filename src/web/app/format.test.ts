import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDateTime, formatEventTime, formatLatLon, formatNumber, formatRelative } from './format.ts';

test('dates and numbers follow the language', () => {
  assert.equal(formatNumber('fr', 2312), '2\u202f312');
  assert.equal(formatNumber('en', 2312), '2,312');
  assert.match(formatDateTime('fr', '2026-03-01T08:30:00Z'), /mars 2026/);
  assert.match(formatDateTime('en', '2026-03-01T08:30:00Z'), /Mar 2026/);
  assert.equal(formatDateTime('fr', undefined), '—');
});

test('an event time is shown no more precisely than known', () => {
  assert.equal(formatEventTime('fr', '2023-05-12T00:00:00Z', 'year'), '2023');
  assert.equal(formatEventTime('en', '2023-05-12T00:00:00Z', 'month'), 'May 2023');
  assert.equal(formatEventTime('fr', '2023-05-12T00:00:00Z', 'day'), '12 mai 2023');
  assert.equal(formatEventTime('fr', '2023-05-12T00:00:00Z', 'week'), 'semaine du 12 mai 2023');
  assert.equal(formatEventTime('en', '2023-05-12T05:30:00Z', 'hour'), '12 May 2023, 05:00 UTC');
  assert.equal(formatEventTime('en', '2023-05-12T05:30:00Z', 'minute'), '12 May 2023, 05:30 UTC');
});

test('coordinates keep five decimals and a separator that reads in each language', () => {
  assert.equal(formatLatLon('fr', 14.1, -1.63), '14,10000 ; -1,63000');
  assert.equal(formatLatLon('en', 14.1, -1.63), '14.10000, -1.63000');
});

test('relative times for the feed', () => {
  const now = Date.parse('2026-03-01T08:30:00Z');
  assert.match(formatRelative('en', '2026-03-01T08:25:00Z', now), /^5 min\.? ago$/);
  assert.match(formatRelative('fr', '2026-03-01T08:25:00Z', now), /il y a 5\s?min/);
});
