// The page a password-reset link opens: choose a new password. Setting it uses the link up
// and signs the account out everywhere else.
import { Form, Link, useNavigation } from 'react-router';
import { FormErrors, TextField } from '../components/field';
import type { Route } from './+types/reset-password';
import { confirmPasswordReset } from './password-reset.server';

export const meta: Route.MetaFunction = () => [{ title: 'Choose a new password · planrrr' }];

export async function action({ context, request, params }: Route.ActionArgs) {
  return confirmPasswordReset(context, params.token, await request.formData());
}

export default function ResetPassword({ actionData }: Route.ComponentProps) {
  const submitting = useNavigation().state === 'submitting';
  const errors = actionData?.errors;
  return (
    <section className="narrow">
      <h1>Choose a new password</h1>
      <Form method="post" className="stack" noValidate>
        <FormErrors errors={[...(errors?.form ?? []), ...(errors?.token ?? [])]} />
        <TextField
          label="New password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          hint="At least 8 characters; a few unrelated words make a good one. Every other session is signed out."
          errors={errors?.password}
        />
        <button type="submit" className="button" disabled={submitting}>
          {submitting ? 'Saving…' : 'Set the new password'}
        </button>
      </Form>
      <p>
        Link expired? <Link to="/forgot-password">Ask for a new one</Link>
      </p>
    </section>
  );
}
