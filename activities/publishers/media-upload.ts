// What publishers share when they upload a post's media: the file as a Blob for multipart
// forms, and the pause between checks while a platform processes an upload.
import type { PublishMedia } from './publisher';

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A media file's bytes as a Blob for multipart uploads (a copy typed for fetch). */
export async function mediaBlob(media: PublishMedia): Promise<Blob> {
  return new Blob([new Uint8Array(await media.read())], { type: media.mimeType });
}
