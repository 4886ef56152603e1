// Mastodon: what planrrr knows of the platform (platforms/definition.ts says what each field is for).
import { definePlatform } from '../definition';
import { MINUTE } from '../units';
export const mastodon = definePlatform({
  id: 'MASTODON',
  name: 'Mastodon',
  monogram: 'M',
  previewActions: 'Reply · Boost · Favourite',
  connectsWith: 'token',
  threads: true,
  comments: true,
  metrics: ['likes', 'replies', 'reposts'],
  // no documented duplicate refusal: Mastodon takes any text again
  duplicateTextWindowDays: null,
  // https://docs.joinmastodon.org/api/rate-limits/: 300 requests per 5 minutes per account
  // on its instance, for every authenticated endpoint (an instance may set others). The
  // page names no separate limit for creating statuses; a publish with media spends one
  // request per upload and per processing poll too, which the 429's reset covers.
  publishLimits: [{ per: 'account', count: 300, windowSeconds: 5 * MINUTE }],
});
