// What planrrr asks an AI model for, and how each answer is held to the platforms' rules
// before anyone sees it. Prompts carry the user's text and the accounts' limits, nothing
// else: no credentials, no account names (docs/ai.md, "What is sent to the provider").
// NOTE: pure and browser-safe (no Node APIs): the web composer shows the same kinds.
import { z } from 'zod';
import { checkPlatformRules, textLength, type PlatformViolation } from './platform-rules';
import type { Platform } from './post';

export const SUGGESTION_KINDS = ['rewrite', 'shorten', 'thread', 'hashtags', 'alt-text', 'ideas'] as const;
export type SuggestionKind = (typeof SUGGESTION_KINDS)[number];

/** An account a suggestion must fit. */
export interface SuggestionAccount {
  connectionId: string;
  platform: Platform;
  /** the account's own text limit (a Mastodon instance's) */
  maxCharacters?: number | null;
}

/** What one suggestion is asked from: the post's text, or an idea's topic and the text of a page. */
export interface SuggestionBrief {
  kind: SuggestionKind;
  content?: string | undefined;
  topic?: string | undefined;
  /** the readable text of the page the user named, fetched by the server */
  pageText?: string | undefined;
}

/** One answer, in the shape its kind has: a text, or a list (thread parts, hashtags, ideas). */
export type SuggestionValue = { text: string } | { parts: string[] } | { hashtags: string[] } | { ideas: string[] };

/** The rules a model can fix by writing differently; media and options are the user's to change. */
const TEXT_RULES = new Set(['text-too-long', 'too-many-hashtags', 'too-many-links', 'angle-brackets', 'title-too-long']);

const ListAnswers = {
  thread: z.object({ parts: z.array(z.string().trim().min(1)).min(1).max(25) }),
  hashtags: z.object({
    hashtags: z
      .array(
        z
          .string()
          .trim()
          .regex(/^#?[\p{L}\p{N}_]+$/u),
      )
      .min(1)
      .max(30),
  }),
  ideas: z.object({ ideas: z.array(z.string().trim().min(1)).min(1).max(10) }),
};

/** Whether the kind's answer is a JSON object (asked with `response_format: json_object`). */
export function answersInJson(kind: SuggestionKind): kind is keyof typeof ListAnswers {
  return kind in ListAnswers;
}

function limitsOf(accounts: readonly SuggestionAccount[]): string {
  return accounts
    .map((account) => {
      const { limit, unit } = textLength(account.platform, '', account.maxCharacters);
      return `- ${account.platform}: at most ${limit} ${unit}`;
    })
    .join('\n');
}

const SYSTEM_PROMPT =
  'You help a team write social media posts. Keep the facts, names, links and language of what you are given. ' +
  'Never add claims that are not in it. Answer with the result only, without comments or quotation marks.';

/** The system and user prompt of one suggestion for these accounts (one account for a rewrite). */
export function suggestionPrompt(brief: SuggestionBrief, accounts: readonly SuggestionAccount[]): { system: string; user: string } {
  const limits = accounts.length > 0 ? `\n\nIt must fit every one of these accounts:\n${limitsOf(accounts)}` : '';
  const post = `\n\nThe post:\n"""\n${brief.content ?? ''}\n"""`;
  switch (brief.kind) {
    case 'rewrite':
      return {
        system: SYSTEM_PROMPT,
        user: `Rewrite this post for ${accounts[0]?.platform ?? 'social media'}, in its usual style.${limits}${post}`,
      };
    case 'shorten':
      return { system: SYSTEM_PROMPT, user: `Shorten this post, keeping what matters most.${limits}${post}` };
    case 'thread':
      return {
        system: SYSTEM_PROMPT,
        user: `Split this post into a thread of parts that read well in order, without numbering them. Answer with a JSON object {"parts": ["...", "..."]}. Each part counts on its own.${limits}${post}`,
      };
    case 'hashtags':
      return {
        system: SYSTEM_PROMPT,
        user: `Suggest up to 5 hashtags for this post. Answer with a JSON object {"hashtags": ["#example"]}. The post with the hashtags added at its end must still fit.${limits}${post}`,
      };
    case 'ideas': {
      const source = brief.pageText ? `\n\nThe page they are about:\n"""\n${brief.pageText}\n"""` : '';
      return {
        system: SYSTEM_PROMPT,
        user: `Write 3 ideas for posts${brief.topic ? ` about: ${brief.topic}` : ' about the page below'}. Each idea is a post ready to publish. Answer with a JSON object {"ideas": ["...", "...", "..."]}.${limits}${source}`,
      };
    }
    case 'alt-text':
      return {
        system: SYSTEM_PROMPT,
        user: 'Write alt text for this image for people who cannot see it: what it shows that matters, in one or two sentences, at most 1000 characters.',
      };
  }
}

/** The follow-up that names the rules the last answer broke. */
export function retryPrompt(violations: readonly PlatformViolation[]): string {
  const broken = violations.map((violation) => `- ${violation.platform}: ${violation.message} (${violation.rule})`).join('\n');
  return `Your answer breaks these rules:\n${broken}\nWrite it again so that it fits, in the same format.`;
}

/** The answer's value, or a message saying why it is not one (the model is asked again). */
export function parseSuggestion(kind: SuggestionKind, answer: string): SuggestionValue | { unreadable: string } {
  if (!answersInJson(kind)) {
    const text = answer
      .trim()
      .replace(/^"([\s\S]*)"$/, '$1')
      .trim();
    return text ? { text } : { unreadable: 'The answer was empty.' };
  }
  let json: unknown;
  try {
    json = JSON.parse(answer);
  } catch {
    return { unreadable: 'The answer was not a JSON object.' };
  }
  const parsed = ListAnswers[kind].safeParse(json);
  if (!parsed.success) return { unreadable: `The answer did not have the asked shape: ${z.prettifyError(parsed.error)}` };
  if ('hashtags' in parsed.data) return { hashtags: parsed.data.hashtags.map((tag) => (tag.startsWith('#') ? tag : `#${tag}`)) };
  return parsed.data;
}

/** The texts an answer publishes, for the rule check: a hashtag suggestion counts with the post it ends. */
function textsOf(value: SuggestionValue, content: string): string[] {
  if ('text' in value) return [value.text];
  if ('parts' in value) return value.parts;
  if ('ideas' in value) return value.ideas;
  return [`${content.trim()}\n\n${value.hashtags.join(' ')}`];
}

/**
 * The text rules the answer breaks on the accounts (each thread part, idea or text checked
 * on its own). Alt text is held to no platform rule: planrrr checks none for it.
 */
export function suggestionViolations(
  kind: SuggestionKind,
  value: SuggestionValue,
  content: string,
  accounts: readonly SuggestionAccount[],
): PlatformViolation[] {
  if (kind === 'alt-text') return [];
  return textsOf(value, content).flatMap((text, index) =>
    accounts.flatMap((account) =>
      checkPlatformRules({ ...account, content: text, media: [] })
        .filter((violation) => TEXT_RULES.has(violation.rule))
        .map((violation) => (kind === 'thread' ? { ...violation, part: index } : violation)),
    ),
  );
}
