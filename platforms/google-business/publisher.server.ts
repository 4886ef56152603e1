// Google Business Profile through the API v4: a local post on the location that connected
// (`POST /v4/accounts/{a}/locations/{l}/localPosts`), the post's text as its summary, the
// account's options (domain/target-options.ts) as its topic, call to action, event and offer,
// and its one photo fetched by Google from a signed public URL (as Instagram's). The post's
// link is the searchUrl Google answers (empty while it has none: a post Google still reviews).
// Metrics: none; the Business Profile APIs count views per location, not per post.
// https://developers.google.com/my-business/content/posts-data
// https://developers.google.com/my-business/reference/rest/v4/accounts.locations.localPosts
import { z } from 'zod';
import { parseTargetOptions, targetOptionProblems, type TargetOptionsOf } from '../../domain/target-options';
import { PublishError } from '../../lib/platforms/errors';
import { firstString, platformFetch, readJson, type PlatformApi } from '../../lib/platforms/http';
import type { PublishedPost, Publisher, PublisherFactory } from '../../activities/publishers/publisher';

export const GoogleBusinessCredentialsSchema = z.object({
  accountId: z.string().regex(/^accounts\/[^/]+$/),
  locationId: z.string().regex(/^locations\/[^/]+$/),
  accessToken: z.string().min(1),
});

const LocalPostSchema = z.object({ name: z.string().min(1), searchUrl: z.string().optional(), state: z.string().optional() });

/** Long enough for Google to fetch the photo, short enough to be useless later. */
const MEDIA_URL_LIFETIME_SECONDS = 60 * 60;

const GOOGLE_BUSINESS_API: PlatformApi = {
  name: 'Google Business Profile',
  // {error: {code, message, status}}, Google's error shape
  errorDetail: (body) =>
    firstString(body, (json) => {
      const error = (json as { error?: { message?: string; status?: string } }).error;
      return error?.message ? `${error.message}${error.status ? ` (${error.status})` : ''}` : undefined;
    }),
};

/** '2026-12-24T18:00' as Google's Date and TimeOfDay. */
function dateAndTime(local: string) {
  const [year, month, day, hours, minutes] = local.split(/[-T:]/).map(Number);
  return { date: { year, month, day }, time: { hours, minutes } };
}

function localPostBody(content: string, options: TargetOptionsOf<'GOOGLE_BUSINESS'>, photoUrl: string | undefined) {
  const { event, offer, callToAction, topicType } = options;
  const start = event && dateAndTime(event.start);
  const end = event && dateAndTime(event.end);
  return {
    summary: content,
    topicType,
    ...(callToAction ? { callToAction } : {}),
    ...(event && start && end
      ? { event: { title: event.title, schedule: { startDate: start.date, startTime: start.time, endDate: end.date, endTime: end.time } } }
      : {}),
    ...(offer ? { offer } : {}),
    ...(photoUrl ? { media: [{ mediaFormat: 'PHOTO', sourceUrl: photoUrl }] } : {}),
  };
}

export function createGoogleBusinessPublisher(options: { baseUrl: string }): Publisher {
  return {
    publishesTo: () => options.baseUrl,
    async publish({ content, media, options: targetOptions, connection }): Promise<PublishedPost> {
      const problems = targetOptionProblems('GOOGLE_BUSINESS', targetOptions);
      // scheduling checks them; a post made without (an evergreen copy) fails here, in words
      if (problems.length > 0)
        throw new PublishError(
          'CONTENT_REJECTED',
          `A Google Business Profile post needs the account's options: ${problems.map((p) => p.message).join('; ')}`,
        );
      const postOptions = parseTargetOptions('GOOGLE_BUSINESS', targetOptions);
      const photo = media[0];
      if (media.length > 1 || (photo && photo.kind !== 'image'))
        throw new PublishError('CONTENT_REJECTED', 'A Google Business Profile post carries at most one photo');
      if (photo && !photo.publicUrl)
        throw new PublishError('INTERNAL', 'Google Business Profile needs a public URL for the photo, and none was provided');
      const { accountId, locationId, accessToken } = GoogleBusinessCredentialsSchema.parse(connection.credentials);
      const response = await platformFetch(GOOGLE_BUSINESS_API, `${options.baseUrl}/v4/${accountId}/${locationId}/localPosts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json', 'content-type': 'application/json' },
        body: JSON.stringify(localPostBody(content, postOptions, photo?.publicUrl?.(MEDIA_URL_LIFETIME_SECONDS))),
      });
      const post = await readJson(GOOGLE_BUSINESS_API, response, LocalPostSchema, 'local post');
      if (post.state === 'REJECTED')
        throw new PublishError('CONTENT_REJECTED', 'Google Business Profile rejected the post (state REJECTED)');
      return { platformPostId: post.name, url: post.searchUrl ?? '' };
    },
  };
}

/** The worker's publisher for this platform, from planrrr's config (platforms/publishers.server.ts). */
export const publisherFromConfig: PublisherFactory = ({ config }) =>
  createGoogleBusinessPublisher({ baseUrl: config.GOOGLE_BUSINESS_API_BASE_URL });
