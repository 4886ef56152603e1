// A template's variables: `{{name}}`, or `{{name|default}}` with a default used when no
// value is given. A name is a letter or `_` followed by letters, digits or `_`; spaces
// inside the braces are allowed (`{{ name | default }}`). Braces that do not make such a
// variable (`{}`, `{{ }}`, `{{two words}}`, a lone `{{`) are plain text and stay as written.
// Pure: the API fills templates with it, the composer lists a template's variables with it.

const VARIABLE = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\|([^{}]*))?\}\}/g;

export interface TemplateVariable {
  name: string;
  /** the text used when no value is given; undefined: a value is required */
  default?: string;
}

/** The variables in `texts`, each once, in the order they first appear; a default given at any of its places counts. */
export function templateVariables(texts: readonly string[]): TemplateVariable[] {
  const byName = new Map<string, TemplateVariable>();
  for (const text of texts) {
    for (const match of text.matchAll(VARIABLE)) {
      const name = match[1]!;
      const fallback = match[2]?.trim();
      const known = byName.get(name);
      if (!known) byName.set(name, fallback === undefined ? { name } : { name, default: fallback });
      else if (known.default === undefined && fallback !== undefined) known.default = fallback;
    }
  }
  return [...byName.values()];
}

export type FillResult =
  | { ok: true; texts: string[] }
  /** `missing`: variables with neither a value nor a default; `unknown`: values for variables the texts do not have */
  | { ok: false; missing: string[]; unknown: string[] };

/**
 * The texts with every variable replaced by its value, else its default (each place's own
 * default first). Refused when a variable has neither, or a value names no variable (a typo
 * would otherwise be silently ignored).
 */
export function fillTemplate(texts: readonly string[], values: Readonly<Record<string, string>>): FillResult {
  const variables = templateVariables(texts);
  const known = new Set(variables.map((variable) => variable.name));
  const missing = variables.filter((variable) => values[variable.name] === undefined && variable.default === undefined);
  const unknown = Object.keys(values).filter((name) => !known.has(name));
  if (missing.length > 0 || unknown.length > 0) return { ok: false, missing: missing.map((variable) => variable.name), unknown };
  const defaults = new Map(variables.map((variable) => [variable.name, variable.default]));
  return {
    ok: true,
    texts: texts.map((text) => replaceVariables(text, (name, fallback) => values[name] ?? fallback ?? defaults.get(name)!)),
  };
}

function replaceVariables(text: string, valueOf: (name: string, fallback: string | undefined) => string): string {
  return text.replace(VARIABLE, (_match, name: string, fallback: string | undefined) => valueOf(name, fallback?.trim()));
}

/**
 * The length a variable without a default is assumed to have when a template is checked
 * against platform rules before any value is known: a name or a short phrase.
 */
export const PLACEHOLDER_LENGTH = 20;

/** The texts as the rules check a template when it is saved: defaults where given, else PLACEHOLDER_LENGTH `x`s. */
export function fillForRules(texts: readonly string[]): string[] {
  const defaults = new Map(templateVariables(texts).map((variable) => [variable.name, variable.default]));
  return texts.map((text) => replaceVariables(text, (name, fallback) => fallback ?? defaults.get(name) ?? 'x'.repeat(PLACEHOLDER_LENGTH)));
}
