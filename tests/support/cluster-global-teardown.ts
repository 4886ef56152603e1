import { rm } from 'node:fs/promises';

export default async function clusterGlobalTeardown(): Promise<void> {
  if (globalThis.planrrrClusterTestDir) await rm(globalThis.planrrrClusterTestDir, { recursive: true, force: true });
}
