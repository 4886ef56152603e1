// `npm run start:cluster`: planrrr the way a larger installation runs it, on one machine:
// the real Temporal server on PostgreSQL with its Web UI, two API servers (each with the web
// app) and two workers (runtime/cluster.ts), compiled as `npm start` runs them (runtime/build.ts
// builds what is stale), and a mail catcher unless SMTP_URL is set. Every
// port is a free one, so it runs beside `npm start` and the tests; the URLs are printed.
import path from 'node:path';
import { parseStartConfig } from '../lib/config';
import { buildStale } from './build';
import { launcherLog as log, runLauncher, stopOnSignals } from './launcher';
import { startCluster, type Cluster } from './cluster';
import { loadOrCreateDevSecrets } from './dev-secrets';
import { emailDestination, startMailCatcher, type MailCatcher } from './mail-catcher';
import { DATA_DIR } from './paths';
import { freePort } from './ports';
import { TEMPORAL_SERVER_VERSION } from './temporal-server-binaries';

async function main(): Promise<void> {
  const startConfig = parseStartConfig();
  const secrets = await loadOrCreateDevSecrets(DATA_DIR);
  let cluster: Cluster | undefined;
  let mailCatcher: MailCatcher | undefined;
  const launch = stopOnSignals(async () => {
    await Promise.all([cluster?.stop(), mailCatcher?.stop()]);
  });

  try {
    await buildStale(log);
    if (!startConfig.SMTP_URL) {
      mailCatcher = await startMailCatcher({ smtp: await freePort(), web: await freePort() }, (line) => console.log(`[mail] ${line}`));
    }
    cluster = await startCluster({
      // its own PostgreSQL data: it may run while `npm start` uses .data/postgres
      dataDir: path.join(DATA_DIR, 'cluster'),
      compiled: true,
      databaseUrl: startConfig.DATABASE_URL,
      env: {
        ...secrets,
        ...process.env,
        // a local Mastodon (or a fake) can be connected when trying things out, as with npm start
        ALLOW_INSECURE_PLATFORM_URLS: process.env.ALLOW_INSECURE_PLATFORM_URLS ?? 'true',
        ...(mailCatcher ? { SMTP_URL: mailCatcher.smtpUrl } : {}),
      },
      log,
      onLine: (name, line) => console.log(`[${name}] ${line}`),
    });
    for (const each of cluster.processes) {
      each.onUnexpectedExit((code, signal) => {
        if (!launch.stopping)
          log(`${each.name} exited unexpectedly (${signal ?? `code ${code}`}); the rest of the cluster goes on without it.`);
      });
    }

    console.log(
      [
        '',
        'planrrr is running on a Temporal cluster:',
        ...cluster.servers.map((server) => `  ${server.name.padEnd(16)} ${server.url}   (web app; REST API at ${server.url}/api/v1)`),
        `  ${'workers'.padEnd(16)} ${cluster.workers.map((worker) => worker.name).join(', ')}`,
        `  ${'Temporal'.padEnd(16)} ${cluster.temporal.address}   (the real Temporal server v${TEMPORAL_SERVER_VERSION} on PostgreSQL)`,
        ...(cluster.temporalUiUrl
          ? [`  ${'Temporal Web UI'.padEnd(16)} ${cluster.temporalUiUrl}   (find a post with: PlanrrrPostId="<post id>")`]
          : []),
        `  ${'Emails'.padEnd(16)} ${emailDestination(mailCatcher, startConfig.SMTP_URL)}`,
        '',
        'Sign in on either server: sessions, event streams and rate limits are shared through PostgreSQL.',
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
  } catch (error) {
    await launch.failed(error);
  }
}

runLauncher(main);
