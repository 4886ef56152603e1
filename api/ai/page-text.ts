// The readable text of a web page a user names for post ideas. The process's dispatcher
// (lib/platforms/connection-pool.ts) holds the fetch to the rules of every user-supplied
// host: loopback, private and link-local addresses are refused at connect time unless
// ALLOW_INSECURE_PLATFORM_URLS is on. Redirects are refused rather than followed elsewhere.
import { problems } from '../http/problem';

const PAGE_TIMEOUT_MS = 10_000;
/** What is read of a page at most: a larger one is cut off, not downloaded whole. */
const MAX_PAGE_BYTES = 512 * 1024;
/** What the prompt keeps of the page: enough for ideas, little for the provider to read. */
const MAX_TEXT_CHARACTERS = 6_000;

function readableText(html: string): string {
  return html
    .replace(/<(script|style|noscript|svg)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_TEXT_CHARACTERS);
}

async function firstBytesOf(body: ReadableStream<Uint8Array>): Promise<string> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (let read = await reader.read(); !read.done && received < MAX_PAGE_BYTES; read = await reader.read()) {
    chunks.push(read.value);
    received += read.value.length;
  }
  await reader.cancel();
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, MAX_PAGE_BYTES));
}

/** The page's text, or a 422 problem naming `body.url` that says why it could not be read. */
export async function fetchPageText(url: string): Promise<string> {
  const host = new URL(url).host;
  const unreadable = (why: string) =>
    problems.unprocessable('page-unreadable', `body.url: ${why}`, { errors: [{ field: 'body.url', message: why }] });
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'text/html, text/plain' },
      redirect: 'error',
      signal: AbortSignal.timeout(PAGE_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    throw unreadable(`${host} could not be read${cause}`);
  }
  if (!response.ok || !response.body) throw unreadable(`${host} answered ${response.status}`);
  const text = readableText(await firstBytesOf(response.body));
  if (!text) throw unreadable(`the page at ${host} has no text`);
  return text;
}
