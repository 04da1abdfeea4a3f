// @ts-nocheck
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { logger } from '@nx/devkit';
import {
  PLATFORM,
  ReleasableError,
  resolveCodeVersion,
  resolveTargetRegistries,
  type ReleaseStage,
} from '@releasable/core';
import { ReleaseFailedError, runRelease, type ReleaseResult } from '@releasable/drivers';
import type { z } from 'zod';
import { progress, type ProjectContext } from './define.js';
import { asList, parseBuildArgs } from './options.js';
import type { releaseSchema } from './release-options.js';

export type ReleaseExecutorOptions = z.output<typeof releaseSchema>;

/** The final table: one row per step with its ref, registry, digest and duration. */
export function summaryTable(results: readonly ReleaseResult[]): string {
  const rows = results.flatMap((r) =>
    r.steps.map((s) => [
      s.status,
      s.title,
      s.registry ?? '',
      s.digest ? s.digest.slice(0, 19) : '',
      `${s.seconds.toFixed(1)} s`,
    ]),
  );
  if (rows.length === 0) return '';
  const header = ['status', 'step', 'registry', 'digest', 'time'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export async function releaseStage(
  stage: ReleaseStage,
  options: ReleaseExecutorOptions,
  project: ProjectContext,
): Promise<ReleaseResult> {
  const platforms = options.platforms
    ? options.platforms
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : [...project.dir.config.platforms];
  const badPlatforms = platforms.filter((x) => !PLATFORM.test(x));
  if (badPlatforms.length > 0) {
    throw new ReleasableError(
      `--platforms: ${badPlatforms.map((x) => `"${x}"`).join(', ')} must look like "linux/amd64" or "linux/arm64/v8"; nothing was changed.`,
    );
  }
  if (options.refreshOnlyPoetry && !options.updatePoetry)
    throw new ReleasableError('--refresh-only-poetry needs --update-poetry.');
  const codeVersion = resolveCodeVersion(project.dir, options.imageVersion);
  const registries = resolveTargetRegistries(
    options.registries,
    project.dir.config.registries,
    project.dir.config.targetRegistries,
  );
  if (options.push && registries.length === 0) {
    throw new ReleasableError(
      `project "${project.dir.name}" has no target registry to push to; configure "registries" (repo_config or nx.json) or pass --no-push.`,
    );
  }
  return runRelease({
    workspaceRoot: project.workspaceRoot,
    dir: project.dir,
    options: {
      stage,
      codeVersion,
      user: project.user(options.user),
      registries,
      tests: !options.skipTests,
      superslowTests: options.superslowTests,
      qa: options.qaTests,
      push: options.push,
      cache: options.cache,
      platforms,
    },
    ...(options.updatePoetry && stage === 'dev'
      ? { poetry: { mode: options.refreshOnlyPoetry ? 'refresh' : 'update', lockFileInImage: '/install/poetry.lock' } }
      : {}),
    buildArgs: {
      ...(options.baseImage ? { baseImage: options.baseImage } : {}),
      extra: parseBuildArgs(asList(options.buildArg)),
    },
    dryRun: options.dryRun,
    log: progress,
  });
}

/** Runs stages in order, prints the summary (and JSON), and reports a failure with its step. */
export async function runReleases(
  stages: readonly ReleaseStage[],
  options: ReleaseExecutorOptions,
  project: ProjectContext,
): Promise<void> {
  const results: ReleaseResult[] = [];
  try {
    for (const stage of stages) results.push(await releaseStage(stage, options, project));
    const refused = results.filter((r) => r.refusals?.length);
    if (options.check && refused.length > 0) {
      throw new ReleasableError(
        `--check: a real run would be refused (${refused.flatMap((r) => r.refusals!).join('; ')}).`,
      );
    }
  } catch (error) {
    if (error instanceof ReleaseFailedError) results.push(error.result);
    report(results, options, project.workspaceRoot);
    throw error;
  }
  report(results, options, project.workspaceRoot);
}

function report(results: readonly ReleaseResult[], options: ReleaseExecutorOptions, workspaceRoot: string): void {
  const table = summaryTable(results);
  if (table) logger.info(`\n${table}`);
  const json = JSON.stringify(results.length === 1 ? results[0] : results, null, 2);
  if (options.json) logger.info(json);
  if (options.jsonFile) {
    const file = path.resolve(workspaceRoot, options.jsonFile);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${json}\n`);
    logger.info(`result written to ${path.relative(workspaceRoot, file)}`);
  }
}
