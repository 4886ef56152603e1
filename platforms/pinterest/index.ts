// Pinterest: what planrrr knows of the platform (platforms/definition.ts says what each field is for).
import { definePlatform } from '../definition';
import { PINTEREST_OPTION_FIELDS, PinterestOptionsSchema } from './options';
import { codePoints, MB, MINUTE_MS, SECOND_MS } from '../units';

export const pinterest = definePlatform({
  id: 'PINTEREST',
  name: 'Pinterest',
  monogram: 'P',
  colour: '#e60023',
  previewActions: 'Save · Share',
  previewMediaFirst: true,
  connectsWith: 'oauth',
  threads: false,
  comments: false,
  // a pin's impressions, saves and pin clicks (outbound clicks are kept apart by Pinterest, not here)
  metrics: ['impressions', 'saves', 'clicks'],
  duplicateTextWindowDays: null,
  rules: {
    name: 'Pinterest',
    // a pin's description: 800 characters; one image (BMP, JPEG, PNG, TIFF, GIF, WebP; up to
    // 20 MB) or one video (MP4, MOV, M4V; up to 2 GB, 4 s to 15 min). The board, title (100) and link are the
    // account's options (domain/target-options.ts), the alt text (500) the media's.
    // https://developers.pinterest.com/docs/api/v5/pins-create
    // https://help.pinterest.com/en/business/article/pinterest-product-specs
    maxLength: 800,
    measure: codePoints,
    unit: 'characters',
    media: {
      maxImages: 1,
      maxVideos: 1,
      allowsMixed: false,
      requiresMedia: true,
      imageTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/bmp', 'image/tiff'],
      videoTypes: ['video/mp4', 'video/quicktime', 'video/x-m4v'],
      maxImageBytes: 20 * MB,
      maxVideoBytes: 2048 * MB,
      minVideoMs: 4 * SECOND_MS,
      maxVideoMs: 15 * MINUTE_MS,
    },
  },
  options: {
    schema: PinterestOptionsSchema,
    fields: PINTEREST_OPTION_FIELDS,
  },
});
