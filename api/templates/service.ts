// A team's templates: saved posts with variables, checked against their platforms' rules
// when saved, and filled into a new post's body (POST /posts with templateId, and imports).
import { checkPostForTargets } from '../../domain/platform-rules';
import { optionMediaIds } from '../../domain/target-options';
import type { Platform } from '../../domain/post';
import { fillForRules, fillTemplate, templateVariables } from '../../domain/template-variables';
import { hasPrismaCode } from '../../lib/db';
import type { Prisma } from '../../prisma/generated/client';
import type { AuditLog } from '../audit/service';
import type { Actor } from '../auth/actor';
import { problems } from '../http/problem';
import { createPostChecks, ruleMediaLookup, withTargetOptions, type PostChecksDeps } from '../posts/post-checks';
import { overridesOutsideTargets, type OverridesInput, type TargetOptionsInput } from '../posts/schemas';
import type { CreateTemplateInput, EditTemplateInput, PostFromTemplateInput } from './schemas';

const TEMPLATE_FIELDS = {
  id: true,
  name: true,
  content: true,
  connectionIds: true,
  variants: true,
  mediaIds: true,
  labelIds: true,
  firstComment: true,
  thread: true,
  targetOptions: true,
  createdAt: true,
  updatedAt: true,
} as const;

interface Variant {
  platform: Platform;
  content: string;
}
interface TemplatePart {
  content: string;
  media?: string[] | undefined;
}

/** A template's fields as the schemas take them (media under `media`, as on a post). */
type TemplateContent = Omit<CreateTemplateInput, 'name'>;

type TemplateRow = Prisma.TemplateGetPayload<{ select: typeof TEMPLATE_FIELDS }>;

function contentOf(row: TemplateRow): TemplateContent {
  return {
    content: row.content,
    connectionIds: row.connectionIds,
    variants: row.variants as unknown as Variant[],
    media: row.mediaIds,
    labelIds: row.labelIds,
    firstComment: row.firstComment,
    thread: row.thread as unknown as TemplatePart[],
    targetOptions: row.targetOptions as unknown as TargetOptionsInput,
  };
}

/** Every text of the template, in one order: content, variants, thread parts, first comment. */
function textsOf(template: TemplateContent): string[] {
  return [
    template.content,
    ...template.variants.map((variant) => variant.content),
    ...template.thread.map((part) => part.content),
    ...(template.firstComment === null ? [] : [template.firstComment]),
  ];
}

/** The template with `texts` (in textsOf's order) in place of its own. */
function withTexts(template: TemplateContent, texts: readonly string[]): TemplateContent {
  let next = 0;
  const take = () => texts[next++]!;
  return {
    ...template,
    content: take(),
    variants: template.variants.map((variant) => ({ ...variant, content: take() })),
    thread: template.thread.map((part) => ({ ...part, content: take() })),
    firstComment: template.firstComment === null ? null : take(),
  };
}

function toTemplateView(row: TemplateRow) {
  const { mediaIds: _mediaIds, variants: _variants, thread: _thread, targetOptions: _targetOptions, ...rest } = row;
  const template = contentOf(row);
  return { ...rest, ...template, variables: templateVariables(textsOf(template)) };
}
export type TemplateView = ReturnType<typeof toTemplateView>;

function nameTaken(name: string) {
  return problems.conflict('template-name-taken', `The team already has a template named ${JSON.stringify(name)}.`);
}

export function createTemplateService(deps: PostChecksDeps & { audit: AuditLog }) {
  const { db, audit } = deps;
  const checks = createPostChecks(deps);

  async function findTemplate(actor: Actor, id: string) {
    const template = await db.template.findFirst({ where: { id, teamId: actor.teamId }, select: TEMPLATE_FIELDS });
    if (!template) throw problems.notFound('Template', id);
    return template;
  }

  /**
   * 400/422 unless the accounts, media and labels are the team's, and every target platform
   * takes the template (its accounts', each at its own limit and with its options, and its
   * variants' platforms), with variables filled by their defaults or a placeholder
   * (domain/template-variables.ts).
   */
  async function check(actor: Actor, template: TemplateContent): Promise<void> {
    const outside = overridesOutsideTargets(template.targetOptions, template.connectionIds);
    if (outside.length > 0) {
      throw problems.validation(outside.map(({ index, message }) => ({ field: `body.targetOptions.${index}.connectionId`, message })));
    }
    // options under another platform's key than the account's are a 400 naming the entry
    const targets = withTargetOptions(await checks.resolveTargets(actor, template.connectionIds), template.targetOptions);
    if (template.media.length > 0) await deps.media.resolveForPost(actor, template.media);
    await checks.resolveThread(actor, template.thread);
    await deps.labels.resolve(actor, template.labelIds, 'body.labelIds');
    const filled = withTexts(template, fillForRules(textsOf(template)));
    const connections = await db.connection.findMany({
      where: { id: { in: template.connectionIds }, teamId: actor.teamId },
      select: { id: true, handle: true, maxCharacters: true },
    });
    const byId = new Map(connections.map((connection) => [connection.id, connection]));
    const variantText = new Map(filled.variants.map((variant) => [variant.platform, variant.content]));
    const accountPlatforms = new Set(targets.map((target) => target.platform));
    const optionMedia = new Map(targets.map((target) => [target.connectionId, optionMediaIds(target.platform, target.options)]));
    const ruleMedia = await ruleMediaLookup(db, actor, [
      ...filled.media,
      ...filled.thread.flatMap((part) => part.media ?? []),
      ...[...optionMedia.values()].flat(),
    ]);
    const ruleTargets = [
      ...targets.map((target) => ({
        platform: target.platform,
        connectionId: target.connectionId,
        maxCharacters: byId.get(target.connectionId)?.maxCharacters ?? null,
        content: variantText.get(target.platform),
        options: target.options,
        optionMedia: new Map(
          optionMedia.get(target.connectionId)!.flatMap((mediaId) => ruleMedia([mediaId]).map((item) => [mediaId, item] as const)),
        ),
      })),
      ...filled.variants
        .filter((variant) => !accountPlatforms.has(variant.platform))
        .map((variant) => ({ platform: variant.platform, content: variant.content })),
    ];
    const optioned = new Set(template.targetOptions.map((entry) => entry.connectionId));
    const violations = checkPostForTargets(
      {
        content: filled.content,
        media: ruleMedia(filled.media),
        thread: filled.thread.map((part) => ({ content: part.content, media: ruleMedia(part.media ?? []) })),
        ...(filled.firstComment !== null && { firstComment: filled.firstComment }),
      },
      ruleTargets,
      // an account the template gives no options may be given them with each post made from it
    ).filter((violation) => violation.rule !== 'target-options' || optioned.has(violation.connectionId!));
    if (violations.length === 0) return;
    const where = (violation: (typeof violations)[number]) =>
      violation.connectionId ? `for ${byId.get(violation.connectionId)?.handle ?? violation.connectionId}` : 'for its variant';
    throw problems.unprocessable(
      'platform-rules',
      violations.map((violation) => `${violation.platform} (${violation.rule}) ${where(violation)}: ${violation.message}`).join('; '),
      { violations },
    );
  }

  function columns(template: TemplateContent) {
    return {
      content: template.content,
      connectionIds: template.connectionIds,
      variants: template.variants as unknown as Prisma.InputJsonArray,
      mediaIds: template.media,
      labelIds: template.labelIds,
      firstComment: template.firstComment,
      thread: template.thread as unknown as Prisma.InputJsonArray,
      targetOptions: template.targetOptions as unknown as Prisma.InputJsonArray,
    };
  }

  /**
   * The team's template with its variables filled: 422 naming `body.templateId` for another
   * team's template, and each `body.variables.<name>` without a value or a default; 400 naming
   * a value for a variable the template does not have.
   */
  async function fill(actor: Actor, templateId: string, variables: Readonly<Record<string, string>>): Promise<TemplateContent> {
    const row = await db.template.findFirst({ where: { id: templateId, teamId: actor.teamId }, select: TEMPLATE_FIELDS });
    if (!row) {
      throw problems.unprocessable('unknown-template', `body.templateId: no template with id ${templateId} in this team.`, {
        errors: [{ field: 'body.templateId', message: `no template with id ${templateId} in this team` }],
      });
    }
    const stored = contentOf(row);
    const filled = fillTemplate(textsOf(stored), variables);
    if (filled.ok) return withTexts(stored, filled.texts);
    if (filled.unknown.length > 0) {
      throw problems.validation(
        filled.unknown.map((name) => ({ field: `body.variables.${name}`, message: `the template has no variable ${name}` })),
      );
    }
    throw problems.unprocessable('template-variables-missing', `The template needs a value for ${filled.missing.join(', ')}.`, {
      errors: filled.missing.map((name) => ({
        field: `body.variables.${name}`,
        message: `a value for ${name} is required: it has no default`,
      })),
    });
  }

  return {
    /** The team's templates by name. */
    async list(actor: Actor) {
      const rows = await db.template.findMany({
        where: { teamId: actor.teamId },
        select: TEMPLATE_FIELDS,
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
      });
      return rows.map(toTemplateView);
    },

    async get(actor: Actor, id: string) {
      return toTemplateView(await findTemplate(actor, id));
    },

    async create(actor: Actor, { name, ...template }: CreateTemplateInput) {
      await check(actor, template);
      let row;
      try {
        row = await db.template.create({ data: { teamId: actor.teamId, name, ...columns(template) }, select: TEMPLATE_FIELDS });
      } catch (error) {
        if (hasPrismaCode(error, 'P2002')) throw nameTaken(name);
        throw error;
      }
      await audit.record(actor, 'template.created', { entityType: 'template', entityId: row.id, details: { name } });
      return toTemplateView(row);
    },

    /** What is sent replaces what the template had; the whole template is checked again. */
    async edit(actor: Actor, id: string, { name, ...changes }: EditTemplateInput) {
      const current = contentOf(await findTemplate(actor, id));
      const connectionIds = changes.connectionIds ?? current.connectionIds;
      // null is a first comment taken away, not one left out
      const template: TemplateContent = {
        content: changes.content ?? current.content,
        connectionIds,
        variants: changes.variants ?? current.variants,
        media: changes.media ?? current.media,
        labelIds: changes.labelIds ?? current.labelIds,
        firstComment: changes.firstComment !== undefined ? changes.firstComment : current.firstComment,
        thread: changes.thread ?? current.thread,
        targetOptions: changes.targetOptions ?? current.targetOptions.filter((entry) => connectionIds.includes(entry.connectionId)),
      };
      await check(actor, template);
      let row;
      try {
        row = await db.template.update({
          where: { id },
          data: { ...(name !== undefined && { name }), ...columns(template) },
          select: TEMPLATE_FIELDS,
        });
      } catch (error) {
        if (hasPrismaCode(error, 'P2002')) throw nameTaken(name ?? '');
        // deleted since it was found
        if (hasPrismaCode(error, 'P2025')) throw problems.notFound('Template', id);
        throw error;
      }
      const fields = Object.entries({ name, ...changes }).flatMap(([field, value]) => (value === undefined ? [] : [field]));
      await audit.record(actor, 'template.edited', { entityType: 'template', entityId: id, details: { fields } });
      return toTemplateView(row);
    },

    async remove(actor: Actor, id: string) {
      const template = await findTemplate(actor, id);
      const { count } = await db.template.deleteMany({ where: { id, teamId: actor.teamId } });
      if (count === 0) throw problems.notFound('Template', id);
      await audit.record(actor, 'template.deleted', { entityType: 'template', entityId: id, details: { name: template.name } });
    },

    fill,

    /**
     * A new post's body with the template it names filled in: the body's own fields win, the
     * template fills what it leaves out, and each account of a platform with a variant
     * publishes the variant unless the body gives that account its own text, and takes the
     * template's platform options unless the body gives that account its own. Without
     * `templateId` the body is returned as it is; refusals as `fill` answers them.
     */
    async fillPostBody({ templateId, variables, ...body }: PostFromTemplateInput, actor: Actor): Promise<Record<string, unknown>> {
      if (templateId === undefined) {
        if (variables !== undefined) throw problems.validation([{ field: 'body.variables', message: 'variables go with templateId' }]);
        return body;
      }
      const template = await fill(actor, templateId, variables ?? {});
      const connectionIds = Array.isArray(body.connectionIds) ? (body.connectionIds as unknown[]) : template.connectionIds;
      const platforms = await db.connection.findMany({
        where: { id: { in: connectionIds.filter((id): id is string => typeof id === 'string') }, teamId: actor.teamId },
        select: { id: true, platform: true },
      });
      const variantText = new Map(template.variants.map((variant) => [variant.platform, variant.content]));
      const ownTexts = Array.isArray(body.overrides) ? (body.overrides as OverridesInput) : [];
      const ownAccounts = new Set(ownTexts.map((override) => override?.connectionId));
      const variantOverrides = platforms.flatMap((connection) => {
        const content = variantText.get(connection.platform);
        return content === undefined || ownAccounts.has(connection.id) ? [] : [{ connectionId: connection.id, content }];
      });
      const ownOptions = Array.isArray(body.targetOptions) ? (body.targetOptions as TargetOptionsInput) : [];
      const ownOptioned = new Set(ownOptions.map((entry) => entry?.connectionId));
      const templateOptions = template.targetOptions.filter(
        (entry) => connectionIds.includes(entry.connectionId) && !ownOptioned.has(entry.connectionId),
      );
      return {
        content: template.content,
        connectionIds: template.connectionIds,
        media: template.media,
        labelIds: template.labelIds,
        ...(template.thread.length > 0 && { thread: template.thread }),
        ...(template.firstComment !== null && { firstComment: template.firstComment }),
        ...body,
        // overrides and options that are not a list are left for the post's schema to refuse
        ...(variantOverrides.length > 0 &&
          (body.overrides === undefined || Array.isArray(body.overrides)) && {
            overrides: [...ownTexts, ...variantOverrides],
          }),
        ...(templateOptions.length > 0 &&
          (body.targetOptions === undefined || Array.isArray(body.targetOptions)) && {
            targetOptions: [...ownOptions, ...templateOptions],
          }),
      };
    },
  };
}
export type TemplateService = ReturnType<typeof createTemplateService>;
