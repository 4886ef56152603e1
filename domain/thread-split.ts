// Splits a long text into the parts of a thread at sentence boundaries, each part short
// enough for every account it goes to: the composer's "split into parts".
// NOTE: pure and browser-safe (no Node APIs): the web composer uses it.

const sentences = new Intl.Segmenter('en', { granularity: 'sentence' });
const words = new Intl.Segmenter('en', { granularity: 'word' });

/**
 * The parts, in order: whole sentences packed greedily while `fits` holds; a sentence that
 * fits no part alone is cut between words (and a word that fits no part alone, anywhere).
 */
export function splitIntoParts(text: string, fits: (part: string) => boolean): string[] {
  const pieces = [...sentences.segment(text.trim())].flatMap(({ segment }) => (fits(segment.trim()) ? [segment] : cut(segment, fits)));
  const parts: string[] = [];
  let current = '';
  for (const piece of pieces) {
    const joined = current + piece;
    if (current && !fits(joined.trim())) {
      parts.push(current.trim());
      current = piece;
    } else current = joined;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

/** A sentence too long for one part, as pieces that each fit: cut between words where it can. */
function cut(sentence: string, fits: (part: string) => boolean): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const { segment } of words.segment(sentence)) {
    if (fits((current + segment).trim())) current += segment;
    else if (fits(segment.trim())) {
      pieces.push(current);
      current = segment;
    } else {
      // a single word longer than a part: cut it by characters
      for (const character of segment) {
        if (!fits((current + character).trim())) {
          pieces.push(current);
          current = '';
        }
        current += character;
      }
    }
  }
  if (current) pieces.push(current);
  return pieces.filter((piece) => piece.trim());
}
