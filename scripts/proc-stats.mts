/**
 * What the load scripts report about the server process they start, read from /proc (Linux; null elsewhere).
 */
import { readFileSync } from 'node:fs';

/** Resident set size of a process in MB (VmRSS), or null when /proc cannot tell. */
export function rssMB(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** "123 MB", or "n/a". */
export function formatMB(mb: number | null): string {
  return mb === null ? 'n/a' : `${mb.toFixed(0)} MB`;
}
