#!/usr/bin/env node
// Entry point of the `sentinelle` command: runs the compiled CLI (built by `npm install` via `prepare`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(compiled)) {
  console.error('sentinelle: dist/ is missing — run "npm run build" (npm install does it) / dist/ manquant — lancez « npm run build ».');
  process.exit(1);
}
const { main } = await import(compiled);
process.exitCode = await main(process.argv.slice(2));
