// The application's services, built once per process from its dependencies. The API's
// routes and the web app's loaders and actions call the same services.
import type { Client } from '@temporalio/client';
import { keyRing, type Config } from '../lib/config';
import type { Db } from '../lib/db';
import type { Logger } from '../lib/logger';
import { createAccountService } from './account/service';
import { createAiService } from './ai/service';
import { createAuditLog } from './audit/service';
import { createAudienceService } from './analytics/audience';
import { createAnalyticsService } from './analytics/service';
import type { SendMail } from './auth/account-mail';
import { createAccountTokens } from './auth/account-tokens';
import { createEmailVerification } from './auth/email-verification';
import { createLoginLimits } from './auth/login-limits';
import { createPasswordReset } from './auth/password-reset';
import { createAuthService } from './auth/service';
import { createSessionService } from './auth/sessions';
import { createTwoFactorService } from './auth/two-factor';
import { createOAuthService } from './connections/oauth-service';
import { createConnectionService } from './connections/service';
import { createEvergreenService } from './evergreen/service';
import { createLabelService } from './labels/service';
import { createApprovalService } from './approvals/service';
import { createCommentService } from './comments/service';
import { createPostWorkflowClient } from './posts/post-workflow-client';
import { createMediaService } from './media/service';
import { createMediaStore } from '../lib/media-store';
import { createPostService } from './posts/service';
import { createSeriesService } from './series/service';
import { createQueueService } from './queue/service';
import { createTeamService } from './teams/service';
import { createProfileService } from './profile/service';
import { createTokenService } from './tokens/service';
import { createWebhookService } from './webhooks/service';
import { createSnippetService } from './snippets/service';
import { createTemplateService } from './templates/service';
import { createImportService } from './imports/service';
import { createPreviewService } from './previews/service';
import { startFirstFollowersSample } from '../lib/temporal/followers-schedule';
import type { NotificationEvent } from '../domain/notifications';
import { queueEmail } from '../lib/email/outbox';
import { notify } from '../lib/notifications/notify';
import { createNotificationService } from './notifications/service';
import { createChatWebhookService } from './notifications/chat-webhook-service';

export interface ServiceDeps {
  config: Config;
  db: Db;
  temporal: Client;
  /** for what a service does best effort and only logs when it fails (account avatars) */
  logger: Logger;
}

export function createServices({ config, db, temporal, logger }: ServiceDeps) {
  const audit = createAuditLog({ db });
  const loginLimits = createLoginLimits({ db, settings: config });
  // how services tell people of an event (in the app, by email, in the team's chat) and send email
  const notifyDeps = { db, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE, publicUrl: config.PUBLIC_URL };
  /** an email that is not a notification (an invitation, a password reset): sent once per dedupeKey */
  const sendMail: SendMail = (message) => queueEmail(notifyDeps, message);
  const accountTokens = createAccountTokens({ db });
  const sessions = createSessionService({ db });
  const emailVerification = createEmailVerification({
    db,
    tokens: accountTokens,
    sendMail,
    limits: loginLimits,
    publicUrl: config.PUBLIC_URL,
  });
  const auth = createAuthService({ db, limits: loginLimits, verification: emailVerification });
  const teams = createTeamService({ db, temporal, audit, publicUrl: config.PUBLIC_URL, sendMail });
  const media = createMediaService({
    db,
    store: createMediaStore(config),
    limits: { maxImageBytes: config.MEDIA_MAX_IMAGE_BYTES, maxVideoBytes: config.MEDIA_MAX_VIDEO_BYTES },
    sessionSecret: config.SESSION_SECRET,
  });
  const labels = createLabelService({ db, audit });
  // what posts, series and evergreen sets need: their checks of a post's content, and Temporal
  const postDeps = {
    db,
    media,
    labels,
    temporal,
    audit,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    namespace: config.TEMPORAL_NAMESPACE,
    temporalUiUrl: config.TEMPORAL_UI_URL,
    updateTimeoutMs: config.WORKFLOW_UPDATE_TIMEOUT_MS,
  };
  const countFirstFollowers = (connection: { id: string; teamId: string }) =>
    startFirstFollowersSample({ temporal, taskQueue: config.TEMPORAL_TASK_QUEUE, logger }, connection);
  const publishLeadMs = config.PUBLISH_LEAD_SECONDS * 1000;
  const posts = createPostService({
    ...postDeps,
    logger,
    publishLeadMs,
    webhookRetryInitialInterval: config.WEBHOOK_RETRY_INITIAL_INTERVAL,
  });
  const comments = createCommentService({ db, audit, notify: (event) => notify(notifyDeps, event) });
  const approvals = createApprovalService({
    db,
    audit,
    posts,
    comments,
    workflows: createPostWorkflowClient({ ...postDeps, publishLeadMs }),
  });
  return {
    /** tells an event's recipients, each by their settings (lib/notifications/notify.ts) */
    notify: (event: NotificationEvent) => notify(notifyDeps, event),
    queueEmail: sendMail,
    notifications: createNotificationService({ db }),
    chatWebhooks: createChatWebhookService({
      db,
      audit,
      encryptionKey: config.ENCRYPTION_KEY,
      hosts: { slackWebhooksBaseUrl: config.SLACK_WEBHOOKS_BASE_URL, discordApiBaseUrl: config.DISCORD_API_BASE_URL },
    }),
    audit,
    auth,
    loginLimits,
    emailVerification,
    passwordReset: createPasswordReset({
      db,
      tokens: accountTokens,
      sendMail,
      limits: loginLimits,
      sessions,
      publicUrl: config.PUBLIC_URL,
    }),
    twoFactor: createTwoFactorService({ db, keys: keyRing(config), auth, limits: loginLimits }),
    sessions,
    teams,
    account: createAccountService({ db, auth, teams }),
    profile: createProfileService({ db }),
    tokens: createTokenService({ db, audit }),
    connections: createConnectionService({
      db,
      audit,
      encryptionKey: config.ENCRYPTION_KEY,
      allowInsecurePlatformUrls: config.ALLOW_INSECURE_PLATFORM_URLS,
      platformConfig: config,
      pinterestApiBaseUrl: config.PINTEREST_API_BASE_URL,
      redditApi: { baseUrl: config.REDDIT_API_BASE_URL, userAgent: config.REDDIT_USER_AGENT },
      logger,
      countFirstFollowers,
    }),
    oauth: createOAuthService({ config, db, audit, logger, countFirstFollowers }),
    media,
    labels,
    posts,
    comments,
    approvals,
    queue: createQueueService({ db, audit, posts }),
    series: createSeriesService(postDeps),
    evergreen: createEvergreenService(postDeps),
    webhooks: createWebhookService({
      db,
      audit,
      temporal,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      encryptionKey: config.ENCRYPTION_KEY,
      allowPrivateUrls: config.WEBHOOK_ALLOW_PRIVATE_URLS,
      webhookRetryInitialInterval: config.WEBHOOK_RETRY_INITIAL_INTERVAL,
    }),
    analytics: createAnalyticsService({ db }),
    audience: createAudienceService({ db }),
    templates: createTemplateService({ db, media, labels, audit }),
    snippets: createSnippetService({ db, audit }),
    ai: createAiService({ db, temporal, config }),
    imports: createImportService({
      db,
      temporal,
      audit,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      namespace: config.TEMPORAL_NAMESPACE,
      temporalUiUrl: config.TEMPORAL_UI_URL,
    }),
    previews: createPreviewService({ db, audit, comments, approvals, publicUrl: config.PUBLIC_URL, sessionSecret: config.SESSION_SECRET }),
  };
}

export type Services = ReturnType<typeof createServices>;
