// The cost of reading a video's size and length while it uploads (lib/media-facts.ts): an MP4
// whose movie box sits after `--megabytes` of media data, as cameras write it, fed to the
// reader in 64 KiB chunks as busboy hands them over. The reader must find the movie box at the
// end without keeping the media data: memory stays flat whatever the file's size.
//   npm run bench:media-facts -- --megabytes 100,1000
import { parseArgs } from 'node:util';
import { mediaFactsReader } from '../lib/media-facts';
import { mp4Movie } from '../tests/support/media-fixtures';
import { commandLine, markdownTable, report } from './support/report';
import { increasingWholeNumbers, runAsCommand } from './support/run';
import { mebibytes } from './support/stats';

const CHUNK_BYTES = 64 * 1024;
const MOVIE = { width: 1080, height: 1920, durationMs: 100_000 };
/** how often the memory in use is sampled, in chunks */
const SAMPLE_EVERY = 256;

/** Memory the process holds for JavaScript objects and for buffers outside the heap. */
function inUse(): number {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

/** Streams a file of `megabytes` of media data with its movie box last through a reader. */
export function readLargeMovie(megabytes: number) {
  const small = mp4Movie({ ...MOVIE, moovLast: true });
  // the fixture is ftyp, a 264-byte mdat, then moov: the mdat is replaced by a large one
  const ftypBytes = small.readUInt32BE(0);
  const moov = small.subarray(ftypBytes + small.readUInt32BE(ftypBytes));
  const mediaBytes = megabytes * 1024 * 1024;
  const mdatHeader = Buffer.alloc(16);
  mdatHeader.writeUInt32BE(1); // a 64-bit size follows the type
  mdatHeader.write('mdat', 4, 'latin1');
  mdatHeader.writeBigUInt64BE(BigInt(mediaBytes + 16), 8);
  const media = Buffer.alloc(CHUNK_BYTES, 7);

  global.gc?.();
  const before = inUse();
  let peak = before;
  const started = process.hrtime.bigint();
  const reader = mediaFactsReader('VIDEO');
  reader.push(Buffer.concat([small.subarray(0, ftypBytes), mdatHeader]));
  for (let chunk = 0; chunk < mediaBytes / CHUNK_BYTES; chunk++) {
    reader.push(media);
    if (chunk % SAMPLE_EVERY === 0) peak = Math.max(peak, inUse());
  }
  reader.push(moov);
  const facts = reader.facts();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { megabytes, facts, ms, growth: Math.max(0, peak - before) };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const { values } = parseArgs({ args, options: { megabytes: { type: 'string', default: '100,1000' } } });
  const sizes = increasingWholeNumbers('--megabytes', values.megabytes, '100,1000');
  const startedAt = new Date();
  const runs = sizes.map(readLargeMovie);
  for (const run of runs) {
    if (run.facts.durationMs !== MOVIE.durationMs || run.facts.width !== MOVIE.width)
      throw new Error(`the movie box after ${run.megabytes} MiB was not read: ${JSON.stringify(run.facts)}`);
  }
  report(
    {
      id: 'media-facts',
      title: "Reading a video's size and length while it uploads",
      command: commandLine('bench:media-facts', args),
      body: [
        markdownTable(
          ['media data before the movie box', 'read in', 'throughput', 'most memory held above the start (heap and buffers)', 'facts read'],
          runs.map((run) => [
            mebibytes(run.megabytes * 1024 * 1024),
            `${(run.ms / 1000).toFixed(2)} s`,
            `${((run.megabytes * 1024 * 1024) / 2 ** 20 / (run.ms / 1000)).toFixed(0)} MiB/s`,
            mebibytes(run.growth),
            `${run.facts.width} × ${run.facts.height}, ${run.facts.durationMs} ms`,
          ]),
        ),
        '',
        "The file is streamed in 64 KiB chunks, the movie box last. mp4box is told each chunk's place in the file and skips",
        'the media data it is fed: the most memory held should be the same for every size (it does not grow with the file),',
        'and the time is spent once per chunk as it arrives. Compare the rows within one run: the load line above says how',
        'busy the machine was.',
      ].join('\n'),
    },
    startedAt,
  );
}

runAsCommand(module, main);
