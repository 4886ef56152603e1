// The composer's Google Business Profile fields turned into the options the API takes and back:
// nested by their dotted names, and only those the post type and the button apply to.
import { optionFieldOf, optionFieldValues, optionsFromFields, targetOptionProblems } from '../../domain/target-options';

const event = {
  topicType: 'EVENT',
  'event.title': 'Christmas tasting',
  'event.start': '2026-12-24T16:00',
  'event.end': '2026-12-24T18:00',
  'callToAction.actionType': 'SIGN_UP',
  'callToAction.url': 'https://example.com/rsvp',
};

test("an event's fields nest into the options the schema takes, and back into the same fields", () => {
  const options = optionsFromFields('GOOGLE_BUSINESS', event);
  expect(options).toEqual({
    topicType: 'EVENT',
    event: { title: 'Christmas tasting', start: '2026-12-24T16:00', end: '2026-12-24T18:00' },
    callToAction: { actionType: 'SIGN_UP', url: 'https://example.com/rsvp' },
  });
  expect(targetOptionProblems('GOOGLE_BUSINESS', options)).toEqual([]);
  expect(optionFieldValues(options)).toEqual(event);
});

test('fields the post type or the button does not take are left out, as are names no field has', () => {
  const options = optionsFromFields('GOOGLE_BUSINESS', {
    ...event,
    topicType: 'OFFER',
    'offer.couponCode': 'XMAS',
    '__proto__.polluted': 'yes',
  });
  // an offer takes no button: neither its type nor its link goes
  expect(options).toEqual({ topicType: 'OFFER', event: expect.any(Object), offer: { couponCode: 'XMAS' } });
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(
    optionsFromFields('GOOGLE_BUSINESS', {
      topicType: 'STANDARD',
      'callToAction.actionType': 'CALL',
      'callToAction.url': 'https://x.test',
    }),
  ).toEqual({ topicType: 'STANDARD', callToAction: { actionType: 'CALL' } });
});

test('a problem is shown at its field, or at the first field under the missing object', () => {
  expect(optionFieldOf('GOOGLE_BUSINESS', 'event.end')).toBe('event.end');
  expect(optionFieldOf('GOOGLE_BUSINESS', 'event')).toBe('event.title');
  expect(optionFieldOf('GOOGLE_BUSINESS', 'callToAction')).toBe('callToAction.actionType');
});
