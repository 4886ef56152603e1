// Series (recurring posts): each with its rule, its coming times in its own time zone, and
// the posts it created, linked to their pages. Editors create and edit them (new-series.tsx,
// edit-series.tsx), pause, resume, or skip the next one.
import { Form, Link } from 'react-router';
import { FormErrors } from '../components/field';
import { requirePermission } from '../utils/auth.server';
import { describeRule, formatOccurrence } from '../utils/series-form';
import type { Route } from './+types/series';
import { changeSeries, loadSeriesPage } from './series.server';

export const meta: Route.MetaFunction = () => [{ title: 'Series · planrrr' }];

export async function loader({ context, request }: Route.LoaderArgs) {
  return loadSeriesPage(context, requirePermission(context, request, 'posts:read'));
}

export async function action({ context, request }: Route.ActionArgs) {
  return changeSeries(context, requirePermission(context, request, 'posts:write'), await request.formData());
}

type Series = Route.ComponentProps['loaderData']['series'][number];

function describeEnd({ end, remaining }: Series): string {
  if (end.type === 'after') return `ends after ${end.count} posts (${remaining} to come)`;
  if (end.type === 'on') return `ends on ${end.date}`;
  return 'no end';
}

export default function SeriesPage({ loaderData, actionData }: Route.ComponentProps) {
  const { series, canWrite } = loaderData;
  return (
    <>
      <div className="page-header">
        <h1>Series</h1>
        {canWrite ? (
          <Link to="/series/new" className="button">
            New series
          </Link>
        ) : null}
      </div>
      <p className="lead">
        Recurring posts: each occurrence becomes a post of its own at its time, which you can edit or cancel like any other.
      </p>
      {series.length === 0 ? (
        <p className="hint">No series yet{canWrite ? ': “New series” sets up a post that repeats every day, week or month' : ''}.</p>
      ) : null}
      {series.map((each) => (
        <section key={each.id} className="card" aria-labelledby={`series-${each.id}`}>
          <h2 id={`series-${each.id}`}>{each.name}</h2>
          <p>
            {describeRule(each)}; {describeEnd(each)}
            {each.paused ? '; paused' : ''}
          </p>
          <FormErrors errors={actionData?.seriesId === each.id ? actionData.errors.form : undefined} />
          <h3>Coming</h3>
          {each.nextOccurrences === null ? (
            <p className="hint">The scheduler did not answer: reload to see the coming times.</p>
          ) : each.nextOccurrences.length === 0 ? (
            <p className="hint">Nothing to come.</p>
          ) : (
            <ul className="plain-list">
              {each.nextOccurrences.slice(0, 5).map((time) => (
                <li key={time}>{formatOccurrence(time, each.timeZone)}</li>
              ))}
            </ul>
          )}
          {canWrite ? (
            <Form method="post" className="series-card-actions">
              <input type="hidden" name="seriesId" value={each.id} />
              <Link to={`/series/${each.id}/edit`} className="button button-secondary button-small">
                Edit<span className="visually-hidden"> {each.name}</span>
              </Link>{' '}
              <button type="submit" name="intent" value={each.paused ? 'resume' : 'pause'} className="button button-secondary button-small">
                {each.paused ? 'Resume' : 'Pause'}
                <span className="visually-hidden"> {each.name}</span>
              </button>{' '}
              <button type="submit" name="intent" value="skip-next" className="button button-secondary button-small">
                Skip the next one<span className="visually-hidden"> of {each.name}</span>
              </button>
            </Form>
          ) : null}
          <h3>Posts it created</h3>
          {each.occurrences.length === 0 ? (
            <p className="hint">None yet.</p>
          ) : (
            <ul className="plain-list">
              {each.occurrences.map((occurrence) => (
                <li key={occurrence.occurrenceAt}>
                  {formatOccurrence(occurrence.occurrenceAt, each.timeZone)}:{' '}
                  {occurrence.post ? (
                    <Link to={`/posts/${occurrence.post.id}`}>
                      post {occurrence.number}, {occurrence.post.status.toLowerCase().replaceAll('_', ' ')}
                    </Link>
                  ) : (
                    `${occurrence.outcome.toLowerCase()}: ${occurrence.note ?? ''}`
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </>
  );
}
