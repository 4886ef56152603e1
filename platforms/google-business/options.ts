// Google Business Profile's per-account options (domain/target-options.ts): the schema the API, the rules and the
// publisher read, and the fields the composer shows.
import { z } from 'zod';
import type { TargetOptionField } from '../../domain/target-options';

/** A local date and time of the business (Google takes an event's schedule without a time zone). */
const LOCAL_DATE_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d$/;
const localDateTime = (name: string) =>
  z
    .string({ error: `${name} is required` })
    .regex(LOCAL_DATE_TIME, { error: `${name} must be the business's local date and time, e.g. 2026-12-24T18:00` });

// https://developers.google.com/my-business/content/posts-data and the LocalPost reference
// (https://developers.google.com/my-business/reference/rest/v4/accounts.locations.localPosts):
// an EVENT needs a title and schedule; an OFFER too (its title and dates) and may add a
// coupon code, an online redemption URL and terms; a call to action is a button with a URL
// (CALL dials the business's own number and takes none), and offers have none
export const GoogleBusinessOptionsSchema = z
  .strictObject({
    topicType: z.enum(['STANDARD', 'EVENT', 'OFFER'], { error: 'topicType must be STANDARD, EVENT or OFFER' }),
    callToAction: z
      .strictObject({
        actionType: z.enum(['BOOK', 'ORDER', 'SHOP', 'LEARN_MORE', 'SIGN_UP', 'CALL'], {
          error: 'callToAction.actionType must be BOOK, ORDER, SHOP, LEARN_MORE, SIGN_UP or CALL',
        }),
        url: z.httpUrl({ error: 'callToAction.url must be an http(s) URL' }).max(2048).optional(),
      })
      .optional(),
    event: z
      .strictObject({
        title: z.string({ error: 'event.title is required' }).trim().min(1, { error: 'event.title is required' }).max(58, {
          error: 'event.title is at most 58 characters',
        }),
        start: localDateTime('event.start'),
        end: localDateTime('event.end'),
      })
      .optional(),
    offer: z
      .strictObject({
        couponCode: z.string().trim().max(58, { error: 'offer.couponCode is at most 58 characters' }).optional(),
        redeemOnlineUrl: z.httpUrl({ error: 'offer.redeemOnlineUrl must be an http(s) URL' }).max(2048).optional(),
        termsConditions: z.string().trim().max(5000, { error: 'offer.termsConditions is at most 5,000 characters' }).optional(),
      })
      .optional(),
  })
  .superRefine((options, context) => {
    const issue = (path: string[], message: string) => context.addIssue({ code: 'custom', path, message });
    if (options.topicType !== 'STANDARD' && !options.event)
      issue(['event'], `an ${options.topicType} post needs an event: its title, start and end`);
    if (options.topicType === 'STANDARD' && options.event) issue(['event'], 'only EVENT and OFFER posts take an event');
    if (options.topicType !== 'OFFER' && options.offer) issue(['offer'], 'only OFFER posts take an offer');
    if (options.topicType === 'OFFER' && options.callToAction)
      issue(['callToAction'], 'an offer takes no call to action: its offer.redeemOnlineUrl is its link');
    const { start, end } = options.event ?? {};
    // zod goes on to these checks when a field was refused: compare only times that are times
    if (start && end && LOCAL_DATE_TIME.test(start) && LOCAL_DATE_TIME.test(end) && end <= start)
      issue(['event', 'end'], 'event.end must be after event.start');
    const action = options.callToAction;
    if (action && action.actionType !== 'CALL' && !action.url)
      issue(['callToAction', 'url'], `callToAction.url is required for ${action.actionType}`);
    if (action?.actionType === 'CALL' && action.url)
      issue(['callToAction', 'url'], "a CALL button dials the business's own number and takes no url");
  });

const SCHEDULED = { option: 'topicType', values: ['EVENT', 'OFFER'] } as const;
const OFFER = { option: 'topicType', values: ['OFFER'] } as const;

/**
 * What the composer shows under a Google Business Profile account: the post type, then what
 * that type takes (an event's and an offer's title and dates, an offer's coupon, link and terms,
 * the button an update or an event may have). The labels are those of Google's own post editor.
 */
export const GOOGLE_BUSINESS_OPTION_FIELDS: readonly TargetOptionField[] = [
  {
    name: 'topicType',
    label: 'Post type',
    required: true,
    input: 'select',
    values: { STANDARD: 'Update', EVENT: 'Event', OFFER: 'Offer' },
  },
  { name: 'event.title', label: 'Title', required: true, maxLength: 58, hint: "The event's or the offer's name", shownWhen: SCHEDULED },
  {
    name: 'event.start',
    label: 'Starts',
    required: true,
    input: 'datetime-local',
    hint: "In the business's local time",
    shownWhen: SCHEDULED,
  },
  { name: 'event.end', label: 'Ends', required: true, input: 'datetime-local', shownWhen: SCHEDULED },
  { name: 'offer.couponCode', label: 'Coupon code', required: false, maxLength: 58, shownWhen: OFFER },
  { name: 'offer.redeemOnlineUrl', label: 'Link to redeem the offer', required: false, shownWhen: OFFER },
  { name: 'offer.termsConditions', label: 'Terms and conditions', required: false, maxLength: 5000, input: 'textarea', shownWhen: OFFER },
  {
    name: 'callToAction.actionType',
    label: 'Button',
    required: false,
    input: 'select',
    values: { BOOK: 'Book', ORDER: 'Order online', SHOP: 'Buy', LEARN_MORE: 'Learn more', SIGN_UP: 'Sign up', CALL: 'Call now' },
    hint: "Call now dials the business's phone number",
    // an offer's link is its redeem URL
    shownWhen: { option: 'topicType', values: ['STANDARD', 'EVENT'] },
  },
  {
    name: 'callToAction.url',
    label: 'Button link',
    required: true,
    shownWhen: { option: 'callToAction.actionType', values: ['BOOK', 'ORDER', 'SHOP', 'LEARN_MORE', 'SIGN_UP'] },
  },
];
