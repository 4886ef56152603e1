// The second step of a log-in with two-factor log-in on: a code of the authenticator app or
// a recovery code. Reached only from the log-in form; the session is half-logged-in until then.
import { Form, Link, redirect, useNavigation, useSearchParams } from 'react-router';
import { FormErrors, TextField } from '../components/field';
import { requireAnonymous } from '../utils/auth.server';
import { retryAfterHeaders } from '../utils/forms.server';
import type { Route } from './+types/login-second-factor';
import { logInSecondFactor } from './login.server';

export const meta: Route.MetaFunction = () => [{ title: 'Two-factor log-in · planrrr' }];

export const headers = retryAfterHeaders;

export function loader({ context }: Route.LoaderArgs) {
  requireAnonymous(context);
  try {
    context.session.pendingSecondFactorUser();
  } catch {
    // no log-in waits for a code (or it took too long): start again
    throw redirect('/login');
  }
  return null;
}

export async function action({ context, request }: Route.ActionArgs) {
  requireAnonymous(context);
  return logInSecondFactor(context, await request.formData());
}

export default function LogInSecondFactor({ actionData }: Route.ComponentProps) {
  const [searchParams] = useSearchParams();
  const submitting = useNavigation().state === 'submitting';
  const errors = actionData?.errors;
  return (
    <section className="narrow">
      <h1>Two-factor log-in</h1>
      <Form method="post" className="stack" noValidate>
        <FormErrors errors={errors?.form} />
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
        <TextField
          label="Code"
          name="code"
          autoComplete="one-time-code"
          inputMode="text"
          required
          hint="The 6-digit code your authenticator app shows for planrrr, or one of your recovery codes."
          errors={errors?.code}
        />
        <button type="submit" className="button" disabled={submitting}>
          {submitting ? 'Checking…' : 'Log in'}
        </button>
      </Form>
      <p>
        <Link to="/login">Start again</Link>
      </p>
    </section>
  );
}
