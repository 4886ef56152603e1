// The demo platform's configuration (platforms/platform-config.ts): none but its pace.
import { definePlatformConfig } from '../platform-config';

export const demoConfig = definePlatformConfig({
  variables: {},
  // planrrr's own database
  publishPace: { perSecond: 100, concurrency: 50 },
});
