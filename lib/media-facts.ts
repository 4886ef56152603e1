// What the platform rules need to know of a media file besides its type and size: an image's
// width and height, a video's width, height and duration (domain/platform-rules.ts checks
// aspect ratios and lengths with them). Read from the bytes as they stream in, so a 1 GB video
// is never held in memory: an image from its first bytes (image-size), an MP4 or MOV from its
// movie box wherever it sits (mp4box, which skips the media data it is fed). A file that does
// not say stays acceptable: its facts are null and the rules skip the checks that need them.
import { imageSize } from 'image-size';
import { createFile, MP4BoxBuffer, type Movie } from 'mp4box';

export interface MediaFacts {
  /** in pixels as displayed (an EXIF orientation or a video's rotation applied) */
  width: number | null;
  height: number | null;
  durationMs: number | null;
}

export const UNKNOWN_FACTS: MediaFacts = { width: null, height: null, durationMs: null };

/** Receives a file's bytes in order, then tells what they say. */
export interface MediaFactsReader {
  push(chunk: Uint8Array): void;
  facts(): MediaFacts;
}

/**
 * An image's dimensions are in its header; a JPEG's come after its metadata segments (EXIF,
 * ICC profile, thumbnails), which stay well within this many bytes.
 */
const IMAGE_HEAD_BYTES = 1024 * 1024;

function imageFactsReader(): MediaFactsReader {
  const head: Uint8Array[] = [];
  let headBytes = 0;
  return {
    push(chunk) {
      if (headBytes >= IMAGE_HEAD_BYTES) return;
      head.push(chunk);
      headBytes += chunk.length;
    },
    facts() {
      try {
        const { width, height, orientation } = imageSize(Buffer.concat(head));
        // EXIF orientations 5 to 8 turn the image a quarter: it shows height by width
        const turned = orientation !== undefined && orientation >= 5;
        return { width: turned ? height : width, height: turned ? width : height, durationMs: null };
      } catch {
        return UNKNOWN_FACTS;
      }
    },
  };
}

function movieFacts(movie: Movie): MediaFacts {
  const fragments = movie.fragment_duration;
  const seconds =
    movie.duration > 0 && movie.timescale > 0
      ? movie.duration / movie.timescale
      : fragments && fragments.den > 0
        ? fragments.num / fragments.den
        : undefined;
  const durationMs = seconds && seconds > 0 ? Math.round(seconds * 1000) : null;
  const video = movie.videoTracks[0];
  if (!video) return { width: null, height: null, durationMs };
  const width = video.track_width || video.video?.width || 0;
  const height = video.track_height || video.video?.height || 0;
  if (!width || !height) return { width: null, height: null, durationMs };
  // a phone's portrait video is stored landscape with a matrix that turns it a quarter for display
  const matrix = video.matrix as ArrayLike<number>;
  const turned = matrix[0] === 0 && matrix[4] === 0;
  return { width: Math.round(turned ? height : width), height: Math.round(turned ? width : height), durationMs };
}

function videoFactsReader(): MediaFactsReader {
  const file = createFile();
  let movie: Movie | undefined;
  let failed = false;
  let position = 0;
  file.onReady = (info) => {
    movie = info;
  };
  file.onError = () => {
    failed = true;
  };
  return {
    push(chunk) {
      const fileStart = position;
      position += chunk.length;
      if (movie || failed) return;
      try {
        // mp4box reads ArrayBuffers of its own, marked with their place in the file
        file.appendBuffer(MP4BoxBuffer.fromArrayBuffer(new Uint8Array(chunk).buffer, fileStart));
      } catch {
        failed = true;
      }
    },
    facts() {
      return movie && !failed ? movieFacts(movie) : UNKNOWN_FACTS;
    },
  };
}

/** A reader of the facts of a file of this kind (a PDF has none the rules use). */
export function mediaFactsReader(kind: 'IMAGE' | 'VIDEO' | 'DOCUMENT'): MediaFactsReader {
  if (kind === 'IMAGE') return imageFactsReader();
  if (kind === 'VIDEO') return videoFactsReader();
  return { push: () => undefined, facts: () => UNKNOWN_FACTS };
}
