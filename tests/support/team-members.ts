// Teams with several members for tests of who may do what: people sign up with their own
// session, and join another's team through an invitation with a role.
import { randomUUID } from 'node:crypto';
import { ApiClient } from './harness';

export interface Member {
  session: ApiClient;
  email: string;
  userId: string;
  name: string;
}

/** Signs up a fresh person with their own session (and their own personal team). */
export async function signUp(baseUrl: string, name: string): Promise<Member> {
  const email = `${name.toLowerCase()}-${randomUUID()}@example.com`;
  const session = new ApiClient(baseUrl);
  const signup = await session.post('/api/v1/auth/signup', { email, password: 'correct horse battery', name });
  if (signup.status !== 201) throw new Error(`signup failed: ${signup.status} ${JSON.stringify(signup.body)}`);
  return { session, email, userId: signup.body.user.id, name };
}

/** Invites `who` into the owner's current team with `role` and has them accept (their session switches to it); answers the team's id. */
export async function join(owner: ApiClient, who: Pick<Member, 'session' | 'email'>, role: string): Promise<string> {
  const invitation = await owner.post('/api/v1/invitations', { email: who.email, role });
  if (invitation.status !== 201) throw new Error(`invitation failed: ${invitation.status} ${JSON.stringify(invitation.body)}`);
  const token = new URL(invitation.body.acceptUrl).pathname.split('/').pop()!;
  const accepted = await who.session.post('/api/v1/invitations/accept', { token });
  if (accepted.status !== 200) throw new Error(`accepting failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  return accepted.body.id;
}
