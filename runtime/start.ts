// `npm start`: the whole product on embedded defaults. Provisions Temporal and
// PostgreSQL (unless TEMPORAL_ADDRESS / DATABASE_URL point elsewhere), builds the web
// app, starts a mail catcher (unless SMTP_URL is set), the worker and the server, and prints
// where everything is.
// `npm run dev` (`--dev`): the same, with the web app served by Vite from its sources
// (runtime/dev-server.ts), so edits under web/ reach the browser without a build or a restart.
import path from 'node:path';
import { prettyFactory } from 'pino-pretty';
import { ConfigError, parseStartConfig } from '../lib/config';
import { DATA_DIR } from './paths';
import { isPortInUse } from './ports';
import { startTsProcess, type ServiceProcess } from './processes';
import { loadOrCreateDevSecrets } from './dev-secrets';
import { startMailCatcher, type MailCatcher } from './mail-catcher';
import { runCommand } from './run-command';
import { startStack, type Stack } from './stack';

const prettyLog = prettyFactory({ colorize: Boolean(process.stdout.isTTY), ignore: 'pid,hostname,name', translateTime: 'HH:MM:ss' });

function log(line: string): void {
  console.log(`[planrrr] ${line}`);
}

function printFrom(name: string) {
  return (line: string) => {
    const text = line.startsWith('{') ? prettyLog(line).trimEnd() : line;
    console.log(`[${name}] ${text}`);
  };
}

async function requireFreePort(port: number, what: string, alternative: string): Promise<void> {
  if (await isPortInUse(port)) {
    throw new ConfigError(`Port ${port} (${what}) is already in use. Stop whatever listens there, or ${alternative}.`);
  }
}

async function main(): Promise<void> {
  const startConfig = parseStartConfig();
  const webDevServer = process.argv.includes('--dev');
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
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('Stopping ...');
    await Promise.all(services.map((service) => service.stop()));
    await Promise.all([stack?.stop(), mailCatcher?.stop()]);
    log('Stopped.');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

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

    if (!webDevServer) {
      log('Building the web app ...');
      await runCommand('npm', ['run', '--silent', 'build:web'], { onLine: printFrom('build') });
    }

    if (!startConfig.SMTP_URL) {
      mailCatcher = await startMailCatcher(
        { smtp: startConfig.MAIL_CATCHER_SMTP_PORT, web: startConfig.MAIL_CATCHER_WEB_PORT },
        printFrom('mail'),
      );
    }

    const temporalUiUrl = startConfig.TEMPORAL_UI_URL ?? stack.temporalUiUrl ?? 'http://localhost:8233';
    const env: NodeJS.ProcessEnv = {
      ...secrets,
      ...process.env,
      NODE_ENV: process.env.NODE_ENV ?? 'development',
      DATABASE_URL: stack.databaseUrl,
      TEMPORAL_ADDRESS: stack.temporalAddress,
      TEMPORAL_UI_URL: temporalUiUrl,
      PORT: String(startConfig.PORT),
      // a local Mastodon (or a fake) can be connected when trying things out
      ALLOW_INSECURE_PLATFORM_URLS: process.env.ALLOW_INSECURE_PLATFORM_URLS ?? 'true',
      ...(mailCatcher ? { SMTP_URL: mailCatcher.smtpUrl } : {}),
    };
    const worker = startTsProcess('worker', 'worker/main.ts', env, printFrom('worker'));
    const server = startTsProcess('server', webDevServer ? 'runtime/dev-server.ts' : 'api/main.ts', env, printFrom('server'));
    services.push(worker, server);
    for (const service of services) {
      service.child.once('exit', (code) => {
        if (!stopping) {
          log(`${service.name} exited unexpectedly (code ${code}); stopping everything.`);
          void stopAll(1);
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
        mailCatcher
          ? `  Emails           ${mailCatcher.webUrl}   (the mail catcher: every email planrrr sends lands here)`
          : `  Emails           sent through ${startConfig.SMTP_URL?.replace(/\/\/[^@/]*@/, '//…@')}`,
        '',
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await stopAll(1);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
