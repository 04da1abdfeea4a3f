// @ts-nocheck
import { mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync, closeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ReleasableError } from '@releasable/core';
import { processAlive } from './process-alive.js';

/** Another process holds the lock. */
export class LockedError extends ReleasableError {
  override readonly name = 'LockedError';
}

const UNREADABLE_GRACE_MS = 5_000;

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return Infinity;
  }
}

/**
 * Takes an exclusive lock file (O_EXCL). A lock left by a dead process on this host is taken
 * over; a live holder makes this throw LockedError naming it. Returns the release function.
 */
export function acquireLock(file: string, what: string): () => void {
  mkdirSync(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() }));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder: { pid?: number; host?: string; since?: string } = {};
      let readable = true;
      try {
        holder = JSON.parse(readFileSync(file, 'utf8')) as typeof holder;
      } catch {
        readable = false;
      }
      const sameHost = holder.host === os.hostname();
      if (holder.pid && sameHost && !processAlive(holder.pid)) {
        rmSync(file, { force: true });
        continue;
      }
      // An empty or truncated lock file: its writer is starting up (it writes within
      // microseconds of creating the file) or died mid-write. Past a grace period, it is dead.
      if (!readable && ageMs(file) > UNREADABLE_GRACE_MS) {
        rmSync(file, { force: true });
        continue;
      }
      throw new LockedError(
        `${what} is already running (pid ${holder.pid ?? '?'} on ${holder.host ?? '?'} since ${holder.since ?? '?'}); wait for it to finish. If it is gone, delete ${file}.`,
        { file, holder },
      );
    }
  }
  throw new LockedError(`could not take the lock ${file}`, { file });
}
