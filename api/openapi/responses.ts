// Response bodies of the REST API as zod schemas, mirroring what the code sends today
// (api/*/service.ts, api/posts/view.ts, api/http/problem.ts). They are documentation, the
// types of the posts and media the API sends (api/posts/view.ts PostView, api/media/view.ts
// MediaView), and a test oracle: tests/integration/openapi.test.ts parses live responses
// with them. Objects are strict so a field added in code but not here fails that test.
import './zod-openapi';
import { z } from 'zod';
import { TOP_POST_METRICS } from '../analytics/schemas';
import { AUDIENCE_METRICS } from '../../domain/audience';
import { TOKEN_SCOPES } from '../../domain/permissions';
import { WEEKDAYS } from '../../domain/queue-slots';
import { PLATFORMS, POST_STATUSES, TARGET_STATUSES } from '../../domain/post';
import { METRIC_NAMES, METRICS_END_REASONS } from '../../domain/post-metrics';
import { OCCURRENCE_OUTCOMES } from '../../domain/series-rule';
import { METRICS_UPDATED_EVENT, SUBSCRIBABLE_EVENTS, WEBHOOK_EVENTS } from '../../domain/webhook-events';
import { SeriesRuleSchema } from '../../lib/series-row';
import { SeriesEndSchema } from '../series/schemas';
import { IMPORT_PHASES, IMPORT_ROW_STATUSES } from '../../domain/import-rows';
import { NOTIFICATION_KINDS } from '../../domain/notifications';
import { CHAT_WEBHOOK_PLATFORMS, NotificationChannelsSchema } from '../notifications/schemas';

/** A time as JSON.stringify writes a Date: ISO 8601, UTC (`Z`). */
const Time = z.iso.datetime({ offset: true });
const Id = z.string().min(1);

export const RoleSchema = z.enum(['OWNER', 'ADMIN', 'EDITOR', 'VIEWER']);
export const PlatformSchema = z.enum(PLATFORMS);

export const UserSchema = z.strictObject({ id: Id, email: z.string(), name: z.string() });
export const UserResponseSchema = z.strictObject({
  user: UserSchema,
  csrfToken: z.string().describe('send as X-CSRF-Token on writes made with the session cookie'),
});
export const CsrfTokenSchema = z.strictObject({ csrfToken: z.string() });

export const MeSchema = z.strictObject({
  user: UserSchema.extend({
    emailVerified: z.boolean().describe('whether the user opened the link of a verification mail'),
    twoFactorEnabled: z.boolean(),
  }),
  teams: z.array(z.strictObject({ id: Id, name: z.string(), role: RoleSchema })),
  /** the team this request acts in */
  currentTeamId: z.string(),
});

export const SecondFactorRequiredSchema = z.strictObject({ twoFactorRequired: z.literal(true) });
export const TwoFactorStatusSchema = z.strictObject({
  enabled: z.boolean(),
  recoveryCodesLeft: z.number().int().describe('unused recovery codes (0 while two-factor log-in is off)'),
});
export const TwoFactorEnrolmentSchema = z.strictObject({
  secret: z.string().describe('the base32 secret, for typing into an authenticator app'),
  otpauthUrl: z.string().describe('the `otpauth://totp/…` URL the QR code holds'),
  qrCode: z.string().describe('the QR code as a `data:image/png;base64,…` URL'),
});
export const RecoveryCodesSchema = z.strictObject({
  recoveryCodes: z.array(z.string()).describe('10 codes, each usable once instead of a TOTP code; shown only in this answer'),
});
export const SessionListSchema = z.strictObject({
  data: z.array(
    z.strictObject({
      id: Id,
      current: z.boolean().describe('the session this request was made with'),
      createdAt: Time.describe('when it logged in'),
      lastSeenAt: Time,
      userAgent: z.string().nullable(),
      ipAddress: z.string().nullable(),
    }),
  ),
});

export const TeamSchema = z.strictObject({ id: Id, name: z.string(), role: RoleSchema });
export const TeamListSchema = z.strictObject({ data: z.array(TeamSchema) });
export const MemberListSchema = z.strictObject({
  data: z.array(z.strictObject({ id: Id, name: z.string(), email: z.string(), role: RoleSchema, joinedAt: Time })),
});
export const InvitationSchema = z.strictObject({ id: Id, email: z.string(), role: RoleSchema, expiresAt: Time, createdAt: Time });
export const CreatedInvitationSchema = InvitationSchema.extend({
  acceptUrl: z.url().describe('the link to send to the invitee: shown once, never again'),
});
export const InvitationListSchema = z.strictObject({ data: z.array(InvitationSchema) });

export const AuditLogSchema = z.strictObject({
  data: z.array(
    z.strictObject({
      id: Id,
      action: z.string().describe('e.g. `post.rescheduled`, `member.role_changed`'),
      entityType: z.string(),
      entityId: z.string(),
      details: z.unknown().nullable(),
      actorVia: z
        .enum(['session', 'token', 'evergreen', 'import', 'preview'])
        .describe("`preview`: a client through a preview link (`details.clientName`); the actor is the link's maker"),
      createdAt: Time,
      actor: UserSchema.nullable().describe("null once the actor deleted their account (or the preview link's maker theirs)"),
    }),
  ),
  /** pass as `before` for the next (older) page; null on the last page */
  nextCursor: z.string().nullable(),
});

/** GET /me/export: everything planrrr holds about the user (api/account/service.ts). */
export const AccountExportSchema = z
  .looseObject({
    exportedAt: Time,
    id: Id,
    email: z.string(),
    name: z.string(),
    createdAt: Time,
    memberships: z.array(z.unknown()),
    apiTokens: z.array(z.unknown()),
    posts: z.array(z.unknown()),
    invitationsSent: z.array(z.unknown()),
    auditEntries: z.array(z.unknown()),
  })
  .describe('a JSON document, sent as an attachment');

export const TokenSchema = z.strictObject({
  id: Id,
  name: z.string(),
  /** the first characters of the secret, to recognise it */
  prefix: z.string(),
  scopes: z.array(z.enum(TOKEN_SCOPES)),
  createdAt: Time,
  lastUsedAt: Time.nullable(),
  expiresAt: Time.nullable(),
});
export const CreatedTokenSchema = TokenSchema.extend({ token: z.string().describe('the secret: shown once, never again') });
export const TokenListSchema = z.strictObject({ data: z.array(TokenSchema) });

export const ConnectionSchema = z.strictObject({
  id: Id,
  platform: PlatformSchema,
  handle: z.string(),
  displayName: z.string(),
  instanceUrl: z.string().nullable(),
  status: z.enum(['ACTIVE', 'NEEDS_RECONNECT']),
  createdAt: Time,
  avatarUrl: z
    .string()
    .nullable()
    .describe("the account's profile picture on this server (GET /connections/{id}/avatar, versioned); null: none, show initials"),
  signature: z
    .string()
    .nullable()
    .describe('appended to the text this account publishes, after a blank line, when a post is created (PUT /connections/{id}/signature)'),
});
export const ConnectionListSchema = z.strictObject({ data: z.array(ConnectionSchema) });
export const PlatformListSchema = z.strictObject({
  data: z.array(
    z.strictObject({
      platform: PlatformSchema,
      /** oauth: through the provider's consent screen (authorizePath); token: POST /connections with credentials; demo: built in */
      connectsWith: z.enum(['oauth', 'token', 'demo']),
      /** false while the server lacks the platform's OAuth app (client id and secret) */
      configured: z.boolean(),
      /** whose consent screen the user sees (e.g. Google for YouTube) */
      provider: z.string().nullable(),
      authorizePath: z.string().nullable(),
      setupVariables: z
        .array(z.string())
        .describe(
          "the environment variables the server's administrator sets to configure the platform's OAuth app; empty when none are needed",
        ),
    }),
  ),
});
export const AuthorizeUrlSchema = z.strictObject({
  authorizeUrl: z.url().describe("the provider's consent screen: open it in the user's browser"),
});

/** The workflow's live state (domain/post.ts PostState), as its status query answers. */
export const PostWorkflowStateSchema = z.strictObject({
  postId: Id,
  teamId: Id,
  status: z.enum(POST_STATUSES),
  publishAt: z.string(),
  content: z.string(),
  revision: z.number().int(),
  targets: z.array(
    z.strictObject({
      connectionId: Id,
      platform: PlatformSchema,
      /** this account's own text instead of the post's content */
      content: z.string().optional(),
      /** this account's platform options (domain/target-options.ts) */
      options: z.record(z.string(), z.unknown()).optional(),
      status: z.enum(TARGET_STATUSES),
      revision: z.number().int().optional(),
      platformPostId: z.string().optional(),
      platformCid: z.string().optional().describe("Bluesky: the first part's content id, which the thread's replies name"),
      url: z.string().optional(),
      parts: z
        .array(
          z.strictObject({
            part: z.number().int(),
            platformPostId: z.string(),
            platformCid: z.string().optional(),
            url: z.string(),
            publishedAt: z.string(),
          }),
        )
        .optional()
        .describe("the thread's later parts this account published, in order"),
      comment: z
        .strictObject({
          status: z.enum(['PUBLISHED', 'FAILED']),
          platformCommentId: z.string().optional(),
          url: z.string().optional(),
          publishedAt: z.string().optional(),
          error: z.string().optional(),
        })
        .optional()
        .describe('the first comment, once it was tried'),
      attempts: z.number().int(),
      lastError: z.string().optional(),
      lastErrorRetryable: z.boolean().optional(),
      publishedAt: z.string().optional(),
    }),
  ),
  /** the attached media, in publishing order */
  mediaIds: z.array(Id),
  thread: z
    .array(z.strictObject({ content: z.string(), mediaIds: z.array(Id) }))
    .optional()
    .describe('the parts after the first in a thread (absent in states from before threads)'),
  threadDelaySeconds: z.number().int().optional(),
  firstComment: z.string().optional(),
  refusedChanges: z.array(z.strictObject({ kind: z.enum(['edit', 'reschedule']), at: z.string(), reason: z.string() })),
  stateVersion: z.number().int(),
  approval: z
    .strictObject({
      deadlineMinutes: z.number().int(),
      expired: z.boolean().describe('the decision deadline passed without a decision: approving needs a new publishAt'),
      decision: z
        .strictObject({
          kind: z.enum(['approved', 'rejected']),
          by: Id.describe("the decider's user id"),
          at: z.string(),
          revision: z.number().int(),
          comment: z.string().optional(),
        })
        .optional(),
    })
    .optional()
    .describe('present when the post needs approval (docs/approvals.md)'),
});

/** api/media/view.ts toMediaView */
export const MediaSchema = z.strictObject({
  id: Id,
  kind: z.enum(['IMAGE', 'VIDEO', 'DOCUMENT']),
  mimeType: z.string(),
  sizeBytes: z.number().int(),
  fileName: z.string(),
  altText: z.string().nullable(),
  width: z
    .number()
    .int()
    .nullable()
    .describe('an image or video: its width in pixels as displayed; null for a PDF or a file that does not say'),
  height: z
    .number()
    .int()
    .nullable()
    .describe('an image or video: its height in pixels as displayed; null for a PDF or a file that does not say'),
  durationMs: z
    .number()
    .int()
    .nullable()
    .describe('a video: its length in milliseconds; null for an image, a PDF or a video that does not say'),
  createdAt: Time,
  /** the bytes, for the caller's team only (thumbnails and previews) */
  contentUrl: z.string(),
});

/** GET /connections/{id}/pinterest/boards */
export const PinterestBoardListSchema = z.strictObject({ data: z.array(z.strictObject({ id: z.string(), name: z.string() })) });

/** GET /connections/{id}/reddit/flairs */
export const RedditFlairListSchema = z.strictObject({ data: z.array(z.strictObject({ id: z.string(), text: z.string() })) });

export const DemoFeedSchema = z.strictObject({
  connection: ConnectionSchema,
  items: z.array(
    z.strictObject({
      id: Id,
      content: z.string(),
      /** the files published with the post, in order (a file deleted since is left out) */
      media: z.array(MediaSchema),
      createdAt: Time,
    }),
  ),
});

export const PostTargetSchema = z.strictObject({
  connectionId: Id,
  platform: PlatformSchema,
  handle: z.string(),
  displayName: z.string(),
  content: z.string().nullable().describe("this account's own text (an override), or null when it publishes the post's content"),
  options: z
    .record(z.string(), z.record(z.string(), z.unknown()))
    .nullable()
    .describe(
      "this account's platform options under the platform's key, as sent in `targetOptions` (e.g. `{reddit: {subreddit, title}}`), or null",
    ),
  status: z.enum(TARGET_STATUSES),
  revision: z.number().int().nullable(),
  platformPostId: z.string().nullable(),
  url: z.string().nullable(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  publishedAt: Time.nullable(),
  /** what identifies the first part above; the thread's later parts this account published follow here */
  threadParts: z
    .array(
      z.strictObject({
        part: z.number().int().describe("the part's place after the first: 1 is the post's `thread[0]`"),
        platformPostId: z.string(),
        url: z.string(),
        publishedAt: Time,
      }),
    )
    .describe(
      "the thread's later parts published on this account at its revision, in order: the ones out stay listed when a later part failed",
    ),
  firstComment: z
    .strictObject({
      status: z.enum(['PENDING', 'PUBLISHED', 'FAILED']).describe('PENDING until the post is out on this account and the comment tried'),
      platformCommentId: z.string().nullable(),
      url: z.string().nullable(),
      publishedAt: Time.nullable(),
      error: z.string().nullable().describe('why the comment failed (the post itself stays published)'),
    })
    .nullable()
    .describe("the post's first comment on this account; null when the post has none"),
  /** every call of the platform for this account, oldest first */
  attemptLog: z.array(
    z.strictObject({
      attempt: z.number().int(),
      at: Time,
      outcome: z.enum(['published', 'failed']),
      errorKind: z.string().nullable().describe('lib/platforms/errors.ts kind, e.g. RATE_LIMITED'),
      error: z.string().nullable(),
      retryable: z.boolean().nullable().describe('whether planrrr tries again after this failure'),
    }),
  ),
});

/** api/labels/service.ts LABEL_FIELDS */
export const LabelSchema = z.strictObject({
  id: Id,
  name: z.string(),
  colour: z.string().describe('`#rrggbb`'),
  createdAt: Time,
});
export const LabelListSchema = z.strictObject({ data: z.array(LabelSchema) });

/** api/previews/service.ts toLinkView */
export const PreviewLinkSchema = z.strictObject({
  id: Id,
  label: z.string(),
  postIds: z.array(Id).describe('the posts the page shows, in order; empty for a range'),
  range: z
    .strictObject({ from: Time, to: Time, connectionIds: z.array(Id).describe('only posts to these accounts; empty: every account') })
    .nullable()
    .describe('the range of the calendar the page shows, as it is when opened; null for a list of posts'),
  timeZone: z.string().describe('the IANA time zone the page shows times in'),
  allowApprove: z.boolean(),
  allowComment: z.boolean(),
  status: z.enum(['ACTIVE', 'EXPIRED', 'REVOKED']),
  expiresAt: Time,
  revokedAt: Time.nullable(),
  createdAt: Time,
  createdBy: z.strictObject({ id: Id, name: z.string() }).nullable().describe('null once their account is deleted'),
});
export const CreatedPreviewLinkSchema = PreviewLinkSchema.extend({
  url: z.string().describe('the link to send the client (`/preview/<token>`): shown once, never again'),
});
export const PreviewLinkListSchema = z.strictObject({ data: z.array(PreviewLinkSchema) });

const ClientMediaSchema = z.strictObject({
  kind: z.enum(['IMAGE', 'VIDEO', 'DOCUMENT']),
  fileName: z.string(),
  altText: z.string().nullable(),
  url: z.string().describe('a signed same-origin URL of the bytes, valid for an hour (at most until the link expires)'),
});
/** api/previews/service.ts toClientPost: a post as a client sees it */
export const ClientPostSchema = z.strictObject({
  id: Id,
  status: z.enum(POST_STATUSES),
  publishAt: Time.nullable(),
  content: z.string().describe("the post's text; each account's own text is in `accounts`"),
  media: z.array(ClientMediaSchema),
  thread: z.array(z.strictObject({ content: z.string(), media: z.array(ClientMediaSchema) })).describe("a thread's parts after the first"),
  firstComment: z.string().nullable(),
  accounts: z.array(
    z.strictObject({
      platform: PlatformSchema,
      handle: z.string(),
      displayName: z.string(),
      content: z.string().describe('the text this account publishes'),
      options: z.record(z.string(), z.unknown()).nullable().describe("this account's platform options (e.g. a YouTube title), or null"),
      status: z.enum(TARGET_STATUSES),
      url: z.string().nullable().describe('the published post on the platform, once out'),
    }),
  ),
  approvable: z
    .boolean()
    .describe('the link lets the client approve, the post is not out yet, and no client approved it through this link yet'),
  comments: z
    .array(
      z.strictObject({
        name: z.string().describe('the name the client typed'),
        body: z.string(),
        approval: z.boolean().describe('an approval (the body is its note) rather than a comment'),
        createdAt: Time,
      }),
    )
    .describe("what clients sent about the post through this link, oldest first (the team's own comments stay internal)"),
});
/** api/previews/service.ts open: what a client without an account sees */
export const ClientPreviewSchema = z.strictObject({
  label: z.string(),
  teamName: z.string(),
  timeZone: z.string().describe('the IANA time zone to show times in'),
  expiresAt: Time,
  allowApprove: z.boolean(),
  allowComment: z.boolean(),
  range: z.strictObject({ from: Time, to: Time }).nullable(),
  posts: z.array(ClientPostSchema),
});
export const ClientApprovalSchema = z.strictObject({
  countedAsTeamApproval: z
    .boolean()
    .describe("true: it released the post from PENDING_APPROVAL (the link's maker may decide on it); false: recorded for the team"),
  post: ClientPostSchema,
});

/** api/templates/service.ts toTemplateView */
export const TemplateSchema = z.strictObject({
  id: Id,
  name: z.string(),
  content: z.string(),
  connectionIds: z.array(Id),
  variants: z.array(z.strictObject({ platform: PlatformSchema, content: z.string() })),
  media: z.array(Id).describe('media ids, in publishing order'),
  labelIds: z.array(Id),
  firstComment: z.string().nullable(),
  thread: z.array(z.strictObject({ content: z.string(), media: z.array(Id).optional() })),
  targetOptions: z
    .array(z.looseObject({ connectionId: Id }))
    .describe("its accounts' platform options under the platform's key (`[{connectionId, reddit: {subreddit, title}}]`)"),
  variables: z
    .array(z.strictObject({ name: z.string(), default: z.string().optional() }))
    .describe('the variables its texts hold, each once: without `default`, a post made from it must give a value'),
  createdAt: Time,
  updatedAt: Time,
});
export const TemplateListSchema = z.strictObject({ data: z.array(TemplateSchema) });

/** api/snippets/service.ts SNIPPET_FIELDS */
export const SnippetSchema = z.strictObject({ id: Id, name: z.string(), content: z.string(), createdAt: Time, updatedAt: Time });
export const SnippetListSchema = z.strictObject({ data: z.array(SnippetSchema) });

/** api/posts/view.ts toPostView */
export const PostSchema = z.strictObject({
  id: Id,
  teamId: Id,
  content: z.string(),
  publishAt: Time.nullable().describe('null only for a draft saved without a planned time'),
  timeZone: z.string().nullable(),
  status: z.enum(POST_STATUSES),
  revision: z.number().int(),
  stateVersion: z
    .number()
    .int()
    .describe('increases with every change of the post; the ETag of the post\'s answers ("<stateVersion>"), for If-Match'),
  publishedAt: Time.nullable(),
  createdAt: Time,
  updatedAt: Time,
  targets: z.array(PostTargetSchema),
  /** attached images and videos, in publishing order */
  media: z.array(MediaSchema),
  thread: z
    .array(z.strictObject({ content: z.string(), media: z.array(MediaSchema) }))
    .describe(
      "a thread's parts after the first (`content` and `media` are the first): each account publishes each as a reply to the one before; [] for a single post",
    ),
  threadDelaySeconds: z.number().int().describe('seconds between the parts of a thread as they are published'),
  firstComment: z
    .string()
    .nullable()
    .describe("published by each account right after the post (after a thread's last part); null for none"),
  authorId: Id.nullable().describe('the user who wrote the post; null once their account is deleted'),
  approvalDeadline: Time.nullable().describe(
    "when decisions on the post close (its team's approval deadline before publishAt); null when it needs no approval",
  ),
  /** the team's labels on the post, by name */
  labels: z.array(LabelSchema.pick({ id: true, name: true, colour: true })),
  seriesId: Id.nullable().describe('the series (recurring post, GET /series/{id}) that created the post; null for a post of its own'),
  evergreenSetId: Id.nullable().describe(
    'the evergreen set (GET /evergreen/{id}) that created the post to fill an empty slot; null otherwise',
  ),
  evergreenSourceId: Id.nullable().describe('the post an evergreen set copied into this one; null otherwise'),
  workflowId: z.string(),
  temporalUiUrl: z.string().nullable().describe("the post's workflow in the Temporal Web UI; null for a draft that was never scheduled"),
  /**
   * Present on reads and changes: the workflow's live state, or null when Temporal did
   * not answer in time. Absent on create and in lists.
   */
  workflow: PostWorkflowStateSchema.nullable().optional(),
});
/** api/approvals/service.ts getPolicy */
export const ApprovalPolicySchema = z.strictObject({
  enabled: z.boolean(),
  authorRoles: z.array(RoleSchema).describe('posts submitted by members of these roles need approval'),
  connectionIds: z.array(Id).describe('only posts to one of these accounts need approval; []: any account'),
  deciderRoles: z.array(RoleSchema).describe("who approves or rejects; never the post's own author"),
  deadlineMinutes: z.number().int().describe("decisions close this many minutes before a post's publishAt"),
});

/** api/comments/service.ts */
export const CommentSchema = z.strictObject({
  id: Id,
  body: z.string(),
  decision: z
    .enum(['rejection', 'client_approval'])
    .nullable()
    .describe(
      '`rejection`: the reason a decider rejected the post with; `client_approval`: a client approved it through a preview link (the body is their note); null for a plain comment',
    ),
  author: z
    .strictObject({ id: Id, name: z.string() })
    .nullable()
    .describe('null once the author deleted their account, and for what a client sent through a preview link'),
  clientName: z.string().nullable().describe('the name a client typed, for what they sent through a preview link; null for the team’s own'),
  mentions: z.array(z.strictObject({ id: Id, name: z.string() })).describe('the team members the comment mentions, who were told'),
  createdAt: Time,
});
export const CommentListSchema = z.strictObject({ data: z.array(CommentSchema) });

/** api/posts/metrics.ts postMetricsView */
export const PostMetricsSchema = z.strictObject({
  postId: Id,
  accounts: z.array(
    z.strictObject({
      connectionId: Id,
      platform: PlatformSchema,
      handle: z.string().nullable().describe('null once the account was disconnected (its samples stay)'),
      publishedAt: Time,
      workflowId: z.string().describe("the collection's workflow, `metrics-<postId>-<connectionId>`"),
      temporalUiUrl: z.string(),
      nextSampleAt: Time.nullable().describe('when the next sample is due; null once collection has ended'),
      endedAt: Time.nullable(),
      endReason: z
        .enum(METRICS_END_REASONS)
        .nullable()
        .describe('`completed` after the last sample, `deleted-on-platform`, or `disconnected`; null while collecting'),
      samples: z.array(
        z.strictObject({
          sampleIndex: z
            .number()
            .int()
            .describe('which wake-up: 0 for the first offset after publishing (1 h by default), 5 for the last (30 d)'),
          takenAt: Time,
          metrics: z
            .record(z.string(), z.number().int())
            .describe('only the counts the platform gave, e.g. `{ "likes": 12, "reposts": 3 }`'),
          missing: z
            .array(z.strictObject({ metric: z.string(), reason: z.string() }))
            .describe('metrics the platform does not give, or that permissions withheld, each with the reason: never reported as 0'),
        }),
      ),
    }),
  ),
});

/** api/connections/service.ts followers */
export const ConnectionFollowersSchema = z.strictObject({
  connectionId: Id,
  platform: PlatformSchema,
  handle: z.string(),
  from: Time,
  to: Time,
  days: z
    .array(
      z.strictObject({
        day: z.iso.date().describe('the UTC day the count belongs to'),
        takenAt: Time.describe('when the platform was read'),
        followers: z.number().int().nullable().describe('null when the platform refused or gave none: never reported as 0'),
        missingReason: z.string().nullable().describe('why `followers` is null (e.g. the account needs reconnecting); null with a count'),
      }),
    )
    .describe('one entry per UTC day that was counted, oldest first; a day the Schedule did not run is absent'),
});

export const PostListSchema = z.strictObject({
  data: z.array(PostSchema),
  /** pass as `cursor` for the next page; null on the last page */
  nextCursor: z.string().nullable(),
});

export const SeriesSchema = z.strictObject({
  id: Id,
  teamId: Id,
  name: z.string(),
  content: z.string().describe('the text of each post, before `{{n}}` and `{{date}}` are filled in'),
  connectionIds: z.array(Id),
  overrides: z.array(z.strictObject({ connectionId: Id, content: z.string() })),
  media: z.array(Id).describe('media ids, in publishing order'),
  labelIds: z.array(Id),
  thread: z
    .array(z.strictObject({ content: z.string(), media: z.array(Id) }))
    .describe("each post's thread parts after the first, before `{{n}}` and `{{date}}` are filled in; [] for single posts"),
  threadDelaySeconds: z.number().int(),
  firstComment: z.string().nullable().describe('published by each account right after each post; null for none'),
  targetOptions: z
    .array(z.looseObject({ connectionId: Id }))
    .describe("each account's platform options under the platform's key, as sent (`[{connectionId, reddit: {subreddit, title}}]`)"),
  rule: SeriesRuleSchema,
  time: z.string().describe('HH:MM on the clock of timeZone'),
  timeZone: z.string(),
  startDate: z.string(),
  end: SeriesEndSchema,
  paused: z.boolean(),
  skipped: z.array(Time).describe('occurrences left out with POST /series/{id}/skip-next'),
  nextOccurrences: z
    .array(Time)
    .nullable()
    .describe('the coming occurrence times, from the Schedule (its next action times); null when Temporal did not answer in time'),
  remaining: z.number().int().nullable().describe('posts still to come before an `after` end; null for other ends'),
  occurrences: z
    .array(
      z.strictObject({
        occurrenceAt: Time,
        outcome: z
          .enum(OCCURRENCE_OUTCOMES)
          .describe('CREATED a post; MISSED (fired too late to publish); SKIPPED (paused or ended); FAILED (no account left)'),
        number: z.number().int().nullable().describe("the post's number in the series ({{n}})"),
        note: z.string().nullable(),
        post: z.strictObject({ id: Id, publishAt: Time.nullable(), status: z.enum(POST_STATUSES) }).nullable(),
      }),
    )
    .describe('the latest 100 firings, oldest first, with the posts they created'),
  scheduleId: z.string(),
  temporalUiUrl: z.string().describe("the series' Schedule in the Temporal Web UI"),
  createdAt: Time,
  updatedAt: Time,
});
export const SeriesListSchema = z.strictObject({ data: z.array(SeriesSchema) });
const EvergreenShareSchema = z.strictObject({
  postId: Id,
  sourceId: Id.nullable().describe('the post it copies; null once that post was deleted'),
  at: Time,
  status: z.enum(POST_STATUSES),
});
export const EvergreenSchema = z.strictObject({
  id: Id,
  teamId: Id,
  name: z.string(),
  connectionIds: z.array(Id),
  labelId: Id.nullable().describe('the label whose posts it shares; null when it shares `postIds` (or once the label was deleted)'),
  postIds: z.array(Id).nullable().describe('the posts it shares, in rotation order; null when it shares a label'),
  minGapDays: z.number().int(),
  horizonDays: z.number().int(),
  paused: z.boolean(),
  createdById: Id.nullable().describe('the user its copies are written as'),
  sources: z
    .array(z.strictObject({ id: Id, excerpt: z.string() }))
    .describe('the posts it shares now, in rotation order (a label: oldest first; deleted and cancelled posts left out)'),
  accounts: z
    .array(
      z.strictObject({
        connectionId: Id,
        handle: z.string(),
        platform: PlatformSchema,
        coming: z.array(EvergreenShareSchema).describe('the copies booked in its queue, soonest first'),
        recent: z.array(EvergreenShareSchema).describe('its latest 10 shares, latest first'),
      }),
    )
    .describe('per account (still connected), its coming copies and recent shares'),
  workflowId: z.string().describe('`evergreen-<id>`'),
  temporalUiUrl: z.string().describe("the set's workflow in the Temporal Web UI"),
  createdAt: Time,
  updatedAt: Time,
});
export const EvergreenListSchema = z.strictObject({ data: z.array(EvergreenSchema) });
export const EvergreenRefillSchema = z.strictObject({
  outcome: z.enum(['REFILLED', 'PAUSED', 'SET_DELETED']).describe('`PAUSED`: the set is paused, nothing was filled'),
  created: z
    .array(z.strictObject({ postId: Id, connectionId: Id, at: Time, sourceId: Id }))
    .describe('the copies booked, each a scheduled post with its own workflow'),
  emptySlotsLeft: z.number().int().describe('slots within the horizon that no post of the set could fill'),
  reasons: z
    .array(
      z.strictObject({
        connectionId: Id.nullable(),
        at: Time.nullable().describe('the slot, when the reason is about one'),
        reason: z
          .string()
          .describe(
            '`no-candidate` (every post shared within the gap, or a duplicate there), `queue-paused`, `queue-empty`, `set-paused`, `no-author`, ' +
              '`account-gone`, or the problem type that refused a copy (`platform-rules`, `queue-slot-taken`, ...)',
          ),
        message: z.string(),
      }),
    )
    .describe('why slots stayed empty, or a copy was refused'),
  nextRefillAt: Time.describe('when the workflow refills next, unless a change wakes it sooner'),
  name: z.string().optional().describe("the set's name at the refill (its workflow's memo follows it); absent once the set is deleted"),
});
export const EvergreenRefillAcceptedSchema = z.strictObject({
  workflowId: z.string(),
  detail: z.string(),
});
/** api/queue/service.ts: an account's queue */
export const QueueSettingsSchema = z.strictObject({
  connectionId: Id,
  timeZone: z.string().describe('the IANA zone the slot times are read in'),
  paused: z.boolean().describe('a paused queue takes no new posts; those queued keep their times'),
  slots: z.array(z.strictObject({ day: z.enum(WEEKDAYS), time: z.string().describe('`HH:MM`') })).describe('Monday first, then by time'),
});
const QueueMoveSchema = z.strictObject({ postId: Id, connectionId: Id, from: Time, to: Time });
const QueueNotMovedSchema = z.strictObject({
  postId: Id,
  connectionId: Id,
  at: Time.describe('the time it keeps'),
  reason: z
    .enum(['queued-in-several-accounts', 'not-changeable', 'no-slots'])
    .describe(
      "`queued-in-several-accounts`: one account's queue does not move a post queued to several at once; " +
        '`not-changeable`: its workflow refused the move (publishing started, or it was cancelled meanwhile) and it left the queue; ' +
        '`no-slots`: no slot is left for it and it left the queue',
    ),
  message: z.string(),
});
const queueChanges = {
  moved: z.array(QueueMoveSchema).describe('queued posts moved to another slot, each rescheduled through its workflow'),
  notMoved: z.array(QueueNotMovedSchema).describe('queued posts that were not moved, and why'),
};
export const QueueChangesSchema = z.strictObject(queueChanges);
export const QueueUpdatedSchema = QueueSettingsSchema.extend(queueChanges);
export const QueueUpcomingSchema = QueueSettingsSchema.extend({
  upcoming: z.array(
    z.strictObject({
      at: Time,
      onSchedule: z.boolean().describe('false for a queued post whose time is no longer one of the slots (one queued in several accounts)'),
      post: z
        .strictObject({
          id: Id,
          status: z.enum(POST_STATUSES),
          excerpt: z.string(),
          queuedIn: z
            .number()
            .int()
            .describe("in how many accounts' queues the post is: more than 1 (queued `together`), this account's changes do not move it"),
        })
        .nullable()
        .describe('null: the slot is free'),
    }),
  ),
});
export const QueuedPostsSchema = z.strictObject({
  posts: z
    .array(PostSchema)
    .describe('`together`: one post, whose `publishAt` every account got; `each`: one post per account, in the order of `connectionIds`'),
  ...queueChanges,
});
export const CreatedPostSchema = z
  // named, so the document refers to the two components rather than repeating them
  .union([PostSchema.openapi('Post'), QueuedPostsSchema.openapi('QueuedPosts')])
  .describe('a `Post`, or with `queue` a `QueuedPosts` (`{ posts, moved, notMoved }`): the shape follows the request');

export const WebhookSchema = z.strictObject({
  id: Id,
  url: z.string(),
  events: z.array(z.enum(SUBSCRIBABLE_EVENTS)),
  createdAt: Time,
  /** set when the receiver answered 410 Gone; a disabled webhook gets no more deliveries */
  disabledAt: Time.nullable(),
});
export const CreatedWebhookSchema = WebhookSchema.extend({
  secret: z.string().describe('the signing secret: shown once, never again'),
});
export const WebhookListSchema = z.strictObject({ data: z.array(WebhookSchema) });

const NotificationKindSchema = z.enum(NOTIFICATION_KINDS);
export const NotificationSchema = z.strictObject({
  id: Id,
  kind: NotificationKindSchema,
  title: z.string().describe('what happened, in words, as it was when it happened'),
  path: z.string().describe("the web app's page it is about, e.g. `/posts/<id>`"),
  postId: Id.nullable(),
  connectionId: Id.nullable(),
  actorUserId: Id.nullable().describe('who caused it; null when planrrr noticed it itself (a failed post)'),
  details: z
    .record(z.string(), z.string())
    .describe("the event's own fields: an approval's `decision` and `comment`, a mention's `commentId`"),
  readAt: Time.nullable(),
  createdAt: Time,
});
export const UnreadCountSchema = z.strictObject({
  unreadCount: z.number().int().describe("the caller's unread notifications in the current team"),
});
export const NotificationListSchema = UnreadCountSchema.extend({
  data: z.array(NotificationSchema),
  nextCursor: z.string().nullable().describe('send as `before` for the next page; null on the last page'),
});
export const NotificationSettingsSchema = z.strictObject(
  Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, NotificationChannelsSchema])) as Record<
    (typeof NOTIFICATION_KINDS)[number],
    typeof NotificationChannelsSchema
  >,
);
export const ChatWebhookSchema = z.strictObject({
  id: Id,
  platform: z.enum(CHAT_WEBHOOK_PLATFORMS),
  name: z.string(),
  urlHint: z.string().describe('the host and the last characters of the URL, which is not shown again'),
  kinds: z.array(NotificationKindSchema),
  createdAt: Time,
});
export const ChatWebhookListSchema = z.strictObject({ data: z.array(ChatWebhookSchema) });

const DeliveryStatusSchema = z.enum(['PENDING', 'DELIVERED', 'FAILED']);
export const WebhookDeliveryListSchema = z.strictObject({
  data: z.array(
    z.strictObject({
      id: Id.describe('also sent as the Planrrr-Delivery header, for receivers to deduplicate'),
      event: z.string(),
      status: DeliveryStatusSchema,
      attempts: z.number().int(),
      lastStatusCode: z.number().int().nullable(),
      lastError: z.string().nullable(),
      deliveredAt: Time.nullable(),
      createdAt: Time,
      /** the body that was (or will be) sent */
      payload: z.record(z.string(), z.unknown()),
      attemptLog: z.array(
        z.strictObject({
          attempt: z.number().int(),
          at: Time,
          statusCode: z.number().int().nullable().describe('null when no answer came (timeout, refused)'),
          error: z.string().nullable(),
          durationMs: z.number().int(),
        }),
      ),
    }),
  ),
});
export const WebhookPingSchema = z.strictObject({ id: Id, event: z.literal('ping'), status: DeliveryStatusSchema, createdAt: Time });

/** What planrrr POSTs to a webhook on a post event (lib/post-events.ts postEventPayload). */
export const PostEventSchema = z.strictObject({
  id: Id.describe('the delivery id, also in the Planrrr-Delivery header'),
  event: z.enum(WEBHOOK_EVENTS),
  createdAt: Time,
  data: z.strictObject({
    post: z.strictObject({
      id: Id,
      teamId: Id,
      status: z.enum(POST_STATUSES),
      publishAt: z.string(),
      content: z.string(),
      revision: z.number().int(),
      /** increases with every change of the post: order events by it */
      stateVersion: z.number().int(),
      targets: z.array(
        z.strictObject({
          connectionId: Id,
          platform: PlatformSchema,
          status: z.enum(TARGET_STATUSES),
          url: z.string().nullable(),
          platformPostId: z.string().nullable(),
          lastError: z.string().nullable(),
        }),
      ),
    }),
  }),
});
/** What planrrr POSTs to a webhook when a published post's metrics sample is stored (activities/metrics-events.ts). */
export const PostMetricsEventSchema = z.strictObject({
  id: Id.describe('the delivery id, also in the Planrrr-Delivery header'),
  event: z.literal(METRICS_UPDATED_EVENT),
  createdAt: Time,
  data: z.strictObject({
    post: z.strictObject({ id: Id, teamId: Id }),
    account: z.strictObject({ connectionId: Id, platform: PlatformSchema, handle: z.string() }),
    sample: z.strictObject({
      sampleIndex: z
        .number()
        .int()
        .describe('which wake-up: 0 for the first offset after publishing; one event per post, account and index'),
      takenAt: Time,
      metrics: z.record(z.string(), z.number().int()).describe('only the counts the platform gave, e.g. `{ "likes": 12 }`'),
      missing: z
        .array(z.strictObject({ metric: z.string(), reason: z.string() }))
        .describe('metrics the platform does not give, or that permissions withheld, each with the reason'),
    }),
  }),
});
/** What POST /api/v1/webhooks/{id}/test sends (api/webhooks/service.ts). */
export const PingEventSchema = z.strictObject({
  id: Id,
  event: z.literal('ping'),
  createdAt: Time,
  data: z.strictObject({ webhookId: Id }),
});

const StatusCountsSchema = z.record(z.enum(POST_STATUSES), z.number().int());

/** api/analytics/service.ts summary */
export const AnalyticsSchema = z.strictObject({
  from: Time,
  to: Time,
  timeZone: z.string(),
  connectionId: z.string().nullable(),
  labelId: z.string().nullable(),
  totalPosts: z.number().int(),
  scheduledUpcoming: z
    .number()
    .int()
    .describe('posts SCHEDULED and waiting to publish, whatever their time and the range (with the account and label filters)'),
  /** posts whose publish time falls in the range, by their status */
  byStatus: StatusCountsSchema,
  /** publications (targets) by platform; successRate = published / (published + failed), null before any outcome */
  byPlatform: z.array(
    z.strictObject({ platform: PlatformSchema, published: z.number().int(), failed: z.number().int(), successRate: z.number().nullable() }),
  ),
  /** every calendar day of the range in `timeZone` (YYYY-MM-DD), with its posts by status */
  perDay: z.array(z.strictObject({ date: z.string(), counts: StatusCountsSchema })),
  /** seconds from a post's publishAt to each publication's publishedAt; null without publications */
  lateness: z.strictObject({
    publications: z.number().int(),
    p50Seconds: z.number().nullable(),
    p90Seconds: z.number().nullable(),
    maxSeconds: z.number().nullable(),
  }),
});

const AudienceRangeFields = {
  from: Time,
  to: Time,
  connectionId: z.string().nullable(),
  labelId: z.string().nullable(),
};

const AudienceSummaryFields = {
  posts: z.number().int().describe('publications (a post on one account) in the range with at least one metrics sample'),
  ratedPosts: z.number().int().describe('of those, the ones with an engagement rate (an audience or follower count to divide by)'),
  engagements: z
    .number()
    .nullable()
    .describe('likes + replies + reposts + quotes + saves + bookmarks + clicks, whichever the platform gives; null when none'),
  engagementRate: z
    .number()
    .nullable()
    .describe("the mean of the rated publications' engagement rates (0.05 = 5 %); null when none is rated"),
  metrics: z
    .strictObject(
      Object.fromEntries(METRIC_NAMES.map((metric) => [metric, z.number().nullable()])) as Record<
        (typeof METRIC_NAMES)[number],
        z.ZodNullable<z.ZodNumber>
      >,
    )
    .describe('each metric summed over the latest samples; null when no sample gave it (not given, never 0)'),
};

/** api/analytics/audience.ts engagement */
export const EngagementSchema = z.strictObject({
  ...AudienceRangeFields,
  team: z.strictObject(AudienceSummaryFields),
  accounts: z.array(
    z.strictObject({
      connectionId: Id,
      platform: PlatformSchema,
      handle: z.string().nullable().describe('null once the account was disconnected'),
      displayName: z.string().nullable(),
      rateBasis: z
        .enum([...AUDIENCE_METRICS, 'followers'])
        .describe(
          "what this platform's engagement rate divides by: the first of impressions, reach, views it gives, else the account's followers on the publishing day",
        ),
      ...AudienceSummaryFields,
    }),
  ),
});

/** api/analytics/audience.ts topPosts */
export const TopPostsSchema = z.strictObject({
  ...AudienceRangeFields,
  metric: z.enum(TOP_POST_METRICS),
  posts: z.array(
    z.strictObject({
      postId: Id,
      connectionId: Id,
      platform: PlatformSchema,
      handle: z.string().nullable(),
      publishedAt: Time,
      content: z.string().describe("the account's own text where it has one, else the post's"),
      metrics: z.record(z.string(), z.number()).describe("the latest sample's counts"),
      engagements: z.number().nullable(),
      engagementRate: z.number().nullable(),
      value: z.number().describe('the value ranked by'),
    }),
  ),
});

const BestTimeSchema = z.strictObject({
  weekday: z.number().int().min(1).max(7).describe('1 = Monday … 7 = Sunday'),
  hour: z.number().int().min(0).max(23),
});

/** api/analytics/audience.ts bestTimes */
export const BestTimesSchema = z.strictObject({
  ...AudienceRangeFields,
  timeZone: z.string(),
  posts: z.number().int().describe('publications with engagement counts in the range'),
  cells: z
    .array(
      z.strictObject({
        ...BestTimeSchema.shape,
        posts: z.number().int(),
        meanEngagements: z.number(),
        meanEngagementRate: z.number().nullable(),
      }),
    )
    .describe('only the weekday and hour cells with posts'),
  basis: z.enum(['history', 'fallback']),
  suggestions: z.array(BestTimeSchema).describe("the team's best cells by mean engagements, or common times when `basis` is fallback"),
  fallbackReason: z.string().nullable(),
});

/** RFC 9457 problem details (api/http/problem.ts); extensions such as `connectionIds` may be added. */
export const ImportSchema = z.strictObject({
  id: z.string(),
  fileName: z.string(),
  format: z.enum(['csv', 'json']),
  dryRun: z.boolean(),
  phase: z.enum(IMPORT_PHASES).openapi({
    description:
      'CHECKING (the dry run), CHECKED (waiting for confirm), CREATING, PAUSED, DONE, CANCELLED, UNDOING, UNDONE; RECEIVED until its workflow starts',
  }),
  rows: z
    .strictObject({
      total: z.number().int(),
      pending: z.number().int(),
      valid: z.number().int(),
      invalid: z.number().int(),
      created: z.number().int(),
      failed: z.number().int(),
      undone: z.number().int(),
    })
    .openapi({
      description:
        'how many rows are in each status: progress is (valid + invalid) / total while checking, (created + failed) / (valid at the start) while creating',
    }),
  spread: z.strictObject({ from: Time, to: Time }).nullable(),
  createdAt: Time,
  updatedAt: Time,
  workflowId: z.string(),
  temporalUiUrl: z.string(),
});

export const ImportListSchema = z.strictObject({ data: z.array(ImportSchema) });

export const ImportRowsSchema = z.strictObject({
  data: z.array(
    z.strictObject({
      row: z.number().int().openapi({ description: '1 for the first row after the header' }),
      status: z.enum(IMPORT_ROW_STATUSES),
      cells: z.record(z.string(), z.string()),
      problems: z.array(z.strictObject({ column: z.string(), message: z.string() })),
      postIds: z.array(z.string()),
    }),
  ),
  nextAfter: z.number().int().nullable().openapi({ description: 'send as `after` for the next page; null on the last' }),
});

export const ProblemSchema = z.looseObject({
  type: z.url(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  /** on `validation-failed`, and on `platform-credentials-rejected` naming the rejected field */
  errors: z.array(z.strictObject({ field: z.string(), message: z.string() })).optional(),
  /** only on `platform-rules`: every rule a target platform would break */
  violations: z
    .array(
      z.strictObject({
        platform: PlatformSchema,
        connectionId: z.string().optional(),
        /** the account, as its platform names it */
        handle: z.string().optional(),
        /** a thread's part the rule is broken in (1: the first after the post's own text) */
        part: z.number().int().optional(),
        /** the rule is broken by the first comment */
        firstComment: z.literal(true).optional(),
        /** the option the rule concerns, e.g. `targetOptions.reddit.title` */
        field: z.string().optional(),
        rule: z.string(),
        message: z.string(),
      }),
    )
    .optional(),
});

export const HealthSchema = z.strictObject({ status: z.literal('ok') });
export const ReadinessSchema = z.strictObject({
  status: z.enum(['ready', 'not ready']),
  checks: z.strictObject({ database: z.string(), temporal: z.string() }).describe('"ok", or why the check failed'),
});

export const AiStatusSchema = z.strictObject({
  enabled: z.boolean().describe('false until the operator sets AI_BASE_URL and AI_MODEL (docs/ai.md)'),
  model: z.string().optional(),
  visionModel: z.string().optional().describe('the model that writes alt text'),
  budget: z.strictObject({
    requests: z.strictObject({ used: z.number().int(), limit: z.number().int() }).describe('suggestions this calendar month (UTC)'),
    tokens: z.strictObject({ used: z.number().int(), limit: z.number().int().nullable() }).describe('null limit: no token budget'),
    resetsAt: Time.describe('when the month ends and the budget starts again'),
  }),
});

/** Every response schema by its component name in the document (#/components/schemas/<name>). */
export const responseSchemas = {
  User: UserResponseSchema,
  CsrfToken: CsrfTokenSchema,
  Me: MeSchema,
  SecondFactorRequired: SecondFactorRequiredSchema,
  TwoFactorStatus: TwoFactorStatusSchema,
  TwoFactorEnrolment: TwoFactorEnrolmentSchema,
  RecoveryCodes: RecoveryCodesSchema,
  SessionList: SessionListSchema,
  Team: TeamSchema,
  TeamList: TeamListSchema,
  MemberList: MemberListSchema,
  Invitation: CreatedInvitationSchema,
  InvitationList: InvitationListSchema,
  AuditLog: AuditLogSchema,
  AccountExport: AccountExportSchema,
  Token: TokenSchema,
  CreatedToken: CreatedTokenSchema,
  TokenList: TokenListSchema,
  Connection: ConnectionSchema,
  ConnectionList: ConnectionListSchema,
  ConnectionFollowers: ConnectionFollowersSchema,
  DemoFeed: DemoFeedSchema,
  PinterestBoardList: PinterestBoardListSchema,
  RedditFlairList: RedditFlairListSchema,
  PlatformList: PlatformListSchema,
  AuthorizeUrl: AuthorizeUrlSchema,
  Media: MediaSchema,
  Post: PostSchema,
  PostList: PostListSchema,
  ApprovalPolicy: ApprovalPolicySchema,
  Comment: CommentSchema,
  CommentList: CommentListSchema,
  PostMetrics: PostMetricsSchema,
  CreatedPost: CreatedPostSchema,
  QueuedPosts: QueuedPostsSchema,
  QueueSettings: QueueSettingsSchema,
  QueueUpdated: QueueUpdatedSchema,
  QueueUpcoming: QueueUpcomingSchema,
  QueueChanges: QueueChangesSchema,
  Label: LabelSchema,
  LabelList: LabelListSchema,
  Series: SeriesSchema,
  SeriesList: SeriesListSchema,
  Evergreen: EvergreenSchema,
  EvergreenList: EvergreenListSchema,
  EvergreenRefill: EvergreenRefillSchema,
  EvergreenRefillAccepted: EvergreenRefillAcceptedSchema,
  Webhook: WebhookSchema,
  CreatedWebhook: CreatedWebhookSchema,
  WebhookList: WebhookListSchema,
  WebhookDeliveryList: WebhookDeliveryListSchema,
  WebhookPing: WebhookPingSchema,
  Notification: NotificationSchema,
  NotificationList: NotificationListSchema,
  UnreadCount: UnreadCountSchema,
  NotificationSettings: NotificationSettingsSchema,
  ChatWebhook: ChatWebhookSchema,
  ChatWebhookList: ChatWebhookListSchema,
  PostEvent: PostEventSchema,
  PostMetricsEvent: PostMetricsEventSchema,
  PingEvent: PingEventSchema,
  Analytics: AnalyticsSchema,
  Engagement: EngagementSchema,
  TopPosts: TopPostsSchema,
  BestTimes: BestTimesSchema,
  Problem: ProblemSchema,
  Health: HealthSchema,
  Readiness: ReadinessSchema,
  Template: TemplateSchema,
  TemplateList: TemplateListSchema,
  Snippet: SnippetSchema,
  SnippetList: SnippetListSchema,
  AiStatus: AiStatusSchema,
  Import: ImportSchema,
  ImportList: ImportListSchema,
  ImportRows: ImportRowsSchema,
  PreviewLink: PreviewLinkSchema,
  CreatedPreviewLink: CreatedPreviewLinkSchema,
  PreviewLinkList: PreviewLinkListSchema,
  ClientPreview: ClientPreviewSchema,
  ClientPost: ClientPostSchema,
  ClientApproval: ClientApprovalSchema,
} as const;
export type ResponseSchemaName = keyof typeof responseSchemas;
