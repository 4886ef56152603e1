import { nestsDeeperThan } from './json-body';

const bytes = (text: string) => Buffer.from(text, 'utf8');

test('counts nested arrays and objects, not their siblings', () => {
  expect(nestsDeeperThan(bytes('{"a":[1,{"b":[]}]}'), 4)).toBe(false);
  expect(nestsDeeperThan(bytes('{"a":[1,{"b":[]}]}'), 3)).toBe(true);
  expect(nestsDeeperThan(bytes('[[],[],[],[],[]]'), 2)).toBe(false);
});

test('brackets inside strings, escaped quotes included, do not count', () => {
  expect(nestsDeeperThan(bytes('{"content":"[[[[{{{{ \\" [[[[ \\\\"}'), 1)).toBe(false);
  expect(nestsDeeperThan(bytes('["\\"",[[]]]'), 2)).toBe(true);
  expect(nestsDeeperThan(bytes('{"emoji":"🎉[[[["}'), 1)).toBe(false);
});

test('40 KB of brackets is refused in well under a millisecond per kilobyte', () => {
  const hostile = bytes('['.repeat(20_000) + ']'.repeat(20_000));
  const started = performance.now();
  expect(nestsDeeperThan(hostile, 32)).toBe(true);
  expect(performance.now() - started).toBeLessThan(50);
});
