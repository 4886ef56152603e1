// A platform's answer names the published post's URL; planrrr stores it, shows it as a link
// and sends it in webhooks. Only a web address is kept: a `javascript:` or `data:` URL from a
// compromised or buggy platform (or a fake instance) must not reach a browser.
import type { PublishedPost } from './publisher';

/** Whether `url` is an absolute http(s) URL. */
export function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * The publication with its URL kept only if it is a web address; `onDropped` hears of any
 * other. An empty URL is a post without a public link (a private Telegram channel's), kept as is.
 */
export function withWebUrlOnly(published: PublishedPost, onDropped: (url: string) => void): PublishedPost {
  if (published.url === '' || isWebUrl(published.url)) return published;
  onDropped(published.url);
  return { ...published, url: '' };
}
