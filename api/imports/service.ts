// Bulk imports (docs/import.md): a file's rows are stored as they stream in, a batch at a
// time, then the import's workflow checks them and, once confirmed, creates their posts
// (workflows/import-workflow.ts). The same file sent again by the same team answers the
// import it made the first time, and creates nothing.
import type { Readable } from 'node:stream';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import busboy from 'busboy';
import type { Request } from 'express';
import { isUndated, rowIdentity, type ImportCells, type ImportPhase, type RowProblem } from '../../domain/import-rows';
import { sha256 } from '../../lib/crypto';
import { hasPrismaCode, type Db } from '../../lib/db';
import { importWorkflowStart } from '../../lib/temporal/import-workflow-start';
import { importWorkflowId } from '../../temporal-config';
import { cancelSignal, confirmSignal, pauseSignal, resumeSignal, undoSignal } from '../../workflows/import-messages';
import type { importWorkflow } from '../../workflows/import-workflow';
import type { AuditAction, AuditLog } from '../audit/service';
import type { Actor } from '../auth/actor';
import { ProblemError, problems } from '../http/problem';
import { parseAs, unstorableText } from '../http/validate';
import { jsonRowCells, readImportFile, type ImportFormat } from './read-file';
import { ImportOptionsSchema, UploadFieldsSchema, type CreateImportJsonInput, type ImportOptions, type ImportRowsQuery } from './schemas';

export interface ImportServiceDeps {
  db: Db;
  temporal: Client;
  audit: AuditLog;
  taskQueue: string;
  namespace: string;
  temporalUiUrl: string;
}

/** Rows written to the database per insert while a file streams in. */
const INSERT_BATCH_ROWS = 500;
const MAX_FIELD_BYTES = 4096;

const IMPORT_FIELDS = {
  id: true,
  teamId: true,
  fileName: true,
  format: true,
  dryRun: true,
  phase: true,
  rowCount: true,
  spreadFrom: true,
  spreadTo: true,
  createdAt: true,
  updatedAt: true,
} as const;

/** What receiving a file found: its rows are stored by then. */
interface Filled {
  fileName: string;
  format: ImportFormat;
  fileHash: string;
  options: ImportOptions;
  rowCount: number;
  undatedCount: number;
}

type ImportRecord = {
  id: string;
  teamId: string;
  fileName: string;
  format: string;
  dryRun: boolean;
  phase: ImportPhase;
  rowCount: number;
  spreadFrom: Date | null;
  spreadTo: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

/** Where each message may be sent: a message the import is past is a 409, not a silent no-op. */
type Message = 'confirm' | 'pause' | 'resume' | 'cancel' | 'undo';
const ACCEPTS: Record<Message, readonly ImportPhase[]> = {
  confirm: ['CHECKED'],
  pause: ['CHECKING', 'CREATING', 'PAUSED'],
  resume: ['CHECKING', 'CREATING', 'PAUSED'],
  cancel: ['RECEIVED', 'CHECKING', 'CHECKED', 'CREATING', 'PAUSED'],
  undo: ['CREATING', 'PAUSED', 'DONE', 'CANCELLED'],
};

const AUDITED_AS = {
  confirm: 'import.confirmed',
  pause: 'import.paused',
  resume: 'import.resumed',
  cancel: 'import.cancelled',
  undo: 'import.undone',
} as const satisfies Record<Message, AuditAction>;

/**
 * Reads a multipart/form-data request: the `file` part goes to `receive` as it streams,
 * the text fields are collected. Resolves once the whole request is read (a refused file
 * is drained, so the client reads the answer).
 */
function receiveMultipart<T>(
  req: Request,
  receive: (file: Readable, fileName: string) => Promise<T>,
): Promise<{ received?: T; fields: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fields: 5, fieldSize: MAX_FIELD_BYTES, parts: 6 } });
    } catch {
      reject(
        new ProblemError(
          415,
          'unsupported-media-type',
          'Send multipart/form-data or JSON',
          'Upload the file as multipart/form-data in the `file` field, or send JSON `{ rows }`.',
        ),
      );
      return;
    }
    const fields: Record<string, string> = {};
    const refusals: ProblemError[] = [];
    let received: Promise<T> | undefined;
    parser.on('file', (name, file, info) => {
      if (name !== 'file' || received) {
        refusals.push(problems.validation([{ field: `body.${name}`, message: 'send one file, in the `file` field' }]));
        file.resume();
        return;
      }
      received = receive(file, info.filename || 'import').catch((error: unknown) => {
        file.resume(); // drain the rest of a refused file
        throw error;
      });
      received.catch(() => undefined); // observed when the parse ends
    });
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated)
        refusals.push(problems.validation([{ field: `body.${name}`, message: `must be at most ${MAX_FIELD_BYTES} bytes` }]));
      fields[name] = value;
    });
    const tooMany = () =>
      refusals.push(problems.validation([{ field: 'body', message: 'send `file` and the options dryRun, spreadFrom, spreadTo' }]));
    parser.on('filesLimit', () => refusals.push(problems.validation([{ field: 'body.file', message: 'send one file per import' }])));
    parser.on('fieldsLimit', tooMany);
    parser.on('partsLimit', tooMany);
    req.on('aborted', () => parser.destroy(new Error('the upload was interrupted')));
    let finished = false;
    const finish = async (parseError?: unknown) => {
      if (finished) return;
      finished = true;
      try {
        const value = await received;
        if (parseError) throw problems.validation([{ field: 'body', message: `not valid multipart/form-data (${String(parseError)})` }]);
        if (refusals.length > 0) throw refusals[0];
        resolve({ received: value, fields });
      } catch (error) {
        reject(error);
      }
    };
    parser.on('error', (error) => void finish(error));
    parser.on('close', () => void finish());
    req.pipe(parser);
  });
}

export function createImportService(deps: ImportServiceDeps) {
  const { db, temporal, audit } = deps;

  function view(record: ImportRecord, counts: Map<string, number>) {
    const workflowId = importWorkflowId(record.id);
    const count = (status: string) => counts.get(status) ?? 0;
    return {
      id: record.id,
      fileName: record.fileName,
      format: record.format as ImportFormat,
      dryRun: record.dryRun,
      phase: record.phase,
      rows: {
        total: record.rowCount,
        pending: count('PENDING'),
        valid: count('VALID'),
        invalid: count('INVALID'),
        created: count('CREATED'),
        failed: count('FAILED'),
        undone: count('UNDONE'),
      },
      spread: record.spreadFrom && record.spreadTo ? { from: record.spreadFrom.toISOString(), to: record.spreadTo.toISOString() } : null,
      createdAt: record.createdAt.toISOString(),
      updatedAt: record.updatedAt.toISOString(),
      workflowId,
      temporalUiUrl: `${deps.temporalUiUrl}/namespaces/${encodeURIComponent(deps.namespace)}/workflows/${workflowId}`,
    };
  }

  async function countsOf(importIds: string[]): Promise<Map<string, Map<string, number>>> {
    const groups = await db.importRow.groupBy({
      by: ['importId', 'status'],
      where: { importId: { in: importIds } },
      _count: { _all: true },
    });
    const counts = new Map(importIds.map((id) => [id, new Map<string, number>()]));
    for (const group of groups) counts.get(group.importId)!.set(group.status, group._count._all);
    return counts;
  }

  async function viewOf(record: ImportRecord) {
    return view(record, (await countsOf([record.id])).get(record.id)!);
  }

  async function findImport(actor: Actor, id: string): Promise<ImportRecord> {
    const record = await db.import.findFirst({ where: { id, teamId: actor.teamId }, select: IMPORT_FIELDS });
    if (!record) throw problems.notFound('Import', id);
    return record;
  }

  /** Writes the rows a batch at a time as they are read; how many there were, and how many without a time. */
  async function storeRows(importId: string, rows: AsyncIterable<ImportCells> | Iterable<ImportCells>) {
    let batch: Array<{ importId: string; index: number; cells: ImportCells; fingerprint: string; undatedIndex: number | null }> = [];
    let rowCount = 0;
    let undatedCount = 0;
    for await (const cells of rows) {
      rowCount += 1;
      for (const [column, text] of Object.entries(cells)) {
        const problem = unstorableText(text);
        if (problem) throw problems.validation([{ field: 'body.file', message: `row ${rowCount}, column ${column}: ${problem}` }]);
      }
      batch.push({
        importId,
        index: rowCount,
        cells,
        fingerprint: sha256(rowIdentity(cells)),
        undatedIndex: isUndated(cells) ? undatedCount++ : null,
      });
      if (batch.length === INSERT_BATCH_ROWS) {
        await db.importRow.createMany({ data: batch });
        batch = [];
      }
    }
    if (batch.length > 0) await db.importRow.createMany({ data: batch });
    return { rowCount, undatedCount };
  }

  /**
   * Receives an import: `fill` stores its rows under the new import and tells its hash. The
   * same file as an earlier import of the team answers that import (`replayed`), keeping
   * nothing of this one; otherwise its workflow starts.
   */
  async function receive(actor: Actor, fill: (importId: string) => Promise<Filled>) {
    const created = await db.import.create({
      data: { teamId: actor.teamId, createdById: actor.userId, fileName: 'import', format: 'csv', dryRun: true },
      select: { id: true },
    });
    let filled: Filled | undefined;
    let record: ImportRecord;
    try {
      filled = await fill(created.id);
      record = await db.import.update({
        where: { id: created.id },
        data: {
          fileName: filled.fileName.slice(0, 255),
          format: filled.format,
          fileHash: filled.fileHash,
          dryRun: filled.options.dryRun,
          spreadFrom: filled.options.spread?.from ?? null,
          spreadTo: filled.options.spread?.to ?? null,
          rowCount: filled.rowCount,
          undatedCount: filled.undatedCount,
        },
        select: IMPORT_FIELDS,
      });
    } catch (error) {
      await db.import.delete({ where: { id: created.id } });
      const earlier = filled && hasPrismaCode(error, 'P2002') ? await earlierImport(actor, filled.fileHash) : undefined;
      if (earlier) return earlier;
      throw error;
    }
    try {
      await temporal.workflow.start<typeof importWorkflow>('importWorkflow', importWorkflowStart(record, deps.taskQueue));
    } catch (error) {
      // without its workflow the import would never move: keep nothing, so the same file may be sent again
      await db.import.delete({ where: { id: record.id } });
      throw error;
    }
    await audit.record(actor, 'import.created', {
      entityType: 'import',
      entityId: record.id,
      details: { fileName: record.fileName, rows: record.rowCount },
    });
    return { import: await viewOf(record), replayed: false };
  }

  /** The import with the same file as `fileHash` in the team, if there is one. */
  async function earlierImport(actor: Actor, fileHash: string) {
    const earlier = await db.import.findFirst({ where: { teamId: actor.teamId, fileHash }, select: IMPORT_FIELDS });
    return earlier ? { import: await viewOf(earlier), replayed: true } : undefined;
  }

  async function send(actor: Actor, id: string, message: Message) {
    const record = await findImport(actor, id);
    if (!ACCEPTS[message].includes(record.phase)) {
      throw problems.conflict(
        'import-phase',
        `The import is ${record.phase}: ${message} is for an import that is ${ACCEPTS[message].join(', ')}.`,
        {
          phase: record.phase,
        },
      );
    }
    if (message === 'undo') {
      // the import's workflow may have ended: a new run of it undoes
      await temporal.workflow.signalWithStart<typeof importWorkflow>('importWorkflow', {
        ...importWorkflowStart(record, deps.taskQueue, { undo: true }),
        signal: undoSignal,
        signalArgs: [],
      });
    } else {
      const signal = { confirm: confirmSignal, pause: pauseSignal, resume: resumeSignal, cancel: cancelSignal }[message];
      try {
        await temporal.workflow.getHandle(importWorkflowId(id)).signal(signal);
      } catch (error) {
        if (error instanceof WorkflowNotFoundError)
          throw problems.conflict('import-phase', `The import has ended (${record.phase}).`, { phase: record.phase });
        throw error;
      }
    }
    await audit.record(actor, AUDITED_AS[message], { entityType: 'import', entityId: id });
    return viewOf(record);
  }

  return {
    /** An upload (multipart/form-data: `file`, and the options as text fields). */
    async upload(actor: Actor, req: Request) {
      return receive(actor, async (importId) => {
        const { received, fields } = await receiveMultipart(req, async (file, fileName) => {
          const read = readImportFile(file.iterator({ destroyOnReturn: false }));
          const counts = await storeRows(importId, read.rows);
          return { ...counts, fileName, format: read.format(), fileHash: read.hash() };
        });
        if (!received) throw problems.validation([{ field: 'body.file', message: 'send the CSV or JSON file in the `file` field' }]);
        return { ...received, options: parseAs(ImportOptionsSchema, parseAs(UploadFieldsSchema, fields, 'body'), 'body') };
      });
    },

    /** Rows sent as JSON (`{ rows }`), for API clients with a few rows at hand. */
    async createFromRows(actor: Actor, input: CreateImportJsonInput) {
      const rows = input.rows.map((row, index) => {
        try {
          return jsonRowCells(row, index + 1);
        } catch (error) {
          const message =
            error instanceof ProblemError
              ? String((error.extensions.errors as RowProblem[] | undefined)?.[0]?.message ?? error.detail)
              : String(error);
          throw problems.validation([{ field: `body.rows.${index}`, message }]);
        }
      });
      const fileHash = sha256(JSON.stringify(rows));
      const earlier = await earlierImport(actor, fileHash);
      if (earlier) return earlier;
      return receive(actor, async (importId) => ({
        ...(await storeRows(importId, rows)),
        fileName: input.fileName ?? 'rows.json',
        format: 'json',
        fileHash,
        options: { dryRun: input.dryRun, spread: input.spread },
      }));
    },

    /** The team's imports, newest first (not one whose file is still arriving). */
    async list(actor: Actor) {
      const records = await db.import.findMany({
        where: { teamId: actor.teamId, fileHash: { not: null } },
        select: IMPORT_FIELDS,
        orderBy: { createdAt: 'desc' },
        take: 50,
      });
      const counts = await countsOf(records.map((record) => record.id));
      return records.map((record) => view(record, counts.get(record.id)!));
    },

    async get(actor: Actor, id: string) {
      return viewOf(await findImport(actor, id));
    },

    /** A page of the import's rows, with what the checks found and the posts they became. */
    async rows(actor: Actor, id: string, query: ImportRowsQuery) {
      await findImport(actor, id);
      const rows = await db.importRow.findMany({
        where: { importId: id, index: { gt: query.after }, ...(query.status && { status: query.status }) },
        select: { index: true, status: true, cells: true, problems: true, postIds: true },
        orderBy: { index: 'asc' },
        take: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      return {
        data: page.map((row) => ({
          row: row.index,
          status: row.status,
          cells: row.cells as ImportCells,
          problems: row.problems as unknown as RowProblem[],
          postIds: row.postIds,
        })),
        nextAfter: rows.length > query.limit ? page.at(-1)!.index : null,
      };
    },

    confirm: (actor: Actor, id: string) => send(actor, id, 'confirm'),
    pause: (actor: Actor, id: string) => send(actor, id, 'pause'),
    resume: (actor: Actor, id: string) => send(actor, id, 'resume'),
    cancel: (actor: Actor, id: string) => send(actor, id, 'cancel'),
    undo: (actor: Actor, id: string) => send(actor, id, 'undo'),
  };
}
export type ImportService = ReturnType<typeof createImportService>;
