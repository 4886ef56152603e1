// Two suites: `unit` (pure code and workflows on Temporal's time-skipping test server)
// and `integration` (the real stack: dev server, PostgreSQL, HTTP, worker processes).
/** @type {import('jest').Config} */
const shared = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  // NOTE: CommonJS output turns `import()` (Prisma's generated client loads its query
  // compiler that way) into require(), which Jest's module sandbox supports.
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: { module: 'CommonJS', moduleResolution: 'Node10', isolatedModules: true } }] },
};

module.exports = {
  // A test that times out can leave a worker or a connection running. The run must still
  // end, with its verdict, instead of hanging until CI's time limit.
  forceExit: true,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/{lib,domain,activities,api,web}/**/*.test.ts',
        '<rootDir>/tests/workflows/**/*.test.ts',
        '<rootDir>/tests/deployment/**/*.test.ts',
      ],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts', '<rootDir>/tests/browser/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
    },
  ],
};
