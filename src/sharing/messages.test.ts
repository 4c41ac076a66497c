/** Every sharing message exists in French and English, with the same placeholders. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allMessages, hasMessage } from '../i18n/i18n.ts';
import { REASON_CODES } from './reasons.ts';
import './messages.ts';
import './sharing-messages.ts';
import './describe.ts';
import './redaction.ts';
import '../cli/sharing-messages.ts';

const PREFIXES = ['agreement.', 'peer.', 'sharing.', 'policy.', 'cli.peer.', 'cli.agreement.', 'cli.policy.', 'cli.reciprocity.'];
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('French and English for every sharing message, same placeholders, distinct wording', () => {
  let n = 0;
  for (const [code, m] of allMessages()) {
    if (!PREFIXES.some((p) => code.startsWith(p))) continue;
    n++;
    assert.ok(m.fr.trim() && m.en.trim(), code);
    assert.deepEqual(placeholders(m.fr), placeholders(m.en), code);
    const words = m.fr.replace(/\{\w+\}/g, '').replace(/[^\p{L}]/gu, '');
    if (words.length > 3) assert.notEqual(m.fr, m.en, code);
  }
  assert.ok(n > 150, `${n} messages`);
  for (const code of REASON_CODES) assert.ok(hasMessage(`policy.reason.${code}`), code);
});
