// JSON request bodies with a bounded nesting depth. The raw bytes are scanned before
// JSON.parse (one linear pass), so a body of 40 KB of `[` is refused in microseconds
// instead of costing seconds in the parser and in every walk over the parsed value.
import express, { type RequestHandler } from 'express';
import { problems } from './problem';

/** No planrrr body nests deeper than a handful of levels; this leaves ample room. */
export const MAX_JSON_DEPTH = 32;

const OPEN_ARRAY = 0x5b; // [
const OPEN_OBJECT = 0x7b; // {
const CLOSE_ARRAY = 0x5d; // ]
const CLOSE_OBJECT = 0x7d; // }
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * Whether `text` (JSON, as UTF-8 bytes) opens more than `maxDepth` arrays or objects inside
 * one another. Brackets inside strings do not count. In UTF-8 every byte of a multi-byte
 * character is >= 0x80, so scanning bytes is exact. Invalid JSON is left to the parser.
 */
export function nestsDeeperThan(text: Uint8Array, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const byte = text[i];
    if (inString) {
      if (byte === BACKSLASH) i += 1;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) depth -= 1;
  }
  return false;
}

/** Bodies in another UTF (body-parser accepts utf-16 too) are scanned as UTF-8. */
function asUtf8(raw: Buffer, encoding: string): Uint8Array {
  if (/^utf-?8$/i.test(encoding)) return raw;
  try {
    return Buffer.from(new TextDecoder(encoding).decode(raw), 'utf8');
  } catch {
    return raw; // an encoding TextDecoder does not know: body-parser refuses it anyway
  }
}

/** express.json with the depth bound: a deeper body answers 400 problem+json naming the limit. */
export function depthBoundedJson(options: { limit: string; maxDepth?: number }): RequestHandler {
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  return express.json({
    limit: options.limit,
    verify: (_req, _res, raw, encoding) => {
      if (nestsDeeperThan(asUtf8(raw, encoding), maxDepth)) {
        throw problems.validation([{ field: 'body', message: `nests arrays and objects more than ${maxDepth} levels deep` }]);
      }
    },
  });
}
