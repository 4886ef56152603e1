// The composer's state: the main text, each customized account's own text and platform
// options, the chosen accounts and the attachments, checked live against each platform's rules (the same
// module the API checks with).
import { useState } from 'react';
import { checkPostForTargets, textLength, type PlatformViolation, type RuleMedia } from '../../../domain/platform-rules';
import { hasTargetOptions, optionFieldOf, optionsFromFields } from '../../../domain/target-options';
import { withSignature } from '../../../domain/signature';
import { splitIntoParts } from '../../../domain/thread-split';
import type { ComposeFields, ComposerAccount } from '../../routes/compose.server';
import { useHydrated } from '../../utils/use-hydrated';
import { useMediaUploads } from './use-media-uploads';

export type Composer = ReturnType<typeof useComposer>;

/**
 * `initial`: the post being edited, a refused form, or an empty new post. `offersSignatures`:
 * a new post, to which each account's signature is appended when it is created (an edited
 * post's texts already hold theirs). `choosesLoneAccount`: a team's only account starts
 * chosen (not for a template, whose accounts are optional).
 */
export function useComposer(
  connections: ComposerAccount[],
  initial: ComposeFields,
  { offersSignatures = false, choosesLoneAccount = true }: { offersSignatures?: boolean; choosesLoneAccount?: boolean } = {},
) {
  const hydrated = useHydrated();
  const [content, setContent] = useState(initial.content);
  /** each customized account's own text, by connection id */
  const [overrides, setOverrides] = useState<Record<string, string>>(() => initial.overrides);
  const [signatures, setSignatures] = useState(offersSignatures);
  /** the text an account publishes: its own, else the main one, with its signature while signatures are on */
  const textFor = (account: ComposerAccount) => {
    const text = overrides[account.id] ?? content;
    return signatures ? withSignature(text, account.signature) : text;
  };
  // a lone account is the obvious choice
  const [selected, setSelected] = useState<Set<string>>(
    () =>
      new Set(
        choosesLoneAccount && initial.connectionIds.length === 0 && connections.length === 1 ? [connections[0]!.id] : initial.connectionIds,
      ),
  );
  /** each account's platform options as typed, by connection id and option name */
  const [targetOptions, setTargetOptions] = useState<Record<string, Record<string, string>>>(() => initial.targetOptions);
  const media = useMediaUploads(initial.media);
  /** the options the server will receive for an account: the fields not left empty */
  const optionsOf = (account: ComposerAccount) =>
    hasTargetOptions(account.platform) ? optionsFromFields(account.platform, targetOptions[account.id] ?? {}) : undefined;
  const isOption = (violation: PlatformViolation) => violation.rule === 'target-options';
  /** the option a violation's `targetOptions.<key>.<path>` is about */
  const optionPath = (violation: PlatformViolation) => violation.field?.split('.').slice(2).join('.') ?? '';
  /** a thread's parts after the main text */
  const [parts, setParts] = useState<string[]>(() => initial.thread);
  const [firstComment, setFirstComment] = useState(initial.firstComment);

  const targets = connections.filter((connection) => selected.has(connection.id));
  const ruleMedia: RuleMedia[] = media.uploaded.map(({ kind, mimeType, sizeBytes, width, height, durationMs }) => ({
    kind,
    mimeType,
    sizeBytes,
    width,
    height,
    durationMs,
  }));
  const thread = parts.map((part) => ({ content: part, media: [] }));
  const comment = firstComment.trim() ? firstComment : undefined;
  const violations = checkPostForTargets(
    { content, media: ruleMedia, thread, firstComment: comment },
    targets.map((target) => ({
      platform: target.platform,
      connectionId: target.id,
      maxCharacters: target.maxCharacters,
      content: textFor(target),
      options: optionsOf(target),
    })),
  );

  return {
    content,
    setContent,
    overrides,
    /** an account's own text, or undefined to publish the main text there */
    setOverride: (accountId: string, text: string | undefined) =>
      setOverrides((current) => {
        const { [accountId]: _removed, ...others } = current;
        return text === undefined ? others : { ...others, [accountId]: text };
      }),
    selected,
    choose: (accountId: string, chosen: boolean) => {
      const next = new Set(selected);
      if (chosen) next.add(accountId);
      else next.delete(accountId);
      setSelected(next);
    },
    targets,
    textFor,
    /** whether the new post's accounts get their signatures (offered only when one has a signature) */
    offersSignatures: offersSignatures && connections.some((connection) => connection.signature),
    signatures,
    setSignatures,
    /** Inserts `text` into the main text at `at` (the cursor), replacing the selection up to `end`. */
    insertInContent: (text: string, at: number, end = at) => setContent((current) => current.slice(0, at) + text + current.slice(end)),
    parts,
    setPart: (index: number, text: string) => setParts((current) => current.map((part, at) => (at === index ? text : part))),
    addPart: () => setParts((current) => [...current, '']),
    removePart: (index: number) => setParts((current) => current.filter((_, at) => at !== index)),
    /** the main text is too long for one of the chosen accounts: it can be split into parts */
    splittable: targets.some((target) => {
      const { length, limit } = textLength(target.platform, content, target.maxCharacters);
      return length > limit;
    }),
    /** Splits the main text at sentence boundaries into parts every chosen account takes, before the parts there are. */
    splitMainText: () => {
      const fits = (text: string) =>
        targets.every((target) => {
          const { length, limit } = textLength(target.platform, text, target.maxCharacters);
          return length <= limit;
        });
      const [first = '', ...rest] = splitIntoParts(content, fits);
      setContent(first);
      setParts((current) => [...rest, ...current]);
    },
    /** Replaces the main text and the parts after it with a thread's parts (an accepted AI suggestion). */
    replaceThread: ([first = '', ...rest]: readonly string[]) => {
      setContent(first);
      setParts(rest);
    },
    /** what the rules refuse in a part after the main text (1 is the first of them) */
    partViolations: (part: number) => violations.filter((violation) => violation.part === part && !violation.firstComment),
    firstComment,
    setFirstComment,
    commentViolations: violations.filter((violation) => violation.firstComment),
    /** what the rules refuse in the main text, for the accounts that publish it */
    mainTextViolations: violations.filter(
      (violation) => !isOption(violation) && !violation.part && !violation.firstComment && overrides[violation.connectionId!] === undefined,
    ),
    /** what the rules refuse in an account's own text */
    overrideViolations: (accountId: string) =>
      violations.filter(
        (violation) =>
          !isOption(violation) &&
          violation.connectionId === accountId &&
          !violation.part &&
          !violation.firstComment &&
          overrides[accountId] !== undefined,
      ),
    targetOptions,
    setOption: (accountId: string, name: string, value: string) =>
      setTargetOptions((current) => ({ ...current, [accountId]: { ...current[accountId], [name]: value } })),
    /** what the rules refuse in an account's platform options, by option name */
    optionViolations: (accountId: string, name: string) =>
      violations.filter(
        (violation) =>
          isOption(violation) &&
          violation.connectionId === accountId &&
          hasTargetOptions(violation.platform) &&
          optionFieldOf(violation.platform, optionPath(violation)) === name,
      ),
    media,
    // Until JavaScript runs, nothing is checked here: the server refuses and says why.
    blocked: hydrated && (violations.length > 0 || media.uploading),
  };
}
