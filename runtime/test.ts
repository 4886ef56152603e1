// `npm test`: the static checks and jest side by side, not one after the other (jest's
// global setup spends a minute starting the stack, time the type check fills). Jest's
// output streams as it comes; each check's output follows it as one block; the run fails
// when any of them fails. Arguments go to jest: `npm test -- tests/integration/x.test.ts`.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from './paths';

interface Outcome {
  name: string;
  passed: boolean;
  seconds: number;
  /** what a check printed, shown after jest's own output */
  output: string;
}

/**
 * The checks that need no running stack, one after the other (lint reads the route types
 * that the type check's `react-router typegen` writes), beside jest.
 */
const CHECKS: Array<{ name: string; command: string; args: string[] }> = [
  { name: 'typecheck', command: 'npm', args: ['run', '--silent', 'typecheck'] },
  { name: 'lint', command: 'npm', args: ['run', '--silent', 'lint'] },
];

function run(name: string, command: string, args: string[], stdio: 'inherit' | 'pipe'): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, stdio: ['ignore', stdio, stdio] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const finish = (passed: boolean, reason = '') => {
      const outcome = { name, passed, seconds: Math.round((Date.now() - started) / 1000), output: output + reason };
      if (stdio === 'pipe')
        process.stderr.write(`\n== ${name} ${passed ? 'passed' : 'FAILED'} in ${outcome.seconds} s (its output follows jest's)\n`);
      resolve(outcome);
    };
    child.on('error', (error) => finish(false, String(error)));
    child.on('close', (code) => finish(code === 0));
  });
}

async function main(): Promise<void> {
  const checks = (async () => {
    const outcomes: Outcome[] = [];
    for (const check of CHECKS) outcomes.push(await run(check.name, check.command, check.args, 'pipe'));
    return outcomes;
  })();
  const jest = run('jest', path.join(PROJECT_ROOT, 'node_modules', '.bin', 'jest'), ['--ci', ...process.argv.slice(2)], 'inherit');
  const outcomes = [await jest, ...(await checks)];
  for (const check of outcomes.slice(1)) {
    process.stdout.write(`\n== ${check.name} (${check.passed ? 'passed' : 'FAILED'})\n${check.output.trim() || '(no output)'}\n`);
  }
  process.stdout.write(
    `\n== npm test\n${outcomes.map((each) => `${each.name.padEnd(10)} ${each.passed ? 'passed' : 'FAILED'} in ${each.seconds} s`).join('\n')}\n`,
  );
  process.exitCode = outcomes.every((each) => each.passed) ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
