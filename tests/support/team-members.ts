// People for tests of who may do what: each signs up with their own session (and personal
// team); harness.ts joinTeam brings them into another's team with a role.
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
