// Field and form schemas for accounts, shared by the API and the web app's forms.
import { z } from 'zod';

export const EmailSchema = z
  .string({ error: 'Email is required' })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'Enter a valid email address' }).max(254, { error: 'Email is too long' }));

export const PasswordSchema = z
  .string({ error: 'Password is required' })
  .min(8, { error: 'Password must be at least 8 characters' })
  .max(256, { error: 'Password must be at most 256 characters' });

export const NameSchema = z
  .string({ error: 'Name is required' })
  .trim()
  .min(1, { error: 'Name is required' })
  .max(100, { error: 'Name must be at most 100 characters' });

export const SignupSchema = z.object({ email: EmailSchema, password: PasswordSchema, name: NameSchema });
export type SignupInput = z.infer<typeof SignupSchema>;

export const LoginSchema = z.object({
  email: EmailSchema,
  password: z.string({ error: 'Password is required' }).min(1, { error: 'Password is required' }),
});

/** The token of a link mailed to the user (email verification, password reset). */
const LinkTokenSchema = z
  .string({ error: 'Token is required' })
  .trim()
  .min(1, { error: 'Token is required' })
  .max(200, { error: 'Token is too long: copy the whole link from the mail' });

export const VerifyEmailSchema = z.object({ token: LinkTokenSchema });

export const PasswordResetRequestSchema = z.object({ email: EmailSchema });

export const PasswordResetConfirmSchema = z.object({ token: LinkTokenSchema, password: PasswordSchema });
export type PasswordResetConfirmInput = z.infer<typeof PasswordResetConfirmSchema>;

/** A code of the authenticator app (6 digits) or a recovery code (`xxxxx-xxxxx`). */
export const SecondFactorCodeSchema = z
  .string({ error: 'Code is required' })
  .trim()
  .min(6, { error: 'Enter the 6-digit code of your authenticator app, or a recovery code' })
  .max(32, { error: 'Code is too long' });

export const SecondFactorSchema = z.object({ code: SecondFactorCodeSchema });

export const DisableTwoFactorSchema = z
  .object({
    password: z.string().min(1, { error: 'Password is required' }).optional(),
    code: SecondFactorCodeSchema.optional(),
  })
  .refine((input) => input.password !== undefined || input.code !== undefined, {
    error: 'Confirm with your password or a code',
    path: ['password'],
  });
