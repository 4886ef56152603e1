// Settings → Team chat: post the team's notifications (failures, accounts to reconnect,
// approvals, mentions) to Slack and Discord channels through their incoming webhooks, each
// with the kinds it wants. Owners and admins only, like the API.
import { Form, Link, useNavigation } from 'react-router';
import { NOTIFICATION_KINDS, type NotificationKind } from '../../domain/notifications';
import { ErrorList, FormErrors, TextField } from '../components/field';
import { LocalTime } from '../components/local-time';
import { requirePermission } from '../utils/auth.server';
import type { Route } from './+types/chat-webhooks';
import { changeChatWebhooks, loadChatWebhooks } from './chat-webhooks.server';

export const meta: Route.MetaFunction = () => [{ title: 'Team chat · planrrr' }];

export async function loader({ context, request }: Route.LoaderArgs) {
  return loadChatWebhooks(context, requirePermission(context, request, 'webhooks:manage'));
}

export async function action({ context, request }: Route.ActionArgs) {
  return changeChatWebhooks(context, requirePermission(context, request, 'webhooks:manage'), await request.formData());
}

/** Each kind as the team's channel reads it (the settings page words them for one person). */
const KIND_LABELS: Record<NotificationKind, string> = {
  approval_requested: 'a post waits for approval',
  approval_decided: 'a post is approved or rejected',
  approval_expired: 'no decision came before a post’s time',
  post_failed: 'a post fails to publish',
  post_partly_published: 'a post is published on some accounts only',
  connection_needs_reconnect: 'an account needs reconnecting',
  mention: 'a comment mentions team members',
};

const PLATFORM_NAMES = { SLACK: 'Slack', DISCORD: 'Discord' } as const;

export default function ChatWebhooks({ loaderData, actionData }: Route.ComponentProps) {
  const { webhooks } = loaderData;
  const navigation = useNavigation();
  const failed = actionData?.intent === 'create' ? actionData : undefined;
  const chosen = new Set(failed?.fields.kinds ?? NOTIFICATION_KINDS);

  return (
    <>
      <p>
        <Link to="/settings">← Settings</Link>
      </p>
      <h1>Team chat</h1>
      <p className="lead">
        planrrr posts the team’s notifications to Slack and Discord channels: one line and a link for each. Add a channel’s incoming webhook
        (<Link to="/settings#notifications">what each person is told</Link> is set on their own settings page).
      </p>

      <section className="card" aria-labelledby="new-chat-heading">
        <h2 id="new-chat-heading">Add a channel</h2>
        {/* a new form once a channel is added, so its fields start empty again */}
        <Form key={webhooks.length} method="post" className="stack narrow" noValidate>
          <FormErrors errors={failed?.errors.form} />
          <div className="field">
            <label htmlFor="chat-platform">Platform</label>
            <select id="chat-platform" name="platform" defaultValue={failed?.fields.platform ?? 'SLACK'}>
              <option value="SLACK">Slack</option>
              <option value="DISCORD">Discord</option>
            </select>
            <ErrorList errors={failed?.errors.platform} />
          </div>
          <TextField
            label="Name"
            name="name"
            required
            hint="e.g. the channel, #social"
            defaultValue={failed?.fields.name}
            errors={failed?.errors.name}
          />
          <TextField
            label="Incoming webhook URL"
            name="url"
            type="url"
            required
            hint="Slack: https://hooks.slack.com/services/… · Discord: the channel’s Integrations → Webhooks → Copy Webhook URL"
            defaultValue={failed?.fields.url}
            errors={failed?.errors.url}
          />
          <fieldset>
            <legend>Post when</legend>
            {NOTIFICATION_KINDS.map((kind) => (
              <label key={kind} className="checkbox">
                <input type="checkbox" name="kinds" value={kind} defaultChecked={chosen.has(kind)} />
                <span>{KIND_LABELS[kind]}</span>
              </label>
            ))}
            <ErrorList errors={failed?.errors.kinds} />
          </fieldset>
          <button type="submit" name="intent" value="create" className="button" disabled={navigation.state !== 'idle'}>
            Add channel
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="chats-heading">
        <h2 id="chats-heading">The team’s channels</h2>
        <FormErrors errors={actionData?.intent === 'delete' ? actionData.errors.form : undefined} />
        {webhooks.length === 0 ? <p>None yet.</p> : null}
        {webhooks.map((webhook) => (
          <article key={webhook.id} className="webhook" aria-label={webhook.name}>
            <h3>
              {webhook.name} <span className="hint">({PLATFORM_NAMES[webhook.platform]})</span>
            </h3>
            <p className="hint">
              <code>{webhook.urlHint}</code> · added <LocalTime iso={webhook.createdAt} />
            </p>
            <p>Posts when {webhook.kinds.map((kind) => KIND_LABELS[kind as NotificationKind] ?? kind).join('; ')}.</p>
            <Form method="post">
              <input type="hidden" name="webhookId" value={webhook.id} />
              <button
                type="submit"
                name="intent"
                value="delete"
                className="button button-danger button-small"
                aria-label={`Delete ${webhook.name}`}
              >
                Delete
              </button>
            </Form>
          </article>
        ))}
      </section>
    </>
  );
}
