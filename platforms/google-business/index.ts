// Google Business Profile: what planrrr knows of the platform (platforms/definition.ts says what each field is for).
import { definePlatform } from '../definition';
export const googleBusiness = definePlatform({
  id: 'GOOGLE_BUSINESS',
  name: 'Google Business Profile',
  monogram: 'G',
  previewActions: 'On your Business Profile in Search and Maps',
  connectsWith: 'oauth',
  threads: false,
  comments: false,
  // none: the Business Profile APIs give no per-post counts (local post insights were retired
  // with the v4 reports; Performance API metrics are per location, not per post)
  metrics: [],
  duplicateTextWindowDays: null,
});
