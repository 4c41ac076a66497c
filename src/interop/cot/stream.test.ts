import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Principal } from '../../auth/principal.ts';
import { createTestNode, type TestNode } from '../../node/test-support/test-node.ts';
import { SENTINELLE_INCIDENT_EXTENSION_ID } from '../../objects/stix.ts';
import { testBackends } from '../../store/test-support/backends.ts';
import { CotStreamServer } from './stream.ts';
import { parseXml } from './test-support/xml-check.ts';

interface Client {
  socket: Socket;
  text(): string;
  /** Resolves when the received text satisfies `pred` (or rejects when the connection ends first). */
  until(pred: (text: string) => boolean): Promise<string>;
  closed: Promise<void>;
}

function client(port: number, firstLine: string): Client {
  const socket = connect(port, '127.0.0.1');
  let text = '';
  const waiters: {
    pred: (t: string) => boolean;
    resolve: (t: string) => void;
    reject: (e: Error) => void;
  }[] = [];
  const check = () => {
    for (const w of [...waiters])
      if (w.pred(text)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(text);
      }
  };
  socket.on('data', (d) => {
    text += d.toString('utf8');
    check();
  });
  const closed = new Promise<void>((resolve) =>
    socket.on('close', () => {
      for (const w of waiters.splice(0))
        w.reject(new Error(`closed before expected data; got: ${text.slice(0, 300)}`));
      resolve();
    }),
  );
  socket.write(firstLine + '\n');
  return {
    socket,
    text: () => text,
    closed,
    until: (pred) =>
      pred(text)
        ? Promise.resolve(text)
        : new Promise((resolve, reject) => waiters.push({ pred, resolve, reject })),
  };
}

const incidentBody = (name: string, lat: number): Record<string, unknown> => ({
  type: 'incident',
  name,
  extensions: {
    [SENTINELLE_INCIDENT_EXTENSION_ID]: {
      extension_type: 'property-extension',
      event_type: 'battle',
      occurred_at: '2026-02-28T06:30:00Z',
      time_precision: 'hour',
      location: { lat, lon: -1.5, precision_m: 1000, country: 'BFA' },
      source_reliability: 'B',
      information_credibility: 2,
    },
  },
});

/** The CoT events in a stream, one per line. */
const events = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => parseXml(l));

describe('CoT TCP stream', { timeout: 60_000 }, async () => {
  for (const backend of await testBackends()) {
    describe(backend.name, () => {
      let tn: TestNode;
      let server: CotStreamServer;
      let port: number;
      let analyst: Principal;
      let reporter: Principal;
      before(async () => {
        tn = await createTestNode({ backend: backend.name });
        analyst = (await tn.node.tokens.resolveToken(tn.tokens.analyst))!;
        reporter = (await tn.node.tokens.resolveToken(tn.tokens.reporter))!;
        server = new CotStreamServer(tn.node, { port: 0 });
        port = (await server.start()).port;
      });
      after(async () => {
        await server.stop();
        await tn.dispose();
      });

      it('refuses a client without a valid token, and an account that may read nothing', async () => {
        for (const line of ['', 'not-a-token', `Bearer ${tn.tokens.auditor}`]) {
          const c = client(port, line);
          await c.closed;
          assert.match(c.text(), /^ERROR /, line);
          assert.ok(!c.text().includes('<event'));
        }
      });

      it('streams the snapshot then new incidents live; a reporter sees only their own; revocation deletes', async () => {
        const before1 = await tn.node.records.create(analyst, incidentBody('Avant connexion', 12));
        const a = client(port, `Bearer ${tn.tokens.analyst}`);
        const r = client(port, tn.tokens.reporter);
        await a.until((t) => t.includes(before1.id));
        const mine0 = await tn.node.records.create(reporter, incidentBody('Rapport du terrain 0', 13));
        await r.until((t) => t.includes(mine0.id));
        // The analyst's record is committed before the reporter's next one: were it sent to the
        // reporter, it would arrive first.
        const theirs = await tn.node.records.create(analyst, incidentBody('Analyste', 14));
        const mine = await tn.node.records.create(reporter, incidentBody('Rapport du terrain', 15));
        await r.until((t) => t.includes(mine.id));
        assert.ok(
          !r.text().includes(before1.id) && !r.text().includes(theirs.id),
          'reporter never sees others’ records',
        );
        const got = await a.until((t) => t.includes(mine.id) && t.includes(theirs.id));
        const ev = events(got).find((e) => e.attrs.uid === mine.id)!;
        assert.equal(ev.attrs.type, 'a-h-G');
        assert.equal(ev.children.find((c) => c.name === 'point')!.attrs.lat, '15');
        await tn.node.records.revoke(analyst, theirs.id);
        const afterRevoke = await a.until((t) => t.includes(`uid="${theirs.id}.delete"`));
        assert.equal(
          events(afterRevoke).find((e) => e.attrs.uid === `${theirs.id}.delete`)!.attrs.type,
          't-x-d-d',
        );
        a.socket.destroy();
        r.socket.destroy();
        await Promise.all([a.closed, r.closed]);
      });
    });
  }
});
