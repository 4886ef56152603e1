// The page an invitation link opens: who invites you to what, and a button to join.
// Visitors log in or sign up first and come back here.
import { data, Form, Link, redirect } from 'react-router';
import { FormErrors } from '../components/field';
import { isProblemError, problemErrors } from '../utils/forms.server';
import type { Route } from './+types/invitation';

export const meta: Route.MetaFunction = () => [{ title: 'Join a team · planrrr' }];

export async function loader({ context, params }: Route.LoaderArgs) {
  const invitation = await context.services.teams.preview(params.token);
  if (!invitation) {
    throw data(
      { title: 'Invitation not valid', detail: 'This link was used, revoked or has expired. Ask for a new one.' },
      { status: 404 },
    );
  }
  return { invitation, loggedIn: context.actor !== null };
}

export async function action({ context, params }: Route.ActionArgs) {
  if (!context.actor) throw redirect(`/login?${new URLSearchParams({ redirectTo: `/invitations/${params.token}` })}`);
  try {
    const team = await context.services.teams.accept(context.actor, params.token);
    await context.session.switchTeam(team.id);
  } catch (error) {
    if (!isProblemError(error)) throw error;
    return data({ errors: problemErrors(error) }, { status: error.status });
  }
  return redirect('/dashboard');
}

export default function Invitation({ loaderData, actionData, params }: Route.ComponentProps) {
  const { invitation, loggedIn } = loaderData;
  const back = new URLSearchParams({ redirectTo: `/invitations/${params.token}` });
  return (
    <div className="narrow card">
      <h1>Join {invitation.teamName}</h1>
      <p className="lead">
        You are invited as {invitation.role.toLowerCase()}. The invitation was sent to <strong>{invitation.email}</strong>.
      </p>
      {loggedIn ? (
        <Form method="post">
          <FormErrors errors={actionData?.errors.form} />
          <button type="submit" className="button">
            Join {invitation.teamName}
          </button>
        </Form>
      ) : (
        <p>
          <Link to={`/signup?${back}`} className="button">
            Sign up as {invitation.email}
          </Link>{' '}
          or <Link to={`/login?${back}`}>log in</Link> to accept.
        </p>
      )}
    </div>
  );
}
