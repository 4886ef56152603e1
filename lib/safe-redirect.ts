// Where a user-supplied "come back to" target (a log-in's redirectTo, an OAuth flow's
// returnTo) may send the browser: a path on this site, nothing else. Read the way a browser
// reads it: browsers drop tabs and newlines from URLs and take `\` for `/`, so
// `/<TAB>/evil.example` and `/\evil.example` both mean `//evil.example`, another site.
// See https://url.spec.whatwg.org/#concept-basic-url-parser.

const BASE = 'http://planrrr.invalid';
const DROPPED_BY_BROWSERS = /[\t\n\r]/g;
// eslint-disable-next-line no-control-regex -- control characters are exactly what it looks for
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** The target as a same-site path (with its query and fragment), or undefined when it may lead elsewhere. */
export function sameSitePath(to: unknown): string | undefined {
  if (typeof to !== 'string') return undefined;
  const normalised = to.replace(DROPPED_BY_BROWSERS, '').replace(/\\/g, '/');
  if (!normalised.startsWith('/') || normalised.startsWith('//') || CONTROL_CHARACTER.test(normalised)) return undefined;
  let url: URL;
  try {
    url = new URL(normalised, BASE);
  } catch {
    return undefined;
  }
  if (url.origin !== BASE) return undefined;
  // re-serialised, so whatever reaches a Location header is percent-encoded; dot segments
  // resolved there can make `//` again (`/.//evil.example`)
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith('//') ? undefined : path;
}

/** A same-site path to send the browser to; anything else becomes `fallback`. */
export function safeRedirect(to: unknown, fallback: string): string {
  return sameSitePath(to) ?? fallback;
}
