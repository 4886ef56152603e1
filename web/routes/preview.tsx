// The page a client preview link opens (/preview/<token>): each post as every account will
// publish it, its time in the link's time zone, its status. No account needed and no
// session used (web/utils/client-pages.ts); read-only; rendered on the server, so it works
// without JavaScript. An expired, revoked or unknown link gets a page saying so.
import { data } from 'react-router';
import { MEDIA_KINDS } from '../../domain/platform-rules';
import { optionFieldValue } from '../../domain/target-options';
import type { ClientPost, ClientPreview } from '../../api/previews/service';
import { platformName } from '../components/account';
import { formatOf, PlatformPreview, type PreviewMedia } from '../components/composer/post-previews';
import { StatusBadge } from '../components/status-badge';
import { isProblemError } from '../utils/forms.server';
import { describeTimeZone, formatInZone } from '../utils/time';
import type { Route } from './+types/preview';

const PRIVATE_PAGE = 'noindex, nofollow';

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: loaderData && 'preview' in loaderData ? `${loaderData.preview.label} · ${loaderData.preview.teamName}` : 'Preview link' },
  { name: 'robots', content: PRIVATE_PAGE },
];

/** Search engines leave the page out even if a link leaks; no cache keeps a copy. */
export const headers: Route.HeadersFunction = () => ({ 'X-Robots-Tag': PRIVATE_PAGE, 'Cache-Control': 'no-store' });

export async function loader({ context, params }: Route.LoaderArgs) {
  try {
    return { preview: await context.services.previews.open(params.token) };
  } catch (error) {
    // 404: no such link; 410: expired or revoked
    if (!isProblemError(error) || (error.status !== 404 && error.status !== 410)) throw error;
    return data({ gone: { title: error.title, detail: error.detail ?? '' } }, { status: error.status });
  }
}

export default function PreviewPage({ loaderData }: Route.ComponentProps) {
  if ('gone' in loaderData) {
    return (
      <section className="client-preview client-preview-gone">
        <h1>{loaderData.gone.title}</h1>
        <p className="lead">{loaderData.gone.detail}</p>
      </section>
    );
  }
  const { preview } = loaderData;
  return (
    <section className="client-preview" aria-labelledby="preview-heading">
      <header className="client-preview-header">
        <p className="client-preview-team">{preview.teamName}</p>
        <h1 id="preview-heading">{preview.label}</h1>
        <p className="hint">
          {preview.range ? <>Posts planned {rangeText(preview)}. </> : null}
          Times are in {describeTimeZone(preview.timeZone)}. This link works until {formatInZone(preview.expiresAt, preview.timeZone)}.
        </p>
      </header>
      {preview.posts.length === 0 ? (
        <p className="card">{preview.range ? 'Nothing is planned in this time yet.' : 'These posts are no longer there.'}</p>
      ) : (
        <ol className="client-posts">
          {preview.posts.map((post) => (
            <li key={post.id}>
              <ClientPostCard post={post} timeZone={preview.timeZone} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function rangeText(preview: ClientPreview): string {
  const range = preview.range!;
  const day = { weekday: 'short', day: 'numeric', month: 'short' } as const;
  // the range's end is exclusive: its last day is the one before
  const lastDay = new Date(new Date(range.to).getTime() - 1).toISOString();
  return `from ${formatInZone(range.from, preview.timeZone, day)} to ${formatInZone(lastDay, preview.timeZone, { ...day, year: 'numeric' })}`;
}

function clientMedia(media: ClientPost['media'][number] | undefined): PreviewMedia | undefined {
  return media && { kind: MEDIA_KINDS[media.kind], previewUrl: media.url, altText: media.altText ?? '', fileName: media.fileName };
}

function ClientPostCard({ post, timeZone }: { post: ClientPost; timeZone: string }) {
  const headingId = `post-${post.id}`;
  const parts = post.thread.map((part) => part.content);
  return (
    <article className="card client-post" aria-labelledby={headingId}>
      <header className="client-post-header">
        <h2 id={headingId}>
          {post.publishAt
            ? formatInZone(post.publishAt, timeZone, { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' })
            : 'No time set yet'}
        </h2>
        <StatusBadge status={post.status} />
      </header>
      {post.accounts.length === 0 ? (
        <p className="post-content">{post.content}</p>
      ) : (
        <div className="client-post-previews">
          {post.accounts.map((account) => {
            const options = Object.fromEntries(
              Object.entries(account.options ?? {}).map(([name, value]) => [name, optionFieldValue(value)]),
            );
            return (
              <div key={`${account.platform}-${account.handle}`} className="client-post-account">
                <PlatformPreview
                  account={{ ...account, avatarUrl: null }}
                  content={account.content}
                  media={clientMedia(post.media[0])}
                  options={options}
                  parts={parts}
                  firstComment={post.firstComment ?? ''}
                  format={formatOf(account.platform, options.format, post.media.length)}
                />
                {account.url ? (
                  <a href={account.url} rel="noreferrer noopener" target="_blank">
                    See it on {platformName(account.platform)}
                  </a>
                ) : null}
              </div>
            );
          })}
        </div>
      )}
    </article>
  );
}
