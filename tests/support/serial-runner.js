// Jest's own runner with a single worker process, for the `faults` and `cluster` projects (jest.config.js):
// its files run one at a time, and, as Jest runs each runner's files in turn, never beside
// the other projects' files. A worker process rather than Jest's own: Jest ends it with the
// run, whatever a file left open.
const { default: TestRunner } = require('jest-runner');

module.exports = class SerialRunner extends TestRunner {
  constructor(globalConfig, context) {
    super({ ...globalConfig, maxWorkers: 1 }, context);
  }
};
