import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sweepStaleLoginDirs } from './registry-login.js';

describe('sweepStaleLoginDirs', () => {
  it('removes the private docker configs of dead releases and keeps live ones and anything else', () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'releasable-sweep-'));
    const dead = Number(spawnSync('sh', ['-c', 'echo $$']).stdout.toString().trim());
    const mk = (name: string): string => {
      const dir = path.join(tmp, name);
      mkdirSync(dir);
      writeFileSync(path.join(dir, 'config.json'), '{"auths":{"r":{"auth":"c2VjcmV0"}}}');
      return dir;
    };
    const stale = mk(`releasable-login-${dead}-abc123`);
    const live = mk(`releasable-login-${process.pid}-def456`);
    const other = mk('releasable-docker-config-xyz');
    expect(sweepStaleLoginDirs(tmp)).toEqual([stale]);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(other)).toBe(true);
  });
});
