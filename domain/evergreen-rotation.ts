// Which post of an evergreen set fills an account's empty queue slot: the one least recently
// shared to that account, but never one shared there within the set's gap of the slot
// (before or after it: booked shares count), nor one whose text the platform would refuse
// as a duplicate of a post around the slot. Pure: activities/evergreen-refill.ts feeds it
// the account's posts from the database, slot after slot.
import { duplicateTextWindowDays } from './platform-rules';
import type { Platform } from './post';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface EvergreenSource {
  id: string;
  /** the text it publishes on this account: its override for the account, else its content */
  text: string;
}

/** A source published to, or booked on, the account: a copy of it, or the source post itself. */
export interface EvergreenShare {
  sourceId: string;
  at: Date;
}

/** A post scheduled or published on the account, with the text it publishes there. */
export interface AccountPost {
  text: string;
  at: Date;
}

export interface SlotToFill {
  /** in rotation order: ties go to the earlier one */
  sources: readonly EvergreenSource[];
  shares: readonly EvergreenShare[];
  posts: readonly AccountPost[];
  platform: Platform;
  slotAt: Date;
  minGapDays: number;
}

export type SlotChoice = { sourceId: string } | { sourceId: null; reason: string };

/** What platforms compare for duplicates: the text without surrounding or repeated whitespace (case kept). */
export function comparableText(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

const within = (a: Date, b: Date, days: number) => Math.abs(a.getTime() - b.getTime()) < days * DAY_MS;

export function chooseEvergreenSource({ sources, shares, posts, platform, slotAt, minGapDays }: SlotToFill): SlotChoice {
  if (sources.length === 0) return { sourceId: null, reason: 'the set has no posts to share' };
  const duplicateDays = duplicateTextWindowDays(platform, minGapDays);
  const nearbyTexts = new Set(posts.filter((post) => within(post.at, slotAt, duplicateDays)).map((post) => comparableText(post.text)));
  let inGap = 0;
  let duplicates = 0;
  const candidates = sources.flatMap((source, order) => {
    const sharedAt = shares.filter((share) => share.sourceId === source.id).map((share) => share.at.getTime());
    if (sharedAt.some((at) => within(new Date(at), slotAt, minGapDays))) {
      inGap += 1;
      return [];
    }
    if (nearbyTexts.has(comparableText(source.text))) {
      duplicates += 1;
      return [];
    }
    // never shared sorts first
    return [{ id: source.id, order, lastShared: sharedAt.length > 0 ? Math.max(...sharedAt) : -Infinity }];
  });
  const [best] = candidates.sort((a, b) => a.lastShared - b.lastShared || a.order - b.order);
  if (best) return { sourceId: best.id };
  const why = [
    inGap > 0 && `${inGap} shared to this account within ${minGapDays} day${minGapDays === 1 ? '' : 's'} of the slot`,
    duplicates > 0 &&
      `${duplicates} with the same text as a post within ${duplicateDays} days of it (the platform would refuse a duplicate)`,
  ].filter(Boolean);
  return { sourceId: null, reason: `no post of the set can go here: ${why.join('; ')}` };
}
