// A team's labels: planning metadata kept in the database only. A post's labels change
// without its workflow (which publishes, and has no use for them), in any state.
import type { Db } from '../../lib/db';
import { Prisma } from '../../prisma/generated/client';
import type { Actor } from '../auth/actor';
import { problems } from '../http/problem';
import type { CreateLabelInput, EditLabelInput } from './schemas';

export const LABEL_FIELDS = { id: true, name: true, colour: true, createdAt: true } as const;

function hasCode(error: unknown, code: 'P2002' | 'P2025'): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === code;
}

function nameTaken(name: string) {
  return problems.conflict('label-name-taken', `The team already has a label named ${JSON.stringify(name)} (ignoring case).`);
}

export function createLabelService(deps: { db: Db }) {
  const { db } = deps;

  async function findLabel(actor: Actor, id: string) {
    const label = await db.label.findFirst({ where: { id, teamId: actor.teamId }, select: LABEL_FIELDS });
    if (!label) throw problems.notFound('Label', id);
    return label;
  }

  return {
    /** The team's labels by name. */
    list(actor: Actor) {
      return db.label.findMany({ where: { teamId: actor.teamId }, select: LABEL_FIELDS, orderBy: [{ name: 'asc' }, { id: 'asc' }] });
    },

    async create(actor: Actor, input: CreateLabelInput) {
      try {
        return await db.label.create({ data: { teamId: actor.teamId, ...input }, select: LABEL_FIELDS });
      } catch (error) {
        if (hasCode(error, 'P2002')) throw nameTaken(input.name);
        throw error;
      }
    },

    async edit(actor: Actor, id: string, input: EditLabelInput) {
      await findLabel(actor, id);
      try {
        return await db.label.update({ where: { id }, data: input, select: LABEL_FIELDS });
      } catch (error) {
        if (hasCode(error, 'P2002')) throw nameTaken(input.name ?? '');
        // deleted since it was found
        if (hasCode(error, 'P2025')) throw problems.notFound('Label', id);
        throw error;
      }
    },

    /** Deletes the label, and so takes it off every post. */
    async remove(actor: Actor, id: string) {
      const { count } = await db.label.deleteMany({ where: { id, teamId: actor.teamId } });
      if (count === 0) throw problems.notFound('Label', id);
    },

    /** The ids, checked to be the team's labels; 400 naming `field`.<i> for each that is not. */
    async resolve(actor: Actor, ids: readonly string[], field: string): Promise<string[]> {
      if (ids.length === 0) return [];
      const found = await db.label.findMany({ where: { id: { in: [...ids] }, teamId: actor.teamId }, select: { id: true } });
      const known = new Set(found.map((label) => label.id));
      const unknown = ids.flatMap((id, index) =>
        known.has(id) ? [] : [{ field: `${field}.${index}`, message: `no label with id ${id} in this team` }],
      );
      if (unknown.length > 0) throw problems.validation(unknown);
      return [...ids];
    },
  };
}
export type LabelService = ReturnType<typeof createLabelService>;
