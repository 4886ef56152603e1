// A team's snippets: named blocks of text the composer inserts at the cursor. Only text:
// inserted, a snippet is part of the post's text like any other.
import { hasPrismaCode, type Db } from '../../lib/db';
import type { AuditLog } from '../audit/service';
import type { Actor } from '../auth/actor';
import { problems } from '../http/problem';
import type { CreateSnippetInput, EditSnippetInput } from './schemas';

const SNIPPET_FIELDS = { id: true, name: true, content: true, createdAt: true, updatedAt: true } as const;

function nameTaken(name: string) {
  return problems.conflict('snippet-name-taken', `The team already has a snippet named ${JSON.stringify(name)}.`);
}

export function createSnippetService(deps: { db: Db; audit: AuditLog }) {
  const { db, audit } = deps;

  async function findSnippet(actor: Actor, id: string) {
    const snippet = await db.snippet.findFirst({ where: { id, teamId: actor.teamId }, select: SNIPPET_FIELDS });
    if (!snippet) throw problems.notFound('Snippet', id);
    return snippet;
  }

  return {
    /** The team's snippets by name. */
    list(actor: Actor) {
      return db.snippet.findMany({ where: { teamId: actor.teamId }, select: SNIPPET_FIELDS, orderBy: [{ name: 'asc' }, { id: 'asc' }] });
    },

    get: findSnippet,

    async create(actor: Actor, input: CreateSnippetInput) {
      let snippet;
      try {
        snippet = await db.snippet.create({ data: { teamId: actor.teamId, ...input }, select: SNIPPET_FIELDS });
      } catch (error) {
        if (hasPrismaCode(error, 'P2002')) throw nameTaken(input.name);
        throw error;
      }
      await audit.record(actor, 'snippet.created', { entityType: 'snippet', entityId: snippet.id, details: { name: snippet.name } });
      return snippet;
    },

    async edit(actor: Actor, id: string, input: EditSnippetInput) {
      await findSnippet(actor, id);
      let snippet;
      try {
        snippet = await db.snippet.update({ where: { id }, data: input, select: SNIPPET_FIELDS });
      } catch (error) {
        if (hasPrismaCode(error, 'P2002')) throw nameTaken(input.name ?? '');
        // deleted since it was found
        if (hasPrismaCode(error, 'P2025')) throw problems.notFound('Snippet', id);
        throw error;
      }
      await audit.record(actor, 'snippet.edited', { entityType: 'snippet', entityId: id, details: { fields: Object.keys(input) } });
      return snippet;
    },

    async remove(actor: Actor, id: string) {
      const snippet = await findSnippet(actor, id);
      const { count } = await db.snippet.deleteMany({ where: { id, teamId: actor.teamId } });
      if (count === 0) throw problems.notFound('Snippet', id);
      await audit.record(actor, 'snippet.deleted', { entityType: 'snippet', entityId: id, details: { name: snippet.name } });
    },
  };
}
export type SnippetService = ReturnType<typeof createSnippetService>;
