import type { Platform } from '../../../domain/post';
import { platformDefinition } from '../../../platforms';
import { youtubeTitleAndDescription } from '../../../platforms/youtube';
import { googleBusinessPreview } from '../../../platforms/google-business/options';
import { optionsFromFields, TARGET_OPTION_SCHEMAS } from '../../../domain/target-options';
import type { ComposerAccount } from '../../routes/compose.server';
import { initials, PlatformIcon, platformName } from '../account';
import { DocumentCard } from '../document-card';
import { formatInZone } from '../../utils/time';
import type { Composer } from './use-composer';
import type { Attachment } from './use-media-uploads';

/** The post as each chosen account's platform will show it. */
export function PostPreviews({
  composer,
}: {
  composer: Pick<Composer, 'targets' | 'textFor' | 'media' | 'parts' | 'firstComment' | 'targetOptions'>;
}) {
  const firstMedia = composer.media.uploaded[0];
  return (
    <aside className="composer-previews" aria-labelledby="previews-heading">
      <h2 id="previews-heading">Preview</h2>
      {composer.targets.length === 0 ? <p className="hint">Choose an account to see how the post will look there.</p> : null}
      {composer.targets.map((target) => (
        <PlatformPreview
          key={target.id}
          account={target}
          content={composer.textFor(target).trim() ? composer.textFor(target) : 'Your text appears here.'}
          media={firstMedia}
          options={composer.targetOptions[target.id] ?? {}}
          parts={composer.parts.filter((part) => part.trim())}
          firstComment={composer.firstComment.trim()}
          format={formatOf(target.platform, composer.targetOptions[target.id]?.format, composer.media.uploaded.length)}
        />
      ))}
    </aside>
  );
}

/** What an account's format option (domain/target-options.ts) changes in its preview: its name, and whether the text shows. */
export interface PreviewFormat {
  label: string;
  showsText: boolean;
}

export function formatOf(platform: Platform, format: string | undefined, mediaCount: number): PreviewFormat | undefined {
  if (platform !== 'INSTAGRAM' && platform !== 'FACEBOOK') return undefined;
  if (format === 'story') return { label: 'Story', showsText: false };
  if (format === 'reel') return { label: 'Reel', showsText: true };
  if (platform === 'INSTAGRAM' && mediaCount > 1) return { label: `Carousel of ${mediaCount}`, showsText: true };
  return undefined;
}

/** Who a preview shows as the author: the connected account. */
export type PreviewAccount = Pick<ComposerAccount, 'platform' | 'displayName' | 'handle' | 'avatarUrl'>;
/** The picture, video or document a preview shows. */
export type PreviewMedia = Pick<Attachment, 'kind' | 'previewUrl' | 'altText' | 'fileName'>;

/** The post as the platform shows it: a small card in its style (the composer's previews, and the client preview page). */
export function PlatformPreview({
  account,
  content,
  media,
  options,
  parts,
  firstComment,
  format,
}: {
  account: PreviewAccount;
  content: string;
  media: PreviewMedia | undefined;
  /** the account's option fields as typed (a YouTube title, a document's title) */
  options: Readonly<Record<string, string>>;
  /** a thread's later parts, each shown as the reply it becomes */
  parts: string[];
  firstComment: string;
  format: PreviewFormat | undefined;
}) {
  const mediaBlock = media ? (
    media.kind === 'document' ? (
      <DocumentCard fileName={options.documentTitle?.trim() || media.fileName} className="preview-media" />
    ) : media.kind === 'image' ? (
      <img src={media.previewUrl} alt={media.altText} className="preview-media" />
    ) : (
      <video src={media.previewUrl} className="preview-media" muted preload="metadata" />
    )
  ) : null;
  const youtube = account.platform === 'YOUTUBE';
  // a Reel or Story shows the picture or video first, as some platforms always do
  const mediaFirst = format !== undefined || platformDefinition(account.platform).previewMediaFirst === true;
  return (
    <article className={`preview preview-${account.platform.toLowerCase()}`} aria-label={`Preview on ${platformName(account.platform)}`}>
      <header className="preview-header">
        {account.avatarUrl ? (
          <img className="preview-avatar" src={account.avatarUrl} alt="" width={36} height={36} />
        ) : (
          <span className="preview-avatar" aria-hidden="true">
            {initials(account.displayName)}
          </span>
        )}
        <span>
          <strong>{account.displayName}</strong>
          {/* a Discord webhook's name is both */}
          {account.platform === 'DEMO' || account.handle === account.displayName ? null : (
            <span className="preview-handle"> {account.handle}</span>
          )}
        </span>
        <PlatformIcon platform={account.platform} />
      </header>
      {format ? <p className="preview-title">{format.label}</p> : null}
      {mediaFirst ? mediaBlock : null}
      {format?.showsText === false ? (
        <p className="hint">{platformName(account.platform)} shows no text on a Story: the text is not published there.</p>
      ) : youtube ? (
        <YouTubeText content={content} options={options} />
      ) : account.platform === 'GOOGLE_BUSINESS' ? (
        <GoogleBusinessText content={content} options={options} />
      ) : (
        <p className="preview-text">
          {account.platform === 'INSTAGRAM' ? <strong>{account.handle} </strong> : null}
          {content}
        </p>
      )}
      {mediaFirst ? null : mediaBlock}
      {parts.map((part, index) => (
        <p key={index} className="preview-text preview-part" aria-label={`Part ${index + 2}`}>
          {part}
        </p>
      ))}
      {firstComment ? (
        <p className="preview-text preview-part" aria-label="First comment">
          <strong>{account.handle} </strong>
          {firstComment}
        </p>
      ) : null}
      <footer className="preview-footer" aria-hidden="true">
        {platformDefinition(account.platform).previewActions}
      </footer>
    </article>
  );
}

/** A video's title and description as the upload will give them: the options', else the text's first line and the rest. */
function YouTubeText({ content, options }: { content: string; options: Readonly<Record<string, string>> }) {
  // options the rules refuse are shown beside their fields; the preview then shows the text's own
  const parsed = TARGET_OPTION_SCHEMAS.YOUTUBE.safeParse(optionsFromFields('YOUTUBE', options)).data ?? {};
  const { title, description } = youtubeTitleAndDescription(content, parsed);
  return (
    <>
      <p className="preview-title">{title}</p>
      <p className="preview-text preview-clamped">{description}</p>
    </>
  );
}

/** A local date and time as typed ("2026-12-24T18:00"), read on the business's wall clock. */
const businessTime = (local: string, options?: Intl.DateTimeFormatOptions) => {
  const instant = `${local}:00Z`;
  return Number.isNaN(Date.parse(instant)) ? local : formatInZone(instant, 'UTC', options);
};

/** A local post as Search and Maps show it: an event's or offer's title and dates, the text, an offer's coupon, the button. */
function GoogleBusinessText({ content, options }: { content: string; options: Readonly<Record<string, string>> }) {
  const { title, start, end, couponCode, redeemsOnline, button } = googleBusinessPreview(options);
  // an end on the day it starts shows its time only
  const endShown = end && start?.slice(0, 10) === end.slice(0, 10) ? businessTime(end, { timeStyle: 'short' }) : end && businessTime(end);
  return (
    <>
      {title ? <p className="preview-title">{title}</p> : null}
      {start || end ? (
        <p className="preview-footer">
          {start ? businessTime(start) : '…'} – {endShown ?? '…'}
        </p>
      ) : null}
      <p className="preview-text">{content}</p>
      {couponCode ? (
        <p className="preview-coupon">
          Show this code at the store <strong>{couponCode}</strong>
        </p>
      ) : null}
      {redeemsOnline || button ? <span className="preview-button">{button ?? 'Redeem online'}</span> : null}
    </>
  );
}
