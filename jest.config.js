// Four projects: `unit` (pure code and workflows on Temporal's time-skipping test server),
// `integration` (the real stack: dev server, PostgreSQL, HTTP, worker processes, Chromium),
// `faults` (the same stack, with tests that stop PostgreSQL, Temporal or workers, and
// the benchmarks' smoke runs, one file at a time: each stops a PostgreSQL, a Temporal server
// or workers of its own, or measures lateness) and `cluster` (the real Temporal server on
// PostgreSQL with two API servers and two workers, runtime/cluster.ts, started by each file,
// one file at a time: `npx jest tests/cluster --selectProjects cluster`). `npm test` (runtime/test.ts) runs the fault
// files in the lanes of tests/support/fault-lanes.json, each lane one file at a time,
// beside the other projects: they mostly wait on restarts and timers. The lanes are
// balanced by duration. Its `quiet` files check lateness within a few seconds, which a
// busy machine breaks: they run last, alone.
const FAULT_TESTS_BY_PHASE = require('./tests/support/fault-lanes.json');

/** @type {import('jest').Config} */
const shared = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  // NOTE: CommonJS output turns `import()` (Prisma's generated client loads its query
  // compiler that way) into require(), which Jest's module sandbox supports.
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: { module: 'CommonJS', moduleResolution: 'Node10', isolatedModules: true } }] },
};

// The real stack, started once per run by whichever of the two projects runs first.
const stack = {
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
};

const FAULT_TESTS = [...FAULT_TESTS_BY_PHASE.lanes.flat(), ...FAULT_TESTS_BY_PHASE.quiet].map((file) => `<rootDir>/${file}`);

module.exports = {
  // Integration tests mostly wait on timers and I/O (each file on its own task queue, with
  // its own users and teams), so more workers than the CI machine's 2 cores pay off.
  maxWorkers: 3,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/{lib,domain,platforms,activities,api,web,sdk}/**/*.test.ts',
        '<rootDir>/tests/workflows/**/*.test.ts',
        '<rootDir>/tests/deployment/**/*.test.ts',
      ],
    },
    {
      ...shared,
      ...stack,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts', '<rootDir>/tests/browser/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...FAULT_TESTS],
    },
    {
      ...shared,
      ...stack,
      displayName: 'faults',
      testMatch: FAULT_TESTS,
      runner: '<rootDir>/tests/support/serial-runner.js',
    },
    {
      ...shared,
      displayName: 'cluster',
      testMatch: ['<rootDir>/tests/cluster/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/support/cluster-global-setup.ts',
      globalTeardown: '<rootDir>/tests/support/cluster-global-teardown.ts',
      runner: '<rootDir>/tests/support/serial-runner.js',
    },
  ],
};
