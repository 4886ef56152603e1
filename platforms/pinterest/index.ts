// Pinterest: what planrrr knows of the platform (platforms/definition.ts says what each field is for).
import { definePlatform } from '../definition';
export const pinterest = definePlatform({
  id: 'PINTEREST',
  name: 'Pinterest',
  monogram: 'P',
  previewActions: 'Save · Share',
  connectsWith: 'oauth',
  threads: false,
  comments: false,
  // a pin's impressions, saves and pin clicks (outbound clicks are kept apart by Pinterest, not here)
  metrics: ['impressions', 'saves', 'clicks'],
  duplicateTextWindowDays: null,
});
