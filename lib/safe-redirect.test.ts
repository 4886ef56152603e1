import { safeRedirect, sameSitePath } from './safe-redirect';

test.each([
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example',
  '//evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '\\/evil.example',
  'https://evil.example',
  'javascript:alert(1)',
  ' /\t/evil.example',
  '/posts\u0000',
  '/.//evil.example',
  '/a/..//evil.example',
  '/%2e//evil.example',
  '',
  'posts',
])('%j leads off the site: the fallback', (target) => {
  expect(safeRedirect(target, '/dashboard')).toBe('/dashboard');
});

test.each([
  ['/posts', '/posts'],
  ['/posts?status=FAILED#top', '/posts?status=FAILED#top'],
  ['/invitations/abc', '/invitations/abc'],
  ['/posts\n', '/posts'],
  ['/a b', '/a%20b'],
  ['/posts\\new', '/posts/new'],
])('%j is a same-site path: %j', (target, path) => {
  expect(safeRedirect(target, '/dashboard')).toBe(path);
});

test('what is not text is not a path', () => {
  expect(sameSitePath(undefined)).toBeUndefined();
  expect(sameSitePath(null)).toBeUndefined();
  expect(sameSitePath(new Blob(['/posts']))).toBeUndefined();
});
