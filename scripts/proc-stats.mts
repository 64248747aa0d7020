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

/** The parts of a process's RSS in MB: anonymous memory (heaps, malloc, stacks) and mapped files (code). */
export function rssPartsMB(pid: number | undefined): { anon: number; file: number } | null {
  if (pid === undefined) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1] ?? NaN);
    const anon = kb('RssAnon');
    const file = kb('RssFile') + kb('RssShmem');
    return Number.isFinite(anon) && Number.isFinite(file) ? { anon: anon / 1024, file: file / 1024 } : null;
  } catch {
    return null;
  }
}

/**
 * The JS heap after the last full GC in the output of a node started with --trace-gc: "Mark-Compact 120.5 (135.2)
 * -> 110.3 (130.1) MB" is used (committed) before → after. Null when there was none.
 */
export function lastFullGc(traceGcOutput: string): { usedMB: number; committedMB: number } | null {
  const all = [...traceGcOutput.matchAll(/Mark-Compact[^\n]*?-> ([\d.]+) \(([\d.]+)\) MB/g)];
  const m = all.at(-1);
  return m ? { usedMB: Number(m[1]), committedMB: Number(m[2]) } : null;
}
