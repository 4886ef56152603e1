// Everything with side effects that the workflows ask for. Dependencies come in through
// this factory, so tests can hand in fakes and the worker hands in the real ones.
import type { Client } from '@temporalio/client';
import type { KeyRing } from '../lib/crypto';
import { createAiSuggestionActivities, type AiSuggestionDeps } from './ai-suggestion';
import { createApprovalNoticeActivities } from './approval-notices';
import { createChatNotificationActivities } from './post-chat-notification';
import { createWebhookDeliveryActivities } from './deliver-webhook';
import { createEvergreenRefillActivities, type EvergreenRefillDeps } from './evergreen-refill';
import { createFollowersActivities } from './followers';
import { createImportActivities, type ImportActivityDeps } from './import-rows';
import { createPostMetricsActivities } from './post-metrics';
import { createPublishToTarget, type PublishDeps } from './publish-to-target';
import { createReconcilePosts } from './reconcile-posts';
import { createSavePostState } from './save-post-state';
import { createSendEmailActivities, type SendEmailDeps } from './send-email';
import { createSeriesOccurrenceActivities } from './series-occurrence';
import { notify } from '../lib/notifications/notify';
import type { NotificationEvent } from '../domain/notifications';

export interface ActivityDeps extends PublishDeps, EvergreenRefillDeps, AiSuggestionDeps, ImportActivityDeps, SendEmailDeps {
  /** evergreen sets book their copies at chosen slots, imports add theirs to the queues */
  queue: EvergreenRefillDeps['queue'] & ImportActivityDeps['queue'];
  /** the reconciler inspects and restarts post workflows, series occurrences start them; savePostState starts webhook deliveries */
  temporal: Client;
  taskQueue: string;
  /** first retry delay of a webhook delivery (config WEBHOOK_RETRY_INITIAL_INTERVAL) */
  webhookRetryInitialInterval: string;
  webhookAllowPrivateUrls: boolean;
  /** decrypts webhook secrets (connection credentials go through `credentials`) */
  keys: KeyRing;
  /** config PUBLISH_LEAD_SECONDS, in milliseconds, for the post workflows the reconciler and series start */
  publishLeadMs: number;
  /** config METRICS_SAMPLE_OFFSETS, for the metrics workflows savePostState starts */
  metricsSampleOffsetsMs: number[];
}

export function createActivities(deps: ActivityDeps) {
  const savePostState = createSavePostState(deps);
  return {
    savePostState,
    ...createPublishToTarget(deps),
    ...createPostMetricsActivities(deps),
    ...createFollowersActivities(deps),
    reconcilePosts: createReconcilePosts({ ...deps, savePostState }),
    ...createWebhookDeliveryActivities(deps),
    ...createSeriesOccurrenceActivities(deps),
    ...createEvergreenRefillActivities(deps),
    ...createAiSuggestionActivities(deps),
    ...createImportActivities(deps),
    ...createApprovalNoticeActivities(deps),
    ...createSendEmailActivities(deps),
    ...createChatNotificationActivities(deps),
    /** for workflows that notice an event themselves (an approval's deadline passing) */
    notify: (event: NotificationEvent) => notify(deps, event),
  };
}

export type { FollowerAccount, SampleFollowersInput } from './followers';
export type { CollectPostMetricsInput, CollectPostMetricsOutcome } from './post-metrics';
export type {
  PublishBudgetWait,
  PublishCommentInput,
  PublishCommentResult,
  PublishFailureDetails,
  PublishInput,
  PublishPartInput,
  PublishPartResult,
  PublishResult,
} from './publish-to-target';
export type { ReconcileReport } from './reconcile-posts';
export type { SeriesOccurrenceResult } from './series-occurrence';
export type { EvergreenRefillResult } from './evergreen-refill';
export type { AskModelInput, ModelAnswer } from './ai-suggestion';
export type { ChatNotificationInput } from './post-chat-notification';
