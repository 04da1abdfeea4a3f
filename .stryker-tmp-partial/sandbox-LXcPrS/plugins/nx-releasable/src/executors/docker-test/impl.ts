// @ts-nocheck
import { logger } from '@nx/devkit';
import { ReleasableError, TEST_LISTS, type TestListName } from '@releasable/core';
import { assertEngine, executeContainerRun, formatArgv, planContainerRun, recordTestPass } from '@releasable/drivers';
import { defineExecutor, progress } from '../shared/define.js';
import { schema } from './options.js';

export function parseLists(lists: string | undefined, list: TestListName): TestListName[] {
  if (lists === undefined) return [list];
  const names = lists
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);
  const bad = names.filter((n) => !(TEST_LISTS as readonly string[]).includes(n));
  if (bad.length > 0 || names.length === 0) {
    throw new ReleasableError(
      `--lists: unknown test list ${bad.map((b) => `"${b}"`).join(', ') || '(none given)'}; use ${TEST_LISTS.join(', ')}.`,
    );
  }
  return names as TestListName[];
}

export default defineExecutor(schema, async (options, project) => {
  const lists = parseLists(options.lists, options.list);
  await assertEngine();
  const results: { list: TestListName; exitCode: number; seconds: number; image: string }[] = [];
  for (const list of lists) {
    const command = project.dir.config.tests[list].command;
    const run = await planContainerRun(project.workspaceRoot, project.dir, command, {
      stage: options.stage,
      user: project.user(options.user),
      ...(options.imageVersion ? { version: options.imageVersion } : {}),
    });
    progress(`${list} tests in ${run.image}: ${formatArgv(command)}`);
    const started = Date.now();
    const result = await executeContainerRun(run, options.stage, project.dir.name, 'stream', progress);
    results.push({ list, exitCode: result.exitCode, seconds: (Date.now() - started) / 1000, image: run.image });
    // A release may skip its tests on this image only with this record of a pass at HEAD.
    if (result.exitCode === 0) await recordTestPass(project.absRoot, run.image, list);
  }
  for (const r of results) {
    logger.info(
      `${r.exitCode === 0 ? 'PASS' : 'FAIL'} ${r.list} tests in ${r.image} (exit ${r.exitCode}, ${r.seconds.toFixed(1)} s)`,
    );
  }
  const failed = results.filter((r) => r.exitCode !== 0);
  if (failed.length > 0) {
    throw new ReleasableError(
      `docker-test: ${failed.map((f) => `list "${f.list}" failed with exit code ${f.exitCode}`).join('; ')} in ${failed[0]!.image}.`,
    );
  }
});
