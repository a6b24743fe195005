/** Memory of a process as Linux reports it (VmRSS now, VmHWM its peak), in MB (2^20 bytes). */
import { readFileSync } from 'node:fs';

export interface ProcMemory {
  rssMb: number;
  peakRssMb: number;
}

/**
 * Read `/proc/<pid>/status`.
 * @throws when the process is gone or this is not Linux.
 */
export function procMemory(pid: number): ProcMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!m) throw new Error(`${field} missing from /proc/${pid}/status`);
    return Number(m[1]) / 1024;
  };
  return { rssMb: kb('VmRSS'), peakRssMb: kb('VmHWM') };
}

/** Peak RSS of this process in MB, from `process.resourceUsage().maxRSS` (kilobytes). */
export function selfPeakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}
