// The composer's attachments: files upload as soon as they are added, each with its own
// progress, and can be described (alt text), reordered and removed.
import { useRef, useState } from 'react';
import { MEDIA_KINDS, type RuleMedia } from '../../../domain/platform-rules';
import type { ComposeFields } from '../../routes/compose.server';
import { fetchCsrfToken, uploadFile } from './upload-media';

/** One attachment in the composer: uploading (with progress), failed, or uploaded (with its id). */
export interface Attachment {
  key: string;
  fileName: string;
  kind: RuleMedia['kind'];
  mimeType: string;
  sizeBytes: number;
  /** what the server read of the file, once uploaded (null where the file does not say) */
  width?: number | null;
  height?: number | null;
  durationMs?: number | null;
  altText: string;
  /** a local preview while uploading (an object URL), the API's content URL once uploaded */
  previewUrl: string;
  progress: number;
  id?: string;
  error?: string;
}

export type MediaUploads = ReturnType<typeof useMediaUploads>;

/** `refill`: the uploads of a form the server refused, which come back with their thumbnails and alt text. */
export function useMediaUploads(refill: ComposeFields['media'] | undefined) {
  const [attachments, setAttachments] = useState<Attachment[]>(() =>
    (refill ?? []).map((media) => ({
      key: media.id,
      id: media.id,
      fileName: media.fileName,
      kind: MEDIA_KINDS[media.kind],
      mimeType: media.mimeType,
      sizeBytes: media.sizeBytes,
      width: media.width,
      height: media.height,
      durationMs: media.durationMs,
      altText: media.altText ?? '',
      previewUrl: media.contentUrl,
      progress: 1,
    })),
  );
  const csrfToken = useRef<Promise<string> | null>(null);

  const update = (key: string, change: Partial<Attachment>) =>
    setAttachments((items) => items.map((item) => (item.key === key ? { ...item, ...change } : item)));

  function add(files: Iterable<File>) {
    for (const file of files) {
      const key = `${Date.now()}-${Math.random()}`;
      const kind = file.type === 'application/pdf' ? 'document' : file.type.startsWith('video/') ? 'video' : 'image';
      const localPreview = URL.createObjectURL(file);
      setAttachments((items) => [
        ...items,
        { key, fileName: file.name, kind, mimeType: file.type, sizeBytes: file.size, altText: '', previewUrl: localPreview, progress: 0 },
      ]);
      csrfToken.current ??= fetchCsrfToken();
      csrfToken.current
        .then((token) => uploadFile(file, token, (progress) => update(key, { progress })))
        .then(({ id, contentUrl, width, height, durationMs }) => {
          // From now on the thumbnail is what the server stored.
          update(key, { id, previewUrl: contentUrl, progress: 1, width, height, durationMs });
          URL.revokeObjectURL(localPreview);
        })
        .catch((error: unknown) => {
          csrfToken.current = null;
          update(key, { error: error instanceof Error ? error.message : String(error) });
        });
    }
  }

  function remove(item: Attachment) {
    setAttachments((items) => items.filter((other) => other.key !== item.key));
    if (item.previewUrl.startsWith('blob:')) URL.revokeObjectURL(item.previewUrl);
  }

  function move(index: number, by: -1 | 1) {
    setAttachments((items) => {
      const next = [...items];
      const [item] = next.splice(index, 1);
      next.splice(index + by, 0, item!);
      return next;
    });
  }

  return {
    attachments,
    /** the ones the server has: only these are checked, sent and previewed */
    uploaded: attachments.filter((item) => item.id),
    uploading: attachments.some((item) => !item.id && !item.error),
    add,
    remove,
    move,
    describe: (item: Attachment, altText: string) => update(item.key, { altText }),
  };
}
