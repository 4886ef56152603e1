import {
  dayAndHourIn,
  gridDays,
  gridRange,
  gridTitle,
  isIsoDate,
  newPostTime,
  parseNewPostTime,
  previewPlacement,
  shiftAnchor,
} from './calendar';

describe('calendar grids', () => {
  test('a month is whole weeks from Monday; a week is seven days', () => {
    const days = gridDays('month', '2026-11-15');
    expect(days[0]).toBe('2026-10-26');
    expect(days.at(-1)).toBe('2026-12-06');
    expect(days).toHaveLength(42);
    expect(gridDays('week', '2026-11-28')).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
    ]);
    expect(gridRange(['2026-11-23', '2026-11-29'])).toEqual({
      from: new Date('2026-11-22T00:00:00Z'),
      to: new Date('2026-12-01T00:00:00Z'),
    });
  });

  test('the agenda is the four weeks from its first day, across a year’s end', () => {
    const days = gridDays('agenda', '2026-12-24');
    expect(days).toHaveLength(28);
    expect([days[0], days.at(-1)]).toEqual(['2026-12-24', '2027-01-20']);
    expect(gridTitle('agenda', '2026-12-24', days)).toBe('24 Dec – 20 Jan 2027');
    expect(shiftAnchor('agenda', '2026-12-24', 1)).toBe('2027-01-21');
    expect(shiftAnchor('agenda', '2026-12-24', -1)).toBe('2026-11-26');
  });

  test('moves by months and weeks, and places instants on the zone’s day', () => {
    expect(shiftAnchor('month', '2026-01-31', 1)).toBe('2026-02-28');
    expect(shiftAnchor('week', '2026-12-29', 1)).toBe('2027-01-05');
    expect(dayAndHourIn('2026-11-28T23:30:00Z', 'Europe/Berlin')).toEqual({ day: '2026-11-29', hour: 0, time: '00:30:00' });
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-02-28')).toBe(true);
  });
});

describe('composing from the calendar', () => {
  test('a day composes for 09:00, an hour for its start', () => {
    expect(newPostTime('2026-12-24')).toBe('2026-12-24T09:00');
    expect(newPostTime('2026-12-24', 0)).toBe('2026-12-24T00:00');
    expect(newPostTime('2026-12-24', 17)).toBe('2026-12-24T17:00');
  });

  test('the composer takes only a real local day and time from the link', () => {
    expect(parseNewPostTime('2026-12-24T09:00')).toBe('2026-12-24T09:00');
    expect(parseNewPostTime('2026-12-24T23:59')).toBe('2026-12-24T23:59');
    for (const refused of [null, '', '2026-02-30T09:00', '2026-12-24T24:00', '2026-12-24T09:60', '2026-12-24', '2026-12-24T09:00Z', 'soon'])
      expect(parseNewPostTime(refused)).toBeUndefined();
  });
});

describe('a chip’s preview', () => {
  const desktop = { width: 1280, height: 900 };
  test('goes beside the chip, right where there is room, else left; it grows away from the nearer edge', () => {
    expect(previewPlacement({ top: 100, bottom: 130, left: 300, right: 420 }, desktop, 288)).toEqual({ left: 426, top: 100 });
    expect(previewPlacement({ top: 700, bottom: 730, left: 300, right: 420 }, desktop, 288)).toEqual({ left: 426, bottom: 170 });
    expect(previewPlacement({ top: 100, bottom: 130, left: 1100, right: 1240 }, desktop, 288)).toEqual({ left: 806, top: 100 });
  });

  test('goes below or above the chip on a phone, inside the screen', () => {
    const phone = { width: 390, height: 844 };
    expect(previewPlacement({ top: 100, bottom: 130, left: 16, right: 374 }, phone, 288)).toEqual({ left: 16, top: 136 });
    expect(previewPlacement({ top: 600, bottom: 630, left: 200, right: 374 }, phone, 288)).toEqual({ left: 96, bottom: 250 });
  });
});
