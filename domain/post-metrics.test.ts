import { dueSamples, durationMs } from './post-metrics';
import { readingOf } from './platform-metrics';

const HOUR = 3_600_000;

test('durations in s, m, h and d; anything else is not one', () => {
  expect([durationMs('90s'), durationMs('5m'), durationMs('6h'), durationMs('3d')]).toEqual([90_000, 300_000, 6 * HOUR, 72 * HOUR]);
  expect(durationMs('1w')).toBeUndefined();
  expect(durationMs('h')).toBeUndefined();
});

test('offsets not yet due are taken in turn; of those already past, only the latest, at once', () => {
  const offsets = [1 * HOUR, 6 * HOUR, 24 * HOUR];
  expect(dueSamples(0, offsets, 0)).toEqual([
    { sampleIndex: 0, at: HOUR },
    { sampleIndex: 1, at: 6 * HOUR },
    { sampleIndex: 2, at: 24 * HOUR },
  ]);
  expect(dueSamples(0, offsets, 7 * HOUR)).toEqual([
    { sampleIndex: 1, at: 6 * HOUR },
    { sampleIndex: 2, at: 24 * HOUR },
  ]);
  expect(dueSamples(0, offsets, 48 * HOUR)).toEqual([{ sampleIndex: 2, at: 24 * HOUR }]);
});

test('a reading keeps only the counts given, and names each missing one with its reason', () => {
  expect(readingOf('X', { likes: 0, replies: 2, impressions: undefined }, { impressions: 'not counted here' })).toEqual({
    metrics: { likes: 0, replies: 2 },
    missing: [
      { metric: 'impressions', reason: 'not counted here' },
      { metric: 'reposts', reason: 'The platform did not give it for this post' },
      { metric: 'quotes', reason: 'The platform did not give it for this post' },
      { metric: 'bookmarks', reason: 'The platform did not give it for this post' },
    ],
  });
});
