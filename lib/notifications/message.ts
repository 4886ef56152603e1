// The words of a notification: one title, the same in the app and the email's subject (and
// in the team's chat, but for whom a mention names), and the page of the web app it links to.
import type { NotificationEvent } from '../../domain/notifications';
import { platformName, type Platform } from '../../domain/post';

/** What the event's ids name, read when it is noticed. */
export interface NotificationContext {
  /** the start of the post's text */
  postText?: string;
  connection?: { displayName: string; platform: Platform };
  /** the name of whoever caused the event */
  actorName?: string;
}

const EXCERPT_LENGTH = 60;

/** The start of a post's text on one line, shortened at a word where it can be. */
export function excerpt(text: string, length = EXCERPT_LENGTH): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= length) return line;
  const cut = line.slice(0, length);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > length / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

function postName(context: NotificationContext): string {
  return context.postText === undefined ? 'a post' : `“${excerpt(context.postText)}”`;
}

/** The title as a recipient reads it. */
export function notificationTitle(event: NotificationEvent, context: NotificationContext): string {
  const post = postName(context);
  const actor = context.actorName ?? 'Someone';
  switch (event.kind) {
    case 'approval_requested':
      return `${actor} asks for approval of ${post}`;
    case 'approval_decided':
      return `${actor} ${event.decision} ${post}`;
    case 'approval_expired':
      return `No decision came in time: ${post} was not published`;
    case 'post_failed':
      return `Publishing failed: ${post}`;
    case 'post_partly_published':
      return `Published on some accounts only: ${post}`;
    case 'connection_needs_reconnect':
      return context.connection
        ? `${context.connection.displayName} (${platformName(context.connection.platform)}) needs reconnecting`
        : 'An account needs reconnecting';
    case 'mention':
      return `${actor} mentioned you in a comment on ${post}`;
  }
}

/** The title as the team's chat shows it, where a mention is no one's "you". */
export function chatTitle(event: NotificationEvent, context: NotificationContext): string {
  if (event.kind === 'mention') return `${context.actorName ?? 'Someone'} mentioned team members in a comment on ${postName(context)}`;
  return notificationTitle(event, context);
}

/** The web app's page the notification is about. */
export function notificationPath(event: NotificationEvent): string {
  return event.kind === 'connection_needs_reconnect' ? '/connections' : `/posts/${event.postId}`;
}
