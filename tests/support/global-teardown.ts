import { rm } from 'node:fs/promises';

export default async function globalTeardown(): Promise<void> {
  const running = globalThis.planrrrTestStack;
  if (!running) return;
  await Promise.all([running.stack.stop(), running.smtp.stop()]);
  await rm(running.dataDir, { recursive: true, force: true });
}
