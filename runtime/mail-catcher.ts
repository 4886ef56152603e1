// The mail catcher `npm start` runs when SMTP_URL is not set: MailDev takes every email the
// worker sends on a loopback SMTP port, and shows them in a browser, so development never
// sends real mail. It keeps them in memory: a restart empties it.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from './paths';
import { isPortInUse } from './ports';
import { stopChild } from './processes';

export interface MailCatcher {
  smtpUrl: string;
  webUrl: string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

export async function startMailCatcher(ports: { smtp: number; web: number }, onLine: (line: string) => void): Promise<MailCatcher> {
  const bin = path.join(PROJECT_ROOT, 'node_modules', 'maildev', 'dist', 'bin', 'maildev.js');
  const child = spawn(
    process.execPath,
    [bin, '--smtp', String(ports.smtp), '--web', String(ports.web), '--ip', '127.0.0.1', '--web-ip', '127.0.0.1', '--silent'],
    { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const forward = (chunk: Buffer) => chunk.toString().split('\n').filter(Boolean).forEach(onLine);
  child.stdout.on('data', forward);
  child.stderr.on('data', forward);
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await isPortInUse(ports.smtp))) {
    if (child.exitCode !== null) throw new Error(`The mail catcher (MailDev) exited with code ${child.exitCode}`);
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`The mail catcher (MailDev) did not listen on port ${ports.smtp} within ${START_TIMEOUT_MS / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    smtpUrl: `smtp://127.0.0.1:${ports.smtp}`,
    webUrl: `http://localhost:${ports.web}`,
    stop: () => stopChild(child),
  };
}

/** Where the start-up banner says emails go: the mail catcher's page, or the SMTP server with its password hidden. */
export function emailDestination(mailCatcher: MailCatcher | undefined, smtpUrl: string | undefined): string {
  return mailCatcher
    ? `${mailCatcher.webUrl}   (the mail catcher: every email planrrr sends lands here)`
    : `sent through ${smtpUrl?.replace(/\/\/[^@/]*@/, '//…@')}`;
}
