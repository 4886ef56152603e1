// A team's labels: planning metadata kept in the database only. A post's labels change
// without its workflow (which publishes, and has no use for them), in any state.
import { hasPrismaCode, type Db } from '../../lib/db';
import type { AuditLog } from '../audit/service';
import type { Actor } from '../auth/actor';
import { problems } from '../http/problem';
import type { CreateLabelInput, EditLabelInput } from './schemas';

export const LABEL_FIELDS = { id: true, name: true, colour: true, createdAt: true } as const;

function nameTaken(name: string) {
  return problems.conflict('label-name-taken', `The team already has a label named ${JSON.stringify(name)} (ignoring case).`);
}

export function createLabelService(deps: { db: Db; audit: AuditLog }) {
  const { db, audit } = deps;

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

    /** How many posts wear each of the team's labels (labels on none are left out). */
    async postCounts(actor: Actor): Promise<Map<string, number>> {
      const groups = await db.postLabel.groupBy({ by: ['labelId'], where: { label: { teamId: actor.teamId } }, _count: { _all: true } });
      return new Map(groups.map((group) => [group.labelId, group._count._all]));
    },

    async create(actor: Actor, input: CreateLabelInput) {
      let label;
      try {
        label = await db.label.create({ data: { teamId: actor.teamId, ...input }, select: LABEL_FIELDS });
      } catch (error) {
        if (hasPrismaCode(error, 'P2002')) throw nameTaken(input.name);
        throw error;
      }
      await audit.record(actor, 'label.created', {
        entityType: 'label',
        entityId: label.id,
        details: { name: label.name, colour: label.colour },
      });
      return label;
    },

    async edit(actor: Actor, id: string, input: EditLabelInput) {
      const before = await findLabel(actor, id);
      let label;
      try {
        label = await db.label.update({ where: { id }, data: input, select: LABEL_FIELDS });
      } catch (error) {
        if (hasPrismaCode(error, 'P2002')) throw nameTaken(input.name ?? '');
        // deleted since it was found
        if (hasPrismaCode(error, 'P2025')) throw problems.notFound('Label', id);
        throw error;
      }
      await audit.record(actor, 'label.edited', {
        entityType: 'label',
        entityId: id,
        details: { from: { name: before.name, colour: before.colour }, to: { name: label.name, colour: label.colour } },
      });
      return label;
    },

    /** Deletes the label, and so takes it off every post. */
    async remove(actor: Actor, id: string) {
      const label = await findLabel(actor, id);
      const { count } = await db.label.deleteMany({ where: { id, teamId: actor.teamId } });
      if (count === 0) throw problems.notFound('Label', id);
      await audit.record(actor, 'label.deleted', { entityType: 'label', entityId: id, details: { name: label.name } });
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
