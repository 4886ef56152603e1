// A PDF's page count, read without a PDF library: the page tree's root is a `/Type /Pages`
// dictionary whose `/Count` is the number of pages, and every other node of the tree counts
// fewer, so the largest `/Count` of a Pages node is the document's. PDF 1.5 and later may keep
// the tree inside compressed object streams: those are inflated and searched too.
// https://opensource.adobe.com/dc-acrobat-sdk-docs/pdfstandards/PDF32000_2008.pdf (7.7.3.2, 7.5.7)
import { constants, inflateSync } from 'node:zlib';

const PAGES_COUNT = /\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/g;
const FLATE_STREAM = /\/FlateDecode[^>]*>>\s*stream\r?\n/g;

function largestCount(text: string): number | undefined {
  let largest: number | undefined;
  for (const match of text.matchAll(PAGES_COUNT)) {
    const count = Number(match[1] ?? match[2]);
    largest = largest === undefined ? count : Math.max(largest, count);
  }
  return largest;
}

/** The number of pages of a PDF, or undefined when its page tree cannot be found. */
export function pdfPageCount(pdf: Buffer): number | undefined {
  const text = pdf.toString('latin1');
  const plain = largestCount(text);
  if (plain !== undefined) return plain;
  let largest: number | undefined;
  for (const match of text.matchAll(FLATE_STREAM)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    let inflated: string;
    try {
      // a sync flush tolerates the end-of-line before `endstream`
      inflated = inflateSync(pdf.subarray(start, end), { finishFlush: constants.Z_SYNC_FLUSH }).toString('latin1');
    } catch {
      continue; // not an object stream planrrr can read (an image, a font): no page tree there
    }
    const count = largestCount(inflated);
    if (count !== undefined) largest = Math.max(largest ?? 0, count);
  }
  return largest;
}
