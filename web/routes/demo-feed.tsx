import { Link } from 'react-router';
import { LocalTime } from '../components/local-time';
import { requirePermission } from '../utils/auth.server';
import { rethrowAsResponse } from '../utils/forms.server';
import type { Route } from './+types/demo-feed';

export const meta: Route.MetaFunction = () => [{ title: 'Demo feed · planrrr' }];

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const actor = requirePermission(context, request, 'connections:read');
  const { connection, items } = await context.services.connections.demoFeed(actor, params.connectionId).catch(rethrowAsResponse);
  return {
    connection: { id: connection.id, displayName: connection.displayName },
    items: items.map((item) => ({
      id: item.id,
      content: item.content,
      media: item.media.map(({ id, kind, contentUrl, altText }) => ({ id, kind, contentUrl, altText })),
      createdAt: item.createdAt.toISOString(),
    })),
  };
}

export default function DemoFeed({ loaderData }: Route.ComponentProps) {
  const { connection, items } = loaderData;
  return (
    <>
      <div className="demo-banner" role="note">
        <span className="badge badge-demo">Demo</span> <strong>This is planrrr’s built-in demo channel.</strong> Posts published here stay
        inside planrrr: nothing is sent to a real social network.
      </div>
      <h1>{connection.displayName}</h1>
      {items.length === 0 ? (
        <p>
          Nothing published here yet. <Link to="/posts">Schedule a post</Link> to this channel and it appears here at its publish time.
        </p>
      ) : (
        <ol className="feed">
          {items.map((item) => (
            <li key={item.id}>
              <article id={item.id} className="card feed-item">
                <p className="post-content">{item.content}</p>
                {item.media.length > 0 ? (
                  <div className="feed-media" data-count={Math.min(item.media.length, 4)}>
                    {item.media.map((file) =>
                      file.kind === 'IMAGE' ? (
                        <img key={file.id} src={file.contentUrl} alt={file.altText ?? ''} loading="lazy" />
                      ) : (
                        <video key={file.id} src={file.contentUrl} controls preload="metadata" aria-label={file.altText ?? 'Video'} />
                      ),
                    )}
                  </div>
                ) : null}
                <p className="hint">
                  Published <LocalTime iso={item.createdAt} />
                </p>
              </article>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
