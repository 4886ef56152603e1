// How easy a new password is to guess, estimated by zxcvbn-ts against common passwords,
// English words and names, keyboard patterns, dates and the user's own email and name.
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

/**
 * zxcvbn's scores go from 0 to 4; 3 is "safely unguessable: moderate protection from an offline
 * slow-hash attack" (about 10^10 guesses). Argon2 and the log-in limits already slow online
 * guessing; 3 keeps a password safe too if the hashes ever leak, and still accepts a phrase of
 * three ordinary words.
 */
const MIN_SCORE = 3;

let estimator: Promise<ZxcvbnFactory> | undefined;

/** NOTE: the dictionaries weigh megabytes: loaded on the first check, not at start-up. */
function loadEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common'), import('@zxcvbn-ts/language-en')]).then(
    ([{ ZxcvbnFactory }, common, english]) =>
      new ZxcvbnFactory({
        dictionary: { ...common.dictionary, ...english.dictionary },
        graphs: common.adjacencyGraphs,
        translations: english.translations,
      }),
  );
  return estimator;
}

/** What a user's password must not be built from: their email and name, whole and word by word. */
export function ownWords(input: { email: string; name: string }): string[] {
  return [input.email, input.name, ...`${input.email} ${input.name}`.split(/[^\p{L}\p{N}]+/u)].filter((word) => word.length > 2);
}

/** Why the password is too easy to guess, as a sentence naming it; undefined when it is strong enough. */
export async function weakPasswordMessage(password: string, userInputs: string[]): Promise<string | undefined> {
  const { score, feedback } = (await loadEstimator()).check(password, userInputs);
  if (score >= MIN_SCORE) return undefined;
  const advice = [feedback.warning, ...feedback.suggestions].filter(Boolean).join(' ');
  return `Password is too easy to guess${advice ? `: ${lowerFirst(advice)}` : '.'}`;
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
