// The composer: one text for every chosen account, or an account's own text where the
// author customizes it, checked live against each platform's rules (the same module the
// API checks with), media uploads with progress, a preview per platform, and three ways
// out: schedule, save a draft, publish now. Without JavaScript it is a plain form the
// server validates (media needs JavaScript). Its parts are in web/components/composer/.
import { Form, Link } from 'react-router';
import { AccountOverrides } from '../components/composer/account-overrides';
import { AccountPicker } from '../components/composer/account-picker';
import { ComposerActions } from '../components/composer/composer-actions';
import { MainTextField } from '../components/composer/main-text-field';
import { MediaUploader } from '../components/composer/media-uploader';
import { PostPreviews } from '../components/composer/post-previews';
import { useComposer } from '../components/composer/use-composer';
import { FormErrors } from '../components/field';
import { PublishAtField } from '../components/publish-at-field';
import { requirePermission } from '../utils/auth.server';
import { useTimeZone } from '../utils/use-time-zone';
import type { Route } from './+types/compose';
import { composePost, loadComposer, type ComposerAccount } from './compose.server';

export const meta: Route.MetaFunction = () => [{ title: 'Compose · planrrr' }];

export async function loader({ context, request }: Route.LoaderArgs) {
  return loadComposer(context, requirePermission(context, request, 'posts:write'), new URL(request.url));
}

export async function action({ context, request }: Route.ActionArgs) {
  return composePost(context, requirePermission(context, request, 'posts:write'), await request.formData());
}

export default function Compose({ loaderData, actionData }: Route.ComponentProps) {
  const { connections, publishAt } = loaderData;
  if (connections.length === 0) {
    return (
      <>
        <h1>Compose</h1>
        <section className="callout">
          <h2>Connect an account first</h2>
          <p>Posts are published to connected accounts, and this team has none yet. The demo channel publishes to a feed inside planrrr.</p>
          <p>
            <Link to="/connections" className="button">
              Add the demo channel
            </Link>
          </p>
        </section>
      </>
    );
  }
  return <Composer connections={connections} publishAt={publishAt} failure={actionData} />;
}

function Composer({
  connections,
  publishAt,
  failure,
}: {
  connections: ComposerAccount[];
  /** the time the page was opened for (the calendar's day or hour) */
  publishAt: string | undefined;
  failure: Route.ComponentProps['actionData'];
}) {
  const composer = useComposer(connections, failure);
  const { timeZone } = useTimeZone();
  const errors = failure?.errors;
  return (
    <>
      <h1>Compose</h1>
      <Form method="post" action="/compose" className="composer" noValidate>
        <div className="composer-main stack">
          <FormErrors errors={[...(errors?.form ?? []), ...(errors?.media ?? []), ...(errors?.altText ?? [])]} />
          <AccountPicker connections={connections} composer={composer} errors={errors?.connectionIds} />
          <MainTextField composer={composer} errors={errors?.content} />
          <AccountOverrides connections={connections} composer={composer} errors={errors} />
          <MediaUploader uploads={composer.media} />
          <PublishAtField timeZone={timeZone} defaultValue={failure?.fields.publishAt ?? publishAt} errors={errors?.publishAt} />
          <ComposerActions composer={composer} />
        </div>
        <PostPreviews composer={composer} />
      </Form>
    </>
  );
}
