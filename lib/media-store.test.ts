// Both media stores behind the one interface: a directory on disk, and an S3 bucket
// (against s3rver, a local server speaking the S3 protocol, so the real AWS SDK calls run).
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import S3rver from 's3rver';
import { createLocalMediaStore, createMediaStore, MediaNotFoundError, type MediaStore } from './media-store';

const BUCKET = 'planrrr-media';
let localDir: string;
let s3Dir: string;
let s3rver: S3rver;
let s3Endpoint: string;

beforeAll(async () => {
  localDir = await mkdtemp(path.join(tmpdir(), 'planrrr-media-store-'));
  s3Dir = await mkdtemp(path.join(tmpdir(), 'planrrr-s3rver-'));
  s3rver = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3Dir, configureBuckets: [{ name: BUCKET, configs: [] }] });
  const { port } = (await s3rver.run()) as { port: number };
  s3Endpoint = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await s3rver?.close();
  await Promise.all([rm(localDir, { recursive: true, force: true }), rm(s3Dir, { recursive: true, force: true })]);
});

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString();
}

const stores: Array<[string, () => MediaStore]> = [
  ['local directory', () => createLocalMediaStore(localDir)],
  [
    'S3 bucket',
    () =>
      createMediaStore({
        MEDIA_DIR: '/nonexistent',
        MEDIA_S3_BUCKET: BUCKET,
        MEDIA_S3_ENDPOINT: s3Endpoint,
        MEDIA_S3_REGION: 'us-east-1',
        MEDIA_S3_ACCESS_KEY_ID: 'S3RVER',
        MEDIA_S3_SECRET_ACCESS_KEY: 'S3RVER',
        MEDIA_S3_FORCE_PATH_STYLE: true,
      }),
  ],
];

describe.each(stores)('the %s store', (_name, makeStore) => {
  test('stores a stream, reads it back whole or streamed, and deletes it', async () => {
    const store = makeStore();
    await store.put('team-1/file-a', Readable.from([Buffer.from('hello '), Buffer.from('media')]), 'image/png');
    expect((await store.read('team-1/file-a')).toString()).toBe('hello media');
    expect(await text(await store.stream('team-1/file-a'))).toBe('hello media');
    await store.delete('team-1/file-a');
    await expect(store.read('team-1/file-a')).rejects.toBeInstanceOf(MediaNotFoundError);
    await expect(store.stream('team-1/file-a')).rejects.toBeInstanceOf(MediaNotFoundError);
    await store.delete('team-1/file-a'); // deleting twice is fine
  });

  test('a failing stream stores nothing', async () => {
    const store = makeStore();
    // the client goes away mid-file, while the store reads (not on a timer, which a slow
    // machine could fire before the store listens)
    let reads = 0;
    const failing = new Readable({
      read() {
        reads += 1;
        if (reads === 1) this.push(Buffer.from('half a file'));
        else this.destroy(new Error('client went away'));
      },
    });
    await expect(store.put('team-1/file-b', failing, 'image/png')).rejects.toThrow();
    await expect(store.read('team-1/file-b')).rejects.toBeInstanceOf(MediaNotFoundError);
  });

  test('refuses keys that could leave the store', async () => {
    await expect(makeStore().read('../etc/passwd')).rejects.toThrow('Invalid media storage key');
  });
});

test('the local store leaves no partial files behind', async () => {
  expect((await readdir(localDir, { recursive: true })).filter((name) => name.endsWith('.partial'))).toEqual([]);
});
