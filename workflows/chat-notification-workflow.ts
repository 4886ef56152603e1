// Posts one notification to one of a team's Slack or Discord webhooks, retried with backoff
// for a day while the platform is down or rate-limits (lib/notifications/notify.ts starts it).
import { proxyActivities } from '@temporalio/workflow';
import type { ChatNotificationInput, createActivities } from '../activities';

type Activities = ReturnType<typeof createActivities>;

const { postChatNotification } = proxyActivities<Activities>({
  // the call itself gives up sooner (lib/platforms/http.ts)
  startToCloseTimeout: '2 minutes',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '1 hour' },
});

export async function chatNotificationWorkflow(input: ChatNotificationInput): Promise<void> {
  await postChatNotification(input);
}
