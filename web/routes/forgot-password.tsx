// "Forgot password?": asks for the email and mails a reset link if it has an account. The
// answer is the same whether or not it has one, so the page tells nothing about accounts.
import { Form, Link, useNavigation } from 'react-router';
import { FormErrors, TextField } from '../components/field';
import { retryAfterHeaders } from '../utils/forms.server';
import type { Route } from './+types/forgot-password';
import { requestPasswordReset } from './password-reset.server';

export const meta: Route.MetaFunction = () => [{ title: 'Forgot password · planrrr' }];

export const headers = retryAfterHeaders;

export async function action({ context, request }: Route.ActionArgs) {
  return requestPasswordReset(context, await request.formData());
}

export default function ForgotPassword({ actionData }: Route.ComponentProps) {
  const submitting = useNavigation().state === 'submitting';
  if (actionData && 'sentTo' in actionData) {
    return (
      <section className="narrow">
        <h1>Check your mail</h1>
        <p role="status" className="notice">
          If {actionData.sentTo} has a planrrr account, a link to choose a new password is on its way. It works once, for one hour.
        </p>
        <p>
          <Link to="/login">Back to log in</Link>
        </p>
      </section>
    );
  }
  const errors = actionData?.errors;
  return (
    <section className="narrow">
      <h1>Forgot password?</h1>
      <p>Enter your account&apos;s email: we mail you a link to choose a new password.</p>
      <Form method="post" className="stack" noValidate>
        <FormErrors errors={errors?.form} />
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={actionData?.fields.email}
          errors={errors?.email}
        />
        <button type="submit" className="button" disabled={submitting}>
          {submitting ? 'Sending…' : 'Send the link'}
        </button>
      </Form>
      <p>
        <Link to="/login">Back to log in</Link>
      </p>
    </section>
  );
}
