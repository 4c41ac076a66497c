// The problem+json mapper: a conflict with a stored record names it; other conflicts name no record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../core/errors.ts';
import { problemOf } from './problem.ts';

test('a records.* conflict carries record_id; a conflict about a peer or an agreement does not', () => {
  const id = 'incident--0f5a3c2e-7d41-4b8e-9a6c-3e2d1b0a9f87';
  const reused = problemOf(new DomainError('conflict', 'records.idempotency_key_reused', [], { id }), 'fr');
  assert.equal(reused.status, 409);
  assert.equal(reused.record_id, id);
  assert.equal(problemOf(new DomainError('conflict', 'records.exists', [], { id }), 'en').record_id, id);
  const peer = problemOf(new DomainError('conflict', 'peer.already_removed', [], { id: 'node-sen' }), 'fr');
  assert.equal(peer.status, 409);
  assert.equal('record_id' in peer, false);
  assert.equal('record_id' in problemOf(new DomainError('not_found', 'records.not_found', [], { id }), 'fr'), false);
});
