import { splitIntoParts } from './thread-split';

const within = (limit: number) => (part: string) => part.length <= limit;

test('sentences are packed into parts that fit, never cut when they fit alone', () => {
  const text = 'One short sentence. Another one here! A third? And the last one.';
  expect(splitIntoParts(text, within(40))).toEqual(['One short sentence. Another one here!', 'A third? And the last one.']);
});

test('a text that fits stays one part', () => {
  expect(splitIntoParts('  Fits in one.  ', within(280))).toEqual(['Fits in one.']);
});

test('a sentence longer than a part is cut between words, and every part fits', () => {
  const long = 'word '.repeat(30).trim() + '.';
  const parts = splitIntoParts(`Short start. ${long}`, within(50));
  expect(parts.every((part) => part.length <= 50)).toBe(true);
  expect(parts.join(' ').replace(/\s+/g, ' ')).toBe(`Short start. ${long}`);
});
