import { pdfWithPages } from '../tests/support/media-fixtures';
import { pdfPageCount } from './pdf-pages';

test('the page tree root counts the pages, in plain objects and inside a compressed object stream', () => {
  expect(pdfPageCount(pdfWithPages(3))).toBe(3);
  expect(pdfPageCount(pdfWithPages(301))).toBe(301);
  expect(pdfPageCount(pdfWithPages(12, { compressed: true }))).toBe(12);
});

test('the largest Pages count is the root: an intermediate node counts fewer, whichever comes first', () => {
  const pdf = Buffer.from(
    '%PDF-1.4\n4 0 obj << /Type /Pages /Parent 2 0 R /Count 2 >> endobj\n2 0 obj << /Count 7 /Type /Pages >> endobj\n',
  );
  expect(pdfPageCount(pdf)).toBe(7);
});

test('a PDF whose page tree cannot be read has no known count', () => {
  expect(pdfPageCount(Buffer.from('%PDF-1.7\nnothing here\n%%EOF'))).toBeUndefined();
});
