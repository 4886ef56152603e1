import { bestTimeLabel, bestTimes, FALLBACK_BEST_TIMES, rateBasis, type BestTimeCell } from './audience';

const cell = (weekday: number, hour: number, posts: number, meanEngagements: number): BestTimeCell => ({
  weekday,
  hour,
  posts,
  meanEngagements,
  meanEngagementRate: null,
});

test('each platform divides by its audience metric, or by followers where it has none', () => {
  expect([rateBasis('X'), rateBasis('INSTAGRAM'), rateBasis('YOUTUBE'), rateBasis('MASTODON'), rateBasis('BLUESKY')]).toEqual([
    'impressions',
    'reach',
    'views',
    'followers',
    'followers',
  ]);
});

test('the best cells by mean engagements, leaving out cells of one post', () => {
  const cells = [cell(1, 9, 4, 10), cell(2, 17, 3, 30), cell(5, 12, 1, 500), cell(3, 8, 2, 20)];
  expect(bestTimes(cells)).toEqual({
    basis: 'history',
    fallbackReason: null,
    suggestions: [
      { weekday: 2, hour: 17 },
      { weekday: 3, hour: 8 },
      { weekday: 1, hour: 9 },
    ],
  });
});

test('too little history: the fallback, said to be one', () => {
  const few = bestTimes([cell(2, 17, 3, 30)]);
  expect(few).toMatchObject({ basis: 'fallback', suggestions: FALLBACK_BEST_TIMES });
  expect(few.fallbackReason).toBe(
    'Too little history: 3 published posts with engagement counts, at least 10 needed (and 2 in one hour of the week). These are common times, not yours.',
  );
  // enough posts, but none of its hours has two
  expect(bestTimes([...Array(10).keys()].map((hour) => cell(1, hour, 1, 5))).basis).toBe('fallback');
  expect(bestTimeLabel({ weekday: 7, hour: 6 })).toBe('Sunday 06:00');
});
