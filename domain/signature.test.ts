import { withSignature } from './signature';

test('the signature follows the text after a blank line', () => {
  expect(withSignature('Hello\n', '— the team')).toBe('Hello\n\n— the team');
});

test('no signature, or a text already signed, stays as it is', () => {
  expect(withSignature('Hello', null)).toBe('Hello');
  expect(withSignature('Hello\n\n— the team', '— the team')).toBe('Hello\n\n— the team');
});
