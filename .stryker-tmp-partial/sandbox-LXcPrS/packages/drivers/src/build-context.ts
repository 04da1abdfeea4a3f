// @ts-nocheck
import {
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dockerignoreRules, ignoredByRules, type StagedContext } from '@releasable/core';
import { sweepStaleDirs } from './stale-dirs.js';

// Per-stage ignore files (`.dockerignore.dev`, `.dockerignore.prod` next to the context's
// `.dockerignore`): the stage's build must see that file as its `.dockerignore`. Rewriting the
// user's `.dockerignore` in place (what the original tool did) dirties the tree, races with a
// concurrent build of the other stage, and is left wrong by a kill -9. Instead the build gets a
// staged copy of the context — hard links where the filesystem allows, so no file data is
// copied — holding the stage's file as `.dockerignore`, and Docker applies it exactly as it
// applies its own. Dirs the file drops whole are not staged at all.

const STAGED_PREFIX = 'releasable-context-';

/** What a build of `stage` from `context` must stage: only when the context has the stage's own ignore file. */
export function stagedContextFor(context: string, stage: 'dev' | 'prod'): StagedContext | undefined {
  const ignoreFile = path.join(context, `.dockerignore.${stage}`);
  return existsSync(ignoreFile) ? { source: context, ignoreFile } : undefined;
}

/** Links (or copies, across filesystems) one file; symlinks are recreated as symlinks, as Docker sends them. */
function stageFile(from: string, to: string): void {
  const stat = lstatSync(from);
  if (stat.isSymbolicLink()) {
    symlinkSync(readlinkSync(from), to);
    return;
  }
  if (!stat.isFile()) return; // sockets, fifos: Docker cannot send them either
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

/**
 * Copies `source` into `target` as hard links, without the dirs `rules` drop whole (only when
 * no rule re-includes anything: then a dropped dir can hold nothing the build gets).
 */
function stageTree(source: string, target: string, rules: ReturnType<typeof dockerignoreRules>): void {
  const prune = !rules.some((r) => r.exception);
  const walk = (relative: string): void => {
    const dir = path.join(source, relative);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (prune && ignoredByRules(rules, rel)) continue;
        mkdirSync(path.join(target, rel), { mode: lstatSync(path.join(source, rel)).mode & 0o7777 });
        walk(rel);
      } else {
        stageFile(path.join(source, rel), path.join(target, rel));
      }
    }
  };
  walk('');
}

/**
 * Runs `work` with a staged copy of the context whose `.dockerignore` is the stage's ignore
 * file; the copy is removed on every exit path this process runs code on (a kill -9 leaves
 * it to the sweep of the next build).
 */
export async function withStagedContext<T>(
  staged: StagedContext,
  work: (context: string) => Promise<T>,
  tmp: string = os.tmpdir(),
): Promise<T> {
  sweepStaleDirs(STAGED_PREFIX, tmp);
  const dir = mkdtempSync(path.join(tmp, `${STAGED_PREFIX}${process.pid}-`));
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  process.once('exit', remove);
  try {
    const ignoreText = readFileSync(staged.ignoreFile, 'utf8');
    stageTree(staged.source, dir, dockerignoreRules(ignoreText));
    // The staged .dockerignore is a hard link to the user's: unlink it, never write through it.
    rmSync(path.join(dir, '.dockerignore'), { force: true });
    writeFileSync(path.join(dir, '.dockerignore'), ignoreText);
    return await work(dir);
  } finally {
    process.removeListener('exit', remove);
    remove();
  }
}
