// Settings → Webhooks: subscribe a URL to the team's post events, see what was delivered,
// send a test ping, remove a webhook. Owners and admins only, like the API.
import { useEffect, useRef } from 'react';
import { Form, Link, useNavigation } from 'react-router';
import { SUBSCRIBABLE_EVENTS, type SubscribableEvent } from '../../domain/webhook-events';
import { ErrorList, FormErrors, TextField } from '../components/field';
import { LocalTime } from '../components/local-time';
import { requirePermission } from '../utils/auth.server';
import type { Route } from './+types/webhooks';
import { changeWebhooks, loadWebhooksPage } from './webhooks.server';

export const meta: Route.MetaFunction = () => [{ title: 'Webhooks · planrrr' }];

export async function loader({ context, request }: Route.LoaderArgs) {
  return loadWebhooksPage(context, requirePermission(context, request, 'webhooks:manage'));
}

export async function action({ context, request }: Route.ActionArgs) {
  return changeWebhooks(context, requirePermission(context, request, 'webhooks:manage'), await request.formData());
}

const EVENT_LABELS: Record<SubscribableEvent, string> = {
  'post.scheduled': 'a post is scheduled',
  'post.published': 'a post is published',
  'post.partially_published': 'a post is published to some accounts only',
  'post.failed': 'a post fails',
  'post.cancelled': 'a post is cancelled',
  'post.metrics_updated': "a published post's metrics are read (up to six times per account, over 30 days)",
};

export default function Webhooks({ loaderData, actionData }: Route.ComponentProps) {
  const { webhooks } = loaderData;
  const navigation = useNavigation();
  const creating = navigation.formData?.get('intent') === 'create';
  const errorsFor = (intent: string) => (actionData?.intent === intent ? actionData.errors : undefined);
  const secretRef = useRef<HTMLInputElement>(null);
  useEffect(() => secretRef.current?.select(), [actionData?.secret]);
  const chosen = new Set(
    actionData?.intent === 'create' && actionData.fields.events ? actionData.fields.events : ['post.published', 'post.failed'],
  );

  return (
    <>
      <p>
        <Link to="/settings">← Settings</Link>
      </p>
      <h1>Webhooks</h1>
      <p className="lead">
        planrrr POSTs your team's post events to these URLs, signed with HMAC-SHA256 (the <code>Planrrr-Signature</code> header), and
        retries failed deliveries for 24 hours.
      </p>

      {actionData?.secret ? (
        <div role="status" className="callout">
          <p>Webhook created. Its signing secret is shown only now: store it where your receiver verifies signatures.</p>
          <input ref={secretRef} aria-label="Signing secret" className="secret" readOnly value={actionData.secret} />
        </div>
      ) : null}

      <section className="card" aria-labelledby="new-webhook-heading">
        <h2 id="new-webhook-heading">Add a webhook</h2>
        {/* a new form once a webhook is created, so its fields start empty again */}
        <Form key={actionData?.secret ?? 'new'} method="post" className="stack narrow" noValidate>
          <FormErrors errors={errorsFor('create')?.form} />
          <TextField
            label="URL"
            name="url"
            type="url"
            placeholder="https://example.com/hooks/planrrr"
            required
            defaultValue={actionData?.intent === 'create' ? actionData.fields.url : undefined}
            errors={errorsFor('create')?.url}
          />
          <fieldset>
            <legend>Send when</legend>
            {SUBSCRIBABLE_EVENTS.map((event) => (
              <label key={event} className="checkbox">
                <input type="checkbox" name="events" value={event} defaultChecked={chosen.has(event)} />
                <span>
                  {EVENT_LABELS[event]} (<code>{event}</code>)
                </span>
              </label>
            ))}
            <ErrorList errors={errorsFor('create')?.events} />
          </fieldset>
          <button type="submit" name="intent" value="create" className="button" disabled={creating}>
            Add webhook
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="webhooks-heading">
        <h2 id="webhooks-heading">Your webhooks</h2>
        <FormErrors errors={errorsFor('delete')?.form ?? errorsFor('test')?.form} />
        {webhooks.length === 0 ? <p>None yet.</p> : null}
        {webhooks.map((webhook) => (
          <article key={webhook.id} className="webhook" aria-label={webhook.url}>
            <h3>
              <code>{webhook.url}</code>
              {webhook.disabledAt ? <span className="badge status-failed">Disabled: the receiver answered 410 Gone</span> : null}
            </h3>
            <p className="hint">{webhook.events.join(', ')}</p>
            <div className="actions">
              <Form method="post">
                <input type="hidden" name="webhookId" value={webhook.id} />
                <button type="submit" name="intent" value="test" className="button button-secondary button-small">
                  Send a test ping
                </button>
              </Form>
              <Form method="post">
                <input type="hidden" name="webhookId" value={webhook.id} />
                <button type="submit" name="intent" value="delete" className="button button-danger button-small">
                  Delete
                </button>
              </Form>
            </div>
            {webhook.deliveries.length > 0 ? (
              <div className="table-scroll">
                <table className="targets-table">
                  <caption className="visually-hidden">Recent deliveries to {webhook.url}</caption>
                  <thead>
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col">Event</th>
                      <th scope="col">Status</th>
                      <th scope="col">Attempts</th>
                      <th scope="col">Last answer</th>
                    </tr>
                  </thead>
                  <tbody>
                    {webhook.deliveries.map((delivery) => (
                      <tr key={delivery.id}>
                        <td>
                          <LocalTime iso={delivery.createdAt} />
                        </td>
                        <td>
                          <code>{delivery.event}</code>
                        </td>
                        <td>{delivery.status.toLowerCase()}</td>
                        <td>{delivery.attempts}</td>
                        <td>{delivery.lastStatusCode ?? delivery.lastError ?? '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p className="hint">No deliveries yet.</p>
            )}
          </article>
        ))}
      </section>
    </>
  );
}
