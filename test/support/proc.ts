/** A child process's resource use as Linux reports it in /proc: for tests and benches that watch one. */
import { readFileSync } from 'node:fs';

/** CPU seconds (user and system) the process has used; NaN where there is no /proc. */
export function processCpuSeconds(pid: number): number {
  try {
    // utime and stime, fields 14 and 15, in clock ticks of 1/100 s; the name before ') ' may hold spaces.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Resident memory in bytes; NaN where there is no /proc. */
export function processRssBytes(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
  } catch {
    return NaN;
  }
}
