// `npm start`: the whole product on embedded defaults. Provisions Temporal and
// PostgreSQL (unless TEMPORAL_ADDRESS / DATABASE_URL point elsewhere), builds what is
// missing or stale (runtime/build.ts), starts a mail catcher (unless SMTP_URL is set), the
// compiled worker and server, and prints where everything is. Their logs are JSON lines,
// written straight out; `--pretty` (or LOG_PRETTY=true) prints them readably instead.
// `npm run dev` (`--dev`): the same from the TypeScript sources (tsx), with the web app served
// by Vite (runtime/dev-server.ts), so edits reach the browser without a build, and pretty logs.
import path from 'node:path';
import { prettyFactory } from 'pino-pretty';
import { ConfigError, parseStartConfig } from '../lib/config';
import { launcherLog as log, runLauncher, stopOnSignals } from './launcher';
import { DATA_DIR } from './paths';
import { isPortInUse } from './ports';
import { buildStale } from './build';
import { startTsProcess, type ProcessOutput, type ServiceProcess } from './processes';
import { serviceEnv, startCompiledServices } from './services';
import { loadOrCreateDevSecrets } from './dev-secrets';
import { emailDestination, startMailCatcher, type MailCatcher } from './mail-catcher';
import { startStack, type Stack } from './stack';

/** Prints a child's lines under its name, JSON log lines made readable when `pretty`. */
function linePrinter(pretty: boolean): (name: string) => (line: string) => void {
  const prettyLog = pretty
    ? prettyFactory({ colorize: Boolean(process.stdout.isTTY), ignore: 'pid,hostname,name', translateTime: 'HH:MM:ss' })
    : undefined;
  return (name) => (line) => console.log(`[${name}] ${prettyLog && line.startsWith('{') ? prettyLog(line).trimEnd() : line}`);
}

async function requireFreePort(port: number, what: string, alternative: string): Promise<void> {
  if (await isPortInUse(port)) {
    throw new ConfigError(`Port ${port} (${what}) is already in use. Stop whatever listens there, or ${alternative}.`);
  }
}

async function main(): Promise<void> {
  const startConfig = parseStartConfig();
  const webDevServer = process.argv.includes('--dev');
  const pretty = webDevServer || process.argv.includes('--pretty') || startConfig.LOG_PRETTY;
  const printFrom = linePrinter(pretty);
  // JSON lines go straight to the terminal (or a log collector) unless they are to be made readable
  const serviceOutput = (name: string): ProcessOutput => (pretty ? printFrom(name) : 'inherit');
  await requireFreePort(startConfig.PORT, 'web app and API', 'set PORT');
  if (!startConfig.TEMPORAL_ADDRESS) {
    await requireFreePort(startConfig.TEMPORAL_DEV_SERVER_PORT, 'Temporal dev server', 'set TEMPORAL_ADDRESS to use that server');
    await requireFreePort(startConfig.TEMPORAL_UI_PORT, 'Temporal Web UI', 'set TEMPORAL_UI_PORT');
  }
  if (!startConfig.DATABASE_URL) {
    await requireFreePort(startConfig.EMBEDDED_POSTGRES_PORT, 'embedded PostgreSQL', 'set EMBEDDED_POSTGRES_PORT or DATABASE_URL');
  }
  if (!startConfig.SMTP_URL) {
    await requireFreePort(startConfig.MAIL_CATCHER_SMTP_PORT, 'mail catcher SMTP', 'set MAIL_CATCHER_SMTP_PORT or SMTP_URL');
    await requireFreePort(startConfig.MAIL_CATCHER_WEB_PORT, 'mail catcher web page', 'set MAIL_CATCHER_WEB_PORT');
  }

  const secrets = await loadOrCreateDevSecrets(DATA_DIR);
  const services: ServiceProcess[] = [];
  let stack: Stack | undefined;
  let mailCatcher: MailCatcher | undefined;
  const launch = stopOnSignals(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await Promise.all([stack?.stop(), mailCatcher?.stop()]);
  });

  try {
    stack = await startStack({
      databaseUrl: startConfig.DATABASE_URL,
      embeddedPostgres: { dataDir: path.join(DATA_DIR, 'postgres'), port: startConfig.EMBEDDED_POSTGRES_PORT, database: 'planrrr' },
      temporalAddress: startConfig.TEMPORAL_ADDRESS,
      devServer: {
        port: startConfig.TEMPORAL_DEV_SERVER_PORT,
        uiPort: startConfig.TEMPORAL_UI_PORT,
        dbFile: path.join(DATA_DIR, 'temporal.sqlite'),
      },
      log,
    });

    if (!webDevServer) await buildStale(log);

    if (!startConfig.SMTP_URL) {
      mailCatcher = await startMailCatcher(
        { smtp: startConfig.MAIL_CATCHER_SMTP_PORT, web: startConfig.MAIL_CATCHER_WEB_PORT },
        printFrom('mail'),
      );
    }

    const temporalUiUrl = startConfig.TEMPORAL_UI_URL ?? stack.temporalUiUrl ?? 'http://localhost:8233';
    const env = serviceEnv(secrets, {
      databaseUrl: stack.databaseUrl,
      temporalAddress: stack.temporalAddress,
      temporalUiUrl,
      port: startConfig.PORT,
      smtpUrl: mailCatcher?.smtpUrl,
    });
    const { worker, server } = webDevServer
      ? {
          worker: startTsProcess('worker', 'worker/main.ts', env, printFrom('worker')),
          server: startTsProcess('server', 'runtime/dev-server.ts', env, printFrom('server')),
        }
      : startCompiledServices(env, serviceOutput);
    services.push(worker, server);
    for (const service of services) {
      service.child.once('exit', (code) => {
        if (!launch.stopping) {
          log(`${service.name} exited unexpectedly (code ${code}); stopping everything.`);
          void launch.stopAll(1);
        }
      });
    }
    await Promise.all([worker.ready(120_000), server.ready(60_000)]);

    const webUrl = `http://localhost:${startConfig.PORT}`;
    console.log(
      [
        '',
        'planrrr is running:',
        `  Web app          ${webUrl}${webDevServer ? '   (hot reload: edits under web/ show without a restart)' : ''}`,
        `  REST API         ${webUrl}/api/v1`,
        `  Temporal Web UI  ${temporalUiUrl}   (find a post with: PlanrrrPostId="<post id>")`,
        `  Emails           ${emailDestination(mailCatcher, startConfig.SMTP_URL)}`,
        '',
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
  } catch (error) {
    await launch.failed(error);
  }
}

runLauncher(main);
