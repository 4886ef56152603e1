// The worker process: runs post workflows, their publishing activities (and metrics and follower reads)
// on one queue per platform (worker/publish-workers.ts), and webhook deliveries, over one connection.
// `tsx worker/main.ts` (npm start runs it for you).
// NOTE: first, before anything loads pg (lib/tracing.ts).
import { tracing } from './tracing';
import { access } from 'node:fs/promises';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { setGlobalDispatcher } from 'undici';
import { createActivities } from '../activities';
import { aiSettingsOf } from '../lib/ai/chat-completions';
import { createServices } from '../api/services';
import { createPostChecks } from '../api/posts/post-checks';
import { createConnectionCredentials } from '../activities/connection-credentials';
import { PUBLISH_LATENESS_BUCKETS, PUBLISH_LATENESS_METRIC } from '../activities/publish-metrics';
import { createPublishers } from '../platforms/publishers.server';
import { operatorPlatformOrigins, PlatformConnectionPool } from '../lib/platforms/connection-pool';
import { ConfigError, keyRing, parseConfig } from '../lib/config';
import { createMailer } from '../lib/email/mailer';
import { createMediaStore } from '../lib/media-store';
import { notifyNeedsReconnect } from '../lib/notifications/events';
import { createDb } from '../lib/db';
import { activityFailureReporting, startErrorReporting } from '../lib/error-reporting';
import { createLogger } from '../lib/logger';
import { oauthProviders } from '../platforms/oauth-flows.server';
import { reportReady } from '../lib/readiness';
import { temporalLogger } from '../lib/temporal-logger';
import { workflowBundleFor, WORKFLOW_TRACING_INTERCEPTORS, type Tracing } from '../lib/tracing';
import { ensureFollowersSchedule } from '../lib/temporal/followers-schedule';
import { ensureReconcilerSchedule } from '../lib/temporal/reconciler-schedule';
import { createPublishWorkers } from './publish-workers';

async function main(): Promise<void> {
  const config = parseConfig();
  // Every fetch of this process (platform calls above all) shares one bounded pool per host,
  // and reaches the hosts users chose only on public addresses.
  const platformConnections = new PlatformConnectionPool({
    connectionsPerHost: config.PLATFORM_CONNECTIONS_PER_HOST,
    allowPrivateAddresses: config.ALLOW_INSECURE_PLATFORM_URLS,
    trustedOrigins: operatorPlatformOrigins(config),
  });
  setGlobalDispatcher(platformConnections);
  const logger = createLogger({ name: 'planrrr-worker', level: config.LOG_LEVEL });
  const errorReporter = await startErrorReporting(config, 'planrrr-worker');
  errorReporter.reportCrashes();
  const db = createDb(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
  // Temporal's runtime stops the worker gracefully on SIGINT and SIGTERM: polling stops,
  // in-flight activities finish within the shutdown grace time.
  Runtime.install({
    shutdownSignals: ['SIGINT', 'SIGTERM'],
    logger: temporalLogger(logger),
    telemetryOptions: {
      metrics: {
        prometheus: {
          bindAddress: `0.0.0.0:${config.WORKER_METRICS_PORT}`,
          countersTotalSuffix: true,
          useSecondsForDurations: true,
          histogramBucketOverrides: { [PUBLISH_LATENESS_METRIC]: PUBLISH_LATENESS_BUCKETS },
        },
      },
    },
  });
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  // The reconciler's activity inspects and restarts post workflows through a client.
  const clientConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const temporal = new Client({
    connection: clientConnection,
    namespace: config.TEMPORAL_NAMESPACE,
    interceptors: { workflow: tracing.clientInterceptors },
  });

  // Production runs a prebuilt bundle (its traced twin when tracing); development bundles the
  // current code at start-up, with the tracing interceptors when tracing.
  const workflowSource: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> = config.WORKFLOW_BUNDLE_PATH
    ? { workflowBundle: { codePath: await prebuiltWorkflowBundle(config.WORKFLOW_BUNDLE_PATH, tracing) } }
    : { workflowsPath: require.resolve('../workflows') };
  const activityInterceptors = [...tracing.activityInterceptors, activityFailureReporting(errorReporter)];
  // evergreen sets and imports write posts through the API's own services, so all check and book alike
  const { queue, posts, media, labels, templates } = createServices({ config, db, temporal, logger });
  // how the worker's activities tell people of events (lib/notifications)
  const notifyDeps = { db, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE, publicUrl: config.PUBLIC_URL };
  const activities = createActivities({
    db,
    queue,
    posts,
    postChecks: createPostChecks({ db, media, labels }),
    media,
    templates,
    keys: keyRing(config),
    credentials: createConnectionCredentials({
      db,
      keys: keyRing(config),
      providers: oauthProviders(config),
      notifyNeedsReconnect: (connectionId) => notifyNeedsReconnect(notifyDeps, connectionId),
    }),
    publishers: createPublishers({ db, config }),
    mediaStore: createMediaStore(config),
    publicUrl: config.PUBLIC_URL,
    sessionSecret: config.SESSION_SECRET,
    breakerOptions: { resetTimeoutMs: config.CIRCUIT_BREAKER_OPEN_SECONDS * 1000 },
    publishBudgets: (platform) => config.PUBLISH_RATE_LIMITS[platform].budgets,
    warmConnection: (url) => platformConnections.warm(url),
    temporal,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    webhookRetryInitialInterval: config.WEBHOOK_RETRY_INITIAL_INTERVAL,
    webhookAllowPrivateUrls: config.WEBHOOK_ALLOW_PRIVATE_URLS,
    publishLeadMs: config.PUBLISH_LEAD_SECONDS * 1000,
    metricsSampleOffsetsMs: config.METRICS_SAMPLE_OFFSETS,
    aiProvider: aiSettingsOf(config)?.provider,
    mailer: createMailer(config),
  });
  // The main queue keeps every activity: posts that scheduled publishToTarget there before
  // per-platform queues existed still finish (ADR 003).
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    ...workflowSource,
    activities,
    interceptors: {
      activity: activityInterceptors,
      ...(!config.WORKFLOW_BUNDLE_PATH && tracing.workflowSinks && { workflowModules: [WORKFLOW_TRACING_INTERCEPTORS] }),
    },
    ...(tracing.workflowSinks && { sinks: tracing.workflowSinks }),
    shutdownGraceTime: '20 seconds',
    // Bursts of posts due at the same second (BENCHMARKS.md explains the defaults).
    maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    maxConcurrentWorkflowTaskExecutions: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    workflowTaskPollerBehavior: { type: 'simple-maximum', maximum: config.WORKER_TASK_POLLERS },
    activityTaskPollerBehavior: { type: 'simple-maximum', maximum: config.WORKER_TASK_POLLERS },
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
  });
  const publishWorkers = await createPublishWorkers({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    publishToTarget: activities.publishToTarget,
    publishThreadPart: activities.publishThreadPart,
    publishFirstComment: activities.publishFirstComment,
    collectPostMetrics: activities.collectPostMetrics,
    sampleFollowers: activities.sampleFollowers,
    limits: config.PUBLISH_RATE_LIMITS,
    activityInterceptors,
  });
  await ensureReconcilerSchedule(temporal, config.TEMPORAL_TASK_QUEUE, config.RECONCILE_EVERY);
  await ensureFollowersSchedule(temporal, config.TEMPORAL_TASK_QUEUE, config.FOLLOWERS_SAMPLE_TIME);
  logger.info(
    {
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      publishRateLimits: config.PUBLISH_RATE_LIMITS,
      address: config.TEMPORAL_ADDRESS,
      metrics: `http://localhost:${config.WORKER_METRICS_PORT}/metrics`,
    },
    'Worker polling',
  );
  try {
    // Temporal's runtime shuts every worker down on SIGTERM; if one fails, the process exits.
    const running = Promise.all([worker, ...publishWorkers].map((each) => each.run()));
    reportReady();
    await running;
  } catch (error) {
    errorReporter.report(error, { crash: 'worker' });
    throw error;
  } finally {
    await Promise.allSettled([db.$disconnect(), connection.close(), clientConnection.close(), tracing.shutdown(), errorReporter.flush()]);
    logger.info('Worker stopped');
  }
}

/** The prebuilt bundle this worker loads, or a message naming the missing file. */
async function prebuiltWorkflowBundle(bundlePath: string, tracing: Tracing): Promise<string> {
  const codePath = workflowBundleFor(bundlePath, tracing);
  try {
    await access(codePath);
  } catch {
    const why = tracing.workflowSinks
      ? `tracing is on (OTEL_EXPORTER_OTLP_ENDPOINT), so this worker loads the traced bundle written beside it`
      : 'this worker loads it';
    throw new ConfigError(`WORKFLOW_BUNDLE_PATH=${bundlePath}: ${codePath} is missing; ${why}. \`npm run build:workflows\` writes both.`);
  }
  return codePath;
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
