// A new series (recurring post) in its form (web/components/series-form.tsx): saved, it runs
// as a Temporal Schedule whose firings create the posts.
import { Link } from 'react-router';
import { SeriesForm } from '../components/series-form';
import { requirePermission } from '../utils/auth.server';
import type { Route } from './+types/new-series';
import { createSeriesFromForm, loadNewSeries } from './series.server';

export const meta: Route.MetaFunction = () => [{ title: 'New series · planrrr' }];

export async function loader({ context, request }: Route.LoaderArgs) {
  return loadNewSeries(context, requirePermission(context, request, 'posts:write'));
}

export async function action({ context, request }: Route.ActionArgs) {
  return createSeriesFromForm(context, requirePermission(context, request, 'posts:write'), await request.formData());
}

export default function NewSeries({ loaderData, actionData }: Route.ComponentProps) {
  const { connections, labels, timeZones, initial } = loaderData;
  return (
    <>
      <p>
        <Link to="/series">← Series</Link>
      </p>
      <h1>New series</h1>
      <p className="lead">One post, published again and again: each time becomes a post of its own, which you can still edit or cancel.</p>
      {connections.length === 0 ? (
        <p className="callout">
          No account connected yet: <Link to="/connections">connect one</Link> (or add the demo channel) first.
        </p>
      ) : null}
      <SeriesForm
        action="/series/new"
        connections={connections}
        labels={labels}
        timeZones={timeZones}
        initial={actionData?.fields ?? initial}
        errors={actionData?.errors}
        submitLabel="Create series"
        submittingLabel="Creating…"
      />
    </>
  );
}
