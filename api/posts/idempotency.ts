// Idempotency-Key on POST /posts (the IETF httpapi Idempotency-Key draft): a retry with the
// same key and the same request answers with the post the first one created; the same key
// with a different request is the client's mistake, answered 422 rather than with a post
// that is not the one it asked for.
import { sha256 } from '../../lib/crypto';
import { problems } from '../http/problem';
import type { CreatePostInput } from './schemas';

/** The request's fingerprint: its validated input, serialised in the schema's key order (so formatting does not matter). */
export function idempotencyRequestHash(input: CreatePostInput): string {
  return sha256(JSON.stringify(input));
}

/** The post a key created, to replay, if it came from the same request. Posts from before fingerprints were kept (null) replay as they did. */
export function replayable<Post extends { idempotencyRequestHash: string | null }>(post: Post, requestHash: string): Post {
  if (post.idempotencyRequestHash !== null && post.idempotencyRequestHash !== requestHash) {
    throw problems.unprocessable(
      'idempotency-key-reused',
      'This Idempotency-Key was already used with a different request body. Send a new key for a new post, or the same body to replay.',
    );
  }
  return post;
}
