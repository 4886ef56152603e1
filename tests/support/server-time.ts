// "Server time" for the hostile-input suites: the CPU time this process spent while one
// request was answered. Those suites run the server in the test's own process and send one
// request at a time, so the figure is the server's work on that request (plus the client's
// small share), and unlike wall time it does not grow when a loaded machine descheduled the
// process. The unbounded JSON parser spent 18 s of it on 40 KB of brackets.
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

/** Throws, naming the request, when it took more than SERVER_TIME_BUDGET_MS of server time. */
export function expectWithinServerBudget(cpuMs: number, request: string): void {
  if (cpuMs > SERVER_TIME_BUDGET_MS) {
    throw new Error(`${request} took ${Math.round(cpuMs)} ms of server time (budget: ${SERVER_TIME_BUDGET_MS} ms)`);
  }
}
