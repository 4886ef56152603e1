// planrrr's custom search attributes: how operators find a post's workflow in the
// Temporal Web UI (e.g. `PlanrrrStatus="FAILED"`). Registered on the dev server at
// start-up (runtime/temporal-dev-server.ts) and in compose; the workflow keeps them current.
// NOTE: imported by workflow code, so this file must stay deterministic.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const PostIdAttribute = defineSearchAttributeKey('PlanrrrPostId', SearchAttributeType.KEYWORD);
export const TeamIdAttribute = defineSearchAttributeKey('PlanrrrTeamId', SearchAttributeType.KEYWORD);
export const PlatformsAttribute = defineSearchAttributeKey('PlanrrrPlatforms', SearchAttributeType.KEYWORD_LIST);
export const PublishAtAttribute = defineSearchAttributeKey('PlanrrrPublishAt', SearchAttributeType.DATETIME);
export const StatusAttribute = defineSearchAttributeKey('PlanrrrStatus', SearchAttributeType.KEYWORD);
/** on the post workflows a series (recurring post) created, its firings, and its Schedule */
export const SeriesIdAttribute = defineSearchAttributeKey('PlanrrrSeriesId', SearchAttributeType.KEYWORD);
/** on an evergreen set's workflow and the post workflows it created */
export const EvergreenIdAttribute = defineSearchAttributeKey('PlanrrrEvergreenId', SearchAttributeType.KEYWORD);

export const PLANRRR_SEARCH_ATTRIBUTES = [
  PostIdAttribute,
  TeamIdAttribute,
  PlatformsAttribute,
  PublishAtAttribute,
  StatusAttribute,
  SeriesIdAttribute,
  EvergreenIdAttribute,
] as const;

/** Temporal's own, set on each workflow a Schedule starts: the firing's time before jitter (backfills too). */
export const ScheduledStartTimeAttribute = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

/** The CLI's spelling of each type, for `--search-attribute Name=Type`. */
const CLI_TYPE_NAMES: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

export function searchAttributeCliFlags(): string[] {
  return PLANRRR_SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${CLI_TYPE_NAMES[key.type]}`]);
}
