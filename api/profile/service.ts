// The user's own settings: the name others see and the time zone pages show and read times in.
import type { Db } from '../../lib/db';
import type { ProfileInput } from './schemas';

const PROFILE_FIELDS = { name: true, email: true, timeZone: true } as const;

export function createProfileService(deps: { db: Db }) {
  const { db } = deps;
  return {
    async get(userId: string) {
      const { emailVerifiedAt, ...profile } = await db.user.findUniqueOrThrow({
        where: { id: userId },
        select: { ...PROFILE_FIELDS, emailVerifiedAt: true },
      });
      return { ...profile, emailVerified: emailVerifiedAt !== null };
    },

    update(userId: string, input: ProfileInput) {
      return db.user.update({ where: { id: userId }, data: input, select: PROFILE_FIELDS });
    },
  };
}
