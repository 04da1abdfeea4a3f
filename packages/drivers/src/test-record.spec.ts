import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { passedTestLists, recordPassedTestList } from './test-record.js';

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
