// TikTok's per-account options (domain/target-options.ts): the schema the API, the rules and the
// publisher read, and the fields the composer shows.
import { z } from 'zod';
import type { TargetOptionField } from '../../domain/target-options';

/** Who may see a direct TikTok post; the creator's account allows some of them (creator_info's privacy_level_options). */
export const TIKTOK_PRIVACY_LEVELS = ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'FOLLOWER_OF_CREATOR', 'SELF_ONLY'] as const;

// https://developers.tiktok.com/doc/content-posting-api-reference-direct-post: post_info's
// privacy_level (required), disable_comment, disable_duet, disable_stitch; an inbox upload
// (https://developers.tiktok.com/doc/content-posting-api-reference-upload-video) takes none:
// the creator chooses them in the app
export const TikTokOptionsSchema = z
  .strictObject({
    mode: z.enum(['direct', 'inbox'], {
      error: "mode must be 'direct' (published at once) or 'inbox' (sent to the creator's TikTok inbox, finished in the app)",
    }),
    privacyLevel: z
      .enum(TIKTOK_PRIVACY_LEVELS, { error: `privacyLevel must be one of ${TIKTOK_PRIVACY_LEVELS.join(', ')}` })
      .optional()
      .describe('who may see a direct post; it must be one the creator allows, which TikTok says when publishing'),
    disableComment: z.boolean({ error: 'disableComment must be true or false' }).optional(),
    disableDuet: z.boolean({ error: 'disableDuet must be true or false' }).optional(),
    disableStitch: z.boolean({ error: 'disableStitch must be true or false' }).optional(),
  })
  .superRefine((options, context) => {
    if (options.mode === 'direct' && !options.privacyLevel)
      context.addIssue({ code: 'custom', path: ['privacyLevel'], message: 'privacyLevel is required for a direct post' });
    if (options.mode === 'inbox' && (options.privacyLevel || options.disableComment || options.disableDuet || options.disableStitch))
      context.addIssue({
        code: 'custom',
        path: ['mode'],
        message: 'an inbox upload takes no privacyLevel or disable… options: the creator chooses them in the TikTok app',
      });
  });

/** What the composer shows under a TikTok account. */
// the disable… switches are booleans the API takes; the composer leaves them at TikTok's defaults
export const TIKTOK_OPTION_FIELDS: readonly TargetOptionField[] = [
  {
    name: 'mode',
    label: 'Mode',
    required: true,
    input: 'select',
    values: { direct: 'Direct: published at once', inbox: 'Inbox: finished in the TikTok app' },
  },
  {
    name: 'privacyLevel',
    label: 'Privacy level',
    required: false,
    input: 'select',
    values: {
      PUBLIC_TO_EVERYONE: 'Everyone',
      MUTUAL_FOLLOW_FRIENDS: 'Friends',
      FOLLOWER_OF_CREATOR: 'Followers',
      SELF_ONLY: 'Only me',
    } satisfies Record<(typeof TIKTOK_PRIVACY_LEVELS)[number], string>,
    hint: 'for a direct post: one the account allows, which TikTok checks when publishing',
  },
];
