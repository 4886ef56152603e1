// Reads docker-compose.yml the way `docker compose config` would, as far as planrrr's file
// needs: YAML with anchors, `${...}` interpolation, and the short and long forms of
// environment, ports, volumes, depends_on and commands. No Docker engine runs where the
// tests do, so this is how the deployment files are checked.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const COMPOSE_FILE = path.join(REPO_ROOT, 'docker-compose.yml');

export type Env = Record<string, string | undefined>;

export interface Service {
  image?: string;
  build?: unknown;
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, unknown> | string[];
  ports?: Array<string | number | { target: number; published?: string | number; host_ip?: string }>;
  volumes?: Array<string | { type?: string; source?: string; target: string; read_only?: boolean }>;
  depends_on?: string[] | Record<string, { condition?: string; required?: boolean }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  restart?: string;
  container_name?: string;
  stop_grace_period?: string;
  [key: string]: unknown;
}

export interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
  [key: string]: unknown;
}

export function readComposeText(): string {
  return readFileSync(COMPOSE_FILE, 'utf8');
}

/** The file as YAML, before interpolation (anchors and aliases resolved). */
export function parseCompose(text = readComposeText()): ComposeFile {
  const document = parse(text, { maxAliasCount: 100 }) as ComposeFile;
  if (!document || typeof document !== 'object' || !document.services) {
    throw new Error('docker-compose.yml has no `services` mapping');
  }
  return document;
}

export class InterpolationError extends Error {
  constructor(readonly missing: Array<{ name: string; message: string }>) {
    super(`Required variables are missing:\n${missing.map((entry) => `  ${entry.name}: ${entry.message}`).join('\n')}`);
  }
}

const REFERENCE = /\$(?:(\$)|\{([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;
const BRACED = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])(.*))?$/s;

/**
 * Compose's interpolation of one string: $$, $NAME, ${NAME}, ${NAME:-default},
 * ${NAME-default}, ${NAME:?error}, ${NAME?error}, ${NAME:+alt}, ${NAME+alt}.
 * Nested references are not supported (and not used): they throw.
 */
export function interpolate(value: string, env: Env, missing: InterpolationError['missing'] = []): string {
  const result = value.replace(REFERENCE, (_match, dollar: string | undefined, braced: string | undefined, bare: string | undefined) => {
    if (dollar) return '$';
    if (bare) return env[bare] ?? '';
    const parsed = BRACED.exec(braced ?? '');
    if (!parsed) throw new Error(`Unsupported interpolation \${${braced}} in ${JSON.stringify(value)}`);
    const [, name, operator, argument = ''] = parsed as unknown as [string, string, string | undefined, string | undefined];
    if (argument.includes('$')) throw new Error(`Nested interpolation is not supported: \${${braced}}`);
    const current = env[name];
    const unsetOrEmpty = current === undefined || current === '';
    switch (operator) {
      case undefined:
        return current ?? '';
      case ':-':
        return unsetOrEmpty ? argument : current;
      case '-':
        return current === undefined ? argument : current;
      case ':?':
      case '?':
        if (operator === ':?' ? unsetOrEmpty : current === undefined) {
          missing.push({ name, message: argument });
          return '';
        }
        return current ?? '';
      case ':+':
        return unsetOrEmpty ? '' : argument;
      case '+':
        return current === undefined ? '' : argument;
      default:
        throw new Error(`Unsupported interpolation operator in \${${braced}}`);
    }
  });
  return result;
}

/** Interpolates every string in the document (keys excepted, as compose does). */
export function interpolateDeep<T>(document: T, env: Env): T {
  const missing: InterpolationError['missing'] = [];
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return interpolate(node, env, missing);
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, walk(child)]));
    }
    return node;
  };
  const result = walk(document) as T;
  if (missing.length > 0) throw new InterpolationError(missing);
  return result;
}

/** `KEY=VALUE` lines of a .env file (comments and blank lines skipped, no quoting rules needed). */
export function parseDotEnv(text: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const equals = trimmed.indexOf('=');
    if (equals <= 0) throw new Error(`Not a KEY=VALUE line: ${line}`);
    entries[trimmed.slice(0, equals)] = trimmed.slice(equals + 1);
  }
  return entries;
}

export function service(compose: ComposeFile, name: string): Service {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service \`${name}\``);
  return found;
}

/** A service's environment as a map; list entries `KEY=VALUE`, values as strings. */
export function environmentOf(svc: Service): Record<string, string | undefined> {
  const env = svc.environment;
  if (!env) return {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const equals = entry.indexOf('=');
        return equals < 0 ? [entry, undefined] : [entry.slice(0, equals), entry.slice(equals + 1)];
      }),
    );
  }
  return Object.fromEntries(
    Object.entries(env).map(([key, value]) => [key, value === null || value === undefined ? undefined : String(value)]),
  );
}

export interface PortMapping {
  hostIp?: string;
  published?: number;
  target: number;
}

/** Short (`[ip:]published:target[/proto]`, `target`) and long port syntax. */
export function portsOf(svc: Service): PortMapping[] {
  return (svc.ports ?? []).map((port) => {
    if (typeof port === 'object') {
      return {
        hostIp: port.host_ip,
        published: port.published === undefined ? undefined : Number(port.published),
        target: Number(port.target),
      };
    }
    const parts = String(port)
      .replace(/\/(tcp|udp)$/, '')
      .split(':');
    const target = Number(parts.at(-1));
    const published = parts.length >= 2 ? Number(parts.at(-2)) : undefined;
    const hostIp = parts.length === 3 ? parts[0] : undefined;
    return { hostIp, published, target };
  });
}

export interface Mount {
  type: 'bind' | 'volume';
  source?: string;
  target: string;
  readOnly: boolean;
}

/** Short (`source:target[:mode]`) and long volume syntax; bind sources stay as written. */
export function mountsOf(svc: Service): Mount[] {
  return (svc.volumes ?? []).map((volume) => {
    if (typeof volume === 'object') {
      const type = volume.type === 'bind' ? 'bind' : 'volume';
      return { type, source: volume.source, target: volume.target, readOnly: volume.read_only === true };
    }
    const parts = volume.split(':');
    if (parts.length === 1) return { type: 'volume', target: volume, readOnly: false };
    const [source = '', target = '', mode = ''] = parts;
    const bind = /^[./~]/.test(source);
    return { type: bind ? 'bind' : 'volume', source, target, readOnly: mode.split(',').includes('ro') };
  });
}

/** depends_on as name -> condition (the list form means service_started). */
export function dependsOn(svc: Service): Record<string, string> {
  const deps = svc.depends_on;
  if (!deps) return {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((name) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([name, spec]) => [name, spec?.condition ?? 'service_started']));
}

/** A command or entrypoint as argv; the string form is split on whitespace (no quoting used here). */
export function argv(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.map(String) : value.trim().split(/\s+/);
}

/** The health check's command, or undefined when there is none or it is disabled. */
export function healthcheckTest(svc: Service): string[] | undefined {
  const check = svc.healthcheck;
  if (!check || check.disable === true || check.test === undefined) return undefined;
  const test = Array.isArray(check.test) ? check.test : ['CMD-SHELL', check.test];
  if (test[0] === 'NONE') return undefined;
  return test;
}

/** `name:tag` of an image reference (a digest counts as pinned). */
export function imageTag(image: string): { repository: string; tag?: string; digest?: string } {
  const [withoutDigest = '', digest] = image.split('@');
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  if (colon < 0) return { repository: withoutDigest, digest };
  return { repository: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1), digest };
}
