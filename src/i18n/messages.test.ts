/**
 * Every message code that the code base uses is registered in French and English, and the two
 * texts differ (a missing translation shows the raw code to a person).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allMessages } from './i18n.ts';

const SRC = fileURLToPath(new URL('..', import.meta.url));

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'web') files(p, out);
    } else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

test('every message code used with a DomainError or an Issue is registered in FR and EN', async () => {
  const all = files(SRC);
  for (const f of all.filter((f) => readFileSync(f, 'utf8').includes('defineMessages('))) await import(f);
  const registry = allMessages();
  const missing = new Set<string>();
  for (const f of all) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/new DomainError\(\s*'[a-z_]+',\s*'([a-z0-9_.]+)'/g)) if (!registry.has(m[1]!)) missing.add(`${m[1]} (${f.slice(SRC.length)})`);
    for (const m of text.matchAll(/code: '([a-z0-9_]+\.[a-z0-9_.]+)'/g)) if (!registry.has(m[1]!)) missing.add(`${m[1]} (${f.slice(SRC.length)})`);
  }
  assert.deepEqual([...missing].sort(), []);
  for (const [code, m] of registry) {
    assert.ok(m.fr.trim() && m.en.trim(), `${code} has both languages`);
  }
});
