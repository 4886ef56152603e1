// A contract fake of the Google Business Profile API v4 local posts planrrr creates, as a real
// local HTTP server. It checks what Google documents: a bearer token (401 UNAUTHENTICATED), a
// location of the account in the path that the token manages (404 NOT_FOUND, 403
// PERMISSION_DENIED), a summary of at most 1,500 characters without a phone number, a
// topicType, an EVENT's and an OFFER's event title and schedule (dates and times), a call to
// action with a known actionType and a URL (none for CALL), no call to action on an offer,
// at most one PHOTO whose sourceUrl it downloads itself (as Google does: a URL that does not
// serve a JPEG or PNG is refused), and its rate limit of 10 posts a minute per location (429
// RESOURCE_EXHAUSTED). Given the OAuth fake, it also lists the accounts and locations, and
// takes the tokens that fake issued for Google.
// https://developers.google.com/my-business/content/posts-data
// https://developers.google.com/my-business/reference/rest/v4/accounts.locations.localPosts
import express from 'express';
import { bearerToken, FakePlatformServer } from './fake-server';
import { ReadBudget } from './http';
import { FAKE_ACCOUNTS, type FakeOAuthProvider } from './oauth-provider';

export type GoogleBusinessRoute = 'localPosts.create';

export interface FakeLocalPost {
  name: string;
  location: string;
  summary: string;
  topicType: string;
  callToAction?: { actionType: string; url?: string };
  event?: { title: string; schedule: Record<string, { year?: number; month?: number; day?: number; hours?: number; minutes?: number }> };
  offer?: Record<string, string>;
  photo?: { contentType: string; bytes: Buffer };
}

const ACTION_TYPES = ['BOOK', 'ORDER', 'SHOP', 'LEARN_MORE', 'SIGN_UP', 'CALL'];
/** 7 or more digits with the separators a phone number has: what Google's post policy refuses */
const PHONE_NUMBER = /\+?\(?\d[\d\s().-]{5,}\d/;

export class FakeGoogleBusiness extends FakePlatformServer<GoogleBusinessRoute> {
  protected readonly defaultFailureRoute = 'localPosts.create';
  /** access token → the account and location names it manages */
  readonly tokens = new Map<string, string[]>([['gbp-token-alice', ['accounts/2020/locations/5550002']]]);
  readonly posts: FakeLocalPost[] = [];
  readonly postBudget = new ReadBudget(10, 60_000);
  private nextId = 1;

  constructor(private readonly oauth?: FakeOAuthProvider) {
    super();
  }

  private managedBy(token: string | undefined): string[] | undefined {
    if (!token) return undefined;
    if (this.tokens.has(token)) return this.tokens.get(token);
    if (!this.oauth?.isAccessToken(token, 'google')) return undefined;
    return FAKE_ACCOUNTS.googleBusiness.flatMap((account) => account.locations.map((location) => `${account.name}/${location.name}`));
  }

  protected routes(app: express.Express): void {
    this.oauth?.mountGoogleBusinessAccounts(app, '');
    const refuse = (res: express.Response, code: number, status: string, message: string) =>
      res.status(code).json({ error: { code, message, status } });

    app.post('/v4/accounts/:account/locations/:location/localPosts', express.json(), async (req, res) => {
      if (await this.scripted('localPosts.create', res)) return;
      const managed = this.managedBy(bearerToken(req));
      if (!managed) return void refuse(res, 401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.');
      const location = `accounts/${req.params.account}/locations/${req.params.location}`;
      const known = FAKE_ACCOUNTS.googleBusiness.some(
        (account) =>
          account.name === `accounts/${req.params.account}` && account.locations.some((l) => l.name === `locations/${req.params.location}`),
      );
      if (!known) return void refuse(res, 404, 'NOT_FOUND', 'Requested entity was not found.');
      if (!managed.includes(location)) return void refuse(res, 403, 'PERMISSION_DENIED', 'The caller does not have permission');
      if (this.postBudget.spend(location) !== undefined)
        return void refuse(res, 429, 'RESOURCE_EXHAUSTED', 'Quota exceeded for quota metric local post writes per minute.');
      const invalid = (message: string) => refuse(res, 400, 'INVALID_ARGUMENT', `Request contains an invalid argument: ${message}`);
      const body = req.body as Partial<FakeLocalPost> & { media?: Array<{ mediaFormat?: string; sourceUrl?: string }> };
      const summary = typeof body.summary === 'string' ? body.summary : '';
      if ([...summary].length > 1500) return void invalid('summary is longer than 1500 characters');
      if (PHONE_NUMBER.test(summary.replace(/\d{4}-\d{2}-\d{2}/g, ''))) return void invalid('summary must not contain a phone number');
      if (!['STANDARD', 'EVENT', 'OFFER', 'ALERT'].includes(String(body.topicType))) return void invalid('topic_type');
      if (body.topicType === 'EVENT' || body.topicType === 'OFFER') {
        const schedule = body.event?.schedule;
        if (!body.event?.title || !schedule?.startDate || !schedule.endDate)
          return void invalid('event.title and event.schedule are required');
        if (body.topicType === 'EVENT' && (!schedule.startTime || !schedule.endTime))
          return void invalid('an event needs start and end times');
      } else if (body.event || body.offer) return void invalid('only EVENT and OFFER posts have an event or an offer');
      const action = body.callToAction;
      if (action) {
        if (body.topicType === 'OFFER') return void invalid('an OFFER post has no call_to_action');
        if (!ACTION_TYPES.includes(action.actionType)) return void invalid('call_to_action.action_type');
        if ((action.actionType === 'CALL') !== (action.url === undefined)) return void invalid('call_to_action.url');
      }
      const media = body.media ?? [];
      if (media.length > 1) return void invalid('at most one media item');
      let photo: FakeLocalPost['photo'];
      if (media[0]) {
        if (media[0].mediaFormat !== 'PHOTO' || !media[0].sourceUrl) return void invalid('media must be a PHOTO with a source_url');
        const fetched = await fetch(media[0].sourceUrl).catch(() => undefined);
        const contentType = fetched?.headers.get('content-type')?.split(';')[0] ?? '';
        if (!fetched?.ok || !['image/jpeg', 'image/png'].includes(contentType))
          return void invalid('media.source_url could not be fetched as a photo');
        photo = { contentType, bytes: Buffer.from(await fetched.arrayBuffer()) };
      }
      const id = String(this.nextId++);
      const post: FakeLocalPost = {
        name: `${location}/localPosts/${id}`,
        location,
        summary,
        topicType: String(body.topicType),
        ...(action ? { callToAction: action } : {}),
        ...(body.event ? { event: body.event } : {}),
        ...(body.offer ? { offer: body.offer } : {}),
        ...(photo ? { photo } : {}),
      };
      this.posts.push(post);
      res.json({
        ...body,
        name: post.name,
        state: 'LIVE',
        createTime: new Date().toISOString(),
        searchUrl: `https://local.google.com/place?id=${req.params.location}&use=posts&lpsid=${id}`,
      });
    });
  }
}
