// An import's rows, a batch at a time (workflows/import-workflow.ts): the dry run checks each
// row as POST /posts would check it and records every problem by column; creation makes each
// valid row a post through the API's own post and queue services, keyed by import and row, so
// a retried batch (a killed worker, a timeout) finds the posts it made and makes none twice;
// undo cancels the posts that have not published, through the post service's cancel.
import { Context } from '@temporalio/activity';
import { roleAllows } from '../domain/permissions';
import {
  isUndated,
  listCell,
  optionsCells,
  overrideCells,
  parseOptionsCell,
  rowTime,
  spreadTime,
  threadParts,
  variableCells,
  type ImportCells,
  type ImportPhase,
  type ImportRowStatus,
  type RowProblem,
} from '../domain/import-rows';
import { NO_ACCOUNT_MESSAGE } from '../domain/post-problems';
import type { Platform } from '../domain/post';
import { hasTargetOptions, optionsKey } from '../domain/target-options';
import { MEDIA_RULES, type PlatformViolation } from '../domain/platform-rules';
import { membershipRole, type Actor } from '../api/auth/actor';
import { ProblemError } from '../api/http/problem';
import type { PostChecks, UrlMedia } from '../api/posts/post-checks';
import { CreatePostSchema, type CreatePostInput, type OverridesInput, type TargetOptionsInput } from '../api/posts/schemas';
import type { PostService } from '../api/posts/service';
import type { MediaService } from '../api/media/service';
import type { QueueService } from '../api/queue/service';
import type { TemplateService } from '../api/templates/service';
import type { Db } from '../lib/db';
import type { Prisma } from '../prisma/generated/client';

export interface ImportActivityDeps {
  db: Db;
  /** the API's services, so an imported post is checked, created and cancelled as any other */
  posts: Pick<PostService, 'create' | 'cancel'>;
  queue: Pick<QueueService, 'add'>;
  postChecks: Pick<PostChecks, 'checkNewPost'>;
  /** media URLs in rows: probed in the dry run, downloaded when the post is created */
  media: Pick<MediaService, 'probeUrl' | 'importFromUrl'>;
  /** rows naming a template are filled as POST /posts fills a body with `templateId` */
  templates: Pick<TemplateService, 'fillPostBody'>;
}

export interface ImportBatchInput {
  importId: string;
  /** the batch starts after this row index (0: from the first row) */
  after: number;
  limit: number;
}

export interface ImportBatchResult {
  /** the last row index the batch handled; null when there were no rows left */
  last: number | null;
}

/** What a row says about its post once its accounts, labels and media are known. */
interface Team {
  actor: Actor;
  /** the accounts under each of their names: id, handle (with and without @) and display name, lower case */
  accounts: Map<string, Account[]>;
  /** accounts whose queue has slots and is not paused */
  openQueues: Set<string>;
  /** each label under its id and its name, lower case */
  labels: Map<string, string>;
  /** the templates under their id and their name, lower case */
  templates: Map<string, Array<{ id: string; connectionIds: string[] }>>;
}

interface Account {
  id: string;
  platform: Platform;
  handle: string;
  status: string;
}

interface ImportRecord {
  id: string;
  teamId: string;
  createdById: string | null;
  spreadFrom: Date | null;
  spreadTo: Date | null;
  undatedCount: number;
}

/** What became of a row: its new status, with its problems (replacing any before) and the posts it made. */
interface RowOutcome {
  status: ImportRowStatus;
  problems?: RowProblem[];
  postIds?: string[];
}

interface BatchRow {
  index: number;
  cells: ImportCells;
  undatedIndex: number | null;
  postIds: string[];
  fingerprint: string;
}

/** Rows of a batch handled side by side: each waits on the database and Temporal more than on the CPU (10 of the 20 pooled connections). */
const ROWS_AT_ONCE = 10;

/** The column each account's own text and platform options came from (`template` when the template gave them). */
interface AccountColumns {
  texts: Map<string, string>;
  options: Map<string, string>;
}

/** A media cell's item that is a URL to download (else it is an uploaded media id), and its place among the row's media. */
const MEDIA_URL = /^https?:\/\//i;
interface MediaUrl {
  position: number;
  url: string;
}

const IMPORT_FIELDS = { id: true, teamId: true, createdById: true, spreadFrom: true, spreadTo: true, undatedCount: true } as const;

/** The request field of a post (as zod or a problem names it) → the column of the row it came from. */
function columnOf(field: readonly (string | number)[], cells: ImportCells): string {
  const [name, index] = field;
  switch (name) {
    case 'content':
      return 'text';
    case 'connectionIds':
      return 'accounts';
    case 'publishAt':
    case 'queue':
      return 'time';
    case 'timeZone':
      return 'timezone';
    case 'media':
      return 'media';
    case 'labelIds':
      return 'labels';
    case 'firstComment':
      return 'first_comment';
    case 'overrides':
      return overrideCells(cells)[Number(index)]?.column ?? 'text';
    case 'thread':
      return threadParts(cells)[Number(index)]?.column ?? 'text';
    case 'templateId':
      return 'template';
    case 'variables':
      return `var:${index}`;
    default:
      return 'row';
  }
}

/** The column an account's platform options go in when the row has none for it: `options:reddit`. */
function optionsColumnFor(platform: Platform): string {
  return `options:${hasTargetOptions(platform) ? optionsKey(platform) : platform.toLowerCase()}`;
}

/** A platform rule a row breaks, in the column whose text (or options) breaks it. */
function violationProblem(violation: PlatformViolation & { handle?: string }, cells: ImportCells, columns: AccountColumns): RowProblem {
  const column = violation.field?.startsWith('targetOptions')
    ? ((violation.connectionId && columns.options.get(violation.connectionId)) ?? optionsColumnFor(violation.platform))
    : violation.firstComment
      ? 'first_comment'
      : violation.part
        ? (threadParts(cells)[violation.part - 1]?.column ?? 'text')
        : MEDIA_RULES.has(violation.rule)
          ? 'media'
          : ((violation.connectionId && columns.texts.get(violation.connectionId)) ?? 'text');
  return {
    column,
    message: `${violation.platform} (${violation.rule}) for ${violation.handle ?? violation.connectionId}: ${violation.message}`,
  };
}

/** A refusal of the post checks, as the row's problems. */
function refusalProblems(error: ProblemError, cells: ImportCells, columns: AccountColumns): RowProblem[] {
  const { violations, errors } = error.extensions as {
    violations?: PlatformViolation[];
    errors?: Array<{ field: string; message: string }>;
  };
  if (violations) return violations.map((violation) => violationProblem(violation, cells, columns));
  const byField = error.slug === 'unknown-media' ? 'media' : error.slug.includes('connection') ? 'accounts' : undefined;
  if (byField) return [{ column: byField, message: error.detail ?? error.title }];
  if (errors) return errors.map((each) => ({ column: columnOf(each.field.split('.').slice(1), cells), message: each.message }));
  return [{ column: 'row', message: error.detail ?? error.title }];
}

export function createImportActivities(deps: ImportActivityDeps) {
  const { db } = deps;

  async function findImport(importId: string): Promise<ImportRecord | null> {
    return db.import.findUnique({ where: { id: importId }, select: IMPORT_FIELDS });
  }

  /** The import's author acting in its team now, while they still may write posts. */
  async function authorOf(record: ImportRecord): Promise<Actor | undefined> {
    if (!record.createdById) return undefined;
    const role = await membershipRole(db, record.createdById, record.teamId);
    return role && roleAllows(role, 'posts:write') ? { userId: record.createdById, teamId: record.teamId, role, via: 'import' } : undefined;
  }

  async function teamOf(actor: Actor): Promise<Team> {
    const [connections, queues, labels, templates] = await Promise.all([
      db.connection.findMany({
        where: { teamId: actor.teamId },
        select: { id: true, platform: true, handle: true, displayName: true, status: true },
      }),
      db.queueSettings.findMany({
        where: { connection: { teamId: actor.teamId }, paused: false },
        select: { connectionId: true, slots: true },
      }),
      db.label.findMany({ where: { teamId: actor.teamId }, select: { id: true, name: true } }),
      db.template.findMany({ where: { teamId: actor.teamId }, select: { id: true, name: true, connectionIds: true } }),
    ]);
    const accounts = byNames(connections, (connection) => [
      connection.displayName,
      connection.handle,
      connection.handle.replace(/^@/, ''),
      connection.id,
    ]);
    return {
      actor,
      accounts,
      openQueues: new Set(
        queues.filter((queue) => Array.isArray(queue.slots) && queue.slots.length > 0).map((queue) => queue.connectionId),
      ),
      labels: new Map(
        labels.flatMap((label) => [[label.id.toLowerCase(), label.id] as const, [label.name.toLowerCase(), label.id] as const]),
      ),
      templates: byNames(templates, (template) => [template.name, template.id]),
    };
  }

  /** The row's template, if it names one; a name no template (or more than one) has is a problem. */
  function templateOf(cells: ImportCells, team: Team, problems: RowProblem[]) {
    const name = cells.template?.trim();
    if (!name) {
      if (Object.keys(variableCells(cells)).length > 0)
        problems.push({ column: 'template', message: 'the row has var: columns but names no template to fill' });
      return undefined;
    }
    const named = team.templates.get(name.toLowerCase()) ?? [];
    if (named.length === 0) problems.push({ column: 'template', message: `no template "${name}" in this team` });
    else if (named.length > 1)
      problems.push({ column: 'template', message: `${named.length} templates are called "${name}": name it by its id` });
    return named.length === 1 ? named[0] : undefined;
  }

  /**
   * The post a row asks for, or every problem that keeps it from being one (the dry run's
   * checks, without the post checks'). A row naming a template is filled from it: the row's
   * own cells win, the template fills the rest.
   */
  async function postOf(
    row: { cells: ImportCells; undatedIndex: number | null },
    record: ImportRecord,
    team: Team,
  ): Promise<{ input: CreatePostInput; columns: AccountColumns; mediaUrls: MediaUrl[] } | { problems: RowProblem[] }> {
    const { cells } = row;
    const problems: RowProblem[] = [];
    const template = templateOf(cells, team, problems);
    // a row naming a template leaves its text and accounts to it, even one the team does not have
    const namesTemplate = Boolean(cells.template?.trim());
    const namesAccounts = listCell(cells.accounts).length > 0;
    const templateAccounts =
      template && !namesAccounts ? template.connectionIds.flatMap((id) => team.accounts.get(id.toLowerCase()) ?? []) : [];
    const accounts = listCell(cells.accounts).flatMap((name) => {
      const named = team.accounts.get(name.toLowerCase()) ?? [];
      const account = named[0];
      if (!account) problems.push({ column: 'accounts', message: `no account "${name}" in this team` });
      else if (named.length > 1)
        problems.push({ column: 'accounts', message: `${named.length} accounts are called "${name}": name it by its id` });
      else if (account.status !== 'ACTIVE') problems.push({ column: 'accounts', message: `${account.handle} needs reconnecting` });
      return account && named.length === 1 ? [account] : [];
    });
    accounts.push(...templateAccounts);
    if (!namesAccounts && !namesTemplate) problems.push({ column: 'accounts', message: NO_ACCOUNT_MESSAGE });

    const time = rowTime(cells);
    let when: Pick<CreatePostInput, 'publishAt' | 'queue' | 'queueMode' | 'timeZone'> = {};
    if ('problem' in time) problems.push(time.problem);
    else if ('at' in time) when = { publishAt: time.at, ...(time.timeZone && { timeZone: time.timeZone }) };
    else if ('undated' in time && record.spreadFrom && record.spreadTo && row.undatedIndex !== null) {
      when = { publishAt: spreadTime(record.spreadFrom, record.spreadTo, row.undatedIndex, record.undatedCount) };
    } else {
      const closed = accounts.filter((account) => !team.openQueues.has(account.id));
      for (const account of closed) {
        problems.push({
          column: 'time',
          message: `${account.handle} has no open queue (no slots, or paused): give the row a time${isUndated(cells) ? ', or spread the undated rows over a window' : ''}`,
        });
      }
      when = { queue: 'next', queueMode: 'each' };
    }

    const labelIds = listCell(cells.labels).flatMap((name) => {
      const id = team.labels.get(name.toLowerCase());
      if (!id) problems.push({ column: 'labels', message: `no label "${name}" in this team` });
      return id ? [id] : [];
    });

    // text:<key> and options:<key>: one of the row's accounts, else every account of the row on that platform
    const columns: AccountColumns = { texts: new Map(), options: new Map() };
    const accountsOf = (column: string, key: string) => {
      const account = team.accounts.get(key.toLowerCase())?.[0];
      const targets = account
        ? accounts.filter((each) => each.id === account.id)
        : accounts.filter((each) => each.platform.toLowerCase() === key.toLowerCase());
      if (targets.length === 0) problems.push({ column, message: `"${key}" is neither one of the row's accounts nor the platform of one` });
      return targets;
    };
    const overrides = overrideCells(cells).flatMap(({ column, key, content }) =>
      accountsOf(column, key).map((target) => {
        columns.texts.set(target.id, column);
        return { connectionId: target.id, content };
      }),
    );
    const targetOptions = optionsCells(cells).flatMap(({ column, key, json }) => {
      const parsed = parseOptionsCell(json);
      if ('problem' in parsed) {
        problems.push({ column, message: parsed.problem });
        return [];
      }
      return accountsOf(column, key).flatMap((target) => {
        if (!hasTargetOptions(target.platform)) {
          problems.push({
            column,
            message: `${target.handle} is a ${target.platform} account: ${target.platform} takes no platform options`,
          });
          return [];
        }
        columns.options.set(target.id, column);
        return [{ connectionId: target.id, [optionsKey(target.platform)]: parsed.options }];
      });
    });

    const media = listCell(cells.media);
    const mediaUrls = media.flatMap((item, position) => (MEDIA_URL.test(item) ? [{ position, url: item }] : []));
    const mediaIds = media.filter((item) => !MEDIA_URL.test(item));
    const candidate = {
      ...((cells.text !== undefined || !namesTemplate) && { content: cells.text ?? '' }),
      ...((namesAccounts || !namesTemplate) && { connectionIds: [...new Set(accounts.map((account) => account.id))] }),
      ...when,
      ...(mediaIds.length > 0 && { media: mediaIds }),
      ...(labelIds.length > 0 && { labelIds }),
      ...(overrides.length > 0 && { overrides }),
      ...(targetOptions.length > 0 && { targetOptions }),
      ...(threadParts(cells).length > 0 && { thread: threadParts(cells).map((part) => ({ content: part.content })) }),
      ...(cells.first_comment?.trim() && { firstComment: cells.first_comment }),
    };
    // the schema reads publishAt as the API receives it, ISO text
    let body: Record<string, unknown> = { ...candidate, publishAt: when.publishAt?.toISOString() };
    if (namesTemplate) {
      // what the template would fill is unknown until the template is found
      if (problems.length > 0 || !template) return { problems: dedupe(problems) };
      try {
        body = await deps.templates.fillPostBody({ templateId: template.id, variables: variableCells(cells), ...body }, team.actor);
      } catch (error) {
        if (!(error instanceof ProblemError) || error.status >= 500) throw error;
        return { problems: refusalProblems(error, cells, columns) };
      }
      // the texts a platform's variant gave its accounts, and the options it gave them, are the template's
      for (const override of (body.overrides ?? []) as OverridesInput) {
        if (!columns.texts.has(override.connectionId)) columns.texts.set(override.connectionId, 'template');
      }
      for (const entry of (body.targetOptions ?? []) as TargetOptionsInput) {
        if (!columns.options.has(entry.connectionId)) columns.options.set(entry.connectionId, 'template');
      }
    }
    const parsed = CreatePostSchema.safeParse(body);
    if (!parsed.success) {
      // one problem per column: "no account X" says more than "choose an account" after it
      const named = new Set(problems.map((problem) => problem.column));
      const sentOptions = Array.isArray(body.targetOptions) ? (body.targetOptions as TargetOptionsInput) : [];
      for (const issue of parsed.error.issues) {
        const [field, index] = issue.path;
        const optioned = field === 'targetOptions' ? sentOptions[Number(index)]?.connectionId : undefined;
        if (optioned) {
          // as the rules name an option they refuse: the platform, the rule, the account
          const account = accounts.find((each) => each.id === optioned) ?? team.accounts.get(optioned.toLowerCase())?.[0];
          problems.push({
            column: columns.options.get(optioned) ?? 'template',
            message: `${account?.platform ?? 'options'} (target-options) for ${account?.handle ?? optioned}: ${issue.message}`,
          });
          continue;
        }
        const column = columnOf(issue.path as Array<string | number>, cells);
        if (!named.has(column)) problems.push({ column, message: issue.message });
      }
    }
    if (problems.length > 0 || !parsed.success) return { problems: dedupe(problems) };
    return { input: parsed.data, columns, mediaUrls };
  }

  /** Runs `each` on the import's rows after `after` in this status, a batch of them, beating as it goes. */
  async function forBatch(
    input: ImportBatchInput,
    statuses: Prisma.EnumImportRowStatusFilter['in'],
    each: (row: BatchRow, record: ImportRecord, actor: Actor | undefined) => Promise<RowOutcome>,
  ): Promise<ImportBatchResult> {
    const record = await findImport(input.importId);
    if (!record) return { last: null };
    const rows = await db.importRow.findMany({
      where: { importId: input.importId, index: { gt: input.after }, status: { in: statuses } },
      select: { index: true, cells: true, undatedIndex: true, postIds: true, fingerprint: true },
      orderBy: { index: 'asc' },
      take: input.limit,
    });
    if (rows.length === 0) return { last: null };
    const actor = await authorOf(record);
    for (let start = 0; start < rows.length; start += ROWS_AT_ONCE) {
      Context.current().heartbeat(rows[start]!.index);
      await Promise.all(
        rows.slice(start, start + ROWS_AT_ONCE).map(async (row) => {
          const { status, problems, postIds } = await each({ ...row, cells: row.cells as ImportCells }, record, actor);
          await db.importRow.update({
            where: { importId_index: { importId: input.importId, index: row.index } },
            data: { status, ...(problems && { problems: problems as unknown as Prisma.InputJsonArray }), ...(postIds && { postIds }) },
          });
        }),
      );
    }
    return { last: rows.at(-1)!.index };
  }

  const noAuthor: RowProblem = { column: 'row', message: "the import's author can no longer write posts in this team" };

  return {
    /** The dry run of a batch: each row VALID, or INVALID with its problems. */
    async checkImportRows(input: ImportBatchInput): Promise<ImportBatchResult> {
      let team: Promise<Team> | undefined;
      return forBatch(input, ['PENDING', 'VALID', 'INVALID'], async (row, record, actor) => {
        if (!actor) return { status: 'INVALID', problems: [noAuthor] };
        const problems = await checkRow(row, record, await (team ??= teamOf(actor)));
        return problems.length > 0 ? { status: 'INVALID', problems: problems } : { status: 'VALID', problems: [] };
      });
    },

    /** Creates a batch of valid rows' posts; a row refused now (its time has passed) is FAILED with why. */
    async createImportPosts(input: ImportBatchInput): Promise<ImportBatchResult> {
      let team: Promise<Team> | undefined;
      return forBatch(input, ['VALID'], async (row, record, actor) => {
        if (!actor) return { status: 'FAILED', problems: [noAuthor] };
        const post = await postOf(row, record, await (team ??= teamOf(actor)));
        if ('problems' in post) return { status: 'FAILED', problems: post.problems };
        // the same key for the same row, every attempt: a post made by an attempt that died is found, not made again
        const key = `import:${record.id}:${row.index}`;
        try {
          const media = [...(post.input.media ?? [])];
          for (const { position, url } of post.mediaUrls) {
            media.splice(
              position,
              0,
              await deps.media.importFromUrl(actor, url, `${record.teamId}/import-${record.id}-${row.index}-${position}`),
            );
          }
          if (media.length > 0) post.input.media = media;
          const postIds = post.input.queue
            ? (await deps.queue.add(actor, { ...post.input, queue: post.input.queue }, key)).posts.map((created) => created.id)
            : [(await deps.posts.create(actor, post.input, key)).post.id];
          return { status: 'CREATED', postIds, problems: [] };
        } catch (error) {
          if (!(error instanceof ProblemError) || error.status >= 500) throw error;
          const problems =
            error.slug === 'media-unreachable'
              ? [{ column: 'media', message: error.detail ?? error.title }]
              : refusalProblems(error, row.cells, post.columns);
          return { status: 'FAILED', problems: problems };
        }
      });
    },

    /** Cancels a batch of created rows' posts that have not published (those that have are left as they are). */
    async undoImportPosts(input: ImportBatchInput): Promise<ImportBatchResult> {
      return forBatch(input, ['CREATED'], async (row, _record, actor) => {
        if (!actor) return { status: 'CREATED' };
        for (const postId of row.postIds) {
          try {
            await deps.posts.cancel(actor, postId);
          } catch (error) {
            // published, publishing or already cancelled: nothing to undo
            if (!(error instanceof ProblemError) || error.status >= 500) throw error;
          }
        }
        return { status: 'UNDONE' };
      });
    },

    /** Writes where the import is, for the API and the page to show. */
    async recordImportPhase(input: { importId: string; phase: ImportPhase }): Promise<void> {
      await db.import.updateMany({ where: { id: input.importId }, data: { phase: input.phase } });
    },
  };

  /** Every problem of the row: its own, a duplicate of an earlier row, then the post checks of POST /posts. */
  async function checkRow(row: BatchRow, record: ImportRecord, team: Team): Promise<RowProblem[]> {
    const duplicate = await db.importRow.findFirst({
      where: { importId: record.id, index: { lt: row.index }, fingerprint: row.fingerprint },
      select: { index: true },
      orderBy: { index: 'asc' },
    });
    const post = await postOf(row, record, team);
    const problems = [
      ...(duplicate ? [{ column: 'row', message: `the same text, accounts and time as row ${duplicate.index}` }] : []),
      ...('problems' in post ? post.problems : []),
    ];
    if ('problems' in post) return problems;
    // the files at URLs are checked by the platform rules as they will be, by what their servers say of them
    const urlMedia: UrlMedia[] = [];
    for (const { url, position } of post.mediaUrls) {
      const probed = await deps.media.probeUrl(url);
      if ('problem' in probed) problems.push({ column: 'media', message: probed.problem });
      else if (probed.media) urlMedia.push({ position, media: probed.media });
    }
    try {
      await deps.postChecks.checkNewPost(team.actor, post.input, { platformRules: true, urlMedia });
    } catch (error) {
      if (!(error instanceof ProblemError) || error.status >= 500) throw error;
      problems.push(...refusalProblems(error, row.cells, post.columns));
    }
    return problems;
  }
}

function dedupe(problems: RowProblem[]): RowProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.column}\n${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Things under each of their names, lower case: two with one name are both kept, for the row to be told to name one by id. */
function byNames<T>(things: readonly T[], namesOf: (thing: T) => string[]): Map<string, T[]> {
  const byName = new Map<string, T[]>();
  for (const thing of things) {
    for (const name of new Set(namesOf(thing).map((each) => each.toLowerCase()))) byName.set(name, [...(byName.get(name) ?? []), thing]);
  }
  return byName;
}
