import { JPEG, MP4, mp4Movie, pngOfSize } from '../tests/support/media-fixtures';
import { mediaFactsReader, UNKNOWN_FACTS } from './media-facts';

/** The facts of `bytes` fed to a reader in chunks of `chunkBytes`, as an upload streams them. */
function factsOf(kind: 'IMAGE' | 'VIDEO' | 'DOCUMENT', bytes: Buffer, chunkBytes = 100) {
  const reader = mediaFactsReader(kind);
  for (let at = 0; at < bytes.length; at += chunkBytes) reader.push(bytes.subarray(at, at + chunkBytes));
  return reader.facts();
}

test("an image's width and height come from its header", () => {
  expect(factsOf('IMAGE', pngOfSize(1000, 3000))).toEqual({ width: 1000, height: 3000, durationMs: null });
});

test("an MP4's size and length come from its movie box, before or after the media data, turned as it is displayed", () => {
  expect(factsOf('VIDEO', mp4Movie({ width: 1080, height: 1920, durationMs: 100_000 }))).toEqual({
    width: 1080,
    height: 1920,
    durationMs: 100_000,
  });
  expect(factsOf('VIDEO', mp4Movie({ width: 1080, height: 1920, durationMs: 5_500, moovLast: true, rotated: true }), 7)).toEqual({
    width: 1080,
    height: 1920,
    durationMs: 5_500,
  });
});

test('a file that does not say stays unknown', () => {
  expect(factsOf('VIDEO', MP4)).toEqual(UNKNOWN_FACTS); // an ftyp box and no movie
  expect(factsOf('IMAGE', pngOfSize(10, 10).subarray(0, 12))).toEqual(UNKNOWN_FACTS);
  // an arithmetic-coded JPEG (SOF9), whose frame header image-size does not read
  expect(factsOf('IMAGE', JPEG)).toEqual(UNKNOWN_FACTS);
  expect(factsOf('VIDEO', Buffer.from('not a video at all'.repeat(50)))).toEqual(UNKNOWN_FACTS);
});
