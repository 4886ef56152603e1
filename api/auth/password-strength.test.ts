import { weakPasswordMessage } from './password-strength';

test.each(['password', '12345678', 'qwertyuiop'])('%j is too easy to guess, and the message says why and what helps', async (password) => {
  expect(await weakPasswordMessage(password, [])).toMatch(/^Password is too easy to guess: .+\. .+\.$/);
});

test('a few unrelated words are strong enough', async () => {
  expect(await weakPasswordMessage('plum orchard tuesday', [])).toBeUndefined();
});

test("the user's own email and name count as easy to guess", async () => {
  const own = ['zorblaxton@example.com', 'Zorblaxton Quibbleworth', 'zorblaxton', 'Quibbleworth'];
  expect(await weakPasswordMessage('zorblaxtonquibbleworth', [])).toBeUndefined();
  expect(await weakPasswordMessage('zorblaxtonquibbleworth', own)).toMatch(/^Password is too easy to guess/);
});
