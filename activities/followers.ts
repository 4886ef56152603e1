// Reads one account's follower count for the daily followers Schedule
// (workflows/followers-workflow.ts) and stores it as that UTC day's FollowerSample. The row
// is unique per account and day, so a retried activity or a second run the same day keeps
// one row: a count replaces the day's earlier reading, a refusal never replaces a count.
import type { FollowersOutcome } from '../domain/followers';
import type { Platform } from '../domain/post';
import type { Db } from '../lib/db';
import type { ConnectionCredentials } from './connection-credentials';
import { refusalReason } from './platform-refusal';
import type { FollowersAnswer, Publishers } from './publishers/publisher';

export interface FollowerAccount {
  connectionId: string;
  platform: Platform;
}

export interface SampleFollowersInput {
  connectionId: string;
  /** YYYY-MM-DD: the UTC day of the run, so a retry after midnight still stores that day */
  day: string;
}

export interface FollowersDeps {
  db: Db;
  credentials: ConnectionCredentials;
  publishers: Publishers;
}

export function createFollowersActivities(deps: FollowersDeps) {
  const { db } = deps;

  /** Stores the day's answer: a count replaces an earlier one, a missing count is kept only where none was read. */
  async function store(input: SampleFollowersInput, answer: FollowersAnswer): Promise<void> {
    const key = { connectionId: input.connectionId, day: new Date(input.day) };
    if (answer.followers === null) {
      await db.followerSample.createMany({
        data: [{ ...key, followers: null, missingReason: answer.missingReason }],
        skipDuplicates: true,
      });
      return;
    }
    const reading = { followers: answer.followers, missingReason: null, takenAt: new Date() };
    await db.followerSample.upsert({ where: { connectionId_day: key }, create: { ...key, ...reading }, update: reading });
  }

  return {
    /** Every connected account of every team, or only those named (a first count at connect). */
    async listFollowerAccounts(input: { connectionIds?: string[] }): Promise<FollowerAccount[]> {
      const connections = await db.connection.findMany({
        where: input.connectionIds ? { id: { in: input.connectionIds } } : {},
        select: { id: true, platform: true },
        orderBy: { id: 'asc' },
      });
      return connections.map((connection) => ({ connectionId: connection.id, platform: connection.platform }));
    },

    async sampleFollowers(input: SampleFollowersInput): Promise<FollowersOutcome> {
      const connection = await db.connection.findUnique({
        where: { id: input.connectionId },
        select: { id: true, platform: true, handle: true, instanceUrl: true, encryptedCredentials: true, status: true },
      });
      // disconnected since the run listed it: its samples went with it
      if (!connection) return 'disconnected';
      const fetchFollowers = deps.publishers[connection.platform]?.fetchFollowers;
      let answer: FollowersAnswer;
      if (!fetchFollowers) {
        answer = { followers: null, missingReason: `planrrr does not read ${connection.platform} follower counts yet` };
      } else {
        try {
          answer = await deps.credentials.publishWithFreshCredentials(connection, (credentials) =>
            fetchFollowers({ ...connection, credentials }),
          );
        } catch (error) {
          answer = { followers: null, missingReason: refusalReason(error) };
        }
      }
      await store(input, answer);
      return answer.followers === null ? 'missing' : 'counted';
    },

    /** The day's row for an account whose reads kept failing (the platform down for longer than the retries). */
    async recordFollowersMissing(input: SampleFollowersInput & { reason: string }): Promise<void> {
      const exists = await db.connection.count({ where: { id: input.connectionId } });
      if (exists === 0) return;
      await store(input, { followers: null, missingReason: input.reason });
    },
  };
}
