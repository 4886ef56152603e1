// A small Dockerfile reader for the deployment checks: instructions with their line
// continuations joined, grouped into build stages, with the JSON (exec) form decoded.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './compose-file';

export const DOCKERFILE = path.join(REPO_ROOT, 'Dockerfile');

export interface Instruction {
  keyword: string;
  /** the arguments as written, continuations joined */
  args: string;
  line: number;
}

export interface Stage {
  /** the FROM image, with global ARG defaults substituted */
  image: string;
  name?: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  globalArgs: Record<string, string>;
  stages: Stage[];
}

export function parseDockerfile(text = readFileSync(DOCKERFILE, 'utf8')): Dockerfile {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trimEnd();
    // comments (and parser directives) only count at the start of a line, and not
    // inside a continued instruction's body either
    if (/^\s*#/.test(line)) return;
    if (!pending && line.trim() === '') return;
    const continued = line.endsWith('\\');
    const body = continued ? line.slice(0, -1) : line;
    pending = pending ? { text: `${pending.text} ${body.trim()}`, line: pending.line } : { text: body.trim(), line: index + 1 };
    if (!continued) {
      const match = /^(\S+)\s*(.*)$/s.exec(pending.text);
      if (match) instructions.push({ keyword: match[1]!.toUpperCase(), args: match[2]!.trim(), line: pending.line });
      pending = undefined;
    }
  });

  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [imageRef = '', as, name] = instruction.args.replace(/--platform=\S+\s+/, '').split(/\s+/);
      const image = imageRef.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_m, arg: string) => globalArgs[arg] ?? '');
      stages.push({ image, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
      continue;
    }
    const current = stages.at(-1);
    if (!current) {
      if (instruction.keyword === 'ARG') {
        const [key = '', value = ''] = instruction.args.split('=');
        globalArgs[key] = value;
      }
      continue;
    }
    current.instructions.push(instruction);
  }
  return { globalArgs, stages };
}

export function finalStage(dockerfile: Dockerfile): Stage {
  const stage = dockerfile.stages.at(-1);
  if (!stage) throw new Error('Dockerfile has no FROM');
  return stage;
}

export function instructionsOf(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword);
}

/** The exec (JSON array) form of CMD, ENTRYPOINT or a HEALTHCHECK's CMD. */
export function execForm(args: string): string[] {
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === 'string')) {
    throw new Error(`not an exec-form (JSON array of strings) command: ${args}`);
  }
  return parsed as string[];
}

/** `ENV A=1 B="two"` as a map (the key=value form only). */
export function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const instruction of instructionsOf(stage, 'ENV')) {
    for (const match of instruction.args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|\S*)/g)) {
      env[match[1]!] = match[3] ?? match[2]!;
    }
  }
  return env;
}

export interface Copy {
  from?: string;
  sources: string[];
  destination: string;
  line: number;
}

export function copiesOf(stage: Stage): Copy[] {
  return instructionsOf(stage, 'COPY').map((instruction) => {
    const words = instruction.args.split(/\s+/);
    const flags = words.filter((word) => word.startsWith('--'));
    const paths = words.filter((word) => !word.startsWith('--'));
    const from = flags.find((flag) => flag.startsWith('--from='))?.slice('--from='.length);
    return { from, sources: paths.slice(0, -1), destination: paths.at(-1) ?? '', line: instruction.line };
  });
}

/** The stage's WORKDIR at its end (absolute). */
export function workdirOf(stage: Stage): string {
  let dir = '/';
  for (const instruction of instructionsOf(stage, 'WORKDIR')) dir = path.posix.resolve(dir, instruction.args);
  return dir;
}

export const DOCKERIGNORE = path.join(REPO_ROOT, '.dockerignore');

/**
 * Whether .dockerignore keeps a repository-relative path out of the build context:
 * patterns are anchored at the context root, `*` and `?` stay within one path segment,
 * `**` spans segments, a matching directory excludes what is inside it, `!` re-includes,
 * and the last matching pattern wins.
 */
export function dockerignored(relativePath: string, text = readFileSync(DOCKERIGNORE, 'utf8')): boolean {
  const patterns = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const segments = relativePath.split('/');
  const prefixes = segments.map((_segment, index) => segments.slice(0, index + 1).join('/'));
  let ignored = false;
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const pattern = path.posix.normalize((negated ? raw.slice(1) : raw).replace(/^\/+/, '')).replace(/\/+$/, '');
    const source = pattern
      .split(/(\*\*|\*|\?)/)
      .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part === '?' ? '[^/]' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('');
    const regex = new RegExp(`^${source}$`);
    if (prefixes.some((prefix) => regex.test(prefix))) ignored = !negated;
  }
  return ignored;
}
