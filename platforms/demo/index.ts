// Demo channel: what planrrr knows of the platform (platforms/definition.ts says what each field is for).
import { definePlatform } from '../definition';
import { codePoints } from '../units';

export const demo = definePlatform({
  id: 'DEMO',
  name: 'Demo channel',
  monogram: 'D',
  colour: '#6d28d9',
  previewActions: 'Published to the demo feed',
  connectsWith: 'demo',
  threads: false,
  comments: false,
  // the demo network of `npm start` (platforms/demo/publisher.server.ts)
  metrics: ['impressions', 'likes', 'replies', 'reposts'],
  duplicateTextWindowDays: null,
  rules: {
    name: 'Demo feed',
    maxLength: 10_000,
    measure: codePoints,
    unit: 'characters',
    media: { maxImages: 10, maxVideos: 1, allowsMixed: true },
  },
});
