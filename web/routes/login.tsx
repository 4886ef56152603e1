import { Form, Link, useNavigation, useSearchParams } from 'react-router';
import { FormErrors, TextField } from '../components/field';
import { requireAnonymous } from '../utils/auth.server';
import { retryAfterHeaders } from '../utils/forms.server';
import type { Route } from './+types/login';
import { logIn } from './login.server';

export const meta: Route.MetaFunction = () => [{ title: 'Log in · planrrr' }];

export const headers = retryAfterHeaders;

export function loader({ context }: Route.LoaderArgs) {
  requireAnonymous(context);
  return null;
}

export async function action({ context, request }: Route.ActionArgs) {
  requireAnonymous(context);
  return logIn(context, await request.formData());
}

export default function LogIn({ actionData }: Route.ComponentProps) {
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get('redirectTo') ?? '';
  const submitting = useNavigation().state === 'submitting';
  const errors = actionData?.errors;
  const passwordChanged = searchParams.get('reset') === 'done';
  return (
    <section className="narrow">
      <h1>Log in</h1>
      {passwordChanged ? (
        <p role="status" className="notice">
          Your password is changed, and every other session is signed out. Log in with the new password.
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <FormErrors errors={errors?.form} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={actionData?.fields.email}
          errors={errors?.email}
        />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" required errors={errors?.password} />
        <p className="hint">
          <Link to="/forgot-password">Forgot password?</Link>
        </p>
        <button type="submit" className="button" disabled={submitting}>
          {submitting ? 'Logging in…' : 'Log in'}
        </button>
      </Form>
      <p>
        New to planrrr? <Link to={redirectTo ? `/signup?${new URLSearchParams({ redirectTo })}` : '/signup'}>Create an account</Link>
      </p>
    </section>
  );
}
