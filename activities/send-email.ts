// Sends one outbox email (lib/email/outbox.ts) through the worker's SMTP transport, at most
// once as far as planrrr can tell: the row is read first and a sent message is not sent
// again; sentAt is written right after the server accepted it. What remains (the worker
// dying between the server's 250 and that write) is in docs/operations.md.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { Db } from '../lib/db';
import { smtpFailure, type Mailer } from '../lib/email/mailer';
import { startEmailWorkflow } from '../lib/email/outbox';

const MAX_ERROR_LENGTH = 500;
/** A message is left to the code that queued it this long before the reconciler starts it. */
const START_GRACE_MS = 60_000;
/** Messages started per reconciler pass, oldest first; the rest wait for the next pass. */
const PENDING_BATCH = 500;

export interface SendEmailDeps {
  db: Db;
  /** undefined where email is off (production without SMTP_URL): each message is recorded as failed */
  mailer: Mailer | undefined;
  /** the reconciler starts the workflows of messages queued while Temporal did not answer */
  temporal: Client;
  taskQueue: string;
}

export type SendEmailOutcome = 'SENT' | 'ALREADY_SENT' | 'ALREADY_FAILED';

export function createSendEmailActivities({ db, mailer, temporal, taskQueue }: SendEmailDeps) {
  return {
    /**
     * The reconciler's part for email: starts the workflow of every message still PENDING a
     * minute after it was queued (its start went unanswered). A message whose workflow runs
     * or ran is left as it is. Answers how many starts were asked for.
     */
    async startPendingEmails(): Promise<number> {
      const pending = await db.emailMessage.findMany({
        where: { status: 'PENDING', createdAt: { lt: new Date(Date.now() - START_GRACE_MS) } },
        select: { id: true },
        orderBy: { createdAt: 'asc' },
        take: PENDING_BATCH,
      });
      for (const { id } of pending) {
        await startEmailWorkflow({ db, temporal, taskQueue }, id);
        Context.current().heartbeat(id);
      }
      return pending.length;
    },

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
