// The one SMTP transport of a worker process (nodemailer), and how an SMTP server's answer
// is read: a 5xx reply is a refusal for good, anything else (4xx such as greylisting, a
// refused or dropped connection, a timeout) is worth another try.
import { createTransport } from 'nodemailer';
import type { Config } from '../config';

export interface OutgoingMessage {
  /** also the Message-ID's local part, so that a message sent twice carries the same Message-ID */
  id: string;
  to: string;
  subject: string;
  text: string;
  html?: string | null;
}

export interface Mailer {
  /** resolves with the Message-ID once the server accepted the message (its 250 to DATA) */
  send(message: OutgoingMessage): Promise<{ messageId: string }>;
}

/** How long the worker waits for the SMTP server at each step before the attempt fails (and is retried). */
const SMTP_TIMEOUT_MS = 30_000;

/** The mailer of `SMTP_URL`, or undefined where email is off (production without SMTP_URL). */
export function createMailer(config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM'>): Mailer | undefined {
  if (!config.SMTP_URL) return undefined;
  const transport = createTransport(
    { url: config.SMTP_URL, connectionTimeout: SMTP_TIMEOUT_MS, greetingTimeout: SMTP_TIMEOUT_MS, socketTimeout: SMTP_TIMEOUT_MS },
    { from: config.MAIL_FROM },
  );
  const domain = /@([^>\s]+)>?\s*$/.exec(config.MAIL_FROM)?.[1] ?? 'planrrr';
  return {
    async send(message) {
      const info = await transport.sendMail({
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html ? { html: message.html } : {}),
        messageId: `<${message.id}@${domain}>`,
      });
      return { messageId: info.messageId };
    },
  };
}

export interface SmtpFailure {
  message: string;
  /** the server refused the message for good: sending it again is refused again */
  permanent: boolean;
}

/** Reads a failed send: nodemailer puts the server's reply code on `responseCode`. */
export function smtpFailure(error: unknown): SmtpFailure {
  const message = error instanceof Error ? error.message : String(error);
  const responseCode = typeof error === 'object' && error !== null && 'responseCode' in error ? Number(error.responseCode) : undefined;
  return { message, permanent: responseCode !== undefined && responseCode >= 500 && responseCode < 600 };
}
