import { isWebUrl, withWebUrlOnly } from './post-url';

test.each(['https://mastodon.example/@a/1', 'http://localhost:4000/posts/1'])('%s is kept', (url) => {
  const dropped = jest.fn();
  expect(withWebUrlOnly({ platformPostId: '1', url }, dropped)).toEqual({ platformPostId: '1', url });
  expect(dropped).not.toHaveBeenCalled();
});

test.each([
  'javascript:alert(document.cookie)',
  'JavaScript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:x',
  '/relative',
  'not a url',
])('%j is dropped, and the drop is reported', (url) => {
  const dropped = jest.fn();
  expect(withWebUrlOnly({ platformPostId: '1', url }, dropped)).toEqual({ platformPostId: '1', url: '' });
  expect(dropped).toHaveBeenCalledWith(url);
});

test('an empty URL (a post without a public link) is kept without a report', () => {
  const dropped = jest.fn();
  expect(withWebUrlOnly({ platformPostId: '1', url: '' }, dropped)).toEqual({ platformPostId: '1', url: '' });
  expect(dropped).not.toHaveBeenCalled();
});

test('only absolute http(s) URLs are web URLs', () => {
  expect(isWebUrl('https://x.example')).toBe(true);
  expect(isWebUrl('ftp://x.example')).toBe(false);
});
