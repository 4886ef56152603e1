// What a burst's connections cost the worker at the time, and what opening them ahead saves
// (lib/platforms/connection-pool.ts, `warm`): N platform calls at once through the worker's
// connection pool to an HTTPS server in another process, once with no connection open (each
// call opens its own TLS connection, as a burst did before) and once with N connections opened
// ahead, as a publish waiting for its time now does 5 s before it. Measured in this process:
// the wall time from the first call to the last answer, and its CPU time over that interval.
//   npm run bench:connections -- --calls 128,256,512
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fetch } from 'undici';
import { PlatformConnectionPool } from '../lib/platforms/connection-pool';
import { commandLine, markdownTable, report } from './support/report';
import { increasingWholeNumbers, runAsCommand } from './support/run';
import { millis } from './support/stats';

/** How long the server takes to answer, as a fast platform would (much less than a real post call). */
const ANSWER_AFTER_MS = 20;
/** Time the connections opened ahead are given to be open before the calls. */
const SETTLE_MS = 2_000;

/** The certificates real platforms present: an ECDSA P-256 key (X, Mastodon.social) or an RSA 2048 one. */
const KEYS = {
  'ECDSA P-256': ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'],
  'RSA 2048': ['-newkey', 'rsa:2048'],
} as const;
type KeyKind = keyof typeof KEYS;

const SERVER = `
const https = require('node:https');
const fs = require('node:fs');
const server = https.createServer(
  { key: fs.readFileSync(process.env.KEY), cert: fs.readFileSync(process.env.CERT) },
  (request, response) => { request.resume(); setTimeout(() => response.end('{"id":"1"}'), ${ANSWER_AFTER_MS}); },
);
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

/** A self-signed certificate for localhost with that kind of key, made with openssl. */
function certificate(folder: string, kind: KeyKind): { key: string; cert: string } {
  const key = path.join(folder, `${kind.replace(/\W/g, '')}.key`);
  const cert = path.join(folder, `${kind.replace(/\W/g, '')}.crt`);
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', ...KEYS[kind], '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'],
      {
        stdio: 'ignore',
      },
    );
  } catch {
    throw new Error('bench:connections needs the openssl command to make its test certificates (Debian: apt-get install openssl)');
  }
  return { key, cert };
}

async function startServer(files: { key: string; cert: string }): Promise<{ url: string; process: ChildProcess }> {
  const server = spawn(process.execPath, ['-e', SERVER], { env: { ...process.env, KEY: files.key, CERT: files.cert } });
  const [output] = (await once(server.stdout!, 'data')) as [Buffer];
  return { url: `https://localhost:${Number(String(output).trim())}`, process: server };
}

interface Round {
  wallMs: number;
  cpuMs: number;
}

/** `calls` POSTs at once through the pool: the wall time to the last answer and this process's CPU time meanwhile. */
async function callsAtOnce(pool: PlatformConnectionPool, url: string, calls: number): Promise<Round> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: calls }, async () => {
      const response = await fetch(`${url}/api/v1/statuses`, { method: 'POST', body: 'status=hello', dispatcher: pool });
      if (!response.ok) throw new Error(`the server answered ${response.status}`);
      await response.text();
    }),
  );
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

async function measure(url: string, calls: number): Promise<{ cold: Round; ahead: Round }> {
  const coldPool = new PlatformConnectionPool({ connectionsPerHost: calls, allowPrivateAddresses: true });
  const cold = await callsAtOnce(coldPool, url, calls);
  await coldPool.close();
  const aheadPool = new PlatformConnectionPool({ connectionsPerHost: calls, allowPrivateAddresses: true });
  for (let call = 0; call < calls; call++) aheadPool.warm(url);
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const ahead = await callsAtOnce(aheadPool, url, calls);
  await aheadPool.close();
  return { cold, ahead };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const { values } = parseArgs({ args, options: { calls: { type: 'string', default: '128,256,512' } } });
  const sizes = increasingWholeNumbers('--calls', values.calls, '128,256,512');
  // the test certificates are self-signed: this process trusts them without a chain to check
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
  const folder = mkdtempSync(path.join(tmpdir(), 'planrrr-bench-connections-'));
  const startedAt = new Date();
  const rows: string[][] = [];
  try {
    for (const kind of Object.keys(KEYS) as KeyKind[]) {
      const server = await startServer(certificate(folder, kind));
      try {
        // one round first, not counted: the code paths are compiled before they are timed
        await measure(server.url, 32);
        for (const calls of sizes) {
          const { cold, ahead } = await measure(server.url, calls);
          console.log(`${kind}, ${calls} calls: ${millis(cold.wallMs)} → ${millis(ahead.wallMs)} to the last answer`);
          rows.push([
            kind,
            calls.toLocaleString('en'),
            `${millis(cold.wallMs)} / ${millis(cold.cpuMs)}`,
            `${millis(ahead.wallMs)} / ${millis(ahead.cpuMs)}`,
            millis((cold.cpuMs - ahead.cpuMs) / calls),
          ]);
        }
      } finally {
        server.process.kill();
      }
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  report(
    {
      id: 'connections-ahead',
      title: 'A burst of platform calls with its connections opened at the time, and ahead',
      command: commandLine('bench:connections', args),
      body: [
        markdownTable(
          [
            'server key',
            'calls at once',
            'no connection open: to the last answer / worker CPU',
            'connections opened ahead: to the last answer / worker CPU',
            'worker CPU per TLS connection opened at the time',
          ],
          rows,
        ),
        '',
        `Each call is a POST through the worker's connection pool (\`lib/platforms/connection-pool.ts\`, one connection per call) to`,
        `an HTTPS server in another process on the same machine that answers after ${ANSWER_AFTER_MS} ms. "Opened ahead": the pool`,
        `opened the connections ${SETTLE_MS / 1000} s before the calls (\`warm\`, what a publish waiting for its time does 5 s before`,
        "it). CPU is this process's alone (the server's is not counted): what the handshakes cost the worker's event loop, which",
        'at the time also sends the calls. The certificates are self-signed and not checked against a chain of authorities.',
      ].join('\n'),
    },
    startedAt,
  );
}

runAsCommand(module, main);
