// How a planrrr process tells its parent (npm start, the tests) that it is ready, over
// Node's IPC channel. A no-op when the process was not started with one.
export const READY_MESSAGE = 'planrrr:ready';

export function reportReady(): void {
  process.send?.(READY_MESSAGE);
}
