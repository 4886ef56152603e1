// The page a verification link opens. Verifying takes a button press, not the page load:
// mail scanners open links on their own, and would otherwise use the link up.
import { data, Form, Link, useNavigation } from 'react-router';
import { FormErrors } from '../components/field';
import { isProblemError, problemErrors } from '../utils/forms.server';
import type { Route } from './+types/verify-email';

export const meta: Route.MetaFunction = () => [{ title: 'Confirm your email · planrrr' }];

export async function action({ context, params }: Route.ActionArgs) {
  try {
    await context.services.emailVerification.verify(params.token);
  } catch (error) {
    if (!isProblemError(error)) throw error;
    return data({ verified: false as const, errors: problemErrors(error) }, { status: error.status });
  }
  return { verified: true as const, loggedIn: context.actor !== null };
}

export default function VerifyEmail({ actionData }: Route.ComponentProps) {
  const submitting = useNavigation().state === 'submitting';
  if (actionData?.verified) {
    return (
      <section className="narrow">
        <h1>Email confirmed</h1>
        <p role="status" className="notice">
          Thank you: your address is verified.
        </p>
        <p>{actionData.loggedIn ? <Link to="/dashboard">Go to the dashboard</Link> : <Link to="/login">Log in</Link>}</p>
      </section>
    );
  }
  return (
    <section className="narrow">
      <h1>Confirm your email</h1>
      <Form method="post" className="stack">
        <FormErrors errors={actionData?.errors.form} />
        <button type="submit" className="button" disabled={submitting}>
          {submitting ? 'Confirming…' : 'Confirm my email'}
        </button>
      </Form>
    </section>
  );
}
