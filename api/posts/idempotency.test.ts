import { ProblemError } from '../http/problem';
import { idempotencyRequestHash, replayable } from './idempotency';

const input = { content: 'Hello', publishAt: new Date('2030-01-01T10:00:00Z'), connectionIds: ['c1'] } as Parameters<
  typeof idempotencyRequestHash
>[0];

test('the same request replays; another request with the key is refused with 422', () => {
  const post = { id: 'p1', idempotencyRequestHash: idempotencyRequestHash(input) };
  expect(replayable(post, idempotencyRequestHash({ ...input }))).toBe(post);
  expect(() => replayable(post, idempotencyRequestHash({ ...input, content: 'Hello!' }))).toThrow(
    expect.objectContaining({ status: 422, slug: 'idempotency-key-reused' }) as ProblemError,
  );
});

test('a post made before fingerprints were kept replays as before', () => {
  const post = { id: 'p0', idempotencyRequestHash: null };
  expect(replayable(post, idempotencyRequestHash(input))).toBe(post);
});
