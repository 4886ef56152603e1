// Queue request schemas (the API's and the web app's), the source of the OpenAPI document's
// request bodies. The slot rules themselves live in domain/queue-slots.ts.
import { z } from 'zod';
import { SLOT_TIME, WEEKDAYS } from '../../domain/queue-slots';
import { TimeZoneSchema } from '../analytics/schemas';

/** Most slots a week: one every quarter of an hour through working days is far fewer. */
export const MAX_SLOTS_PER_WEEK = 200;

/** Where "Add to queue" puts a post: the first free slot, or the very first slot, pushing the queue back. */
export const QUEUE_POSITIONS = ['next', 'first'] as const;
/** Several accounts queued at once: one post at a slot free in all of them, or one post per account at its own next slot. */
export const QUEUE_MODES = ['together', 'each'] as const;

export const QueueSlotSchema = z.object({
  day: z.enum(WEEKDAYS, { error: `day must be one of ${WEEKDAYS.join(', ')}` }),
  time: z.string({ error: 'time is required' }).regex(SLOT_TIME, { error: 'time must be HH:MM between 00:00 and 23:59, e.g. 09:30' }),
});

export const QueueSlotsSchema = z
  .array(QueueSlotSchema, { error: 'slots must be a list of { day, time }' })
  .max(MAX_SLOTS_PER_WEEK, { error: `At most ${MAX_SLOTS_PER_WEEK} slots a week` })
  .superRefine((slots, context) => {
    const seen = new Set<string>();
    slots.forEach(({ day, time }, index) => {
      const key = `${day} ${time}`;
      if (seen.has(key)) context.addIssue({ code: 'custom', path: [index], message: `${day} ${time} is already a slot` });
      seen.add(key);
    });
  })
  .describe('local times on weekdays, in `timeZone`; order does not matter (answers list them Monday first)');

export const PutQueueSchema = z.object({
  timeZone: TimeZoneSchema.optional().describe("the IANA zone the slot times are read in; left out, the queue's own (at first, yours)"),
  paused: z
    .boolean({ error: 'paused must be true or false' })
    .optional()
    .describe('a paused queue takes no new posts (422 `queue-paused`); posts already queued keep their times. Left out, as it is'),
  slots: QueueSlotsSchema,
});
export type PutQueueInput = z.infer<typeof PutQueueSchema>;

export const UpcomingQuerySchema = z.object({
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int({ error: 'limit must be a whole number' })
    .min(1, { error: 'limit must be at least 1' })
    .max(200, { error: 'limit must be at most 200' })
    .optional()
    .describe('how many coming slots; left out, those of the next 14 days'),
});

export const ReorderQueueSchema = z.object({
  postIds: z
    .array(z.string().min(1).max(64), { error: 'postIds must be a list of post ids' })
    .max(1000)
    .refine((ids) => new Set(ids).size === ids.length, { error: 'postIds must not repeat' })
    .describe("every post in the account's queue (GET …/queue/upcoming), in the order they should go out"),
});
