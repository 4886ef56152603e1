import type { ProblemError } from '../http/problem';
import { decodePostPageCursor, encodePostPageCursor, POST_SORTS, sortOrder } from './page-cursor';

const AT = new Date('2030-01-02T03:04:05.678Z');

function fieldsOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return (error as ProblemError).extensions.errors;
  }
  throw new Error('expected a validation problem');
}

test.each(POST_SORTS)('a cursor for sort %s decodes to what was encoded', (sort) => {
  expect(decodePostPageCursor(encodePostPageCursor({ sort, at: AT, id: 'post-1' }), sort)).toEqual({ sort, at: AT, id: 'post-1' });
});

test('each sort names its column and direction', () => {
  expect(POST_SORTS.map(sortOrder)).toEqual([
    { field: 'publishAt', descending: false },
    { field: 'publishAt', descending: true },
    { field: 'createdAt', descending: false },
    { field: 'createdAt', descending: true },
  ]);
});

test('a cursor from before sort existed still pages by publish time', () => {
  const legacy = Buffer.from(JSON.stringify({ publishAt: AT.toISOString(), id: 'post-1' })).toString('base64url');
  expect(decodePostPageCursor(legacy, 'publishAt')).toEqual({ sort: 'publishAt', at: AT, id: 'post-1' });
});

test('a cursor for another sort, or not a cursor at all, is a 400 naming query.cursor', () => {
  const byCreation = encodePostPageCursor({ sort: 'createdAt', at: AT, id: 'post-1' });
  expect(fieldsOf(() => decodePostPageCursor(byCreation, '-createdAt'))).toEqual([
    { field: 'query.cursor', message: expect.stringContaining('sort=createdAt') },
  ]);
  for (const bad of ['not base64 json', Buffer.from('{"sort":"publishAt","at":"yesterday","id":"x"}').toString('base64url'), '']) {
    expect(fieldsOf(() => decodePostPageCursor(bad, 'publishAt'))).toEqual([
      { field: 'query.cursor', message: 'is not a cursor this API returned' },
    ]);
  }
});
