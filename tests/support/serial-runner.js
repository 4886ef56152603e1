// Jest's own runner, one test file at a time, for the `faults` project (jest.config.js).
// Jest runs each runner's files in turn, so these files run after or before the parallel
// ones, never beside them.
const { default: TestRunner } = require('jest-runner');

module.exports = class SerialRunner extends TestRunner {
  isSerial = true;
};
