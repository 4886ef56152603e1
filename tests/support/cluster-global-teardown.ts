import { rm } from 'node:fs/promises';

export default async function clusterGlobalTeardown(): Promise<void> {
  const running = globalThis.planrrrClusterTests;
  if (!running) return;
  await running.postgres.stop();
  await rm(running.dir, { recursive: true, force: true });
}
