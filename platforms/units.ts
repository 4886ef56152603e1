// The measures and units platform definitions are written in: how a platform counts text,
// and the sizes and windows of its limits.
// NOTE: a leaf module (it imports nothing of planrrr's), so a platform's definition can use it
// without an import cycle through domain/post.ts.

export const MB = 1024 * 1024;
export const MINUTE = 60;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** a video's length is in milliseconds, as lib/media-facts.ts reads it */
export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;

export const codePoints = (text: string) => [...text].length;
const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
export const graphemes = (text: string) => [...graphemeSegmenter.segment(text)].length;
export const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;
/** Telegram and TikTok count text in UTF-16 code units, as Telegram's entity offsets are (https://core.telegram.org/api/entities#entity-length) */
export const utf16Units = (text: string) => text.length;

export const URL_PATTERN = /https?:\/\/[^\s<>"]+/g;

export const formatBytes = (bytes: number) =>
  bytes >= MB ? `${Math.round((bytes / MB) * 10) / 10} MB` : `${bytes.toLocaleString('en')} bytes`;
