// A bulk import of 10,000 rows (issue 20): the CSV uploaded through the API, checked by the
// import's workflow (the dry run), then confirmed and created, a post per row; the time of
// each phase, and the resident memory of the API server and the worker sampled throughout,
// per phase, so a file's rows are seen not to be held in memory (each phase's peak is compared
// with before: the upload and the dry run read the file, the creation adds posts and workflows).
//   npm run bench:import -- --rows 10000
import { parseArgs } from 'node:util';
import { commandLine, markdownTable, report } from './support/report';
import { positiveWholeNumber, runAsCommand, withSystem, type RunOptions } from './support/run';
import { mebibytes } from './support/stats';
import type { PlanrrrSystem } from './support/systems';

const DAY_MS = 24 * 60 * 60 * 1000;
const SAMPLE_EVERY_MS = 250;
const MIB = 1024 * 1024;
const PROGRESS_EVERY_MS = 10_000;
const IMPORT_PHASES = ['upload', 'dry run', 'creation'] as const;
type ImportPhase = (typeof IMPORT_PHASES)[number];

interface ImportRowCounts {
  pending: number;
  valid: number;
  invalid: number;
  created: number;
  failed: number;
}

export interface ImportFigures {
  rows: number;
  fileBytes: number;
  /** seconds: the upload answered (rows stored), the dry run done, every post created */
  uploadSeconds: number;
  checkSeconds: number;
  createSeconds: number;
  created: number;
  invalid: number;
  /** bytes, by process: before the upload, and the most seen in each phase */
  before: Record<string, number>;
  peak: Record<ImportPhase, Record<string, number>>;
}

/** A CSV of `rows` posts on the account, a minute apart from tomorrow on (none publishes while the benchmark runs). */
function benchCsv(rows: number, connectionId: string): string {
  const start = Date.now() + DAY_MS;
  const lines = Array.from(
    { length: rows },
    (_, index) =>
      `"Imported post #${index}, from the bulk import benchmark",${connectionId},${new Date(start + index * 60_000).toISOString()}`,
  );
  return `text,accounts,time\n${lines.join('\n')}\n`;
}

export async function runImportBench(options: { rows: number }, run: RunOptions): Promise<ImportFigures> {
  return withSystem('planrrr', run, async (system) => {
    const planrrr = system as PlanrrrSystem;
    const headers = { authorization: `Bearer ${planrrr.token}` };
    const file = benchCsv(options.rows, planrrr.connectionId);
    const before = await planrrr.memory();
    const peak: Record<ImportPhase, Record<string, number>> = { upload: { ...before }, 'dry run': {}, creation: {} };
    let phase: ImportPhase = 'upload';
    const sampling = setInterval(() => {
      void planrrr.memory().then((now) => {
        for (const [name, bytes] of Object.entries(now)) peak[phase][name] = Math.max(peak[phase][name] ?? 0, bytes);
      });
    }, SAMPLE_EVERY_MS);
    try {
      const started = performance.now();
      const form = new FormData();
      form.set('file', new Blob([file], { type: 'text/csv' }), 'bench.csv');
      form.set('dryRun', 'true');
      const created = await fetch(`${planrrr.apiUrl}/api/v1/imports`, { method: 'POST', headers, body: form });
      const body = (await created.json()) as { id: string };
      if (created.status !== 201) throw new Error(`the upload answered ${created.status}: ${JSON.stringify(body)}`);
      const uploaded = performance.now();
      phase = 'dry run';
      run.log(`planrrr: ${options.rows.toLocaleString('en')} rows stored in ${((uploaded - started) / 1000).toFixed(1)} s; checking ...`);
      /** Polls the import until it reaches `importPhase`, printing its row counts every PROGRESS_EVERY_MS on the way. */
      const follow = async (importPhase: string) => {
        let lastPrinted = performance.now();
        for (;;) {
          const response = await planrrr.api.get(`/api/v1/imports/${body.id}`);
          const state = response.body as { phase: string; rows: ImportRowCounts };
          if (state.phase === importPhase) return state;
          if (performance.now() - lastPrinted >= PROGRESS_EVERY_MS) {
            lastPrinted = performance.now();
            const { pending, valid, invalid, created, failed } = state.rows;
            run.log(
              `planrrr: ${state.phase.toLowerCase()}: ${pending} pending, ${valid} valid, ${invalid} invalid, ${created} created, ${failed} failed`,
            );
          }
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      };
      await follow('CHECKED');
      const checked = performance.now();
      phase = 'creation';
      run.log(`planrrr: dry run done in ${((checked - uploaded) / 1000).toFixed(1)} s; creating ...`);
      await planrrr.api.post(`/api/v1/imports/${body.id}/confirm`);
      const done = await follow('DONE');
      const finished = performance.now();
      run.log(`planrrr: ${done.rows.created.toLocaleString('en')} posts created in ${((finished - checked) / 1000).toFixed(1)} s`);
      return {
        rows: options.rows,
        fileBytes: Buffer.byteLength(file),
        uploadSeconds: (uploaded - started) / 1000,
        checkSeconds: (checked - uploaded) / 1000,
        createSeconds: (finished - checked) / 1000,
        created: done.rows.created,
        invalid: done.rows.invalid,
        before,
        peak,
      };
    } finally {
      clearInterval(sampling);
    }
  });
}

export function importTable(figures: ImportFigures): string {
  const rate = (seconds: number) => `${(figures.rows / seconds).toFixed(0)} rows/s`;
  return [
    markdownTable(
      ['phase', 'time', 'rate'],
      [
        ['upload (streamed, rows stored)', `${figures.uploadSeconds.toFixed(1)} s`, rate(figures.uploadSeconds)],
        ['dry run (every row checked)', `${figures.checkSeconds.toFixed(1)} s`, rate(figures.checkSeconds)],
        ['creation (a post per row)', `${figures.createSeconds.toFixed(1)} s`, rate(figures.createSeconds)],
      ],
    ),
    '',
    markdownTable(
      ['process', 'RSS before', ...IMPORT_PHASES.map((phase) => `peak RSS: ${phase}`)],
      Object.keys(figures.before).map((name) => [
        name,
        mebibytes(figures.before[name]!),
        ...IMPORT_PHASES.map((phase) => mebibytes(figures.peak[phase][name] ?? 0)),
      ]),
    ),
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '10000' }, 'server-heap-mib': { type: 'string' } } });
  const options = { rows: positiveWholeNumber('--rows', values.rows) };
  // A bounded heap proves what RSS cannot: RSS keeps garbage V8 has not yet returned, while a
  // server whose live memory grew with the file would die of the limit before the upload ends.
  const serverHeapMib = values['server-heap-mib'] && positiveWholeNumber('--server-heap-mib', values['server-heap-mib']);
  const startedAt = new Date();
  const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
  const figures = await runImportBench(options, {
    log,
    ...(serverHeapMib && { planrrrServerEnv: { NODE_OPTIONS: `--max-old-space-size=${serverHeapMib}` } }),
  });
  report(
    {
      id: 'import',
      title: `Bulk import: ${options.rows.toLocaleString('en')} rows from one CSV`,
      command: commandLine('bench:import', [
        '--rows',
        values.rows!,
        ...(serverHeapMib ? ['--server-heap-mib', String(serverHeapMib)] : []),
      ]),
      body: [
        importTable(figures),
        '',
        `A CSV of ${options.rows.toLocaleString('en')} rows (${(figures.fileBytes / MIB).toFixed(1)} MiB: text, one Mastodon account by id, a time a minute apart from tomorrow on) ` +
          'uploaded as multipart/form-data through the API with a bearer token, with a dry run: the time until the upload answered (every row stored, a batch of 500 at a time), ' +
          'until the workflow had checked every row (200 per activity), and, after confirm, until every row was a post (50 per activity, each post created and its workflow started as POST /posts does). ' +
          `${figures.created.toLocaleString('en')} posts created, ${figures.invalid} rows refused. Memory: each process's RSS sampled every ${SAMPLE_EVERY_MS} ms from before the upload to the end, the peak kept per phase.` +
          (serverHeapMib
            ? ` The API server ran with its V8 heap limited to ${serverHeapMib} MiB (\`--max-old-space-size\`): had its live memory grown with the file, it would have failed the import.`
            : ''),
      ].join('\n'),
    },
    startedAt,
  );
}

runAsCommand(module, main);
