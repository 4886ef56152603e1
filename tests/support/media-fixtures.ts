// Small files whose bytes are what their type says (file-type recognises them), for upload
// and publishing tests, and a PublishMedia over them.
import { crc32, deflateSync } from 'node:zlib';
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

/** An ISO BMFF box: its size, its type, then its payload. */
function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(body.length + 8);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
}

/** A box with a version and flags before its payload. */
function fullBox(type: string, flags: number, ...payload: Buffer[]): Buffer {
  const versionAndFlags = Buffer.alloc(4);
  versionAndFlags.writeUInt32BE(flags);
  return box(type, versionAndFlags, ...payload);
}

function uint32s(...values: number[]): Buffer {
  const bytes = Buffer.alloc(values.length * 4);
  values.forEach((value, index) => bytes.writeInt32BE(value, index * 4));
  return bytes;
}

const IDENTITY_MATRIX = [0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000];
/** A phone's portrait video: stored landscape, turned a quarter for display */
const QUARTER_TURN_MATRIX = [0, 0x10000, 0, -0x10000, 0, 0, 0, 0, 0x40000000];

/**
 * A real, tiny MP4 (a few hundred bytes): one H.264 video track of `width` x `height` lasting
 * `durationMs`, with no samples. `moovLast` puts the movie box after the media data, as many
 * cameras write it; `rotated` stores it landscape with a quarter-turn display matrix, as phones do.
 */
export function mp4Movie(options: { width: number; height: number; durationMs: number; moovLast?: boolean; rotated?: boolean }): Buffer {
  const { durationMs } = options;
  const [width, height] = options.rotated ? [options.height, options.width] : [options.width, options.height];
  const matrix = uint32s(...(options.rotated ? QUARTER_TURN_MATRIX : IDENTITY_MATRIX));
  const timescale = 1000;
  const mvhd = fullBox(
    'mvhd',
    0,
    uint32s(0, 0, timescale, durationMs, 0x10000),
    Buffer.from([1, 0, 0, 0]),
    Buffer.alloc(8),
    matrix,
    Buffer.alloc(24),
    uint32s(2),
  );
  const tkhd = fullBox(
    'tkhd',
    3,
    uint32s(0, 0, 1, 0, durationMs),
    Buffer.alloc(8),
    Buffer.alloc(8),
    matrix,
    uint32s(width * 0x10000, height * 0x10000),
  );
  const mdhd = fullBox('mdhd', 0, uint32s(0, 0, timescale, durationMs), Buffer.from([0x55, 0xc4, 0, 0]));
  const hdlr = fullBox('hdlr', 0, uint32s(0), Buffer.from('vide', 'latin1'), Buffer.alloc(12), Buffer.from('VideoHandler\0', 'latin1'));
  const avcC = box('avcC', Buffer.from([1, 0x42, 0, 0x1e, 0xff, 0xe0, 0]));
  const sampleSize = Buffer.alloc(4);
  sampleSize.writeUInt16BE(width, 0);
  sampleSize.writeUInt16BE(height, 2);
  const avc1 = box(
    'avc1',
    Buffer.from([0, 0, 0, 0, 0, 0, 0, 1]),
    Buffer.alloc(16),
    sampleSize,
    uint32s(0x480000, 0x480000, 0),
    Buffer.from([0, 1]),
    Buffer.alloc(32),
    Buffer.from([0, 0x18, 0xff, 0xff]),
    avcC,
  );
  const stbl = box(
    'stbl',
    fullBox('stsd', 0, uint32s(1), avc1),
    fullBox('stts', 0, uint32s(0)),
    fullBox('stsc', 0, uint32s(0)),
    fullBox('stsz', 0, uint32s(0, 0)),
    fullBox('stco', 0, uint32s(0)),
  );
  const minf = box('minf', fullBox('vmhd', 1, Buffer.alloc(8)), box('dinf', fullBox('dref', 0, uint32s(1), fullBox('url ', 1))), stbl);
  const moov = box('moov', mvhd, box('trak', tkhd, box('mdia', mdhd, hdlr, minf)));
  const ftyp = box('ftyp', Buffer.from('isom', 'latin1'), uint32s(0x200), Buffer.from('isomiso2avc1mp41', 'latin1'));
  const mdat = box('mdat', Buffer.alloc(256, 7));
  return Buffer.concat(options.moovLast ? [ftyp, mdat, moov] : [ftyp, moov, mdat]);
}

/** A PNG of `width` x `height` (its header is what matters: the pixel data is one empty row). */
export function pngOfSize(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  return Buffer.concat([
    PNG.subarray(0, 8),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.alloc(1))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}
