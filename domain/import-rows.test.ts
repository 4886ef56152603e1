import {
  headerProblems,
  listCell,
  normaliseColumn,
  optionsCells,
  overrideCells,
  parseOptionsCell,
  rowIdentity,
  rowTime,
  spreadTime,
  threadParts,
  variableCells,
} from './import-rows';

test('a header needs text (or a template) and known columns, once each', () => {
  expect(headerProblems(['text', 'accounts', 'time', 'text:mastodon', 'part2', 'part25'])).toEqual([]);
  expect(headerProblems(['template', 'var:city', 'time'])).toEqual([]);
  expect(headerProblems(['text', 'options:reddit', 'options:@planrrr'])).toEqual([]);
  expect(headerProblems(['accounts', 'colour', 'accounts', 'part26'])).toEqual([
    'unknown columns "colour", "part26": the columns are text, accounts, time, timezone, media, labels, first_comment, template, text:<account or platform>, options:<account or platform>, var:<template variable> and part2 … part25',
    'column accounts appear more than once',
    'no text column: the first line must be the header, naming the columns (text or template, accounts, time …)',
  ]);
  expect(normaliseColumn(' Text ')).toBe('text');
  expect(normaliseColumn('TEXT: @Alice@Mastodon.social ')).toBe('text:@Alice@Mastodon.social');
  expect(normaliseColumn(' Var: firstName ')).toBe('var:firstName');
  expect(normaliseColumn('Options: u/Alice ')).toBe('options:u/Alice');
});

test('options cells: a JSON object per account or platform; anything else is named; they tell rows apart', () => {
  expect(optionsCells({ text: 'x', 'options:reddit': '{"title":"t"}', 'options:youtube': ' ' })).toEqual([
    { column: 'options:reddit', key: 'reddit', json: '{"title":"t"}' },
  ]);
  expect(parseOptionsCell('{"subreddit": "planrrr", "title": "Hi"}')).toEqual({ options: { subreddit: 'planrrr', title: 'Hi' } });
  for (const bad of ['subreddit=planrrr', '["planrrr"]', 'null', '"planrrr"', '{"title":'])
    expect(parseOptionsCell(bad)).toEqual({ problem: expect.stringMatching(/^must be a JSON object of the platform's options/) });
  expect(rowIdentity({ text: 'Hi', accounts: 'a', 'options:reddit': '{"subreddit":"one"}' })).not.toBe(
    rowIdentity({ text: 'Hi', accounts: 'a', 'options:reddit': '{"subreddit":"two"}' }),
  );
  expect(rowIdentity({ text: 'Hi', accounts: 'a' })).toBe(rowIdentity({ text: 'Hi', accounts: 'a', 'options:reddit': '' }));
});

test('times: with an offset, local with a zone, queue, none; anything else is named', () => {
  expect(rowTime({ time: '2027-01-04T09:00:00+01:00' })).toEqual({ at: new Date('2027-01-04T08:00:00Z') });
  expect(rowTime({ time: '2027-01-04 09:00Z' })).toEqual({ at: new Date('2027-01-04T09:00:00Z') });
  expect(rowTime({ time: '2027-07-04 09:00', timezone: 'Europe/Berlin' })).toEqual({
    at: new Date('2027-07-04T07:00:00Z'),
    timeZone: 'Europe/Berlin',
  });
  expect(rowTime({ time: 'Queue' })).toEqual({ queue: true });
  expect(rowTime({})).toEqual({ undated: true });
  expect(rowTime({ time: '2027-01-04 09:00' })).toMatchObject({ problem: { column: 'time' } });
  expect(rowTime({ time: '2027-13-04 09:00', timezone: 'UTC' })).toMatchObject({ problem: { column: 'time' } });
  expect(rowTime({ time: 'next tuesday' })).toMatchObject({ problem: { column: 'time' } });
  expect(rowTime({ time: 'queue', timezone: 'Mars/Olympus' })).toMatchObject({ problem: { column: 'timezone' } });
});

test('lists, thread parts in order, per-account texts, and what makes rows the same', () => {
  expect(listCell(' a; b ;;c ')).toEqual(['a', 'b', 'c']);
  expect(threadParts({ text: 'one', part10: 'ten', part2: 'two', part3: ' ' })).toEqual([
    { column: 'part2', content: 'two' },
    { column: 'part10', content: 'ten' },
  ]);
  expect(overrideCells({ text: 'x', 'text:mastodon': 'toot', 'text:x': '' })).toEqual([
    { column: 'text:mastodon', key: 'mastodon', content: 'toot' },
  ]);
  expect(rowIdentity({ text: ' Hi ', accounts: 'B; a', time: 'queue' })).toBe(rowIdentity({ text: 'Hi', accounts: 'A;b', time: 'queue' }));
  expect(rowIdentity({ text: 'Hi', accounts: 'a' })).not.toBe(rowIdentity({ text: 'Hi', accounts: 'a', time: 'queue' }));
  // rows of one template differ by their values
  expect(variableCells({ text: 'x', 'var:b': '2', 'var:a': '1' })).toEqual({ a: '1', b: '2' });
  expect(rowIdentity({ template: 'Launch', 'var:city': 'Oslo' })).not.toBe(rowIdentity({ template: 'Launch', 'var:city': 'Rome' }));
  expect(rowIdentity({ template: 'Launch', 'var:city': 'Oslo' })).toBe(rowIdentity({ template: 'launch ', 'var:city': 'Oslo' }));
});

test('undated rows spread evenly, each in the middle of its share of the window', () => {
  const from = new Date('2027-01-01T00:00:00Z');
  const to = new Date('2027-01-01T04:00:00Z');
  expect([0, 1, 2, 3].map((index) => spreadTime(from, to, index, 4).toISOString())).toEqual([
    '2027-01-01T00:30:00.000Z',
    '2027-01-01T01:30:00.000Z',
    '2027-01-01T02:30:00.000Z',
    '2027-01-01T03:30:00.000Z',
  ]);
});
