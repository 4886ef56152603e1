// The rows of an import file (docs/import.md): which columns there are, and what a row's
// cells say, read without the database: its time, its lists, its thread parts and its
// per-account texts. Pure, so the API reading a file and the worker checking its rows read
// a row alike.
import { isTimeZone, instantOfWallClock } from './time-zone';

/** The most rows one file may hold; more are refused before any is checked. */
export const IMPORT_ROW_LIMIT = 10_000;

/** Where an import is (the workflow's phases, stored on the import for the API and the page). */
export const IMPORT_PHASES = ['RECEIVED', 'CHECKING', 'CHECKED', 'CREATING', 'PAUSED', 'DONE', 'CANCELLED', 'UNDOING', 'UNDONE'] as const;
export type ImportPhase = (typeof IMPORT_PHASES)[number];

/** What became of a row: checked (VALID, INVALID), then CREATED or FAILED, and UNDONE. */
export const IMPORT_ROW_STATUSES = ['PENDING', 'VALID', 'INVALID', 'CREATED', 'FAILED', 'UNDONE'] as const;
export type ImportRowStatus = (typeof IMPORT_ROW_STATUSES)[number];

/** A row as read from the file: column name to text (empty cells left out). */
export type ImportCells = Record<string, string>;

/** What is wrong with a row, in which column (`row` for the row as a whole). */
export interface RowProblem {
  column: string;
  message: string;
}

export const IMPORT_COLUMNS = ['text', 'accounts', 'time', 'timezone', 'media', 'labels', 'first_comment', 'template'] as const;
/** `text:<account or platform>`: the text that account, or every account of that platform, publishes instead */
const OVERRIDE_COLUMN = /^text:(.+)$/i;
/** `options:<account or platform>`: that account's, or every account of that platform's, platform options, as a JSON object */
const OPTIONS_COLUMN = /^options:(.+)$/i;
/** `var:<name>`: the value of the row's template's variable `{{name}}` */
const VARIABLE_COLUMN = /^var:(.+)$/i;
/** `part2`, `part3` …: a thread's parts after the first (`text`) */
const PART_COLUMN = /^part([2-9]|1\d|2[0-5])$/;

/** The value of `time` that sends a row to its accounts' queues. */
export const QUEUE_TIME = 'queue';

/** Column names as a file may spell them: trimmed, lower case (a `text:` or `options:` column keeps its account's spelling, a `var:` column its variable's). */
export function normaliseColumn(name: string): string {
  const trimmed = name.trim();
  const override = OVERRIDE_COLUMN.exec(trimmed);
  if (override) return `text:${override[1]!.trim()}`;
  const options = OPTIONS_COLUMN.exec(trimmed);
  if (options) return `options:${options[1]!.trim()}`;
  const variable = VARIABLE_COLUMN.exec(trimmed);
  return variable ? `var:${variable[1]!.trim()}` : trimmed.toLowerCase();
}

export function isOptionsColumn(name: string): boolean {
  return OPTIONS_COLUMN.test(name);
}

export function isImportColumn(name: string): boolean {
  return (
    (IMPORT_COLUMNS as readonly string[]).includes(name) ||
    OVERRIDE_COLUMN.test(name) ||
    OPTIONS_COLUMN.test(name) ||
    VARIABLE_COLUMN.test(name) ||
    PART_COLUMN.test(name)
  );
}

/** Problems of a file's header: unknown columns, repeated ones, and neither `text` nor `template`. */
export function headerProblems(columns: readonly string[]): string[] {
  const problems: string[] = [];
  const unknown = columns.filter((column) => !isImportColumn(column));
  if (unknown.length > 0) {
    problems.push(
      `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((column) => `"${column}"`).join(', ')}: ` +
        `the columns are ${IMPORT_COLUMNS.join(', ')}, text:<account or platform>, options:<account or platform>, var:<template variable> and part2 … part25`,
    );
  }
  const repeated = columns.filter((column, index) => columns.indexOf(column) !== index);
  if (repeated.length > 0)
    problems.push(`column${repeated.length > 1 ? 's' : ''} ${[...new Set(repeated)].join(', ')} appear more than once`);
  if (!columns.includes('text') && !columns.includes('template'))
    problems.push('no text column: the first line must be the header, naming the columns (text or template, accounts, time …)');
  return problems;
}

/** A list cell (accounts, media, labels): items separated by `;`, trimmed, empty ones left out. */
export function listCell(value: string | undefined): string[] {
  return (value ?? '')
    .split(';')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** What makes two rows the same post: their text, accounts and time, their template with its values, and their platform options. */
export function rowIdentity(cells: ImportCells): string {
  const accounts = listCell(cells.accounts)
    .map((account) => account.toLowerCase())
    .sort();
  const template = cells.template?.trim() ? [cells.template.trim().toLowerCase(), variableCells(cells)] : [];
  // two Reddit posts of one text to two subreddits are two posts
  const options = optionsCells(cells).map(({ key, json }) => [key.toLowerCase(), json.trim()]);
  return JSON.stringify([
    cells.text?.trim() ?? '',
    accounts,
    cells.time?.trim() ?? '',
    cells.timezone?.trim() ?? '',
    ...template,
    ...(options.length > 0 ? [options] : []),
  ]);
}

/** Whether the row has no time of its own (it is queued, or spread over the import's window). */
export function isUndated(cells: ImportCells): boolean {
  return (cells.time ?? '').trim() === '';
}

export type RowTime = { at: Date; timeZone?: string } | { queue: true } | { undated: true } | { problem: RowProblem };

const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** The row's time: ISO 8601 with an offset, a local time with a `timezone` column, `queue`, or none. */
export function rowTime(cells: ImportCells): RowTime {
  const time = (cells.time ?? '').trim();
  const timeZone = (cells.timezone ?? '').trim();
  if (timeZone && !isTimeZone(timeZone)) {
    return { problem: { column: 'timezone', message: `"${timeZone}" is not an IANA time zone, e.g. Europe/Berlin` } };
  }
  if (time === '') return { undated: true };
  if (time.toLowerCase() === QUEUE_TIME) return { queue: true };
  if (WITH_OFFSET.test(time)) {
    const at = new Date(time.replace(' ', 'T'));
    if (!Number.isNaN(at.getTime())) return { at, ...(timeZone && { timeZone }) };
  }
  const local = LOCAL.exec(time);
  if (local) {
    if (!timeZone) {
      return {
        problem: { column: 'time', message: `${time} has no offset: add one (e.g. ${time}+01:00) or a timezone column` },
      };
    }
    const [year, month, day, hour, minute, second] = local.slice(1).map((part) => Number(part ?? 0)) as number[];
    if (month! >= 1 && month! <= 12 && day! >= 1 && day! <= 31 && hour! <= 23 && minute! <= 59 && second! <= 59) {
      return {
        at: instantOfWallClock({ year: year!, month: month!, day: day!, hour: hour!, minute: minute!, second: second! }, timeZone),
        timeZone,
      };
    }
  }
  return {
    problem: {
      column: 'time',
      message: `"${time}" is not a time: write 2026-12-01T09:00:00+01:00, a local 2026-12-01 09:00 with a timezone column, or queue`,
    },
  };
}

/** The time of the `index`th (from 0) of `count` undated rows spread evenly over [from, to]: the middle of its share. */
export function spreadTime(from: Date, to: Date, index: number, count: number): Date {
  const share = (to.getTime() - from.getTime()) / count;
  return new Date(Math.round(from.getTime() + share * (index + 0.5)));
}

/** The thread's parts after the first, in order of their column (`part2` …), empty ones left out. */
export function threadParts(cells: ImportCells): Array<{ column: string; content: string }> {
  return Object.entries(cells)
    .flatMap(([column, content]) => {
      const match = PART_COLUMN.exec(column);
      return match && content.trim() ? [{ column, number: Number(match[1]), content }] : [];
    })
    .sort((a, b) => a.number - b.number)
    .map(({ column, content }) => ({ column, content }));
}

/** The per-account texts: `text:<key>` columns with their key (an account's id, handle or name, or a platform). */
export function overrideCells(cells: ImportCells): Array<{ column: string; key: string; content: string }> {
  return Object.entries(cells).flatMap(([column, content]) => {
    const match = OVERRIDE_COLUMN.exec(column);
    return match && content.trim() ? [{ column, key: match[1]!, content }] : [];
  });
}

/** The platform options: `options:<key>` columns with their key (an account's id, handle or name, or a platform) and their JSON text. */
export function optionsCells(cells: ImportCells): Array<{ column: string; key: string; json: string }> {
  return Object.entries(cells).flatMap(([column, json]) => {
    const match = OPTIONS_COLUMN.exec(column);
    return match && json.trim() ? [{ column, key: match[1]!, json }] : [];
  });
}

/** An options cell's object, or what keeps it from being one. */
export function parseOptionsCell(json: string): { options: Record<string, unknown> } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    value = undefined;
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? { options: value as Record<string, unknown> }
    : { problem: `must be a JSON object of the platform's options, e.g. {"subreddit": "planrrr", "title": "Our news"}` };
}

/** The values of the row's template variables: `var:<name>` columns by name, sorted. */
export function variableCells(cells: ImportCells): Record<string, string> {
  return Object.fromEntries(
    Object.entries(cells)
      .flatMap(([column, value]) => {
        const match = VARIABLE_COLUMN.exec(column);
        return match ? [[match[1]!, value] as const] : [];
      })
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}
