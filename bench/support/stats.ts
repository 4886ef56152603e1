// Small statistics for benchmark figures.

/** Nearest-rank percentile of unsorted values (p in 0..100); NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function seconds(ms: number): string {
  return Number.isNaN(ms) ? 'n/a' : `${(ms / 1000).toFixed(2)} s`;
}

export function millis(ms: number): string {
  return Number.isNaN(ms) ? 'n/a' : `${ms.toFixed(1)} ms`;
}

export function mebibytes(bytes: number): string {
  return Number.isNaN(bytes) ? 'n/a' : `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

/** planrrr's figure as a multiple of the baseline's ("2.10×", "0.0016×"), or n/a. */
export function ratio(planrrr: number, baseline: number): string {
  if (!Number.isFinite(planrrr) || !Number.isFinite(baseline) || baseline === 0) return 'n/a';
  const value = planrrr / baseline;
  return `${value >= 0.01 ? value.toFixed(2) : value.toPrecision(2)}×`;
}

/** Runs `task` over `items` with at most `concurrency` at a time, in order of start. */
export async function forEachConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      await task(items[index]!, index);
    }
  });
  await Promise.all(lanes);
}
