/**
 * One node as a real child process for the fault tests: opens the node of a data directory (PGlite
 * there, or PostgreSQL), serves the federation endpoints on a fixed loopback port, and runs the
 * stream engine in a loop, printing one JSON line per round ({"backlog": n}). Killed with SIGKILL
 * by the test at random moments.
 */
import { loadConfig } from '../../../config/config.ts';
import { openNode } from '../../../node/node.ts';
import { buildApp } from '../../../api/app.ts';

const [dataDir, port, databaseUrl] = process.argv.slice(2);
const node = await openNode(
  loadConfig({ env: {}, dataDir: dataDir!, databaseUrl: databaseUrl || undefined }),
);
const app = await buildApp({ node });
await app.listen({ port: Number(port), host: '127.0.0.1' });
let stopping = false;
process.on('SIGTERM', () => {
  stopping = true;
});
while (!stopping) {
  let error: string | null = null;
  try {
    await node.federation.sync();
  } catch (e) {
    error = (e as Error).message;
  }
  const status = await node.federation.status();
  process.stdout.write(`${JSON.stringify({ backlog: status.reduce((n, s) => n + s.backlog, 0), error })}\n`);
  await new Promise((r) => setTimeout(r, 20));
}
await app.close();
await node.close();
