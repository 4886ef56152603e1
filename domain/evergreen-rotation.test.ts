import { chooseEvergreenSource, comparableText, type SlotToFill } from './evergreen-rotation';
import { duplicateTextWindowDays } from './platform-rules';

const DAY_MS = 24 * 60 * 60 * 1000;
const slotAt = new Date('2027-05-10T09:00:00Z');
const daysFromSlot = (days: number) => new Date(slotAt.getTime() + days * DAY_MS);
const sources = [
  { id: 'a', text: 'Read our guide' },
  { id: 'b', text: 'Try the demo' },
  { id: 'c', text: 'Join the newsletter' },
];

function choose(fields: Partial<SlotToFill>) {
  return chooseEvergreenSource({ sources, shares: [], posts: [], platform: 'MASTODON', slotAt, minGapDays: 3, ...fields });
}

test('never-shared sources go first, in the set’s order', () => {
  expect(choose({})).toEqual({ sourceId: 'a' });
  expect(choose({ shares: [{ sourceId: 'a', at: daysFromSlot(-10) }] })).toEqual({ sourceId: 'b' });
});

test('then the least recently shared, its latest share counting (booked ones too)', () => {
  const shares = [
    { sourceId: 'a', at: daysFromSlot(-20) },
    { sourceId: 'a', at: daysFromSlot(-5) },
    { sourceId: 'b', at: daysFromSlot(-8) },
    { sourceId: 'c', at: daysFromSlot(-30) },
    { sourceId: 'c', at: daysFromSlot(9) },
  ];
  expect(choose({ shares })).toEqual({ sourceId: 'b' });
  // equal last shares: the set's order decides
  expect(choose({ shares: sources.map((source) => ({ sourceId: source.id, at: daysFromSlot(-4) })) })).toEqual({ sourceId: 'a' });
});

test('a source shared within the gap before the slot, or booked within it after, is skipped', () => {
  expect(choose({ shares: [{ sourceId: 'a', at: daysFromSlot(-2.9) }] })).toEqual({ sourceId: 'b' });
  expect(choose({ shares: [{ sourceId: 'a', at: daysFromSlot(2.9) }] })).toEqual({ sourceId: 'b' });
  // exactly the gap apart is allowed
  const exactly = [
    { sourceId: 'a', at: daysFromSlot(-3) },
    { sourceId: 'b', at: daysFromSlot(-1) },
    { sourceId: 'c', at: daysFromSlot(1) },
  ];
  expect(choose({ shares: exactly })).toEqual({ sourceId: 'a' });
});

test('no candidate: the slot stays empty, with the reason', () => {
  const shares = [
    { sourceId: 'a', at: daysFromSlot(-1) },
    { sourceId: 'b', at: daysFromSlot(1) },
  ];
  const posts = [{ text: '  Join   the\nnewsletter ', at: daysFromSlot(-2) }];
  expect(choose({ shares, posts })).toEqual({
    sourceId: null,
    reason:
      'no post of the set can go here: 2 shared to this account within 3 days of the slot; 1 with the same text as a post within 3 days of it (the platform would refuse a duplicate)',
  });
  expect(choose({ sources: [] })).toEqual({ sourceId: null, reason: 'the set has no posts to share' });
});

test('the same text around the slot is skipped within the platform’s duplicate window (X: 30 days), else within the gap', () => {
  const posts = [{ text: 'Read our guide', at: daysFromSlot(-20) }];
  expect(choose({ posts, platform: 'X' })).toEqual({ sourceId: 'b' });
  expect(choose({ posts, platform: 'MASTODON' })).toEqual({ sourceId: 'a' });
  expect(choose({ posts: [{ text: 'Read our guide', at: daysFromSlot(2) }], platform: 'MASTODON' })).toEqual({ sourceId: 'b' });
  // case counts; whitespace does not
  expect(choose({ posts: [{ text: 'read our guide', at: daysFromSlot(-1) }] })).toEqual({ sourceId: 'a' });
  expect(comparableText('  a \n\t b  ')).toBe('a b');
  expect(duplicateTextWindowDays('X', 3)).toBe(30);
  expect(duplicateTextWindowDays('BLUESKY', 3)).toBe(3);
});
