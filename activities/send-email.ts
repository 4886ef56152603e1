// Sends one outbox email (lib/email/outbox.ts) through the worker's SMTP transport, at most
// once as far as planrrr can tell: the row is read first and a sent message is not sent
// again; sentAt is written right after the server accepted it. What remains (the worker
// dying between the server's 250 and that write) is in docs/operations.md.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Db } from '../lib/db';
import { smtpFailure, type Mailer } from '../lib/email/mailer';

const MAX_ERROR_LENGTH = 500;

export interface SendEmailDeps {
  db: Db;
  /** undefined where email is off (production without SMTP_URL): each message is recorded as failed */
  mailer: Mailer | undefined;
}

export type SendEmailOutcome = 'SENT' | 'ALREADY_SENT' | 'ALREADY_FAILED';

export function createSendEmailActivities({ db, mailer }: SendEmailDeps) {
  return {
    async sendEmail(emailId: string): Promise<SendEmailOutcome> {
      const { attempt } = Context.current().info;
      const email = await db.emailMessage.findUniqueOrThrow({
        where: { id: emailId },
        select: { id: true, to: true, subject: true, text: true, html: true, status: true, sentAt: true },
      });
      if (email.sentAt) return 'ALREADY_SENT';
      if (email.status === 'FAILED') return 'ALREADY_FAILED';
      if (!mailer) {
        const reason = 'Email is off: SMTP_URL is not set.';
        await db.emailMessage.update({ where: { id: emailId }, data: { status: 'FAILED', attempts: attempt, lastError: reason } });
        throw ApplicationFailure.nonRetryable(reason, 'EMAIL_OFF');
      }

      let messageId: string;
      try {
        ({ messageId } = await mailer.send(email));
      } catch (error) {
        const failure = smtpFailure(error);
        const lastError = failure.message.slice(0, MAX_ERROR_LENGTH);
        await db.emailMessage.update({
          where: { id: emailId },
          data: { attempts: attempt, lastError, ...(failure.permanent ? { status: 'FAILED' } : {}) },
        });
        if (failure.permanent) throw ApplicationFailure.nonRetryable(lastError, 'EMAIL_REFUSED');
        throw ApplicationFailure.retryable(lastError, 'EMAIL_NOT_SENT');
      }
      await db.emailMessage.update({
        where: { id: emailId },
        data: { status: 'SENT', sentAt: new Date(), messageId, attempts: attempt, lastError: null },
      });
      return 'SENT';
    },

    /** After the last retry: the message is FAILED, with the last attempt's error where one was recorded. */
    async markEmailFailed(emailId: string, reason: string): Promise<void> {
      await db.emailMessage.updateMany({
        where: { id: emailId, status: 'PENDING', lastError: null },
        data: { lastError: reason.slice(0, MAX_ERROR_LENGTH) },
      });
      await db.emailMessage.updateMany({ where: { id: emailId, status: 'PENDING' }, data: { status: 'FAILED' } });
    },
  };
}
