// Receiving an upload: multipart/form-data streamed through busboy into the media store,
// its type detected from the first bytes (file-type), never from the client's header, and
// its size checked against the limit for that type as it streams. A refused file is
// drained to the end, so the client always reads a problem+json answer. A PDF (for
// LinkedIn's document posts) is held to LinkedIn's 100 MB and 300 pages. An image's or
// video's dimensions and a video's length are read as it streams (lib/media-facts.ts).
import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import busboy from 'busboy';
import type { Request } from 'express';
import FileType from 'file-type';
import { mediaFactsReader, type MediaFacts, type MediaFactsReader } from '../../lib/media-facts';
import type { MediaStore } from '../../lib/media-store';
import { pdfPageCount } from '../../lib/pdf-pages';
import { ProblemError, problems } from '../http/problem';
import { unstorableText } from '../http/validate';

export const ACCEPTED_MEDIA_TYPES = {
  'image/jpeg': 'IMAGE',
  'image/png': 'IMAGE',
  'image/gif': 'IMAGE',
  'image/webp': 'IMAGE',
  'video/mp4': 'VIDEO',
  'video/quicktime': 'VIDEO',
  'application/pdf': 'DOCUMENT',
} as const;
export type AcceptedMediaType = keyof typeof ACCEPTED_MEDIA_TYPES;
export type MediaKind = (typeof ACCEPTED_MEDIA_TYPES)[AcceptedMediaType];

export interface UploadLimits {
  maxImageBytes: number;
  maxVideoBytes: number;
}

/** LinkedIn's Documents API takes a PDF of up to 100 MB and 300 pages, and no other platform takes one. */
export const DOCUMENT_MAX_BYTES = 100 * 1024 * 1024;
export const DOCUMENT_MAX_PAGES = 300;

const KIND_NAMES = { IMAGE: 'images', VIDEO: 'videos', DOCUMENT: 'PDF documents' } as const satisfies Record<MediaKind, string>;
const limitOf = (kind: MediaKind, limits: UploadLimits) =>
  kind === 'IMAGE' ? limits.maxImageBytes : kind === 'VIDEO' ? limits.maxVideoBytes : DOCUMENT_MAX_BYTES;

export interface StoredUpload {
  storageKey: string;
  mimeType: AcceptedMediaType;
  kind: MediaKind;
  sizeBytes: number;
  fileName: string;
  facts: MediaFacts;
}

/** file-type needs at most this many bytes to recognise any format it knows. */
const SNIFF_BYTES = 4100;
const MAX_FIELD_BYTES = 4096;

const FILE_FIELD = 'body.file';

function tooLarge(kind: MediaKind, limit: number): ProblemError {
  return new ProblemError(
    413,
    'media-too-large',
    'The file is too large',
    `${FILE_FIELD}: ${KIND_NAMES[kind]} may be at most ${limit} bytes.`,
    {
      errors: [{ field: FILE_FIELD, message: `larger than the ${limit}-byte limit for ${KIND_NAMES[kind]}` }],
      maxBytes: limit,
    },
  );
}

function tooManyPages(pages: number): ProblemError {
  const message = `a PDF document may have at most ${DOCUMENT_MAX_PAGES} pages (LinkedIn's limit), this one has ${pages}`;
  return new ProblemError(422, 'document-too-long', 'The PDF has too many pages', `${FILE_FIELD}: ${message}.`, {
    errors: [{ field: FILE_FIELD, message }],
    maxPages: DOCUMENT_MAX_PAGES,
  });
}

function unsupportedType(detected: string | undefined): ProblemError {
  const accepted = Object.keys(ACCEPTED_MEDIA_TYPES).join(', ');
  const what = detected ? `is ${detected}` : 'is not a recognised image, video or PDF';
  return new ProblemError(
    415,
    'unsupported-media-type',
    'The file type is not supported',
    `${FILE_FIELD}: the file ${what}; send one of ${accepted}.`,
    {
      errors: [{ field: FILE_FIELD, message: `the file ${what}; accepted: ${accepted}` }],
      acceptedTypes: Object.keys(ACCEPTED_MEDIA_TYPES),
    },
  );
}

/**
 * Streams one file into the store under `storageKey`. Reads `file` to its end whatever
 * happens; on a refusal nothing stays in the store and the ProblemError is thrown.
 */
export async function storeFile(
  file: Readable,
  fileName: string,
  storageKey: string,
  store: MediaStore,
  limits: UploadLimits,
): Promise<StoredUpload> {
  const head: Buffer[] = [];
  let headBytes = 0;
  let sizeBytes = 0;
  let failure: unknown;
  let detected: { mimeType: AcceptedMediaType; kind: MediaKind; limit: number } | undefined;
  let factsReader: MediaFactsReader | undefined;
  const body = new PassThrough();
  // A refusal destroys `body` with its reason; the store's put() sees it, nobody else must.
  body.on('error', () => undefined);
  let stored: Promise<void> | undefined;

  const start = async (firstBytes: Buffer) => {
    const type = await FileType.fromBuffer(firstBytes);
    const mimeType = type?.mime;
    if (!mimeType || !(mimeType in ACCEPTED_MEDIA_TYPES)) throw unsupportedType(mimeType);
    const kind = ACCEPTED_MEDIA_TYPES[mimeType as AcceptedMediaType];
    detected = { mimeType: mimeType as AcceptedMediaType, kind, limit: limitOf(kind, limits) };
    factsReader = mediaFactsReader(kind);
    stored = store.put(storageKey, body, mimeType);
    stored.catch(() => undefined); // observed below; never an unhandled rejection
  };
  /** a PDF's bytes, kept to count its pages once it is whole (at most DOCUMENT_MAX_BYTES) */
  const documentChunks: Buffer[] = [];
  const write = async (chunk: Buffer) => {
    if (detected?.kind === 'DOCUMENT') documentChunks.push(chunk);
    factsReader?.push(chunk);
    if (!body.write(chunk)) await Promise.race([once(body, 'drain'), stored]);
  };

  const fail = (error: unknown) => {
    failure ??= error;
    body.destroy(error instanceof Error ? error : new Error(String(error)));
  };
  try {
    for await (const chunk of file as AsyncIterable<Buffer>) {
      if (failure) continue; // drain the rest of the refused file
      try {
        sizeBytes += chunk.length;
        if (!detected) {
          head.push(chunk);
          headBytes += chunk.length;
          if (headBytes < SNIFF_BYTES) continue;
          await start(Buffer.concat(head));
          await write(Buffer.concat(head));
        } else {
          await write(chunk);
        }
        if (sizeBytes > detected!.limit) throw tooLarge(detected!.kind, detected!.limit);
      } catch (error) {
        fail(error);
      }
    }
  } catch (error) {
    // the request itself broke off (the client went away): keep nothing
    fail(error);
  }
  if (!failure && !detected) {
    // the whole file was shorter than the sniffing window
    if (sizeBytes === 0) failure = problems.validation([{ field: FILE_FIELD, message: 'the file is empty' }]);
    else {
      try {
        await start(Buffer.concat(head));
        if (sizeBytes > detected!.limit) throw tooLarge(detected!.kind, detected!.limit);
        await write(Buffer.concat(head));
      } catch (error) {
        fail(error);
      }
    }
  }
  if (!failure && detected?.kind === 'DOCUMENT') {
    const pages = pdfPageCount(Buffer.concat(documentChunks));
    if (pages !== undefined && pages > DOCUMENT_MAX_PAGES) fail(tooManyPages(pages));
  }
  if (!failure) {
    body.end();
    try {
      await stored;
    } catch (error) {
      failure = error;
    }
  }
  if (failure) {
    await stored?.catch(() => undefined);
    await store.delete(storageKey).catch(() => undefined);
    throw failure;
  }
  return { storageKey, mimeType: detected!.mimeType, kind: detected!.kind, sizeBytes, fileName, facts: factsReader!.facts() };
}

/**
 * Reads a multipart/form-data request with one `file` part and text fields, storing the
 * file as it arrives. Resolves once the whole request has been read.
 */
export function receiveUpload(
  req: Request,
  options: { store: MediaStore; storageKey: string; limits: UploadLimits },
): Promise<{ file?: StoredUpload; fields: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { files: 1, fields: 10, fieldSize: MAX_FIELD_BYTES, parts: 12 },
      });
    } catch {
      reject(
        new ProblemError(
          415,
          'unsupported-media-type',
          'Send multipart/form-data',
          'Upload with Content-Type: multipart/form-data, the file in the `file` field.',
        ),
      );
      return;
    }
    const fields: Record<string, string> = {};
    let upload: Promise<StoredUpload> | undefined;
    const refusals: ProblemError[] = [];
    const refuse = (field: string, message: string) => refusals.push(problems.validation([{ field, message }]));
    /** Text the database could not store is refused here, naming where it was, not by a failing insert. */
    const storable = (field: string, value: string) => {
      const problem = unstorableText(value);
      if (problem) refuse(field, problem);
      return problem === undefined;
    };

    parser.on('file', (name, file, info) => {
      if (name !== 'file') {
        refuse(`body.${name}`, 'unexpected file; send the file in the `file` field');
        file.resume();
        return;
      }
      if (!storable(`${FILE_FIELD}.filename`, info.filename ?? '')) {
        file.resume();
        return;
      }
      upload = storeFile(file, info.filename || 'upload', options.storageKey, options.store, options.limits);
      upload.catch(() => undefined); // observed when the parse ends
    });
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) refuse(`body.${name}`, `must be at most ${MAX_FIELD_BYTES} bytes`);
      else if (!storable(`body.${name}`, value)) return;
      fields[name] = value;
    });
    parser.on('filesLimit', () => refuse(FILE_FIELD, 'send exactly one file per upload'));
    const tooManyParts = () => refuse('body', 'too many form fields; send `file` and optionally `altText`');
    parser.on('fieldsLimit', tooManyParts);
    parser.on('partsLimit', tooManyParts);
    // A client that goes away mid-upload ends the parse, so the partial file is removed.
    req.on('aborted', () => parser.destroy(new Error('the upload was interrupted')));
    req.on('error', (error) => parser.destroy(error));

    // Answers once the file, if any, is settled: a refused upload leaves nothing in the store.
    let finished = false;
    const finish = async (parseError?: unknown) => {
      if (finished) return;
      finished = true;
      if (parseError)
        refuse('body', `not valid multipart/form-data (${parseError instanceof Error ? parseError.message : String(parseError)})`);
      let file: StoredUpload | undefined;
      try {
        file = await upload;
      } catch (error) {
        reject(parseError ? refusals[0] : error);
        return;
      }
      if (refusals.length > 0) {
        if (file) await options.store.delete(file.storageKey).catch(() => undefined);
        reject(refusals[0]);
        return;
      }
      resolve({ file, fields });
    };
    parser.on('error', (error) => void finish(error));
    parser.on('close', () => void finish());
    req.pipe(parser);
  });
}
