import { parseSlotsForm } from './queue.server';

function form(fields: Array<[string, string]>, timeZone = 'Europe/Berlin'): FormData {
  const formData = new FormData();
  formData.append('timeZone', timeZone);
  for (const [name, value] of fields) formData.append(name, value);
  return formData;
}

test('the chips, less the one a ✕ removes, and a time added for the days ticked make the schedule', () => {
  const result = parseSlotsForm(
    form([
      ['slot', 'mon 09:00'],
      ['slot', 'tue 09:00'],
      ['removeSlot', 'tue 09:00'],
      ['newTime', '18:30'],
      ['newDays', 'sat'],
      ['newDays', 'sun'],
      ['paused', 'on'],
    ]),
  );
  expect(result).toMatchObject({
    ok: true,
    data: {
      timeZone: 'Europe/Berlin',
      paused: true,
      slots: [
        { day: 'mon', time: '09:00' },
        { day: 'sat', time: '18:30' },
        { day: 'sun', time: '18:30' },
      ],
    },
  });
});

test('days ticked without a time add nothing', () => {
  expect(
    parseSlotsForm(
      form([
        ['slot', 'mon 09:00'],
        ['newDays', 'mon'],
      ]),
    ),
  ).toMatchObject({
    ok: true,
    data: { slots: [{ day: 'mon', time: '09:00' }] },
  });
});

test('errors come back beside what they name: a chip, Add a time (repeated days in one message), its days, the zone', () => {
  const result = parseSlotsForm(
    form(
      [
        ['slot', 'mon 09:00'],
        ['slot', 'tue 9am'],
        ['newTime', '09:00'],
        ['newDays', 'mon'],
        ['newDays', 'wed'],
        ['newDays', 'sun'],
        ['slot', 'sun 09:00'],
      ],
      'Mars/Olympus',
    ),
  );
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.errors).toEqual({
    'slot tue 9am': ['time must be HH:MM between 00:00 and 23:59, e.g. 09:30'],
    newTime: ['09:00 is already a slot on Monday, Sunday'],
    timeZone: ['must be an IANA time zone, e.g. Europe/Berlin'],
  });
  // the form comes back as sent, to refill the editor
  expect(result.form.newDays).toEqual(['mon', 'wed', 'sun']);

  expect(parseSlotsForm(form([['newTime', '10:00']]))).toMatchObject({
    ok: false,
    errors: { newDays: ['Tick the days this time is for'] },
  });
});
