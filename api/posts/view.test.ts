// The answer to a change is the post as that change's state left it, even when the row
// read afterwards already holds a later change (api/posts/service.ts viewAsWrittenBy). And
// the page query's JSON rows read as the schema that describes them reads them.
import type { PostState } from '../../domain/post';
import type { MediaRow } from '../media/view';
import { postRowFromJson, PostRowSchema, rowAsWrittenBy, type PostRow, type PostRowJson } from './view';

const AT = new Date('2030-01-01T00:00:00Z');

function media(id: string): MediaRow {
  return {
    id,
    kind: 'IMAGE',
    mimeType: 'image/png',
    sizeBytes: 10,
    fileName: `${id}.png`,
    altText: null,
    width: 1,
    height: 1,
    durationMs: null,
    createdAt: AT,
  };
}

function storedTarget(connectionId: string, contentOverride: string | null = null): PostRow['targets'][number] {
  return {
    connectionId,
    contentOverride,
    options: null,
    status: 'PENDING',
    revision: null,
    platformPostId: null,
    url: null,
    attempts: 0,
    lastError: null,
    commentError: null,
    attemptLog: [],
    publishedAt: null,
    connection: { platform: 'DEMO', handle: `@${connectionId}`, displayName: connectionId },
  };
}

/** The row as a later change left it: other text, time, accounts and media. */
const laterRow: PostRow = {
  id: 'p1',
  teamId: 't1',
  content: 'The later edit',
  publishAt: new Date('2030-02-02T00:00:00Z'),
  timeZone: 'Europe/Berlin',
  status: 'SCHEDULED',
  revision: 3,
  stateVersion: 7,
  hasWorkflowRun: true,
  publishedAt: null,
  seriesId: null,
  evergreenSetId: null,
  evergreenSourceId: null,
  threadDelaySeconds: 0,
  firstComment: null,
  authorId: 'u1',
  approvalDeadlineMinutes: null,
  createdAt: AT,
  updatedAt: AT,
  targets: [storedTarget('c-later'), storedTarget('c-kept', 'later override')],
  media: [{ media: media('m-later') }],
  parts: [],
  partPublications: [],
  commentPublications: [],
  labels: [],
};

/** The state an earlier change wrote. */
const earlierState: PostState = {
  postId: 'p1',
  teamId: 't1',
  status: 'SCHEDULED',
  publishAt: '2030-01-15T09:00:00.000Z',
  content: 'My edit',
  revision: 2,
  targets: [
    { connectionId: 'c-kept', platform: 'DEMO', content: 'my override', status: 'PENDING', attempts: 0 },
    { connectionId: 'c-gone', platform: 'MASTODON', status: 'PENDING', attempts: 0 },
  ],
  mediaIds: ['m-gone', 'm-later', 'm-unknown'],
  refusedChanges: [],
  stateVersion: 6,
};

const known = {
  connections: new Map([['c-gone', { platform: 'MASTODON' as const, handle: '@gone@social.example', displayName: 'Gone' }]]),
  media: new Map([['m-gone', media('m-gone')]]),
};

test("the change's own text, time, version, accounts and media, over a row that holds a later change", () => {
  const written = rowAsWrittenBy(laterRow, earlierState, known);
  expect(written).toMatchObject({
    content: 'My edit',
    publishAt: new Date('2030-01-15T09:00:00.000Z'),
    revision: 2,
    stateVersion: 6,
    // not the workflow's business: as stored
    timeZone: 'Europe/Berlin',
  });
  expect(written.targets.map((target) => [target.connectionId, target.contentOverride, target.connection.handle])).toEqual([
    ['c-gone', null, '@gone@social.example'],
    ['c-kept', 'my override', '@c-kept'],
  ]);
  // media the team does not have are left out, as the write leaves them out
  expect(written.media.map((link) => link.media.id)).toEqual(['m-gone', 'm-later']);
});

test('a cancel writes each target CANCELLED, as the database write does', () => {
  const cancelled: PostState = {
    ...earlierState,
    status: 'CANCELLED',
    targets: earlierState.targets.map((target) => ({ ...target, status: 'CANCELLED' })),
  };
  const written = rowAsWrittenBy(laterRow, cancelled, known);
  expect(written.status).toBe('CANCELLED');
  expect(written.targets.map((target) => target.status)).toEqual(['CANCELLED', 'CANCELLED']);
});

test('the row read at the same version is the answer as it is', () => {
  const state: PostState = {
    ...earlierState,
    content: laterRow.content,
    publishAt: '2030-02-02T00:00:00.000Z',
    revision: laterRow.revision,
    stateVersion: laterRow.stateVersion,
    targets: [
      { connectionId: 'c-kept', platform: 'DEMO', content: 'later override', status: 'PENDING', attempts: 0 },
      { connectionId: 'c-later', platform: 'DEMO', status: 'PENDING', attempts: 0 },
    ],
    mediaIds: ['m-later'],
  };
  expect(rowAsWrittenBy(laterRow, state, { connections: new Map(), media: new Map() })).toEqual({
    ...laterRow,
    targets: [laterRow.targets[1], laterRow.targets[0]],
  });
});

test("a page query row reads as PostRowSchema reads it, each timestamp a Date, every list's items kept", () => {
  const at = '2030-01-01T09:00:00.123+00:00';
  const mediaJson = {
    id: 'm1',
    kind: 'IMAGE' as const,
    mimeType: 'image/png',
    sizeBytes: 10,
    fileName: 'a.png',
    altText: 'A',
    width: 1080,
    height: 1350,
    durationMs: null,
    createdAt: at,
  };
  const row: PostRowJson = {
    ...laterRow,
    publishAt: at,
    publishedAt: at,
    createdAt: at,
    updatedAt: '2030-01-02T10:00:00+00:00',
    approvalDeadlineMinutes: 30,
    firstComment: 'First!',
    targets: [
      {
        ...storedTarget('c1', 'override'),
        options: { reddit: { subreddit: 'planrrr' } },
        status: 'PUBLISHED',
        revision: 3,
        platformPostId: 'x1',
        url: 'https://social.example/x1',
        attempts: 2,
        commentError: 'refused',
        attemptLog: [
          { attempt: 1, at, outcome: 'failed', errorKind: 'RATE_LIMITED', error: 'slow down', retryable: true },
          { attempt: 2, at, outcome: 'published', errorKind: null, error: null, retryable: null },
        ],
        publishedAt: at,
      },
    ],
    media: [{ media: mediaJson }],
    parts: [{ content: 'part two', media: [{ media: { ...mediaJson, id: 'm2' } }] }],
    partPublications: [
      { connectionId: 'c1', part: 1, revision: 3, platformPostId: 'x2', url: 'https://social.example/x2', publishedAt: at },
    ],
    commentPublications: [{ connectionId: 'c1', revision: 3, platformCommentId: 'x3', url: 'https://social.example/x3', publishedAt: at }],
    labels: [{ label: { id: 'l1', name: 'Launch', colour: '#ff0000' } }],
  };
  const read = postRowFromJson(row);
  expect(read).toEqual(PostRowSchema.parse(row));
  expect(read.targets[0]!.attemptLog[1]!.at).toEqual(new Date(at));
  expect(read.parts[0]!.media[0]!.media.createdAt).toEqual(new Date(at));
});
