// Reading an import file as it streams in: its bytes hashed, decoded as UTF-8 (a BOM
// tolerated, anything else refused), recognised as a JSON array or CSV, and yielded row by
// row, so that no more than a row (and csv-parse's buffer) is in memory at a time.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import FileType from 'file-type';
import { headerProblems, IMPORT_ROW_LIMIT, isOptionsColumn, normaliseColumn, type ImportCells } from '../../domain/import-rows';
import { ProblemError, problems } from '../http/problem';

export type ImportFormat = 'csv' | 'json';

const FILE_FIELD = 'body.file';
/** A JSON row larger than this is refused rather than buffered. */
const MAX_JSON_ROW_CHARS = 200_000;

function fileProblem(message: string): ProblemError {
  return problems.validation([{ field: FILE_FIELD, message }]);
}

export function tooManyRows(): ProblemError {
  return new ProblemError(
    413,
    'import-too-large',
    'The file has too many rows',
    `${FILE_FIELD}: an import takes at most ${IMPORT_ROW_LIMIT.toLocaleString('en')} rows; split the file.`,
    { errors: [{ field: FILE_FIELD, message: `more than ${IMPORT_ROW_LIMIT} rows` }], maxRows: IMPORT_ROW_LIMIT },
  );
}

/** The file's text, chunk by chunk; a byte sequence that is not UTF-8 is refused (binary files named as such). */
async function* utf8Text(file: AsyncIterable<Buffer>, hash: ReturnType<typeof createHash>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  for await (const chunk of file) {
    hash.update(chunk);
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      const type = first ? await FileType.fromBuffer(chunk) : undefined;
      if (type) throw notCsvOrJson(`is ${type.mime}`);
      throw fileProblem('the file is not UTF-8 text: save it as UTF-8 (in a spreadsheet, "CSV UTF-8")');
    }
    if (first && text.includes('\u0000')) throw notCsvOrJson('is binary');
    first = false;
    yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

function notCsvOrJson(what: string): ProblemError {
  return new ProblemError(
    415,
    'unsupported-import-type',
    'The file is not CSV or JSON',
    `${FILE_FIELD}: the file ${what}; send CSV or JSON.`,
    {
      errors: [{ field: FILE_FIELD, message: `the file ${what}; send CSV (UTF-8) or a JSON array of rows` }],
    },
  );
}

/** A JSON row's cells: strings, or lists of strings (joined with `;`, as a CSV cell lists them); an `options:` cell may be the object itself. */
export function jsonRowCells(value: unknown, row: number): ImportCells {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fileProblem(`row ${row} is not an object of columns`);
  const cells: ImportCells = {};
  for (const [key, cell] of Object.entries(value)) {
    const column = normaliseColumn(key);
    if (typeof cell === 'string') cells[column] = cell;
    else if (Array.isArray(cell) && cell.every((item) => typeof item === 'string')) cells[column] = cell.join(';');
    // kept as the text a CSV cell would hold, for the rows to be read alike
    else if (isOptionsColumn(column) && typeof cell === 'object' && cell !== null) cells[column] = JSON.stringify(cell);
    else if (cell !== null) throw fileProblem(`row ${row}, column ${key}: must be text or a list of texts`);
  }
  // a JSON row leaves out the columns it has no value for: only its own names are checked
  const columns = Object.keys(cells);
  const problem = headerProblems(columns.includes('text') || columns.includes('template') ? columns : [...columns, 'text']);
  if (problem.length > 0) throw fileProblem(`row ${row}: ${problem.join('; ')}`);
  return cells;
}

/** The top-level elements of a JSON array, as text, one at a time. */
async function* jsonArrayElements(text: AsyncIterable<string>): AsyncGenerator<string> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let state: 'before' | 'inside' | 'after' = 'before';
  let element = '';
  for await (const chunk of text) {
    for (const char of chunk) {
      if (state !== 'inside') {
        if (/\s/.test(char)) continue;
        if (state === 'before' && char === '[') state = 'inside';
        else throw fileProblem(state === 'before' ? 'a JSON import is an array of rows: [{ "text": … }, …]' : 'text after the JSON array');
        continue;
      }
      if (inString) {
        if (escaped) escaped = false;
        else if (char === '\\') escaped = true;
        else if (char === '"') inString = false;
      } else if (char === '"') inString = true;
      else if (char === '{' || char === '[') depth += 1;
      else if (char === '}' || char === ']') depth -= 1;
      if (depth < 0 || (depth === 0 && !inString && char === ',')) {
        if (element.trim()) yield element;
        element = '';
        if (depth < 0) state = 'after';
        depth = Math.max(depth, 0);
        continue;
      }
      element += char;
      if (element.length > MAX_JSON_ROW_CHARS) throw fileProblem(`a row is longer than ${MAX_JSON_ROW_CHARS} characters`);
    }
  }
  if (state !== 'after') throw fileProblem('the JSON array is not closed: the file is cut short or not JSON');
}

async function* jsonRows(text: AsyncIterable<string>): AsyncGenerator<ImportCells> {
  let row = 0;
  for await (const element of jsonArrayElements(text)) {
    row += 1;
    let value: unknown;
    try {
      value = JSON.parse(element);
    } catch {
      throw fileProblem(`row ${row} is not valid JSON`);
    }
    yield jsonRowCells(value, row);
  }
}

async function* csvRows(text: AsyncIterable<string>): AsyncGenerator<ImportCells> {
  const parser = parse({
    columns: (header: string[]) => {
      const columns = header.map(normaliseColumn);
      const problem = headerProblems(columns);
      if (problem.length > 0) throw fileProblem(problem.join('; '));
      return columns;
    },
    skip_empty_lines: true,
    // a quote inside an unquoted cell (=HYPERLINK("…") as typed) is text, as spreadsheets read it
    relax_quotes: true,
    // formulas stay text: nothing here evaluates a cell
    cast: false,
  });
  const source = Readable.from(text);
  // a refusal of the text (not UTF-8) ends the parse with it
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  try {
    for await (const record of parser as AsyncIterable<Record<string, string>>) {
      yield Object.fromEntries(Object.entries(record).filter(([, value]) => value.trim() !== ''));
    }
  } catch (error) {
    if (error instanceof ProblemError) throw error;
    // csv-parse says where: "Invalid Record Length: columns length is 3, got 4 on line 7"
    throw fileProblem(`not valid CSV: ${(error as Error).message}`);
  } finally {
    source.destroy();
  }
}

/**
 * Reads the file: `rows` yields its rows in order (refusing the file, as a ProblemError, at
 * the first thing wrong with it as a whole), `format` is known once the first row is read, and
 * `hash()` once every row is.
 */
export function readImportFile(file: AsyncIterable<Buffer>): {
  rows: AsyncGenerator<ImportCells>;
  format: () => ImportFormat;
  hash: () => string;
} {
  const hash = createHash('sha256');
  let format: ImportFormat = 'csv';
  async function* rows(): AsyncGenerator<ImportCells> {
    const text = utf8Text(file, hash);
    // the first character that is not blank tells JSON from CSV
    // (read by hand: leaving a for-await loop would close the generator)
    let head = '';
    while (head.trim() === '') {
      const next = await text.next();
      if (next.done) break;
      head += next.value;
    }
    if (head.trim() === '') throw fileProblem('the file is empty');
    format = head.trimStart().startsWith('[') || head.trimStart().startsWith('{') ? 'json' : 'csv';
    async function* all(): AsyncGenerator<string> {
      yield head;
      yield* text;
    }
    let count = 0;
    for await (const row of format === 'json' ? jsonRows(all()) : csvRows(all())) {
      count += 1;
      if (count > IMPORT_ROW_LIMIT) throw tooManyRows();
      yield row;
    }
    if (count === 0) throw fileProblem('the file has no rows');
  }
  return { rows: rows(), format: () => format, hash: () => hash.digest('hex') };
}
