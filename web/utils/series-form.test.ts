import { describeTiming, seriesRequestOf, timingOfForm, type SeriesFormFields } from './series-form';

const form: SeriesFormFields = {
  name: 'Tips',
  content: 'Tip {{n}}',
  connectionIds: ['c1'],
  overrides: {},
  targetOptions: {},
  thread: [],
  firstComment: '',
  labelIds: [],
  frequency: 'weekly',
  every: '2',
  days: ['WEDNESDAY', 'MONDAY'],
  dayOfMonth: '1',
  time: '09:00',
  timeZone: 'Europe/Berlin',
  startDate: '2027-03-01',
  endType: 'after',
  endCount: '5',
  endDate: '',
};

test('the form becomes the API request: only the chosen rule and end fields, numbers as numbers, the rest for the schema to name', () => {
  expect(seriesRequestOf(form)).toEqual({
    rule: { frequency: 'weekly', every: 2, days: ['WEDNESDAY', 'MONDAY'] },
    time: '09:00',
    timeZone: 'Europe/Berlin',
    startDate: '2027-03-01',
    end: { type: 'after', count: 5 },
  });
  expect(
    seriesRequestOf({ ...form, frequency: 'monthly', every: '', dayOfMonth: 'x', endType: 'on', endDate: '2027-04-01' }),
  ).toMatchObject({
    rule: { frequency: 'monthly', every: undefined, dayOfMonth: 'x' },
    end: { type: 'on', date: '2027-04-01' },
  });
});

test('the timing, once well-formed, in plain words (days in week order); else none', () => {
  const timing = timingOfForm(form);
  expect(timing).toEqual({
    rule: { frequency: 'weekly', every: 2, days: ['MONDAY', 'WEDNESDAY'] },
    time: '09:00',
    timeZone: 'Europe/Berlin',
    startDate: '2027-03-01',
    end: { type: 'after', count: 5 },
  });
  expect(describeTiming(timing!)).toBe('Every 2 weeks on Monday and Wednesday at 09:00 (Europe/Berlin), from 1 Mar 2027, 5 posts');
  expect(
    describeTiming({ ...timing!, rule: { frequency: 'monthly', every: 1, dayOfMonth: 15 }, end: { type: 'on', date: '2027-06-30' } }),
  ).toBe('Every month on day 15 at 09:00 (Europe/Berlin), from 1 Mar 2027, until 30 Jun 2027');
  expect(timingOfForm({ ...form, days: [] })).toBeUndefined();
  expect(timingOfForm({ ...form, endCount: '0' })).toBeUndefined();
  expect(timingOfForm({ ...form, time: '9am' })).toBeUndefined();
  expect(timingOfForm({ ...form, timeZone: 'Mars/Olympus_Mons' })).toBeUndefined();
  expect(timingOfForm({ ...form, endType: 'on', endDate: '2027-02-30' })).toBeUndefined();
});
