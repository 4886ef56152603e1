// Prints a benchmark's result and keeps its section of BENCHMARKS.md current: each
// section sits between `<!-- bench:<id> -->` markers and is replaced by the next run of
// the command that produced it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeMachine, machineLine } from './machine';

export const BENCHMARKS_FILE = path.join(__dirname, '..', '..', 'BENCHMARKS.md');

export interface ReportSection {
  /** stable id of the section, e.g. `burst-1000` */
  id: string;
  title: string;
  /** the command that produced it, as a reader would type it */
  command: string;
  /** markdown: tables and notes */
  body: string;
}

export function markdownTable(headers: string[], rows: string[][]): string {
  return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join(
    '\n',
  );
}

function renderSection(section: ReportSection, startedAt: Date): string {
  const machine = describeMachine();
  return [
    `<!-- bench:${section.id} -->`,
    `### ${section.title}`,
    '',
    `\`${section.command}\`, run ${startedAt.toISOString().replace(/\.\d+Z$/, 'Z')} on ${machineLine(machine)}.`,
    `Load when it finished: \`${machine.uptime}\`.`,
    '',
    section.body.trim(),
    `<!-- /bench:${section.id} -->`,
  ].join('\n');
}

/** Prints the section and, unless `write` is false, replaces (or appends) it in BENCHMARKS.md. */
export function report(section: ReportSection, startedAt: Date, write = true): string {
  const rendered = renderSection(section, startedAt);
  console.log(`\n${rendered}\n`);
  if (!write) return rendered;
  const current = existsSync(BENCHMARKS_FILE) ? readFileSync(BENCHMARKS_FILE, 'utf8') : '# Benchmarks\n';
  const pattern = new RegExp(`<!-- bench:${section.id} -->[\\s\\S]*?<!-- /bench:${section.id} -->`);
  const next = pattern.test(current) ? current.replace(pattern, () => rendered) : `${current.trimEnd()}\n\n${rendered}\n`;
  writeFileSync(BENCHMARKS_FILE, next);
  console.log(`Updated ${path.relative(process.cwd(), BENCHMARKS_FILE)} (section ${section.id}).`);
  return rendered;
}

/** `--posts 1000` style options shared by the scripts. */
export function commandLine(script: string, args: string[]): string {
  return `npm run ${script}${args.length ? ` -- ${args.join(' ')}` : ''}`;
}
