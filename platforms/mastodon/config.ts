// Mastodon's configuration (platforms/platform-config.ts): none but its pace, as users name their instances.
import { definePlatformConfig, PACED_BY_BUDGETS } from '../platform-config';

export const mastodonConfig = definePlatformConfig({
  variables: {},
  publishPace: PACED_BY_BUDGETS,
});
