// The mails of a user's account (verification, password reset, invitations): what they say.
// They are sent through the outbox (lib/email/outbox.ts), which retries and never sends one
// twice: the dedupe key names the token's row, so a retried request cannot mail a link twice.
import type { QueuedEmail } from '../../lib/email/outbox';

/** Queues a mail for sending (queueEmail bound to its dependencies, api/services.ts). */
export type SendMail = (mail: QueuedEmail) => Promise<unknown>;

/** The link a mail carries: a page of the web app, its token in the path. */
export function accountLink(publicUrl: string, page: string, token: string): string {
  return new URL(`/${page}/${token}`, publicUrl).toString();
}

export function verificationMail(to: string, link: string, tokenId: string): QueuedEmail {
  return {
    to,
    subject: 'Confirm your email for planrrr',
    text: `Open this link to confirm that ${to} is your address:\n\n${link}\n\nThe link works once, for 24 hours. If you did not sign up for planrrr, ignore this mail.`,
    dedupeKey: `verify-email:${tokenId}`,
  };
}

export function passwordResetMail(to: string, link: string, tokenId: string): QueuedEmail {
  return {
    to,
    subject: 'Reset your planrrr password',
    text: `Someone asked to reset the password of your planrrr account. To choose a new password, open:\n\n${link}\n\nThe link works once, for one hour, and signs you out everywhere else. If it was not you, ignore this mail: your password stays as it is.`,
    dedupeKey: `password-reset:${tokenId}`,
  };
}

export function invitationMail(
  to: string,
  input: { teamName: string; inviterName: string; link: string; invitationId: string },
): QueuedEmail {
  return {
    to,
    subject: `${input.inviterName} invited you to ${input.teamName} on planrrr`,
    text: `${input.inviterName} invited you to join the team ${input.teamName} on planrrr. To accept, open:\n\n${input.link}\n\nThe invitation is valid for 7 days. Log in or sign up with ${to} to accept it.`,
    dedupeKey: `invitation:${input.invitationId}`,
  };
}
