import { Form, Link, useNavigation, useSearchParams } from 'react-router';
import { PLATFORM_DEFINITIONS } from '../../platforms';
import { FormErrors, TextField } from '../components/field';
import { requireAnonymous } from '../utils/auth.server';
import { retryAfterHeaders } from '../utils/forms.server';
import { browserTimeZone } from '../utils/time';
import { useHydrated } from '../utils/use-hydrated';
import type { Route } from './+types/signup';
import { signUp } from './signup.server';

export const meta: Route.MetaFunction = () => [{ title: 'Sign up · planrrr' }];

export const headers = retryAfterHeaders;

export function loader({ context }: Route.LoaderArgs) {
  requireAnonymous(context);
  return null;
}

export async function action({ context, request }: Route.ActionArgs) {
  requireAnonymous(context);
  return signUp(context, await request.formData());
}

/** "Mastodon, Bluesky, … and Google Business Profile": every platform but the demo channel. */
const SOCIAL_NETWORKS = new Intl.ListFormat('en-GB', { type: 'conjunction' }).format(
  PLATFORM_DEFINITIONS.filter((definition) => definition.connectsWith !== 'demo').map(({ name }) => name),
);

export default function SignUp({ actionData }: Route.ComponentProps) {
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get('redirectTo') ?? '';
  const submitting = useNavigation().state === 'submitting';
  const hydrated = useHydrated();
  const errors = actionData?.errors;
  return (
    <section className="narrow">
      <h1>Create your account</h1>
      <p className="lead">Schedule posts to {SOCIAL_NETWORKS}, or try everything first with the built-in demo channel.</p>
      <Form method="post" className="stack" noValidate>
        <FormErrors errors={errors?.form} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        {hydrated ? <input type="hidden" name="timeZone" value={browserTimeZone()} /> : null}
        <TextField label="Name" name="name" autoComplete="name" required defaultValue={actionData?.fields.name} errors={errors?.name} />
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={actionData?.fields.email}
          errors={errors?.email}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          hint="At least 8 characters, and hard to guess: a few unrelated words work well."
          errors={errors?.password}
        />
        <button type="submit" className="button" disabled={submitting}>
          {submitting ? 'Creating your account…' : 'Sign up'}
        </button>
      </Form>
      <p>
        Already have an account? <Link to={redirectTo ? `/login?${new URLSearchParams({ redirectTo })}` : '/login'}>Log in</Link>
      </p>
    </section>
  );
}
