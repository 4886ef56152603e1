// Static checks of the deployment files (docker-compose.yml, Dockerfile, .dockerignore,
// .env.example and temporal-config/compose/). No Docker engine runs where the tests do,
// so each check reads the files the way compose and the builder would and compares them
// with the code they deploy. A failure names the service (or stage) and the field.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import express from 'express';
import { healthRoutes } from '../../api/health/routes';
import { CONFIG_VARIABLES, ConfigError, parseConfig } from '../../lib/config';
import type { Db } from '../../lib/db';
import { DEFAULT_NAMESPACE, DEFAULT_TASK_QUEUE, NAMESPACE_RETENTION_DAYS } from '../../temporal-config';
import { COMPILED_ENTRY_POINTS } from '../../runtime/build';
import { DYNAMIC_CONFIG_FILE, dynamicConfigCliFlags } from '../../runtime/temporal-dynamic-config';
import { TEMPORAL_SCHEMAS } from '../../runtime/temporal-server';
import { TEMPORAL_SERVER_VERSION } from '../../runtime/temporal-server-binaries';
import { PLANRRR_SEARCH_ATTRIBUTES, searchAttributeCliFlags } from '../../temporal-config/search-attributes';
import {
  argv,
  type ComposeFile,
  dependsOn,
  environmentOf,
  healthcheckTest,
  imageTag,
  interpolateDeep,
  InterpolationError,
  mountsOf,
  parseCompose,
  parseDotEnv,
  portsOf,
  REPO_ROOT,
  service,
} from './compose-file';
import { copiesOf, dockerignored, envOf, execForm, finalStage, instructionsOf, parseDockerfile, workdirOf } from './dockerfile';
import { importClosure } from './import-closure';

// ---- the services docker-compose.yml must define, by role ----
// Some tests start node processes (the containers' health checks): seconds each on a busy machine.
jest.setTimeout(60_000);

const POSTGRES = 'postgresql';
const TEMPORAL_SCHEMA_JOB = 'temporal-schema';
const TEMPORAL = 'temporal';
const NAMESPACE_JOB = 'temporal-namespace';
const TEMPORAL_UI = 'temporal-ui';
const MIGRATE = 'planrrr-migrate';
const SERVER = 'planrrr-server';
const WORKER = 'planrrr-worker';
const ALL_SERVICES = [POSTGRES, TEMPORAL_SCHEMA_JOB, TEMPORAL, NAMESPACE_JOB, TEMPORAL_UI, MIGRATE, SERVER, WORKER];
const PLANRRR_SERVICES = [MIGRATE, SERVER, WORKER];
/** run once and exit; everything else is long-running */
const ONE_SHOT_SERVICES = [TEMPORAL_SCHEMA_JOB, NAMESPACE_JOB, MIGRATE];
/** the variables that must come from the operator's environment, never from the file */
const SECRET_VARIABLES = ['POSTGRES_PASSWORD', 'PLANRRR_DB_PASSWORD', 'SESSION_SECRET', 'ENCRYPTION_KEY'];
/** the Temporal frontend's gRPC and HTTP ports in temporalio/server unless FRONTEND_GRPC_PORT / FRONTEND_HTTP_PORT say otherwise */
const TEMPORAL_FRONTEND_PORT = 7233;
const TEMPORAL_FRONTEND_HTTP_PORT = 7243;
const POSTGRES_PORT = 5432;

const read = (relative: string) => readFileSync(path.join(REPO_ROOT, relative), 'utf8');

/** What an operator's .env would hold: .env.example's settings plus generated secrets. */
const dotEnvExample = parseDotEnv(read('.env.example'));
const SAMPLE_ENV: Record<string, string> = {
  ...Object.fromEntries(Object.entries(dotEnvExample).filter(([, value]) => value !== '')),
  POSTGRES_PASSWORD: randomBytes(24).toString('hex'),
  PLANRRR_DB_PASSWORD: randomBytes(24).toString('hex'),
  SESSION_SECRET: randomBytes(32).toString('hex'),
  ENCRYPTION_KEY: randomBytes(32).toString('base64'),
};

const raw: ComposeFile = parseCompose();
const compose: ComposeFile = interpolateDeep(raw, SAMPLE_ENV);
const dockerfile = parseDockerfile();
const runtimeStage = finalStage(dockerfile);
const imageEnv = envOf(runtimeStage);
const imageWorkdir = workdirOf(runtimeStage);

function env(name: string): Record<string, string | undefined> {
  return environmentOf(service(compose, name));
}

/** The variables parseConfig names when given nothing: the ones without a default. */
function requiredConfigVariables(): string[] {
  try {
    parseConfig({});
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return [...error.message.matchAll(/^\s+([A-Z][A-Z0-9_]*):/gm)].map((match) => match[1]!);
  }
  throw new Error('parseConfig({}) succeeded: expected it to name the required variables');
}

/** The argv a planrrr container runs: the compose command, else the image's CMD. */
function commandOf(name: string): string[] {
  const fromCompose = argv(service(compose, name).command);
  if (fromCompose) return fromCompose;
  const cmd = instructionsOf(runtimeStage, 'CMD').at(-1);
  if (!cmd) throw new Error('Dockerfile: the final stage has no CMD');
  return execForm(cmd.args);
}

/** The repository files a command runs: `*.ts` arguments, the entry points of compiled scripts, or the file an npm script runs with tsx. */
function entryFilesOf(command: string[]): string[] {
  if (command[0] === 'npm' && command[1] === 'run') {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    const script = scripts[command[2] ?? ''];
    if (!script) throw new Error(`package.json has no script \`${command[2]}\` (run by \`${command.join(' ')}\`)`);
    return script.split(/\s+/).filter((word) => word.endsWith('.ts'));
  }
  return command.flatMap((word) =>
    word in COMPILED_ENTRY_POINTS
      ? [COMPILED_ENTRY_POINTS[word as keyof typeof COMPILED_ENTRY_POINTS]]
      : word.endsWith('.ts')
        ? [word]
        : [],
  );
}

/** Repository paths the runtime stage copies, each kept at the same path under the WORKDIR. */
function runtimeCopies(): { covered: string[]; problems: string[] } {
  const covered: string[] = [];
  const problems: string[] = [];
  const buildStage = dockerfile.stages.find(
    (stage) => stage !== runtimeStage && copiesOf(stage).some((copy) => copy.sources.includes('.')),
  );
  const buildWorkdir = buildStage ? workdirOf(buildStage) : '/';
  for (const copy of copiesOf(runtimeStage)) {
    if (!copy.from) {
      problems.push(
        `Dockerfile line ${copy.line}: the runtime stage copies from the build context; copy built files --from the build stage`,
      );
      continue;
    }
    const manyOrDir = copy.sources.length > 1 || copy.destination.endsWith('/') || copy.destination === '.';
    for (const source of copy.sources) {
      const repoPath = path.posix.relative(buildWorkdir, path.posix.resolve(buildWorkdir, source));
      const target = path.posix.resolve(imageWorkdir, copy.destination, manyOrDir ? path.posix.basename(source) : '');
      const imagePath = path.posix.relative(imageWorkdir, target);
      if (repoPath !== imagePath) {
        problems.push(
          `Dockerfile line ${copy.line}: ${source} lands at ${target}; the image must keep the repository layout (${path.posix.join(imageWorkdir, repoPath)})`,
        );
      }
      covered.push(repoPath);
    }
  }
  return { covered, problems };
}

function isCovered(file: string, covered: string[]): boolean {
  return covered.some((entry) => entry === '' || file === entry || file.startsWith(`${entry}/`));
}

/** Compose durations: `30s`, `1m30s`, `500ms`. */
function seconds(duration: string | undefined): number {
  if (!duration) return 10; // compose's default stop_grace_period
  let total = 0;
  for (const match of duration.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    total += Number(match[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  }
  return total;
}

function run(
  file: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { env: options.env, cwd: options.cwd ?? REPO_ROOT, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Health routes on an ephemeral port, with stub dependencies whose answers the test picks. */
async function withHealthServer<T>(healthy: boolean, body: (port: number) => Promise<T>): Promise<T> {
  const answer = () => (healthy ? Promise.resolve([{ ok: 1 }]) : Promise.reject(new Error('down')));
  const db = { $queryRaw: answer } as unknown as Db;
  const temporal = { connection: { workflowService: { getSystemInfo: answer } } } as unknown as Client;
  const app = express().use(healthRoutes({ db, temporal }));
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  try {
    return await body((server.address() as AddressInfo).port);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

/** Runs a node health check command (exec form) as the container would, with PORT set. */
function runNodeHealthcheck(test: string[], port: number) {
  const [program, ...args] = test;
  if (program !== 'node') throw new Error(`expected a node command, got ${test.join(' ')}`);
  return run(process.execPath, args, { env: { ...process.env, PORT: String(port) } });
}

describe('docker-compose.yml', () => {
  test('defines exactly the planrrr stack', () => {
    expect(Object.keys(compose.services).sort()).toEqual([...ALL_SERVICES].sort());
  });

  test('every service has an image or a build, and images are pinned', () => {
    const problems: string[] = [];
    for (const [name, svc] of Object.entries(compose.services)) {
      if (!svc.image && !svc.build) problems.push(`${name}: neither image nor build`);
      if (!svc.image) continue;
      const { tag, digest } = imageTag(svc.image);
      if (digest) continue;
      if (!tag || tag === 'latest') problems.push(`${name}.image ${svc.image}: pin a tag (not latest)`);
      else if (!svc.build && !/\d/.test(tag)) problems.push(`${name}.image ${svc.image}: a pulled image needs a version tag`);
    }
    // the server npm run start:cluster and the cluster tests run, and admin-tools of the same release
    for (const name of [TEMPORAL, TEMPORAL_SCHEMA_JOB, NAMESPACE_JOB]) {
      const tag = imageTag(service(compose, name).image ?? '').tag ?? '';
      if (tag !== TEMPORAL_SERVER_VERSION)
        problems.push(
          `${name}.image is tagged ${tag}, expected ${TEMPORAL_SERVER_VERSION} (TEMPORAL_SERVER_VERSION in runtime/temporal-server-binaries.ts)`,
        );
    }
    expect(problems).toEqual([]);
  });

  test('long-running services have a health check; one-shot jobs do not restart', () => {
    const problems: string[] = [];
    for (const [name, svc] of Object.entries(compose.services)) {
      if (ONE_SHOT_SERVICES.includes(name)) {
        if (svc.restart !== undefined && svc.restart !== 'no')
          problems.push(`${name}.restart is ${svc.restart}: a one-shot job must not restart`);
      } else {
        if (!healthcheckTest(svc)) problems.push(`${name}.healthcheck: missing or disabled on a long-running service`);
        if (svc.restart !== 'unless-stopped' && svc.restart !== 'always')
          problems.push(`${name}.restart: a long-running service should restart (unless-stopped)`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('secrets come from the environment, are required, and .env.example lists them without values', () => {
    const problems: string[] = [];
    // interpolating with nothing set fails and names every secret, as `docker compose config` would
    let missing: string[] = [];
    try {
      interpolateDeep(raw, {});
      problems.push('docker-compose.yml interpolates with an empty environment: secrets are not required');
    } catch (error) {
      if (!(error instanceof InterpolationError)) throw error;
      missing = [...new Set(error.missing.map((entry) => entry.name))];
      for (const entry of error.missing) {
        if (entry.message.trim().length < 10) problems.push(`\${${entry.name}:?...}: give an error message that says what to set`);
      }
    }
    for (const name of SECRET_VARIABLES) {
      if (!missing.includes(name)) problems.push(`docker-compose.yml starts without ${name}: reference it as \${${name}:?message}`);
    }
    for (const name of missing) {
      if (!SECRET_VARIABLES.includes(name))
        problems.push(`docker-compose.yml requires ${name}, which is not one of the secrets (give it a default)`);
    }

    // no literal secret: each secret-bearing value is exactly a required reference
    const secretKeys = ['SESSION_SECRET', 'ENCRYPTION_KEY', 'POSTGRES_PASSWORD', 'POSTGRES_PWD', 'SQL_PASSWORD', 'PLANRRR_DB_PASSWORD'];
    for (const [name, svc] of Object.entries(raw.services)) {
      for (const [key, value] of Object.entries(environmentOf(svc))) {
        if (secretKeys.includes(key) && !/^\$\{[A-Z_]+:\?[^}]+\}$/.test(value ?? '')) {
          problems.push(`${name}.environment.${key} must be a required reference like \${${key}:?...}, not ${JSON.stringify(value)}`);
        }
        if (key === 'DATABASE_URL' && !/^postgresql:\/\/[^:]+:\$\{[A-Z_]+:\?[^}]+\}@/.test(value ?? '')) {
          problems.push(`${name}.environment.DATABASE_URL: its password must be a required reference, got ${JSON.stringify(value)}`);
        }
      }
    }

    // .env.example: every variable the file references is documented; secrets are left empty
    const exampleText = read('.env.example');
    const referenced = new Set<string>();
    const collect = (node: unknown): void => {
      if (typeof node === 'string') for (const match of node.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)) referenced.add(match[1]!);
      else if (node && typeof node === 'object') Object.values(node).forEach(collect);
    };
    collect(raw);
    for (const name of referenced) {
      if (!new RegExp(`^#?\\s*${name}=`, 'm').test(exampleText))
        problems.push(`.env.example does not mention ${name}, which docker-compose.yml reads`);
    }
    for (const name of SECRET_VARIABLES) {
      if (dotEnvExample[name] !== '') problems.push(`.env.example: ${name} must be present and empty (never a real or sample secret)`);
    }
    expect(problems).toEqual([]);
  });

  test('planrrr services set only variables lib/config.ts reads, and server and worker get every required one', () => {
    const problems: string[] = [];
    const required = requiredConfigVariables();
    expect(required.length).toBeGreaterThan(0);
    expect(CONFIG_VARIABLES).toEqual(expect.arrayContaining(required));
    expect(required).toContain('DATABASE_URL');

    for (const name of PLANRRR_SERVICES) {
      for (const key of Object.keys(env(name))) {
        if (!CONFIG_VARIABLES.includes(key)) problems.push(`${name}.environment.${key}: lib/config.ts does not read it`);
      }
    }
    for (const key of Object.keys(imageEnv)) {
      if (/^[A-Z]/.test(key) && !CONFIG_VARIABLES.includes(key) && !['CHECKPOINT_DISABLE', 'NPM_CONFIG_UPDATE_NOTIFIER'].includes(key)) {
        problems.push(`Dockerfile runtime ENV ${key}: neither a planrrr variable nor a known tool setting`);
      }
    }
    for (const name of [SERVER, WORKER]) {
      const effective = { ...imageEnv, ...env(name) };
      for (const key of required) {
        if (!effective[key]) problems.push(`${name}.environment.${key}: required by lib/config.ts and not set`);
      }
      // and the values pass the real validation, with an operator's .env
      try {
        const config = parseConfig(effective);
        if (config.NODE_ENV !== 'production') problems.push(`${name}: NODE_ENV is ${config.NODE_ENV}, expected production`);
      } catch (error) {
        problems.push(`${name}.environment does not pass lib/config.ts: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    // the migration job needs the database and nothing secret besides
    expect(Object.keys(env(MIGRATE))).toEqual(['DATABASE_URL']);
    expect(problems).toEqual([]);
  });

  test('TEMPORAL_ADDRESS names the temporal service and its gRPC port, everywhere', () => {
    const problems: string[] = [];
    const temporal = service(compose, TEMPORAL);
    const frontendPort = Number(environmentOf(temporal).FRONTEND_GRPC_PORT ?? TEMPORAL_FRONTEND_PORT);
    const expected = `${TEMPORAL}:${frontendPort}`;
    if (!imageTag(temporal.image ?? '').repository.endsWith('temporalio/server'))
      problems.push(`${TEMPORAL}.image: expected temporalio/server`);
    for (const name of [SERVER, WORKER, NAMESPACE_JOB, TEMPORAL_UI]) {
      const address = env(name).TEMPORAL_ADDRESS;
      if (address !== expected) problems.push(`${name}.environment.TEMPORAL_ADDRESS is ${address}, expected ${expected}`);
    }
    const [host, port] = (env(SERVER).TEMPORAL_ADDRESS ?? '').split(':');
    if (!host || !compose.services[host]) problems.push(`${SERVER}.environment.TEMPORAL_ADDRESS: ${host} is not a service`);
    if (Number(port) !== frontendPort)
      problems.push(`${SERVER}.environment.TEMPORAL_ADDRESS: port ${port} is not the frontend's ${frontendPort}`);
    const httpPort = Number(environmentOf(temporal).FRONTEND_HTTP_PORT ?? TEMPORAL_FRONTEND_HTTP_PORT);
    const healthUrl = `http://${TEMPORAL}:${httpPort}/api/v1/system-info`;
    if (!(healthcheckTest(temporal) ?? []).includes(healthUrl)) {
      problems.push(
        `${TEMPORAL}.healthcheck must ask the frontend's HTTP API at ${healthUrl} (the server binds to the container's address, not localhost)`,
      );
    }
    expect(problems).toEqual([]);
  });

  test('namespace and task queue agree with temporal-config', () => {
    const problems: string[] = [];
    for (const name of [SERVER, WORKER]) {
      if (env(name).TEMPORAL_NAMESPACE !== DEFAULT_NAMESPACE)
        problems.push(`${name}.environment.TEMPORAL_NAMESPACE is ${env(name).TEMPORAL_NAMESPACE}, expected ${DEFAULT_NAMESPACE}`);
      if (env(name).TEMPORAL_TASK_QUEUE !== DEFAULT_TASK_QUEUE)
        problems.push(`${name}.environment.TEMPORAL_TASK_QUEUE is ${env(name).TEMPORAL_TASK_QUEUE}, expected ${DEFAULT_TASK_QUEUE}`);
    }
    if (env(NAMESPACE_JOB).TEMPORAL_NAMESPACE !== DEFAULT_NAMESPACE)
      problems.push(
        `${NAMESPACE_JOB}.environment.TEMPORAL_NAMESPACE is ${env(NAMESPACE_JOB).TEMPORAL_NAMESPACE}, expected ${DEFAULT_NAMESPACE}`,
      );
    const retention = `${NAMESPACE_RETENTION_DAYS * 24}h`;
    if (env(NAMESPACE_JOB).TEMPORAL_NAMESPACE_RETENTION !== retention) {
      problems.push(
        `${NAMESPACE_JOB}.environment.TEMPORAL_NAMESPACE_RETENTION is ${env(NAMESPACE_JOB).TEMPORAL_NAMESPACE_RETENTION}, expected ${retention} (temporal-config NAMESPACE_RETENTION_DAYS)`,
      );
    }
    expect(problems).toEqual([]);
  });

  test('DATABASE_URL points at the postgresql service and the database its init script creates', () => {
    const problems: string[] = [];
    const postgres = service(compose, POSTGRES);
    const postgresEnv = environmentOf(postgres);
    const major = Number(imageTag(postgres.image ?? '').tag?.split('.')[0]);
    if (!(major >= 15))
      problems.push(
        `${POSTGRES}.image: PostgreSQL ${major}; the init script needs psql 15+ (\\getenv) and Temporal's postgres12 plugin 12+`,
      );

    const initMount = mountsOf(postgres).find((mount) => mount.target.startsWith('/docker-entrypoint-initdb.d/'));
    if (!initMount?.source || !initMount.target.endsWith('.sql'))
      throw new Error(`${POSTGRES}.volumes: no .sql init script mounted into /docker-entrypoint-initdb.d/`);
    const initSql = readFileSync(path.resolve(REPO_ROOT, initMount.source), 'utf8').replace(/--.*$/gm, '');
    const role = /CREATE ROLE (\w+) LOGIN PASSWORD :'(\w+)'/.exec(initSql);
    const database = /CREATE DATABASE (\w+) OWNER (\w+)/.exec(initSql);
    const passwordVariable = /^\\getenv (\w+) (\w+)\s*$/m.exec(initSql);
    if (!role || !database || !passwordVariable)
      throw new Error(`${initMount.source}: expected \\getenv, CREATE ROLE and CREATE DATABASE ... OWNER`);
    if (role[2] !== passwordVariable[1]) problems.push(`${initMount.source}: the role's password is not the \\getenv variable`);
    if (database[2] !== role[1]) problems.push(`${initMount.source}: database ${database[1]} is not owned by role ${role[1]}`);
    const rolePassword = postgresEnv[passwordVariable[2]!];
    if (!rolePassword) problems.push(`${POSTGRES}.environment.${passwordVariable[2]}: the init script reads it and it is not set`);

    const urls = PLANRRR_SERVICES.map((name) => [name, env(name).DATABASE_URL] as const);
    for (const [name, value] of urls) {
      if (value !== urls[0]![1]) problems.push(`${name}.environment.DATABASE_URL differs from ${urls[0]![0]}'s`);
      const url = new URL(value ?? 'invalid:');
      if (url.protocol !== 'postgresql:') problems.push(`${name}.environment.DATABASE_URL: protocol ${url.protocol}, expected postgresql:`);
      if (url.hostname !== POSTGRES)
        problems.push(`${name}.environment.DATABASE_URL: host ${url.hostname}, expected the ${POSTGRES} service`);
      if (Number(url.port || POSTGRES_PORT) !== POSTGRES_PORT)
        problems.push(`${name}.environment.DATABASE_URL: port ${url.port}, PostgreSQL listens on ${POSTGRES_PORT}`);
      if (url.username !== role[1])
        problems.push(`${name}.environment.DATABASE_URL: user ${url.username}, the init script creates ${role[1]}`);
      if (url.pathname !== `/${database[1]}`)
        problems.push(`${name}.environment.DATABASE_URL: database ${url.pathname}, the init script creates /${database[1]}`);
      if (decodeURIComponent(url.password) !== rolePassword)
        problems.push(`${name}.environment.DATABASE_URL: password is not ${POSTGRES}'s ${passwordVariable[2]}`);
    }

    // Temporal reaches the same server as the superuser the postgres image creates
    const temporalEnv = env(TEMPORAL);
    if (temporalEnv.DB !== 'postgres12') problems.push(`${TEMPORAL}.environment.DB is ${temporalEnv.DB}, expected postgres12`);
    if (temporalEnv.POSTGRES_SEEDS !== POSTGRES)
      problems.push(`${TEMPORAL}.environment.POSTGRES_SEEDS is ${temporalEnv.POSTGRES_SEEDS}, expected ${POSTGRES}`);
    if (Number(temporalEnv.DB_PORT ?? POSTGRES_PORT) !== POSTGRES_PORT)
      problems.push(`${TEMPORAL}.environment.DB_PORT is ${temporalEnv.DB_PORT}`);
    if (temporalEnv.POSTGRES_USER !== postgresEnv.POSTGRES_USER)
      problems.push(`${TEMPORAL}.environment.POSTGRES_USER is not ${POSTGRES}'s POSTGRES_USER`);
    if (temporalEnv.POSTGRES_PWD !== postgresEnv.POSTGRES_PASSWORD)
      problems.push(`${TEMPORAL}.environment.POSTGRES_PWD is not ${POSTGRES}'s POSTGRES_PASSWORD`);
    // the schema job reaches it as the same superuser
    const schemaEnv = env(TEMPORAL_SCHEMA_JOB);
    if (schemaEnv.SQL_PLUGIN !== 'postgres12')
      problems.push(`${TEMPORAL_SCHEMA_JOB}.environment.SQL_PLUGIN is ${schemaEnv.SQL_PLUGIN}, expected postgres12`);
    if (schemaEnv.SQL_HOST !== POSTGRES)
      problems.push(`${TEMPORAL_SCHEMA_JOB}.environment.SQL_HOST is ${schemaEnv.SQL_HOST}, expected ${POSTGRES}`);
    if (Number(schemaEnv.SQL_PORT) !== POSTGRES_PORT) problems.push(`${TEMPORAL_SCHEMA_JOB}.environment.SQL_PORT is ${schemaEnv.SQL_PORT}`);
    if (schemaEnv.SQL_USER !== postgresEnv.POSTGRES_USER)
      problems.push(`${TEMPORAL_SCHEMA_JOB}.environment.SQL_USER is not ${POSTGRES}'s POSTGRES_USER`);
    if (schemaEnv.SQL_PASSWORD !== postgresEnv.POSTGRES_PASSWORD)
      problems.push(`${TEMPORAL_SCHEMA_JOB}.environment.SQL_PASSWORD is not ${POSTGRES}'s POSTGRES_PASSWORD`);
    expect(problems).toEqual([]);
  });

  test('PostgreSQL keeps its data in a declared volume and is healthy only when serving over TCP', () => {
    const problems: string[] = [];
    const postgres = service(compose, POSTGRES);
    const data = mountsOf(postgres).find((mount) => mount.target === '/var/lib/postgresql/data');
    if (!data || data.type !== 'volume' || !data.source)
      problems.push(`${POSTGRES}.volumes: /var/lib/postgresql/data must be a named volume`);
    for (const [name, svc] of Object.entries(compose.services)) {
      for (const mount of mountsOf(svc)) {
        if (mount.type === 'volume' && mount.source && !(compose.volumes && mount.source in compose.volumes)) {
          problems.push(`${name}.volumes: volume ${mount.source} is not declared under the top-level volumes`);
        }
        if (mount.type === 'bind' && !existsSync(path.resolve(REPO_ROOT, mount.source ?? ''))) {
          problems.push(`${name}.volumes: ${mount.source} does not exist in the repository`);
        }
        if (mount.type === 'bind' && !mount.readOnly) problems.push(`${name}.volumes: mount ${mount.source} read-only (:ro)`);
      }
    }
    const check = (healthcheckTest(postgres) ?? []).join(' ');
    if (!check.includes('pg_isready') || !/--host\s+127\.0\.0\.1|-h\s+127\.0\.0\.1/.test(check)) {
      problems.push(`${POSTGRES}.healthcheck: use pg_isready over TCP (--host 127.0.0.1), or it passes while init scripts still run`);
    }
    expect(problems).toEqual([]);
  });

  test('the server publishes its PORT, and the URLs in .env.example match the published ports', () => {
    const problems: string[] = [];
    const port = Number(env(SERVER).PORT ?? parseConfig({ ...imageEnv, ...env(SERVER) }).PORT);
    const serverPorts = portsOf(service(compose, SERVER));
    if (!serverPorts.some((mapping) => mapping.target === port)) {
      problems.push(`${SERVER}.ports ${JSON.stringify(service(compose, SERVER).ports)} does not publish the container's PORT ${port}`);
    }
    const published = serverPorts.find((mapping) => mapping.target === port)?.published;
    const publicUrl = new URL(env(SERVER).PUBLIC_URL ?? '');
    if (publicUrl.hostname === 'localhost' && Number(publicUrl.port) !== published) {
      problems.push(`${SERVER}.environment.PUBLIC_URL ${publicUrl.href} does not use the published port ${published}`);
    }
    const uiPorts = portsOf(service(compose, TEMPORAL_UI));
    const ui = uiPorts.find((mapping) => mapping.target === 8080);
    if (!ui || ui.published !== 8233)
      problems.push(`${TEMPORAL_UI}.ports: expected host 8233 -> 8080, got ${JSON.stringify(service(compose, TEMPORAL_UI).ports)}`);
    const uiUrl = new URL(env(SERVER).TEMPORAL_UI_URL ?? '');
    if (uiUrl.hostname === 'localhost' && Number(uiUrl.port) !== ui?.published) {
      problems.push(`${SERVER}.environment.TEMPORAL_UI_URL ${uiUrl.href} does not use ${TEMPORAL_UI}'s published port`);
    }
    // scaling (`--scale planrrr-worker=N`) needs no fixed name and no host port
    const worker = service(compose, WORKER);
    if (worker.container_name) problems.push(`${WORKER}.container_name prevents --scale`);
    if (portsOf(worker).some((mapping) => mapping.published !== undefined))
      problems.push(`${WORKER}.ports: a published port prevents --scale`);
    expect(problems).toEqual([]);
  });

  test('depends_on starts everything in order: database, Temporal and migrations before planrrr', () => {
    const problems: string[] = [];
    const expectations: Array<[string, string, string]> = [
      [TEMPORAL_SCHEMA_JOB, POSTGRES, 'service_healthy'],
      [TEMPORAL, TEMPORAL_SCHEMA_JOB, 'service_completed_successfully'],
      [NAMESPACE_JOB, TEMPORAL, 'service_healthy'],
      [TEMPORAL_UI, TEMPORAL, 'service_healthy'],
      [MIGRATE, POSTGRES, 'service_healthy'],
      [SERVER, MIGRATE, 'service_completed_successfully'],
      [SERVER, TEMPORAL, 'service_healthy'],
      [SERVER, NAMESPACE_JOB, 'service_completed_successfully'],
      [WORKER, MIGRATE, 'service_completed_successfully'],
      [WORKER, TEMPORAL, 'service_healthy'],
      [WORKER, NAMESPACE_JOB, 'service_completed_successfully'],
    ];
    for (const [name, dependency, condition] of expectations) {
      const actual = dependsOn(service(compose, name))[dependency];
      if (actual !== condition) problems.push(`${name}.depends_on.${dependency}: ${actual ?? 'missing'}, expected condition ${condition}`);
    }
    for (const [name, svc] of Object.entries(compose.services)) {
      for (const [dependency, condition] of Object.entries(dependsOn(svc))) {
        const target = compose.services[dependency];
        if (!target) {
          problems.push(`${name}.depends_on.${dependency}: no such service`);
          continue;
        }
        if (condition === 'service_healthy' && !healthcheckTest(target))
          problems.push(`${name}.depends_on.${dependency}: service_healthy, but ${dependency} has no health check`);
        if (condition === 'service_completed_successfully' && !ONE_SHOT_SERVICES.includes(dependency)) {
          problems.push(`${name}.depends_on.${dependency}: service_completed_successfully on a long-running service never completes`);
        }
      }
    }
    // no cycles: a topological order exists
    const order: string[] = [];
    const visiting = new Set<string>();
    const visit = (name: string, trail: string[]): void => {
      if (order.includes(name)) return;
      if (visiting.has(name)) {
        problems.push(`depends_on cycle: ${[...trail, name].join(' -> ')}`);
        return;
      }
      visiting.add(name);
      for (const dependency of Object.keys(dependsOn(service(compose, name))))
        if (compose.services[dependency]) visit(dependency, [...trail, name]);
      visiting.delete(name);
      order.push(name);
    };
    for (const name of Object.keys(compose.services)) visit(name, []);
    expect(problems).toEqual([]);
  });

  test('stop_grace_period outlasts the processes own shutdown grace', () => {
    const problems: string[] = [];
    const workerGrace = Number(/shutdownGraceTime:\s*'(\d+) seconds'/.exec(read('worker/main.ts'))?.[1]);
    const serverGraceMs = Number(/SHUTDOWN_GRACE_MS = ([\d_]+)/.exec(read('api/main.ts'))?.[1]?.replace(/_/g, ''));
    expect(workerGrace).toBeGreaterThan(0);
    expect(serverGraceMs).toBeGreaterThan(0);
    const worker = seconds(service(compose, WORKER).stop_grace_period);
    const server = seconds(service(compose, SERVER).stop_grace_period);
    if (worker <= workerGrace)
      problems.push(`${WORKER}.stop_grace_period ${worker}s: Docker kills the worker before its ${workerGrace}s shutdownGraceTime`);
    if (server <= serverGraceMs / 1000)
      problems.push(`${SERVER}.stop_grace_period ${server}s: Docker kills the server before its ${serverGraceMs / 1000}s grace`);
    expect(problems).toEqual([]);
  });

  test('Temporal reads the one dynamic config file, mounted read-only from temporal-config', () => {
    const problems: string[] = [];
    const temporal = service(compose, TEMPORAL);
    const configPath = environmentOf(temporal).DYNAMIC_CONFIG_FILE_PATH ?? '';
    const mount = mountsOf(temporal).find((entry) => entry.target === configPath);
    if (!path.posix.isAbsolute(configPath))
      problems.push(`${TEMPORAL}.environment.DYNAMIC_CONFIG_FILE_PATH ${configPath}: use the absolute path of the mount`);
    if (!mount) problems.push(`${TEMPORAL}.volumes: nothing is mounted at DYNAMIC_CONFIG_FILE_PATH ${configPath}`);
    else {
      if (mount.type !== 'bind' || path.resolve(REPO_ROOT, mount.source ?? '') !== DYNAMIC_CONFIG_FILE) {
        problems.push(
          `${TEMPORAL}.volumes: ${configPath} comes from ${mount.source}, expected ${path.relative(REPO_ROOT, DYNAMIC_CONFIG_FILE)}`,
        );
      }
      if (!mount.readOnly) problems.push(`${TEMPORAL}.volumes: mount the dynamic config read-only`);
    }
    // the same file the dev server reads, and valid dynamic config
    expect(dynamicConfigCliFlags(DYNAMIC_CONFIG_FILE).length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  /** The file a one-shot job's entrypoint runs, mounted from the repository. */
  function jobScript(name: string) {
    const entrypoint = argv(service(compose, name).entrypoint) ?? [];
    const inContainer = entrypoint.find((word) => word.endsWith('.sh')) ?? '';
    const mount = mountsOf(service(compose, name)).find((each) => each.target === inContainer);
    return { entrypoint, mount, file: path.resolve(REPO_ROOT, mount?.source ?? 'missing') };
  }

  /** Writes an executable stub that logs its arguments to $STUB_LOG, then runs `body` (a shell `case` on "$*"). */
  function writeStub(dir: string, name: string, body: string[]): void {
    const stub = path.join(dir, name);
    writeFileSync(stub, ['#!/usr/bin/env bash', 'echo "$*" >> "$STUB_LOG"', ...body].join('\n'));
    chmodSync(stub, 0o755);
  }

  describe('the schema job', () => {
    const { entrypoint, mount, file } = jobScript(TEMPORAL_SCHEMA_JOB);

    test('runs a script mounted from the repository with the POSIX shell of admin-tools (no bash there)', () => {
      expect(entrypoint[0]).toMatch(/^(\/bin\/)?sh$/);
      expect(mount).toEqual(expect.objectContaining({ type: 'bind', readOnly: true }));
      expect(existsSync(file)).toBe(true);
    });

    test('creates both databases and sets up the schemas runtime/temporal-server.ts sets up', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'planrrr-temporal-schema-'));
      try {
        const log = path.join(dir, 'calls.log');
        writeStub(dir, 'temporal-sql-tool', ['exit 0']);
        const result = await run('sh', [file], {
          env: { PATH: `${dir}:${process.env.PATH ?? ''}`, ...env(TEMPORAL_SCHEMA_JOB), STUB_LOG: log },
        });
        expect(result.code).toBe(0);
        expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([
          '--db temporal create-database',
          '--db temporal setup-schema -v 0.0',
          `--db temporal update-schema --schema-name ${TEMPORAL_SCHEMAS.persistence}`,
          '--db temporal_visibility create-database',
          '--db temporal_visibility setup-schema -v 0.0',
          `--db temporal_visibility update-schema --schema-name ${TEMPORAL_SCHEMAS.visibility}`,
        ]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test('fails when a step fails', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'planrrr-temporal-schema-'));
      try {
        writeStub(dir, 'temporal-sql-tool', ['case "$*" in *setup-schema*) echo "connection refused" >&2; exit 1 ;; esac', 'exit 0']);
        const result = await run('sh', [file], {
          env: { PATH: `${dir}:${process.env.PATH ?? ''}`, ...env(TEMPORAL_SCHEMA_JOB), STUB_LOG: path.join(dir, 'calls.log') },
        });
        expect(result.code).not.toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('the namespace job', () => {
    const job = service(compose, NAMESPACE_JOB);
    const { entrypoint, mount: scriptMount, file: script } = jobScript(NAMESPACE_JOB);

    /** planrrr's attributes as the CLI spells them, from temporal-config/search-attributes.ts */
    const expected = PLANRRR_SEARCH_ATTRIBUTES.map((key) => ({ name: key.name, type: key.type as string })).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    const sameType = (cliType: string, sdkType: string) => cliType.toLowerCase() === sdkType.replace(/_/g, '').toLowerCase();

    test('runs a script mounted from the repository', () => {
      expect(entrypoint[0]).toMatch(/^(\/bin\/)?sh$/);
      expect(scriptMount).toEqual(expect.objectContaining({ type: 'bind', readOnly: true }));
      expect(existsSync(script)).toBe(true);
    });

    test('lists exactly the attributes the dev server registers', () => {
      const listed = /ATTRIBUTES="([^"]*)"/.exec(readFileSync(script, 'utf8'))?.[1]?.trim().split(/\s+/) ?? [];
      const devServer = searchAttributeCliFlags().filter((flag) => flag !== '--search-attribute');
      expect(listed.sort()).toEqual(devServer.sort());
    });

    /** Runs the script with the job's environment against a stub `temporal` CLI that logs its arguments. */
    async function runWithStubCli(mode: 'fresh' | 'exists' | 'conflict', options: { listFailures?: number; waitAttempts?: number } = {}) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'planrrr-search-attributes-'));
      try {
        const log = path.join(dir, 'calls.log');
        writeStub(dir, 'temporal', [
          'case "$*" in',
          '  *"namespace create"*)',
          '    case "$STUB_MODE" in',
          '      fresh) echo "Namespace default successfully registered."; exit 0 ;;',
          '      *) echo "Error: Namespace already exists." >&2; exit 1 ;;',
          '    esac ;;',
          '  *"search-attribute list"*)',
          '    count=$(grep -c "search-attribute list" "$STUB_LOG")',
          '    if (( count <= STUB_LIST_FAILURES )); then echo "Error: namespace not found" >&2; exit 1; fi',
          '    exit 0 ;;',
          '  *"search-attribute create"*)',
          '    case "$STUB_MODE" in',
          '      fresh) echo "Search attributes have been added"; exit 0 ;;',
          '      exists) echo "Error: unable to add search attributes: Search attribute already exists" >&2; exit 1 ;;',
          '      conflict) echo "Error: search attribute PlanrrrStatus already exists and has different type Text" >&2; exit 1 ;;',
          '    esac ;;',
          'esac',
          'echo "unexpected call: $*" >&2; exit 2',
        ]);
        const result = await run('sh', [script], {
          env: {
            PATH: `${dir}:${process.env.PATH ?? ''}`,
            ...Object.fromEntries(Object.entries(environmentOf(job)).filter(([, value]) => value !== undefined)),
            STUB_LOG: log,
            STUB_MODE: mode,
            STUB_LIST_FAILURES: String(options.listFailures ?? 0),
            WAIT_SECONDS: '0',
            ...(options.waitAttempts ? { WAIT_ATTEMPTS: String(options.waitAttempts) } : {}),
          },
        });
        const calls = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
        return { ...result, calls };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }

    function flag(call: string, name: string): string | undefined {
      return new RegExp(`--${name} (\\S+)`).exec(call)?.[1];
    }

    test("creates exactly PLANRRR_SEARCH_ATTRIBUTES with their types, on the job's address and namespace", async () => {
      const result = await runWithStubCli('fresh', { listFailures: 2 });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const creates = result.calls.filter((call) => call.includes('search-attribute create'));
      const created = creates
        .map((call) => ({ name: flag(call, 'name') ?? '', type: flag(call, 'type') ?? '' }))
        .sort((a, b) => a.name.localeCompare(b.name));
      expect(created.map((entry) => entry.name)).toEqual(expected.map((entry) => entry.name));
      const problems = created.flatMap((entry, index) =>
        sameType(entry.type, expected[index]!.type)
          ? []
          : [`${NAMESPACE_JOB}: ${entry.name} is created as ${entry.type}, search-attributes.ts says ${expected[index]!.type}`],
      );
      for (const call of result.calls) {
        if (flag(call, 'address') !== env(NAMESPACE_JOB).TEMPORAL_ADDRESS)
          problems.push(`${NAMESPACE_JOB}: \`temporal ${call}\` does not use TEMPORAL_ADDRESS`);
        if (flag(call, 'namespace') !== DEFAULT_NAMESPACE)
          problems.push(`${NAMESPACE_JOB}: \`temporal ${call}\` is not for namespace ${DEFAULT_NAMESPACE}`);
      }
      expect(problems).toEqual([]);
      // the namespace first, with its retention
      expect(result.calls[0]).toContain('operator namespace create');
      expect(flag(result.calls[0]!, 'retention')).toBe(env(NAMESPACE_JOB).TEMPORAL_NAMESPACE_RETENTION);
      // it waited for the namespace: two failed lists, then one that answered
      expect(result.calls.filter((call) => call.includes('search-attribute list'))).toHaveLength(3);
    });

    test('succeeds when the attributes already exist', async () => {
      const result = await runWithStubCli('exists');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('already exists');
    });

    test('fails when an attribute exists with another type', async () => {
      const result = await runWithStubCli('conflict');
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('different type');
    });

    test('gives up when the namespace never appears', async () => {
      const result = await runWithStubCli('fresh', { listFailures: 100, waitAttempts: 3 });
      expect(result.code).not.toBe(0);
      expect(result.calls.filter((call) => call.includes('search-attribute create'))).toHaveLength(0);
    });
  });
});

describe('Dockerfile', () => {
  test('is multi-stage on a pinned Node 24 LTS slim image', () => {
    expect(dockerfile.stages.length).toBeGreaterThanOrEqual(2);
    const problems: string[] = [];
    for (const [index, stage] of dockerfile.stages.entries()) {
      const { repository, tag } = imageTag(stage.image);
      if (!tag || tag === 'latest') problems.push(`Dockerfile stage ${stage.name ?? index}: FROM ${stage.image} is not pinned`);
      if (repository === 'node' && !tag?.startsWith('24-'))
        problems.push(`Dockerfile stage ${stage.name ?? index}: FROM ${stage.image}, production runs the current LTS, Node 24`);
    }
    expect(problems).toEqual([]);
  });

  test('the build stage installs without dependency scripts, generates the client, builds, then prunes', () => {
    const buildStage = dockerfile.stages.find((stage) => instructionsOf(stage, 'RUN').some((run) => run.args.includes('npm run build')));
    if (!buildStage) throw new Error('Dockerfile: no stage runs `npm run build`');
    const script = instructionsOf(buildStage, 'RUN')
      .map((run) => run.args)
      .join('\n');
    const position = (needle: string) => script.indexOf(needle);
    const problems: string[] = [];
    if (!/npm ci\b.*--ignore-scripts/.test(script))
      problems.push('build stage: `npm ci --ignore-scripts` (dependency install scripts must not run)');
    if (!(position('npm ci') < position('npm run postinstall')))
      problems.push("build stage: run the project's postinstall (Prisma client) after npm ci");
    if (!(position('npm run postinstall') < position('npm run build')))
      problems.push('build stage: generate the Prisma client before `npm run build`');
    if (!(position('npm run build') < position('npm prune --omit=dev')))
      problems.push('build stage: `npm prune --omit=dev` after the build');
    if (envOf(buildStage).NODE_ENV) problems.push('build stage: NODE_ENV set, npm ci would skip the devDependencies the build needs');
    expect(problems).toEqual([]);
  });

  test('the final stage runs as a non-root user, in production, with the workflow bundle', () => {
    const problems: string[] = [];
    const user = instructionsOf(runtimeStage, 'USER').at(-1)?.args;
    if (!user || ['root', '0', '0:0'].includes(user)) problems.push(`Dockerfile final stage: USER is ${user ?? 'unset (root)'}`);
    if (imageEnv.NODE_ENV !== 'production') problems.push(`Dockerfile final stage: NODE_ENV is ${imageEnv.NODE_ENV}`);
    const bundle = imageEnv.WORKFLOW_BUNDLE_PATH ?? '';
    if (path.posix.relative(imageWorkdir, bundle) !== 'build/workflow-bundle.js')
      problems.push(`Dockerfile final stage: WORKFLOW_BUNDLE_PATH is ${bundle}, expected ${imageWorkdir}/build/workflow-bundle.js`);
    if (!read('runtime/build-workflow-bundle.ts').includes(`'build', 'workflow-bundle.js'`))
      problems.push('runtime/build-workflow-bundle.ts no longer writes build/workflow-bundle.js');
    const exposed = instructionsOf(runtimeStage, 'EXPOSE')
      .flatMap((expose) => expose.args.split(/\s+/))
      .map((port) => Number(port.replace(/\/tcp$/, '')));
    const port = Number(env(SERVER).PORT);
    if (!exposed.includes(port))
      problems.push(`Dockerfile final stage: EXPOSE ${exposed.join(' ')} does not include the server's PORT ${port}`);
    expect(problems).toEqual([]);
  });

  test('the HEALTHCHECK uses node against /healthz, a route the app serves at its root', async () => {
    const healthcheck = instructionsOf(runtimeStage, 'HEALTHCHECK').at(-1);
    if (!healthcheck) throw new Error('Dockerfile final stage: no HEALTHCHECK');
    const command = execForm(healthcheck.args.replace(/^(--\S+\s+)*CMD\s+/, ''));
    expect(command[0]).toBe('node');
    expect(command.join(' ')).toContain('/healthz');
    expect(read('api/app.ts')).toMatch(/app\.use\(healthRoutes\(/);
    // run the exact command against the real health routes, then against nothing
    await withHealthServer(true, async (port) => expect((await runNodeHealthcheck(command, port)).code).toBe(0));
    const closed = await withHealthServer(true, async (port) => port);
    expect((await runNodeHealthcheck(command, closed)).code).not.toBe(0);
  });

  test("the server's compose health check reports readiness: 0 when ready, non-zero when not", async () => {
    const check = healthcheckTest(service(compose, SERVER)) ?? [];
    expect(check[0]).toBe('CMD');
    const command = check.slice(1);
    expect(command.join(' ')).toMatch(/\/readyz|\/healthz/);
    await withHealthServer(true, async (port) => expect((await runNodeHealthcheck(command, port)).code).toBe(0));
    await withHealthServer(false, async (port) => expect((await runNodeHealthcheck(command, port)).code).not.toBe(0));
  });

  test('every container command names a file that exists and that the image contains', () => {
    const problems: string[] = [];
    const { covered, problems: layout } = runtimeCopies();
    problems.push(...layout);
    const expected: Record<string, string> = { [SERVER]: 'api/main.ts', [WORKER]: 'worker/main.ts', [MIGRATE]: 'runtime/migrate.ts' };
    const imageCmd = execForm(instructionsOf(runtimeStage, 'CMD').at(-1)?.args ?? '[]');
    if (!entryFilesOf(imageCmd).includes('api/main.ts'))
      problems.push(`Dockerfile CMD ${imageCmd.join(' ')}: expected the server, api/main.ts`);
    for (const name of PLANRRR_SERVICES) {
      const command = commandOf(name);
      const files = entryFilesOf(command);
      if (!files.includes(expected[name]!)) problems.push(`${name}.command ${command.join(' ')}: expected to run ${expected[name]}`);
      const check = healthcheckTest(service(compose, name));
      if (check) files.push(...entryFilesOf(check));
      for (const file of files) {
        if (!existsSync(path.join(REPO_ROOT, file))) problems.push(`${name}: runs ${file}, which does not exist`);
        else if (!isCovered(file, covered)) problems.push(`${name}: runs ${file}, which the Dockerfile's final stage does not copy`);
      }
      if (command.includes('tsx') || command[0] === 'npm') {
        const dependencies = (JSON.parse(read('package.json')) as { dependencies: Record<string, string> }).dependencies;
        if (!dependencies.tsx) problems.push(`${name}: runs TypeScript through tsx, which must be a production dependency`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('the image holds every module the processes load, and pruning keeps every package they import', () => {
    const problems: string[] = [];
    const { covered } = runtimeCopies();
    // what the containers run: commands, health checks, and the Prisma CLI's config
    const entryPoints = new Set<string>(['prisma.config.ts']);
    for (const name of PLANRRR_SERVICES) {
      for (const file of entryFilesOf(commandOf(name))) entryPoints.add(file);
      const check = healthcheckTest(service(compose, name));
      if (check) for (const file of entryFilesOf(check)) entryPoints.add(file);
    }
    const processes = importClosure([...entryPoints]);
    for (const file of processes.files) {
      if (!isCovered(file, covered)) problems.push(`Dockerfile final stage: ${file} is loaded at run time and not copied`);
      // prisma/generated is made inside the image; everything else must reach the builder
      if (!file.startsWith('prisma/generated/') && dockerignored(file))
        problems.push(`.dockerignore: excludes ${file}, which the image needs`);
    }
    for (const built of ['build/web', 'build/workflow-bundle.js', 'prisma/migrations', 'prisma/generated']) {
      if (!isCovered(built, covered)) problems.push(`Dockerfile final stage: ${built} is not copied`);
    }

    // the web app's server build keeps its packages external: the route modules' imports
    // and React Router's server entry (web/entry.server.tsx, else its default one)
    const webSources = readdirRecursive('web').filter(
      (file) => /\.tsx?$/.test(file) && !file.endsWith('.d.ts') && file !== 'web/routes.ts',
    );
    const customEntry = ['web/entry.server.tsx', 'web/entry.server.ts'].find((file) => existsSync(path.join(REPO_ROOT, file)));
    const defaultEntry = path.relative(
      REPO_ROOT,
      path.join(path.dirname(require.resolve('@react-router/dev/package.json')), 'dist/config/defaults/entry.server.node.tsx'),
    );
    const web = importClosure([...webSources, customEntry ?? defaultEntry]);

    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { dev?: boolean }> };
    for (const [name, importer] of [...processes.packages, ...web.packages]) {
      if (importer.startsWith('node_modules/@react-router/dev/') && name === '@react-router/dev') continue;
      const entry = lock.packages[`node_modules/${name}`];
      if (!entry) problems.push(`${importer} imports ${name}, which package-lock.json does not install`);
      else if (entry.dev)
        problems.push(`${importer} imports ${name}, a devDependency that \`npm prune --omit=dev\` removes from the image`);
    }
    expect(processes.files.size).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });
});

describe('.dockerignore', () => {
  test('keeps secrets, local state and host builds out of the build context', () => {
    const mustIgnore = [
      '.env',
      '.env.production',
      '.data/secrets.json',
      '.data/postgres/PG_VERSION',
      'node_modules/zod/package.json',
      'build/workflow-bundle.js',
      'prisma/generated/client.ts',
      '.git/HEAD',
    ];
    const mustKeep = [
      'package.json',
      'package-lock.json',
      'prisma/schema.prisma',
      'prisma/migrations/migration_lock.toml',
      'api/main.ts',
      'web/root.tsx',
      'vite.config.ts',
      'react-router.config.ts',
      '.env.example',
    ];
    const problems = [
      ...mustIgnore.filter((file) => !dockerignored(file)).map((file) => `.dockerignore: ${file} reaches the build context`),
      ...mustKeep.filter((file) => dockerignored(file)).map((file) => `.dockerignore: ${file} is excluded, the build needs it`),
    ];
    expect(problems).toEqual([]);
  });
});

function readdirRecursive(relativeDir: string): string[] {
  return readdirSync(path.join(REPO_ROOT, relativeDir), { withFileTypes: true }).flatMap((entry) => {
    const child = path.posix.join(relativeDir, entry.name);
    return entry.isDirectory() ? readdirRecursive(child) : [child];
  });
}
