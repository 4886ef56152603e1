import { lastDaysIn } from './analytics-range';

test('the last 7 days are today and the six days before, in the zone, whatever the hour', () => {
  const berlin = (iso: string) => lastDaysIn(7, 'Europe/Berlin', new Date(iso));
  const expected = { from: new Date('2026-11-26T23:00:00Z'), to: new Date('2026-12-03T23:00:00Z') };
  // just after midnight and just before it, Berlin time (UTC+1), on 3 December
  expect(berlin('2026-12-02T23:00:01Z')).toEqual(expected);
  expect(berlin('2026-12-03T22:59:59Z')).toEqual(expected);
});

test('a day with a daylight-saving change is a whole day too', () => {
  // Berlin moves to summer time on 29 March 2026: that day has 23 hours
  expect(lastDaysIn(2, 'Europe/Berlin', new Date('2026-03-29T12:00:00Z'))).toEqual({
    from: new Date('2026-03-27T23:00:00Z'),
    to: new Date('2026-03-29T22:00:00Z'),
  });
});
