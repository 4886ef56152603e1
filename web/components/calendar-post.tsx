// A post on the calendar as a planner reads it at a glance: its time (and on the clock of
// the zone it was scheduled in, when that is not the user's), the accounts it goes
// to, its first image, its labels and its status (a draft is marked as one); hovering or
// focusing it shows a preview beside it, without leaving the calendar. The chip is also
// what the calendar's drag and keyboard moves pick up (web/routes/calendar.tsx).
import { useDndContext, useDraggable } from '@dnd-kit/core';
import { useEffect, useId, useRef, useState, type KeyboardEventHandler, type PointerEventHandler } from 'react';
import { Link } from 'react-router';
import type { CalendarPost } from '../routes/calendar.server';
import { previewPlacement, type PreviewPlacement } from '../utils/calendar';
import { AccountAvatar, AccountName, PlatformIcon } from './account';
import { LocalTime, PostTimeZone } from './local-time';
import { StatusBadge } from './status-badge';

/** A post placed on a day, with its wall-clock time there. */
export type PlacedPost = CalendarPost & { moving: boolean; day: string; hour: number; time: string };

const PREVIEW_WIDTH = 288;
/** Long enough to move the pointer from the chip onto its preview. */
const PREVIEW_CLOSE_DELAY_MS = 150;
const SHOWN_AVATARS = 3;

export function PostChip({ post, draggable, variant = 'grid' }: { post: PlacedPost; draggable: boolean; variant?: 'grid' | 'agenda' }) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: post.id, disabled: !draggable });
  const { active } = useDndContext();
  const preview = usePreview();
  const previewId = useId();
  // The pointer drags the whole chip; the keyboard picks it up by its handle, so Enter on the link still opens the post.
  const onPointerDown = listeners?.onPointerDown as PointerEventHandler | undefined;
  const onKeyDown = listeners?.onKeyDown as KeyboardEventHandler | undefined;
  const isDraft = post.status === 'DRAFT';
  return (
    <li
      ref={(node) => {
        setNodeRef(node);
        preview.chip.current = node;
      }}
      className={`calendar-post calendar-post-${variant} ${statusClass(post.status)}${isDragging ? ' drag-source' : ''}${post.moving ? ' moving' : ''}`}
      onPointerDown={draggable ? onPointerDown : undefined}
      onMouseEnter={preview.show}
      onMouseLeave={preview.hide}
      onFocus={preview.show}
      onBlur={preview.hide}
      onKeyDown={(event) => {
        if (event.key === 'Escape') preview.close();
      }}
      data-post-id={post.id}
    >
      <Link to={`/posts/${post.id}`} className="calendar-post-link" aria-describedby={previewId}>
        {post.thumbnail ? <Thumbnail url={post.thumbnail.url} className="calendar-post-thumb" /> : null}
        <span className="calendar-post-meta">
          <time dateTime={post.publishAt}>{post.time.slice(0, 5)}</time>
          <PostTimeZone iso={post.publishAt} timeZone={post.timeZone} variant={variant === 'agenda' ? 'full' : 'compact'} />
          <AccountAvatars accounts={post.accounts} named={variant === 'agenda'} />
          {isDraft ? <span className="draft-tag">Draft</span> : null}
          <LabelDots labels={post.labels} named={variant === 'agenda'} decorative />
        </span>
        <span className="calendar-post-text">{post.content}</span>
        <span className="visually-hidden">
          {' '}
          (<StatusBadge status={post.status} />, {post.accounts.map((account) => account.displayName).join(', ')}
          {post.labels.length > 0 ? `; ${labelNames(post.labels)}` : ''})
        </span>
      </Link>
      {variant === 'agenda' && !isDraft ? <StatusBadge status={post.status} /> : null}
      {draggable ? (
        <button type="button" className="drag-handle" {...attributes} onKeyDown={onKeyDown} aria-label={`Move “${shorten(post.content)}”`}>
          <span aria-hidden="true">⠿</span>
        </button>
      ) : null}
      {/* inside the chip, so that the pointer keeps it open on its way from the chip to the preview */}
      <PostPreview id={previewId} post={post} placement={active ? null : preview.placement} />
    </li>
  );
}

/** Opens beside the chip on hover or focus; closes on leaving both, Escape, scrolling, or a drag. */
function usePreview() {
  const chip = useRef<HTMLLIElement | null>(null);
  const closing = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [placement, setPlacement] = useState<PreviewPlacement | null>(null);
  const close = () => {
    clearTimeout(closing.current);
    setPlacement(null);
  };
  const show = () => {
    clearTimeout(closing.current);
    if (!chip.current || placement) return;
    setPlacement(
      previewPlacement(chip.current.getBoundingClientRect(), { width: window.innerWidth, height: window.innerHeight }, PREVIEW_WIDTH),
    );
  };
  const hide = () => {
    clearTimeout(closing.current);
    closing.current = setTimeout(() => setPlacement(null), PREVIEW_CLOSE_DELAY_MS);
  };
  useEffect(() => {
    if (!placement) return;
    // The preview is placed in the viewport: any scroll would leave it behind.
    const onScroll = () => setPlacement(null);
    window.addEventListener('scroll', onScroll, { capture: true, passive: true });
    return () => window.removeEventListener('scroll', onScroll, { capture: true });
  }, [placement]);
  useEffect(() => () => clearTimeout(closing.current), []);
  return { chip, placement, show, hide, close };
}

function PostPreview({ id, post, placement }: { id: string; post: PlacedPost; placement: PreviewPlacement | null }) {
  return (
    <div id={id} role="tooltip" className="calendar-preview" hidden={!placement} style={placement ?? undefined}>
      {/* only a shown preview loads its image */}
      {post.thumbnail && placement ? (
        <Thumbnail url={post.thumbnail.url} altText={post.thumbnail.altText} className="calendar-preview-image" />
      ) : null}
      <p className="calendar-preview-when">
        <span>
          <LocalTime
            iso={post.publishAt}
            options={{ weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }}
          />
          <PostTimeZone iso={post.publishAt} timeZone={post.timeZone} />
        </span>{' '}
        <StatusBadge status={post.status} />
      </p>
      <ul className="calendar-preview-accounts">
        {post.accounts.map((account) => (
          <li key={account.connectionId}>
            <AccountName {...account} />
          </li>
        ))}
      </ul>
      <p className="calendar-preview-text">{post.content}</p>
      {post.labels.length > 0 ? (
        <p className="calendar-preview-labels">
          <LabelDots labels={post.labels} named />
        </p>
      ) : null}
    </div>
  );
}

function Thumbnail({ url, altText, className }: { url: string; altText?: string | null; className: string }) {
  return <img src={url} alt={altText ?? ''} className={className} loading="lazy" decoding="async" />;
}

/**
 * Up to three accounts: a picture with its platform's badge, or the platform's icon alone (initials
 * are unreadable this small); then "+N", and the names where there is room. Decorative: the
 * names are in the chip's text.
 */
function AccountAvatars({ accounts, named }: { accounts: CalendarPost['accounts']; named: boolean }) {
  return (
    <span className="calendar-post-accounts" aria-hidden="true">
      {accounts
        .slice(0, SHOWN_AVATARS)
        .map((account) =>
          account.avatarUrl ? (
            <AccountAvatar key={account.connectionId} {...account} />
          ) : (
            <PlatformIcon key={account.connectionId} platform={account.platform} />
          ),
        )}
      {accounts.length > SHOWN_AVATARS ? <span className="calendar-post-more">+{accounts.length - SHOWN_AVATARS}</span> : null}
      {named ? <span className="calendar-post-account-names">{accounts.map((account) => account.displayName).join(', ')}</span> : null}
    </span>
  );
}

/** Each label's colour, as a dot or with its name; `decorative` where the names are written out beside it. */
function LabelDots({
  labels,
  named = false,
  decorative = false,
}: {
  labels: CalendarPost['labels'];
  named?: boolean;
  decorative?: boolean;
}) {
  if (labels.length === 0) return null;
  return (
    <span className="label-dots" aria-hidden={decorative || undefined}>
      {labels.map((label) => (
        <span key={label.id} className={named ? 'label-chip' : 'label-dot'} title={label.name}>
          <span className="label-colour" style={{ background: label.colour }} />
          {named ? label.name : null}
        </span>
      ))}
    </span>
  );
}

function labelNames(labels: CalendarPost['labels']): string {
  return `${labels.length === 1 ? 'label' : 'labels'} ${labels.map((label) => label.name).join(', ')}`;
}

export function statusClass(status: string): string {
  return `status-${status.toLowerCase().replace('_', '-')}`;
}

export function shorten(content: string): string {
  return content.length > 40 ? `${content.slice(0, 39)}…` : content;
}
