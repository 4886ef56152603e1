// A real SMTP server on loopback (smtp-server), for tests that read the email planrrr sends:
// each message is parsed (mailparser) and kept. Use it beside a file's server and worker:
//   const mail = new TestSmtpServer();
//   const stack = useServerAndWorker({ alongside: [mail], env: () => testEnv({ SMTP_URL: mail.url }) });
//   const message = await mail.waitFor((each) => each.to.includes(email));
// failNext() answers the next message (to a given address) with an SMTP error instead of
// 250: 451 (greylisting, tried again later) or 550 (refused for good).
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedEmail {
  /** the envelope's recipients */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html?: string;
  messageId?: string;
  receivedAt: number;
}

export interface SmtpFailure {
  code: number;
  message: string;
  /** only a message to this address; unset: the next message */
  to?: string;
}

export class TestSmtpServer {
  url = '';
  /** every message the server answered, accepted (250) or failed, in order */
  readonly replies: Array<{ to: string[]; code: number }> = [];
  private readonly received: ReceivedEmail[] = [];
  private readonly failures: SmtpFailure[] = [];
  private readonly server = new SMTPServer({
    // a plain local server: no TLS, no log-in, every sender and recipient accepted
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData: (stream, session, callback) => {
      simpleParser(stream).then(
        (parsed) => {
          const to = session.envelope.rcptTo.map((recipient) => recipient.address);
          const index = this.failures.findIndex((failure) => failure.to === undefined || to.includes(failure.to));
          const [failure] = index < 0 ? [] : this.failures.splice(index, 1);
          this.replies.push({ to, code: failure?.code ?? 250 });
          if (failure) return callback(Object.assign(new Error(failure.message), { responseCode: failure.code }));
          this.received.push({
            to,
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            ...(typeof parsed.html === 'string' ? { html: parsed.html } : {}),
            ...(parsed.messageId ? { messageId: parsed.messageId } : {}),
            receivedAt: Date.now(),
          });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = this.server.server.address() as AddressInfo;
    this.url = `smtp://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** the messages accepted so far, oldest first */
  messages(): ReceivedEmail[] {
    return [...this.received];
  }

  /** Resolves with the first accepted message that matches, waiting for it up to timeoutMs. */
  async waitFor(predicate: (email: ReceivedEmail) => boolean, timeoutMs = 30_000): Promise<ReceivedEmail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) {
        const subjects = this.received.map((email) => `${email.to.join(', ')}: ${email.subject}`);
        throw new Error(`No matching email within ${timeoutMs} ms; received: ${JSON.stringify(subjects)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The next messages (to each failure's address) are answered with these failures, one each, instead of being accepted. */
  failNext(...failures: SmtpFailure[]): void {
    this.failures.push(...failures);
  }

  /** The codes the server answered the messages to `address` with, in order. */
  repliesTo(address: string): number[] {
    return this.replies.filter((reply) => reply.to.includes(address)).map((reply) => reply.code);
  }
}
