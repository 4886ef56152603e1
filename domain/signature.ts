// An account's signature, appended to the text it publishes when a post is created for it
// (api/posts/service.ts), and counted by the composer's counters the same way.

/** `text` with `signature` after a blank line; unchanged when there is none or the text already ends with it. */
export function withSignature(text: string, signature: string | null | undefined): string {
  if (!signature || text.trimEnd().endsWith(signature)) return text;
  return `${text.trimEnd()}\n\n${signature}`;
}
