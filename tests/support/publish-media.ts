// Media as a publisher receives it (activities/publishers/publisher.ts), built in memory for
// tests: the bytes are deterministic, so a fake can check every one arrived.
import type { PublishMedia } from '../../activities/publishers/publisher';

export function publishMedia(options: {
  kind: 'image' | 'video';
  mimeType: string;
  sizeBytes: number;
  altText?: string;
  fileName?: string;
}): PublishMedia & { bytes: Buffer } {
  const bytes = Buffer.alloc(options.sizeBytes, 0);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = i % 251;
  return {
    id: `media-${options.kind}-${options.sizeBytes}`,
    kind: options.kind,
    mimeType: options.mimeType,
    sizeBytes: options.sizeBytes,
    fileName: options.fileName ?? (options.kind === 'video' ? 'clip.mp4' : 'picture.png'),
    altText: options.altText ?? null,
    bytes,
    read: async () => bytes,
  };
}
