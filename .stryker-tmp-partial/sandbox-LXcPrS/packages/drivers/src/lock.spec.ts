// @ts-nocheck
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { acquireLock, LockedError } from './lock.js';

function lockFile(): string {
  return path.join(mkdtempSync(path.join(os.tmpdir(), 'releasable-lock-')), 'sub', 'x.lock');
}

/** A pid that surely belonged to a process that has exited. */
function deadPid(): number {
  return spawnSync('sh', ['-c', 'echo $$']).stdout.toString().trim() as unknown as number;
}

function age(file: string, seconds: number): void {
  const then = new Date(Date.now() - seconds * 1000);
  utimesSync(file, then, then);
}

describe('acquireLock', () => {
  it('takes the lock with our pid and host, refuses a second taker, and frees it', () => {
    const file = lockFile();
    const release = acquireLock(file, 'a release of opt');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid, host: os.hostname() });
    expect(() => acquireLock(file, 'a release of opt')).toThrow(LockedError);
    expect(() => acquireLock(file, 'a release of opt')).toThrow(
      `a release of opt is already running (pid ${process.pid} on ${os.hostname()}`,
    );
    release();
    expect(existsSync(file)).toBe(false);
    // Freed twice (a failure path and the exit handler both free it): no error.
    expect(() => release()).not.toThrow();
    acquireLock(file, 'a release of opt')();
  });

  it('takes over a lock whose holder on this host is dead', () => {
    const file = lockFile();
    acquireLock(file, 'x')();
    writeFileSync(file, JSON.stringify({ pid: Number(deadPid()), host: os.hostname(), since: 'earlier' }));
    const release = acquireLock(file, 'x');
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.pid);
    release();
  });

  it('never takes over a lock held on another host (its pid means nothing here)', () => {
    const file = lockFile();
    acquireLock(file, 'x')();
    writeFileSync(file, JSON.stringify({ pid: Number(deadPid()), host: 'other-host', since: 'earlier' }));
    expect(() => acquireLock(file, 'x')).toThrow('already running (pid');
  });

  it.each([
    { name: 'empty', content: '' },
    { name: 'truncated', content: '{"pid": 12' },
  ])('takes over an $name lock file once it is older than the grace period, not before', ({ content }) => {
    const file = lockFile();
    acquireLock(file, 'x')();
    writeFileSync(file, content);
    expect(() => acquireLock(file, 'x')).toThrow(LockedError);
    age(file, 60);
    const release = acquireLock(file, 'x');
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.pid);
    release();
  });
});

describe('acquireLock: what mutation testing showed untested', () => {
  it('a live holder keeps its lock however old the file is', () => {
    const file = lockFile();
    acquireLock(file, 'x')();
    writeFileSync(file, JSON.stringify({ pid: process.pid, host: os.hostname(), since: 'long ago' }));
    age(file, 3600);
    expect(() => acquireLock(file, 'x')).toThrow(`x is already running (pid ${process.pid}`);
  });

  it('a half-written lock within the grace period names no holder it does not know', () => {
    const file = lockFile();
    acquireLock(file, 'a release of opt')();
    writeFileSync(file, '');
    let thrown: unknown;
    try {
      acquireLock(file, 'a release of opt');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(LockedError);
    expect((thrown as Error).name).toBe('LockedError');
    expect((thrown as Error).message).toBe(
      `a release of opt is already running (pid ? on ? since ?); wait for it to finish. If it is gone, delete ${file}.`,
    );
  });

  it('a lock file that cannot be created is that error, not "already running"', () => {
    const file = path.join(path.dirname(lockFile()), `${'x'.repeat(300)}.lock`);
    expect(() => acquireLock(file, 'x')).toThrow(/ENAMETOOLONG/);
  });
});
