// Mastodon: what planrrr knows of the platform (platforms/definition.ts says what each field is for).
import { definePlatform } from '../definition';
import { mastodonConnect } from './connect';
import { codePoints, MB, MINUTE, URL_PATTERN } from '../units';

/** Mastodon counts every URL as 23 characters, whatever its length. https://docs.joinmastodon.org/user/posting/#links */
const MASTODON_URL_LENGTH = 23;

export const mastodon = definePlatform({
  id: 'MASTODON',
  name: 'Mastodon',
  monogram: 'M',
  colour: '#563acc',
  previewActions: 'Reply · Boost · Favourite',
  connectsWith: 'token',
  tokenConnect: mastodonConnect,
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
  rules: {
    name: 'Mastodon',
    // Mastodon's default; an instance may configure its own (configuration.statuses.max_characters
    // in GET /api/v2/instance), read when the account is connected (Connection.maxCharacters).
    // https://docs.joinmastodon.org/entities/Instance/#max_characters
    maxLength: 500,
    measure: (content) => codePoints(content.replace(URL_PATTERN, 'x'.repeat(MASTODON_URL_LENGTH))),
    unit: 'characters (links count 23)',
    // configuration.statuses.max_media_attachments 4; image 16 MB, video 99 MB by default
    // https://docs.joinmastodon.org/entities/Instance/#media_attachments
    media: { maxImages: 4, maxVideos: 1, allowsMixed: false, maxImageBytes: 16 * MB, maxVideoBytes: 99 * MB },
  },
});
