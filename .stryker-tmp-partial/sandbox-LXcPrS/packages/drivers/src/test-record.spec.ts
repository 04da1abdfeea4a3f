// @ts-nocheck
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ScriptedWorld } from '../../../tools/testing/scripted-world.js';
import { replaceSpawner } from './exec.js';
import { passedTestLists, recordPassedTestList, recordTestPass } from './test-record.js';

const id = 'sha256:' + 'b'.repeat(64);

describe('test records', () => {
  it('accumulates lists per image ID and revision, in list order', () => {
    const gitDir = mkdtempSync(path.join(os.tmpdir(), 'releasable-rec-'));
    expect(passedTestLists(gitDir, id, 'c1')).toEqual([]);
    recordPassedTestList(gitDir, id, 'c1', 'slow');
    recordPassedTestList(gitDir, id, 'c1', 'fast');
    expect(passedTestLists(gitDir, id, 'c1')).toEqual(['fast', 'slow']);
    expect(passedTestLists(gitDir, 'sha256:' + 'c'.repeat(64), 'c1')).toEqual([]);
  });

  it('counts nothing for another revision, and a new revision replaces the record', () => {
    const gitDir = mkdtempSync(path.join(os.tmpdir(), 'releasable-rec-'));
    recordPassedTestList(gitDir, id, 'c1', 'fast');
    recordPassedTestList(gitDir, id, 'c1', 'slow');
    expect(passedTestLists(gitDir, id, 'c2')).toEqual([]);
    recordPassedTestList(gitDir, id, 'c2', 'fast');
    expect(passedTestLists(gitDir, id, 'c2')).toEqual(['fast']);
    expect(passedTestLists(gitDir, id, 'c1')).toEqual([]);
    expect(readdirSync(path.join(gitDir, 'releasable', 'tested'))).toEqual(['b'.repeat(64) + '.json']);
  });

  it('a damaged or foreign record proves nothing', () => {
    const gitDir = mkdtempSync(path.join(os.tmpdir(), 'releasable-rec-'));
    recordPassedTestList(gitDir, id, 'c1', 'fast');
    const file = path.join(gitDir, 'releasable', 'tested', 'b'.repeat(64) + '.json');
    writeFileSync(file, '{"imageId": "sha');
    expect(passedTestLists(gitDir, id, 'c1')).toEqual([]);
    writeFileSync(file, JSON.stringify({ imageId: 'sha256:other', revision: 'c1', lists: ['fast'] }));
    expect(passedTestLists(gitDir, id, 'c1')).toEqual([]);
  });
});

describe('recordTestPass (what docker-test writes)', () => {
  let world: ScriptedWorld;
  let restore: () => void;
  beforeEach(() => {
    world = new ScriptedWorld();
    restore = replaceSpawner(world.spawn);
    world.images.set('opt:local-me-1.2.0', { id: 'sha256:abc', labels: {}, repoDigests: [] });
  });
  afterEach(() => {
    restore();
    world.dispose();
  });
  const gitDir = (): string => path.join(world.root, '.git');

  it('records the pass for the image at HEAD on a clean tree', async () => {
    expect(await recordTestPass(world.root, 'opt:local-me-1.2.0', 'fast')).toBe(true);
    expect(await recordTestPass(world.root, 'opt:local-me-1.2.0', 'slow')).toBe(true);
    expect(passedTestLists(gitDir(), 'sha256:abc', world.head)).toEqual(['fast', 'slow']);
    expect(passedTestLists(gitDir(), 'sha256:abc', 'another-commit')).toEqual([]);
  });

  it.each([
    { name: 'a dirty tree', arrange: (w: ScriptedWorld) => (w.dirty = ['x.txt']) },
    { name: 'an image the engine does not have', arrange: (w: ScriptedWorld) => w.images.clear() },
    {
      name: 'no git repo',
      arrange: (w: ScriptedWorld) =>
        w.fault((a) => a.includes('--show-toplevel'), { exitCode: 128, stdout: '', stderr: 'not a git repository' }),
    },
    {
      name: 'no commit yet',
      arrange: (w: ScriptedWorld) => w.fault((a) => a.includes('--verify'), { exitCode: 1, stdout: '', stderr: '' }),
    },
  ])('writes nothing for $name', async ({ arrange }) => {
    arrange(world);
    expect(await recordTestPass(world.root, 'opt:local-me-1.2.0', 'fast')).toBe(false);
    expect(passedTestLists(gitDir(), 'sha256:abc', world.head)).toEqual([]);
  });
});
