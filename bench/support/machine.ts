// What a benchmark ran on, printed and written beside its figures: on a shared machine
// the load at run time matters as much as the hardware.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  /** `uptime` at the moment of asking (load averages over 1, 5 and 15 minutes) */
  uptime: string;
}

export function describeMachine(): Machine {
  let uptime: string;
  try {
    uptime = execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    uptime = `load average: ${os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(', ')}`;
  }
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    uptime,
  };
}

export function machineLine(machine: Machine): string {
  return `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB RAM, Node ${machine.node}`;
}

/** A process's resident memory (VmRSS), in bytes; Linux only. */
export function residentBytes(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib ? Number(kib) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** USER_HZ, the unit of /proc's CPU times: 100 on Linux */
const CLOCK_TICKS_PER_SECOND = 100;

/** The CPU time a process has used so far (user and system), in ms; Linux only. */
export function cpuMillis(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    // the fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}
