import { parseSuggestion, retryPrompt, suggestionPrompt, suggestionViolations, type SuggestionAccount } from './ai-suggestions';

const mastodon: SuggestionAccount = { connectionId: 'c1', platform: 'MASTODON', maxCharacters: 500 };
const bluesky: SuggestionAccount = { connectionId: 'c2', platform: 'BLUESKY' };

test("a prompt carries the post and each account's limit, nothing about the accounts beyond their platform", () => {
  const { user } = suggestionPrompt({ kind: 'shorten', content: 'Our launch.' }, [mastodon, bluesky]);
  expect(user).toContain('"""\nOur launch.\n"""');
  expect(user).toContain('- MASTODON: at most 500 characters');
  expect(user).toContain('- BLUESKY: at most 300 characters');
  expect(user).not.toContain('c1');
});

test('answers are read in the shape their kind asks for, or say why not', () => {
  expect(parseSuggestion('rewrite', ' "Hello" \n')).toEqual({ text: 'Hello' });
  expect(parseSuggestion('thread', '{"parts":["a","b"]}')).toEqual({ parts: ['a', 'b'] });
  expect(parseSuggestion('hashtags', '{"hashtags":["launch","#spring"]}')).toEqual({ hashtags: ['#launch', '#spring'] });
  expect(parseSuggestion('ideas', 'not json')).toEqual({ unreadable: 'The answer was not a JSON object.' });
  expect(parseSuggestion('thread', '{"parts":[]}')).toMatchObject({ unreadable: expect.stringContaining('asked shape') });
  expect(parseSuggestion('shorten', '   ')).toEqual({ unreadable: 'The answer was empty.' });
});

test('an answer is held to the text rules of every account; media rules are not held against it', () => {
  const long = 'word '.repeat(80).trim(); // 399 characters: fits Mastodon, not Bluesky
  expect(suggestionViolations('shorten', { text: long }, '', [mastodon, bluesky])).toEqual([
    expect.objectContaining({ platform: 'BLUESKY', connectionId: 'c2', rule: 'text-too-long' }),
  ]);
  expect(suggestionViolations('thread', { parts: ['short', long] }, '', [bluesky])).toEqual([
    expect.objectContaining({ part: 1, rule: 'text-too-long' }),
  ]);
  // Instagram requires media: not something a rewrite can fix
  expect(suggestionViolations('rewrite', { text: 'Nice' }, '', [{ connectionId: 'c3', platform: 'INSTAGRAM' }])).toEqual([]);
  // hashtags count with the post they end
  expect(suggestionViolations('hashtags', { hashtags: ['#a'] }, 'x'.repeat(299), [bluesky])).toHaveLength(1);
  expect(suggestionViolations('alt-text', { text: long }, '', [bluesky])).toEqual([]);
});

test('the follow-up names each broken rule', () => {
  const violations = suggestionViolations('shorten', { text: 'word '.repeat(80).trim() }, '', [bluesky]);
  expect(retryPrompt(violations)).toMatch(/^Your answer breaks these rules:\n- BLUESKY: .+ \(text-too-long\)\nWrite it again/);
});
