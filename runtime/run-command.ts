import { spawn } from 'node:child_process';
import { PROJECT_ROOT } from './paths';

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /** called with each line of output as it comes */
  onLine?: (line: string) => void;
}

/** Runs a command in the project to completion; resolves with its output, or rejects with it. */
export function runCommand(command: string, args: string[], options: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (options.onLine) chunk.toString().split('\n').filter(Boolean).forEach(options.onLine);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} failed (exit ${code}):\n${output.slice(-4000)}`));
    });
  });
}
