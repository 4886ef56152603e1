// Editing a series in its form (web/components/series-form.tsx): the coming occurrences
// change; the posts it has created stay as they are (posts of their own), published or not.
import { Link } from 'react-router';
import { SeriesForm } from '../components/series-form';
import { requirePermission } from '../utils/auth.server';
import type { Route } from './+types/edit-series';
import { loadSeriesEditor, saveEditedSeries } from './series.server';

export const meta: Route.MetaFunction = ({ data }) => [{ title: `Edit ${data?.series.name ?? 'series'} · planrrr` }];

export async function loader({ context, request, params }: Route.LoaderArgs) {
  return loadSeriesEditor(context, requirePermission(context, request, 'posts:write'), params.seriesId);
}

export async function action({ context, request, params }: Route.ActionArgs) {
  return saveEditedSeries(context, requirePermission(context, request, 'posts:write'), params.seriesId, await request.formData());
}

export default function EditSeries({ loaderData, actionData }: Route.ComponentProps) {
  const { series, connections, labels, timeZones, initial } = loaderData;
  return (
    <>
      <p>
        <Link to={`/series#series-${series.id}`}>← Series</Link>
      </p>
      <h1>Edit {series.name}</h1>
      <div className="callout" role="note">
        <p>
          <strong>Your changes apply to the posts still to come.</strong>{' '}
          {series.created === 0
            ? 'It has not created a post yet.'
            : `The ${series.created === 1 ? 'post' : `${series.created} posts`} it has already created ${series.created === 1 ? 'keeps its' : 'keep their'} text, accounts and time${series.published > 0 ? ` (${series.published} published, which never change)` : ''}: edit ${series.created === 1 ? 'it' : 'them'} one by one from the Series page.`}
        </p>
        {series.media > 0 ? <p>Its images and videos (set through the API) stay as they are.</p> : null}
      </div>
      <SeriesForm
        action={`/series/${series.id}/edit`}
        connections={connections}
        labels={labels}
        timeZones={timeZones}
        initial={actionData?.fields ?? initial}
        errors={actionData?.errors}
        submitLabel="Save changes"
        submittingLabel="Saving…"
        edited={{ created: series.created, skipped: series.skipped }}
      />
    </>
  );
}
