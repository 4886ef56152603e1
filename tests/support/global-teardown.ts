import { rm } from 'node:fs/promises';

export default async function globalTeardown(): Promise<void> {
  const running = globalThis.planrrrTestStack;
  if (!running) return;
  await running.stack.stop();
  await rm(running.dataDir, { recursive: true, force: true });
}
