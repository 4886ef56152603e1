// "Server time" for the hostile-input suites: the CPU time this process spent while one
// request was answered. Those suites run the server in the test's own process and send one
// request at a time, so the figure is the server's work on that request (plus the client's
// small share), and unlike wall time it does not grow when a loaded machine deschedules the
// process. The unbounded JSON parser spent 18 s of it on 40 KB of brackets.
//
// A process's CPU time also holds whatever happened to fall into the request's time: a
// garbage collection, code compiled for the first time, other cores' contention on a busy
// machine (seen: 214 ms for a 329-byte request in a parallel CI run). What a request costs
// by itself it costs every time, so a request over the budget is sent once more and fails
// the test only when it is over again: the lower of two measurements is its cost.
export const SERVER_TIME_BUDGET_MS = 200;

export interface Timed<T> {
  result: T;
  /** CPU time of this process, user and system, all threads */
  cpuMs: number;
  wallMs: number;
}

export async function timed<T>(call: () => Promise<T>): Promise<Timed<T>> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await call();
  const cpu = process.cpuUsage(cpuBefore);
  return { result, cpuMs: (cpu.user + cpu.system) / 1_000, wallMs: performance.now() - started };
}

/**
 * Sends a request with `send` (which must make a new request each time it is called) and
 * checks its server time; throws, naming the request, when it is over the budget twice.
 * Answers the first request's result: a repeat only measures (the suites' repeats are
 * refusals, replays or harmless copies).
 */
export async function sendWithinServerBudget<T>(send: () => Promise<T>, request: string): Promise<Timed<T>> {
  const first = await timed(send);
  if (first.cpuMs <= SERVER_TIME_BUDGET_MS) return first;
  const second = await timed(send);
  if (second.cpuMs <= SERVER_TIME_BUDGET_MS) return { ...first, cpuMs: second.cpuMs };
  throw new Error(
    `${request} took ${Math.round(Math.min(first.cpuMs, second.cpuMs))} ms of server time, twice over the budget of ${SERVER_TIME_BUDGET_MS} ms`,
  );
}
