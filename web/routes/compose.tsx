// A new post in the composer: one text for every chosen account, or an account's own text
// where the author customizes it, checked live against each platform's rules (the same
// module the API checks with), media uploads with progress, a preview per platform, labels,
// a time and its zone, and three ways out: schedule, save a draft (text alone will do),
// publish now. Without JavaScript it is a plain form the server validates (media needs
// JavaScript). Its parts are in web/components/composer/; drafts and scheduled posts are
// edited in the same composer (edit-post.tsx). "Use a template" fills it from a template,
// "Insert a snippet" adds saved text at the cursor, and accounts' signatures are counted.
import { Link, useLocation } from 'react-router';
import { ComposerForm } from '../components/composer/composer-form';
import { TemplatePicker } from '../components/composer/template-picker';
import { requirePermission } from '../utils/auth.server';
import type { Route } from './+types/compose';
import { composePost, loadComposer } from './compose.server';

export const meta: Route.MetaFunction = () => [{ title: 'Compose · planrrr' }];

export async function loader({ context, request }: Route.LoaderArgs) {
  return loadComposer(context, requirePermission(context, request, 'posts:write'), new URL(request.url));
}

export async function action({ context, request }: Route.ActionArgs) {
  return composePost(context, requirePermission(context, request, 'posts:write'), await request.formData());
}

export default function Compose({ loaderData, actionData }: Route.ComponentProps) {
  const { connections, labels, timeZones, initial, templates, snippets, templateUse, ai, approvalAccounts } = loaderData;
  const location = useLocation();
  return (
    <>
      <h1>Compose</h1>
      {connections.length === 0 ? (
        <section className="callout">
          <h2>No account connected yet</h2>
          <p>
            You can write an idea and save it as a draft now; to publish, connect an account. The demo channel publishes to a feed inside
            planrrr.
          </p>
          <p>
            <Link to="/connections" className="button">
              Add the demo channel
            </Link>
          </p>
        </section>
      ) : null}
      <TemplatePicker templates={templates} use={templateUse} />
      {/* a new composer for each template filled in, which starts from it */}
      <ComposerForm
        key={location.search}
        action="/compose"
        mode="new"
        connections={connections}
        labels={labels}
        timeZones={timeZones}
        initial={actionData?.fields ?? initial}
        errors={actionData?.errors}
        snippets={snippets}
        ai={ai}
        approvalAccounts={approvalAccounts}
      />
    </>
  );
}
