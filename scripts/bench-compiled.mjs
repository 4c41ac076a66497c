#!/usr/bin/env node
// Runs a benchmark on the JavaScript tsc emits, as the node runs in production (bin/sentinelle.js
// runs dist/), rather than through tsx: tsx keeps function names by wrapping every function
// expression, a cost production never pays, which weighs on closure-heavy code (compact codec).
//   node scripts/bench-compiled.mjs federation      (same arguments as bench/run.ts)
// The build goes to .bench-build/ (src, bench and scripts at their usual depth, assets and dist
// linked), so paths relative to a module resolve as in the sources.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync, symlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, '.bench-build');
rmSync(out, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit', 'false', '--outDir', out, '--sourceMap', 'false'],
  { cwd: root, stdio: 'inherit' },
);
for (const dir of ['assets', 'dist']) if (!existsSync(join(out, dir))) symlinkSync(join(root, dir), join(out, dir));
const r = spawnSync(process.execPath, [join(out, 'bench/run.js'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exitCode = r.status ?? 1;
