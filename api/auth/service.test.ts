// Log-in must not tell whether an account exists: an unknown email costs the same Argon2
// verification as a wrong password for a known one. Checked by what runs, not by timing it
// (a time comparison flakes on a busy machine).
import { hash } from '@node-rs/argon2';
import * as argon2 from '@node-rs/argon2';
import type { Db } from '../../lib/db';
import type { LoginLimits } from './login-limits';
import { createAuthService } from './service';

jest.mock('@node-rs/argon2', () => {
  const actual = jest.requireActual<typeof import('@node-rs/argon2')>('@node-rs/argon2');
  return { ...actual, verify: jest.fn(actual.verify) };
});
const verify = jest.mocked(argon2.verify);

/** the `m=…,t=…,p=…` segment of an Argon2 hash: what a verification costs */
const costOf = (encoded: string) => encoded.split('$')[3];

function serviceWith(user: { id: string; passwordHash: string } | null) {
  const db = { user: { findUnique: async () => user } } as unknown as Db;
  // verifyCredentials, what these tests call, counts nothing
  return createAuthService({ db, limits: {} as LoginLimits, verification: { send: async () => undefined } });
}

beforeEach(() => verify.mockClear());

test('an unknown email is refused after verifying the password against a hash of the same cost as a real one', async () => {
  const userHash = await hash('correct horse battery');
  expect(await serviceWith(null).verifyCredentials({ email: 'nobody@example.com', password: 'wrong password' })).toBeNull();
  expect(verify).toHaveBeenCalledTimes(1);
  const [checkedAgainst, password] = verify.mock.calls[0]!;
  expect(String(checkedAgainst)).toMatch(/^\$argon2id\$/);
  expect(costOf(String(checkedAgainst))).toBe(costOf(userHash));
  expect(password).toBe('wrong password');
});

test('a wrong password for a known account runs the same single verification', async () => {
  const passwordHash = await hash('correct horse battery');
  const service = serviceWith({ id: 'user-1', passwordHash });
  expect(await service.verifyCredentials({ email: 'alice@example.com', password: 'wrong password' })).toBeNull();
  expect(verify).toHaveBeenCalledTimes(1);
  expect(await service.verifyCredentials({ email: 'alice@example.com', password: 'correct horse battery' })).toEqual({ id: 'user-1' });
});
