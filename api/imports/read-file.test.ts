import { IMPORT_ROW_LIMIT } from '../../domain/import-rows';
import { ProblemError } from '../http/problem';
import { readImportFile } from './read-file';

/** The file in chunks of `size` bytes, as a stream delivers it (cutting through characters and rows). */
async function* chunks(content: string | Buffer, size = 7): AsyncGenerator<Buffer> {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function read(content: string | Buffer, chunkSize?: number) {
  const file = readImportFile(chunks(content, chunkSize));
  const rows = [];
  for await (const row of file.rows) rows.push(row);
  return { rows, format: file.format(), hash: file.hash() };
}

async function refusal(content: string | Buffer, chunkSize?: number): Promise<ProblemError> {
  try {
    await read(content, chunkSize);
  } catch (error) {
    if (error instanceof ProblemError) return error;
    throw error;
  }
  throw new Error('the file was read');
}

test('CSV: quoted cells with commas, quotes and line breaks, a BOM, empty cells left out, formulas as text', async () => {
  const file = '\ufeffText,Accounts,time\r\n"Hello, ""world""\nsecond line",demo,\r\n=HYPERLINK("x"),é ü 🎉,queue\r\n"=1+1",a,\r\n';
  const { rows, format, hash } = await read(file);
  expect(format).toBe('csv');
  expect(rows).toEqual([
    { text: 'Hello, "world"\nsecond line', accounts: 'demo' },
    { text: '=HYPERLINK("x")', accounts: 'é ü 🎉', time: 'queue' },
    { text: '=1+1', accounts: 'a' },
  ]);
  expect(hash).toMatch(/^[0-9a-f]{64}$/);
});

test('JSON: an array of rows, lists as arrays, read element by element', async () => {
  const { rows, format } = await read(' [{"text": "a [tricky] \\"one\\", {x}", "accounts": ["x", "y"]}, {"Text": "b", "time": null}] ');
  expect(format).toBe('json');
  expect(rows).toEqual([{ text: 'a [tricky] "one", {x}', accounts: 'x;y' }, { text: 'b' }]);
});

test('files refused as a whole say why', async () => {
  expect((await refusal(Buffer.from('text\r\nCaf\xe9\r\n', 'latin1'))).detail).toMatch(/not UTF-8/);
  expect((await refusal(Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 4096)).status).toBe(415);
  expect((await refusal('hello,world\r\n1,2\r\n')).detail).toMatch(/unknown columns/);
  expect((await refusal('text,accounts\r\na,b,c\r\n')).detail).toMatch(/not valid CSV/);
  expect((await refusal('text\r\n')).detail).toMatch(/no rows/);
  expect((await refusal('   ')).detail).toMatch(/empty/);
  expect((await refusal('[{"text": "a"}')).detail).toMatch(/not closed/);
  expect((await refusal('[{"text": 1}]')).detail).toMatch(/row 1, column text/);
  expect((await refusal('{"text": "a"}')).detail).toMatch(/array of rows/);
  const tooMany = await refusal(`text\n${'a\n'.repeat(IMPORT_ROW_LIMIT + 1)}`);
  expect(tooMany).toMatchObject({ status: 413, slug: 'import-too-large' });
});
