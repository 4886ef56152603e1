import { listQueryFromParams, type PostListParams } from './posts.server';

const blank: PostListParams & { cursor: string } = {
  q: '',
  status: '',
  connectionId: '',
  labelId: '',
  from: '',
  to: '',
  sort: '-publishAt',
  cursor: '',
};

test('publish days are read in the user’s zone, both included: from the start of From to the end of To', () => {
  const result = listQueryFromParams({ ...blank, from: '2026-03-28', to: '2026-03-29' }, 'Europe/Berlin');
  expect(result).toMatchObject({ ok: true });
  if (!result.ok) return;
  // Berlin moves to summer time in that night: the range ends at midnight CEST
  expect(result.query.from?.toISOString()).toBe('2026-03-27T23:00:00.000Z');
  expect(result.query.to?.toISOString()).toBe('2026-03-29T22:00:00.000Z');
  expect(result.query).toMatchObject({ sort: '-publishAt', limit: 50 });
});

test('blank fields are no filter, and the search is trimmed', () => {
  const result = listQueryFromParams({ ...blank, q: '  spring  ' }, 'UTC');
  expect(result).toEqual({ ok: true, query: { q: 'spring', sort: '-publishAt', limit: 50 } });
});

test('bad values are named in the form’s words, every one at once', () => {
  expect(listQueryFromParams({ ...blank, from: '2026-02-30', to: 'tomorrow' }, 'UTC')).toEqual({
    ok: false,
    errors: { from: ['From must be a date such as 2026-12-31'], to: ['To must be a date such as 2026-12-31'] },
  });
  expect(listQueryFromParams({ ...blank, from: '2026-05-02', to: '2026-05-01' }, 'UTC')).toEqual({
    ok: false,
    errors: { to: ['To must be on or after From'] },
  });
  const refused = listQueryFromParams({ ...blank, status: 'LOST', sort: 'random', q: 'x'.repeat(201), from: 'yesterday' }, 'UTC');
  expect(refused).toEqual({
    ok: false,
    errors: {
      from: ['From must be a date such as 2026-12-31'],
      status: [expect.stringMatching(/^Status must be one of DRAFT, PENDING_APPROVAL, SCHEDULED/)],
      sort: [expect.stringMatching(/^Sort must be one of /)],
      q: ['Search must be at most 200 characters'],
    },
  });
});
