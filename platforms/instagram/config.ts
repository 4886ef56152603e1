// Instagram's configuration (platforms/platform-config.ts): its app and Graph API, shared with
// Facebook, are in platforms/shared-providers.config.ts.
import { definePlatformConfig, PACED_BY_BUDGETS } from '../platform-config';

export const instagramConfig = definePlatformConfig({
  variables: {},
  // media containers are polled until ready, on connections bounded per host
  publishPace: PACED_BY_BUDGETS,
});
