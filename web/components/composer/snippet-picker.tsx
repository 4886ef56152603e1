import type { Composer } from './use-composer';

export interface SnippetChoice {
  id: string;
  name: string;
  content: string;
}

/**
 * "Insert a snippet": the team's saved blocks of text, each inserted into the main text at
 * the cursor (replacing the selection). Needs JavaScript, like the cursor it inserts at.
 */
export function SnippetPicker({ snippets, composer }: { snippets: SnippetChoice[]; composer: Pick<Composer, 'insertInContent'> }) {
  if (snippets.length === 0) return null;
  function insert(snippet: SnippetChoice, menu: HTMLDetailsElement | null) {
    // the main text's textarea (MainTextField), where the cursor is
    const textarea = document.getElementById('content') as HTMLTextAreaElement | null;
    const at = textarea?.selectionStart ?? 0;
    composer.insertInContent(snippet.content, at, textarea?.selectionEnd ?? at);
    if (menu) menu.open = false;
    requestAnimationFrame(() => {
      textarea?.focus();
      textarea?.setSelectionRange(at + snippet.content.length, at + snippet.content.length);
    });
  }
  return (
    <details className="snippet-menu">
      <summary>Insert a snippet</summary>
      <ul className="plain-list">
        {snippets.map((snippet) => (
          <li key={snippet.id}>
            <button
              type="button"
              className="button button-secondary button-small"
              title={snippet.content}
              onClick={(event) => insert(snippet, event.currentTarget.closest('details'))}
            >
              {snippet.name}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
