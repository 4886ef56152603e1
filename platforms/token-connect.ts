// The form that connects an account with a pasted token (an access token, app password, bot
// token or webhook URL), declared in the platform's folder (platforms/<name>/connect.ts, the
// definition's `tokenConnect`): the API's connect body (api/connections/schemas.ts) and the
// connections page's form (web/routes/connections.tsx) are built from it. Its credential check
// is server-side: platforms/token-accounts.server.ts.
// NOTE: client-safe.
import type { z } from 'zod';

/** One field of the connect form, named as in the request body. */
export interface TokenConnectField<Name extends string = string> {
  name: Name;
  label: string;
  /** `password`: a secret, never sent back to the page; `checkbox`: true when ticked */
  type?: 'text' | 'url' | 'password' | 'checkbox';
  placeholder?: string;
  hint?: string;
  /** may be left empty: an empty field is left out of the request */
  optional?: true;
  /** what a reconnect starts with, from the account being reconnected (never a secret) */
  reconnectValue?(account: { handle: string; instanceUrl: string | null }): string | undefined;
}

export interface TokenConnect {
  /** the connect body beside its `platform`, with messages for users: the API and the form parse it alike */
  schema: z.ZodObject;
  /** the form's heading, e.g. "Telegram channel" */
  title: string;
  /** what to do before connecting (absent where the fields say it) and before reconnecting */
  intro: { connect?: string; reconnect: string };
  /** the button's label while the server checks what was pasted, e.g. "Checking the bot…" */
  checking: string;
  /** for the API's connect operation: what is connected with what, e.g. "a Telegram channel with a bot token" */
  connects: string;
  /** for the API's connect operation: what makes a connect a reconnect, e.g. "the same Telegram channel" */
  sameAccount: string;
  /** for the API's connect operation: what the account needs before it connects, as a sentence */
  requires?: string;
  fields: readonly TokenConnectField[];
}

/** A connect form whose fields are named after its schema's keys. */
export const defineTokenConnect = <Schema extends z.ZodObject>(
  connect: TokenConnect & { schema: Schema; fields: readonly TokenConnectField<Extract<keyof Schema['shape'], string>>[] },
) => connect;
