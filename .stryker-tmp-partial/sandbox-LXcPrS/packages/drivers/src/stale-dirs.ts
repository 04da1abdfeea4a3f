// @ts-nocheck
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { processAlive } from './process-alive.js';

/**
 * Removes dirs named `<prefix><pid>-…` in `tmp` whose owner process is gone (kill -9 runs no
 * cleanup). Returns the dirs removed.
 */
export function sweepStaleDirs(prefix: string, tmp: string): string[] {
  const removed: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(tmp);
  } catch {
    return removed;
  }
  const owned = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\d+)-`);
  for (const entry of entries) {
    const m = owned.exec(entry);
    if (!m || processAlive(Number(m[1]))) continue;
    rmSync(path.join(tmp, entry), { recursive: true, force: true });
    removed.push(path.join(tmp, entry));
  }
  return removed;
}
