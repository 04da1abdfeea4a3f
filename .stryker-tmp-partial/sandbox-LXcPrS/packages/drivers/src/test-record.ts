// @ts-nocheck
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TEST_LISTS, type TestListName } from '@releasable/core';
import { inspectImage } from './docker.js';
import { dirtyFiles, gitCommonDir, headRevision, outermostRepoRoot } from './git.js';

/**
 * Proof that an image passed test lists: one file per image ID under the clone's git dir,
 * written by the step that ran the tests. Tests read the mounted work tree, so a record
 * counts only for the commit it was written at. A release skips its tests only on this proof.
 */
interface TestRecord {
  readonly imageId: string;
  /** Commit the work tree was at (clean) when the lists passed. */
  readonly revision: string;
  readonly lists: readonly TestListName[];
}

function recordFile(gitDir: string, imageId: string): string {
  return path.join(gitDir, 'releasable', 'tested', `${imageId.replace(/^sha256:/, '')}.json`);
}

/** Lists the image passed at `revision` (empty without a record, or for another revision). */
export function passedTestLists(gitDir: string, imageId: string, revision: string): TestListName[] {
  let record: TestRecord;
  try {
    record = JSON.parse(readFileSync(recordFile(gitDir, imageId), 'utf8')) as TestRecord;
  } catch {
    return [];
  }
  if (record.imageId !== imageId || record.revision !== revision || !Array.isArray(record.lists)) return [];
  return TEST_LISTS.filter((list) => record.lists.includes(list));
}

/** Adds a passed list to the image's record at `revision` (a record of another revision is replaced). */
export function recordPassedTestList(gitDir: string, imageId: string, revision: string, list: TestListName): void {
  const lists = new Set([...passedTestLists(gitDir, imageId, revision), list]);
  const file = recordFile(gitDir, imageId);
  mkdirSync(path.dirname(file), { recursive: true });
  const record: TestRecord = { imageId, revision, lists: TEST_LISTS.filter((l) => lists.has(l)) };
  // Written whole, then renamed: a reader never sees half a record.
  writeFileSync(`${file}.tmp`, JSON.stringify(record));
  renameSync(`${file}.tmp`, file);
}

/**
 * Records that the image `ref` passed `list` for the clone holding `dir`, when the work tree is
 * clean (a dirty tree is not what HEAD says). Returns whether a record was written.
 */
export async function recordTestPass(dir: string, ref: string, list: TestListName): Promise<boolean> {
  const repo = await outermostRepoRoot(dir);
  if (!repo) return false;
  const [head, dirty, gitDir, image] = await Promise.all([
    headRevision(repo),
    dirtyFiles(repo),
    gitCommonDir(repo),
    inspectImage(ref),
  ]);
  if (!head || dirty.length > 0 || !gitDir || !image) return false;
  recordPassedTestList(gitDir, image.id, head, list);
  return true;
}
