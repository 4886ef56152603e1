// Small files whose bytes are what their type says (file-type recognises them), for upload
// and publishing tests, and a PublishMedia over them.
import { deflateSync } from 'node:zlib';
import type { PublishMedia } from '../../activities/publishers/publisher';
import type { ApiClient } from './harness';

/** A 1x1 PNG. */
export const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);

/** A 1x1 JPEG (the only image type Instagram takes). */
export const JPEG = Buffer.from(
  'ffd8ffe000104a46494600010101004800480000ffdb004300030202020202030202020303030304060404040404080606050609080a0a090809090a0c0f0c0a0b0e0b09090d110d0e0f101011100a0c12131210130f101010' +
    'ffc9000b080001000101011100ffcc000600101005ffda0008010100003f00d2cf20ffd9',
  'hex',
);

/** The start of an MP4 (an ftyp box, brand isom) followed by padding: enough to be recognised. */
export const MP4 = Buffer.concat([Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex'), Buffer.alloc(5000, 7)]);

/**
 * A PDF of `pages` blank pages, its page tree in plain objects, or (`compressed`) inside a
 * Flate-compressed object stream as PDF 1.5 writers keep it.
 */
export function pdfWithPages(pages: number, options: { compressed?: boolean } = {}): Buffer {
  const kids = Array.from({ length: pages }, (_, index) => `${index + 3} 0 R`).join(' ');
  const tree = `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`;
  const pageObjects = Array.from({ length: pages }, (_, index) => `${index + 3} 0 obj << /Type /Page /Parent 2 0 R >> endobj\n`).join('');
  const treeObject = options.compressed
    ? (() => {
        const stream = deflateSync(Buffer.from(`2 0 ${tree}`));
        return Buffer.concat([
          Buffer.from(`9999 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${stream.length} >>\nstream\n`),
          stream,
          Buffer.from('\nendstream\nendobj\n'),
        ]);
      })()
    : Buffer.from(`2 0 obj ${tree} endobj\n`);
  return Buffer.concat([
    Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n'),
    treeObject,
    Buffer.from(options.compressed ? '' : pageObjects),
    Buffer.from('trailer << /Root 1 0 R >>\n%%EOF\n'),
  ]);
}

/** A three-page PDF. */
export const PDF = pdfWithPages(3);

/** Plain text pretending to be an image. */
export const NOT_AN_IMAGE = Buffer.from('this is not an image, whatever the Content-Type says\n'.repeat(10));

const TEST_FILES = {
  image: { bytes: PNG, mimeType: 'image/png', fileName: 'photo.png' },
  video: { bytes: MP4, mimeType: 'video/mp4', fileName: 'clip.mp4' },
  document: { bytes: PDF, mimeType: 'application/pdf', fileName: 'Quarterly report.pdf' },
} as const;

export function testMedia(
  kind: PublishMedia['kind'],
  options: { id?: string; altText?: string; publicUrl?: (seconds: number) => string } = {},
): PublishMedia {
  const { bytes, mimeType, fileName } = TEST_FILES[kind];
  return {
    id: options.id ?? `media-${kind}`,
    kind,
    mimeType,
    sizeBytes: bytes.length,
    fileName,
    altText: options.altText ?? null,
    read: async () => bytes,
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
  };
}

/** Uploads a file through POST /api/v1/media and answers its id. */
export async function uploadMedia(api: ApiClient, bytes: Buffer, fileName: string, type: string, altText?: string): Promise<string> {
  const form = new FormData();
  if (altText) form.set('altText', altText);
  form.set('file', new Blob([new Uint8Array(bytes)], { type }), fileName);
  const created = await api.request('POST', '/api/v1/media', form);
  expect(created.status).toBe(201);
  return created.body.id;
}
