// The composer's AI panel: asks for a suggestion of each kind, shows its text as the model
// writes it, then whether it fits each chosen account (domain/platform-rules.ts, checked on
// the server, where a misfit was asked for again up to twice). A suggestion is only ever
// a proposal: Accept fills the composer, which the user still edits and sends; Discard
// forgets it. It needs JavaScript (a stream read by fetch): without it the panel is not shown.
import { useState } from 'react';
import type { SuggestionKind } from '../../../domain/ai-suggestions';
import type { Suggestion } from '../../../api/ai/service';
import type { SuggestionItem } from '../../../workflows/ai-suggestion-workflow';
import type { ComposerAccount } from '../../routes/compose.server';
import { useHydrated } from '../../utils/use-hydrated';
import { streamSuggestion, type StreamedText } from './ai-suggestion-stream';
import type { Composer } from './use-composer';
import { ViolationList } from './violation-list';

/** What the composer's loader says about AI (GET /api/v1/ai). */
export interface AiAvailability {
  enabled: boolean;
}

const KIND_LABELS: Record<Exclude<SuggestionKind, 'alt-text'>, string> = {
  rewrite: 'Rewrite for each account',
  shorten: 'Shorten',
  thread: 'Split into a thread',
  hashtags: 'Suggest hashtags',
  ideas: 'Ideas on a topic',
};

function itemText(item: SuggestionItem): string {
  const value = item.value;
  if (!value) return '';
  if ('text' in value) return value.text;
  if ('parts' in value) return value.parts.join('\n\n');
  if ('hashtags' in value) return value.hashtags.join(' ');
  return value.ideas.join('\n\n');
}

export function AiPanel({ ai, composer, connections }: { ai: AiAvailability; composer: Composer; connections: ComposerAccount[] }) {
  const hydrated = useHydrated();
  const [streamed, setStreamed] = useState<StreamedText[]>([]);
  const [suggestion, setSuggestion] = useState<Suggestion>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [topic, setTopic] = useState('');
  /** the image an alt-text suggestion is for */
  const [altTextFor, setAltTextFor] = useState<string>();
  if (!hydrated) return null;
  if (!ai.enabled) {
    return (
      <section className="ai-panel callout" aria-label="AI suggestions">
        <p>
          AI suggestions are off. The operator turns them on by setting <code>AI_BASE_URL</code> and <code>AI_MODEL</code> (any
          OpenAI-compatible provider, such as Ollama or OpenAI; see docs/ai.md).
        </p>
      </section>
    );
  }

  const accountName = (id?: string) => connections.find((connection) => connection.id === id)?.displayName ?? 'every chosen account';

  async function ask(kind: SuggestionKind, extra: { topic?: string; url?: string; mediaId?: string } = {}) {
    setBusy(true);
    setStreamed([]);
    setSuggestion(undefined);
    setError(undefined);
    try {
      const content = composer.content.trim() || undefined;
      const result = await streamSuggestion({ kind, content, connectionIds: [...composer.selected], ...extra }, (piece) =>
        setStreamed((current) => [...current, piece]),
      );
      setSuggestion(result);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }

  function accept(item: SuggestionItem, idea?: string) {
    const value = item.value;
    if (!value || !suggestion) return;
    if ('parts' in value) composer.replaceThread(value.parts);
    else if ('hashtags' in value) composer.setContent(`${composer.content.trim()}\n\n${value.hashtags.join(' ')}`);
    else if ('ideas' in value) composer.setContent(idea ?? value.ideas[0]!);
    else if (suggestion.kind === 'rewrite' && item.connectionId) composer.setOverride(item.connectionId, value.text);
    else if (suggestion.kind === 'alt-text') {
      const image = composer.media.uploaded.find((attachment) => attachment.id === altTextFor);
      if (image) composer.media.describe(image, value.text);
    } else composer.setContent(value.text);
    setSuggestion(undefined);
    setStreamed([]);
  }

  // the text being written, grouped by account and attempt
  const writing = streamed.reduce<Record<string, string>>((groups, piece) => {
    const key = `${accountName(piece.connectionId)}${piece.attempt > 0 ? ` (asked again, ${piece.attempt})` : ''}`;
    return { ...groups, [key]: (groups[key] ?? '') + piece.text };
  }, {});
  const images = composer.media.uploaded.filter((attachment) => attachment.kind === 'image');
  const needsText = !composer.content.trim();

  return (
    <section className="ai-panel stack" aria-label="AI suggestions">
      <h2>AI suggestions</h2>
      <div className="ai-panel-actions">
        {(['rewrite', 'shorten', 'thread', 'hashtags'] as const).map((kind) => (
          <button
            key={kind}
            type="button"
            className="button button-secondary button-small"
            disabled={busy || needsText || (kind === 'rewrite' && composer.selected.size === 0)}
            onClick={() => void ask(kind)}
          >
            {KIND_LABELS[kind]}
          </button>
        ))}
        {images.map((image) => (
          <button
            key={image.key}
            type="button"
            className="button button-secondary button-small"
            disabled={busy}
            onClick={() => {
              setAltTextFor(image.id!);
              void ask('alt-text', { mediaId: image.id! });
            }}
          >
            Alt text for {image.fileName}
          </button>
        ))}
      </div>
      <div className="ai-panel-actions">
        <label>
          Topic or page address <input value={topic} onChange={(event) => setTopic(event.target.value)} />
        </label>
        <button
          type="button"
          className="button button-secondary button-small"
          disabled={busy || !topic.trim()}
          onClick={() => void ask('ideas', /^https?:\/\//.test(topic.trim()) ? { url: topic.trim() } : { topic: topic.trim() })}
        >
          {KIND_LABELS.ideas}
        </button>
      </div>
      {error ? (
        <p className="field-errors" role="alert">
          {error}
        </p>
      ) : null}
      {!suggestion && Object.keys(writing).length > 0 ? (
        <div aria-live="polite" aria-busy={busy}>
          {Object.entries(writing).map(([key, text]) => (
            <figure key={key} className="ai-suggestion">
              <figcaption>{key}</figcaption>
              <p className="ai-suggestion-text">{text}</p>
            </figure>
          ))}
        </div>
      ) : null}
      {suggestion ? (
        <div className="stack" aria-label="Suggestion">
          {suggestion.items.map((item) => (
            <figure key={item.connectionId ?? 'all'} className="ai-suggestion">
              <figcaption>
                {accountName(item.connectionId)}: {item.fits ? 'fits' : 'does not fit'}
              </figcaption>
              <p className="ai-suggestion-text">{itemText(item)}</p>
              <ViolationList violations={item.violations} />
              {item.value && 'ideas' in item.value ? (
                item.value.ideas.map((idea) => (
                  <button key={idea} type="button" className="button button-secondary button-small" onClick={() => accept(item, idea)}>
                    Use “{idea.slice(0, 40)}”
                  </button>
                ))
              ) : item.value ? (
                <button type="button" className="button button-small" onClick={() => accept(item)}>
                  Accept
                </button>
              ) : null}
            </figure>
          ))}
          <button type="button" className="button button-secondary button-small" onClick={() => setSuggestion(undefined)}>
            Discard
          </button>
        </div>
      ) : null}
    </section>
  );
}
