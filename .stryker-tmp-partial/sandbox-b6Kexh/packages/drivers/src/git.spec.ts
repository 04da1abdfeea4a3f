// @ts-nocheck
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exec } from './exec.js';
import { isShallow, listTags, remoteTags } from './git.js';

const git = (dir: string, ...args: string[]) =>
  exec(['git', '-C', dir, '-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args]);

describe('origin tags and shallow clones (real git)', () => {
  it('a shallow clone lacks a released tag that ls-remote still sees', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'releasable-git-'));
    const origin = path.join(root, 'origin');
    await exec(['git', 'init', '-q', '-b', 'main', origin]);
    await git(origin, 'commit', '-q', '--allow-empty', '-m', 'one');
    await git(origin, 'tag', '-a', 'opt-dev-0.9.0', '-m', 'release');
    const first = (await git(origin, 'rev-parse', 'HEAD')).stdout;
    await git(origin, 'commit', '-q', '--allow-empty', '-m', 'two');
    const clone = path.join(root, 'clone');
    await exec(['git', 'clone', '-q', '--depth', '1', '--no-tags', `file://${origin}`, clone]);

    expect(await isShallow(clone)).toBe(true);
    expect(await isShallow(origin)).toBe(false);
    expect(await listTags(clone)).toEqual([]);
    // An annotated tag is peeled to the commit it points at.
    expect(await remoteTags(clone, 30)).toEqual({ tags: { 'opt-dev-0.9.0': first } });
  });

  it('an origin that cannot be read gives an error, not an empty list', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'releasable-git-'));
    await exec(['git', 'init', '-q', root]);
    await git(root, 'remote', 'add', 'origin', path.join(root, 'nowhere.git'));
    const r = await remoteTags(root, 30);
    expect('error' in r && r.error).toMatch(/does not appear to be a git repository|not found/);
  });
});
