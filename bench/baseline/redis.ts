// A private redis-server for the baseline (Debian's package `redis-server`), on a free
// port with its data in a temporary folder, configured as BullMQ asks for production:
// append-only file synced every second, and no eviction of keys.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface RunningRedis {
  url: string;
  process: ChildProcess;
  /** Redis's own figure for the memory its data takes (INFO memory: used_memory) */
  usedMemoryBytes(): Promise<number>;
  stop(): Promise<void>;
}

export class RedisMissingError extends Error {
  override name = 'RedisMissingError';
}

export function redisServerBinary(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim();
  } catch {
    throw new RedisMissingError(
      'redis-server is not installed; the BullMQ baseline needs it. Install it with `apt-get install redis-server` (.ci/run does this).',
    );
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Sends one inline command and returns Redis's raw answer. */
function redisCommand(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      // a bulk string answer is complete once its announced length has arrived
      const length = /^\$(\d+)\r\n/.exec(answer)?.[1];
      if (answer.startsWith('+') || answer.startsWith('-') || (length && answer.length >= answer.indexOf('\n') + 1 + Number(length))) {
        socket.end();
        resolve(answer);
      }
    });
    socket.on('error', reject);
    socket.write(`${command}\r\n`);
  });
}

export async function startRedis(): Promise<RunningRedis> {
  const binary = redisServerBinary();
  const dir = mkdtempSync(path.join(tmpdir(), 'planrrr-bench-redis-'));
  const port = await freePort();
  const child = spawn(
    binary,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--save',
      '',
      '--maxmemory-policy',
      'noeviction',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      if ((await redisCommand(port, 'PING')).startsWith('+PONG')) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not start on port ${port}:\n${output.join('')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    process: child,
    async usedMemoryBytes() {
      const info = await redisCommand(port, 'INFO memory');
      return Number(/used_memory:(\d+)/.exec(info)?.[1]);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  };
}
