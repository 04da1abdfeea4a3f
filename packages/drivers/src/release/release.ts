import path from 'node:path';
import { imageLabels, planRelease, stageRefs } from '@releasable/core';
import { stagedContextFor } from '../build-context.js';
import { buildRegistryLogin } from '../build-registry.js';
import { composeCommand, removeIdleProjectNetwork } from '../compose.js';
import { gitCommonDir, outermostRepoRoot } from '../git.js';
import { acquireLock } from '../lock.js';
import { loginTargets, withRegistrySession } from '../registry-login.js';
import { planContainerRun } from '../run-in-container.js';
import { releaseCommands } from './argv.js';
import { describeCompleted, printDryRun } from './dry-run.js';
import { executePlan } from './execute.js';
import { observe } from './observe.js';
import type { ReleaseRequest, ReleaseResult } from './types.js';

export * from './types.js';
export { describeChanges } from './execute.js';
export { backoff, isRetryablePushFailure, pushFailureHint, pushWithRetry } from './push-retry.js';
export { pushStage, type PushedRef, type PushStageRequest } from './push-stage.js';

/**
 * Takes the per-dir lock that releases and rollbacks share (in the clone's git dir): one of
 * them per dir at a time, so a rollback never races a release moving the same floating tag.
 * Returns the function that frees it.
 */
export async function lockReleasableDir(
  workspaceRoot: string,
  dir: { readonly root: string; readonly name: string },
  what: string,
): Promise<() => void> {
  const repo = (await outermostRepoRoot(path.resolve(workspaceRoot, dir.root))) ?? workspaceRoot;
  const gitDir = (await gitCommonDir(repo)) ?? path.join(workspaceRoot, '.nx');
  return acquireLock(path.join(gitDir, 'releasable', `${dir.name}.lock`), what);
}

/**
 * Plans and runs a release of one dir: preflight (refuses before any side effect), the plan's
 * steps in order with resume (pushed digests are skipped), a per-dir lock, and a result for
 * the summary. With dryRun, returns the plan and changes nothing.
 */
export async function runRelease(req: ReleaseRequest): Promise<ReleaseResult> {
  const { dir, options, workspaceRoot, log } = req;
  const absDir = path.resolve(workspaceRoot, dir.root);
  const repo = (await outermostRepoRoot(absDir)) ?? workspaceRoot;
  // A stage with its own ignore file (.dockerignore.prod) builds from a staged context.
  const staged = stagedContextFor(path.join(absDir, dir.config.docker.context), options.stage);
  const gitDir = (await gitCommonDir(repo)) ?? path.join(workspaceRoot, '.nx');
  const release = req.dryRun
    ? () => undefined
    : await lockReleasableDir(workspaceRoot, dir, `a release of ${dir.name}`);
  const cleanups: Array<() => Promise<void>> = [];
  const logins = [
    ...loginTargets(dir.config.registries, options.push ? options.registries : []),
    // A dev release may pull the build its build record names from the build registry.
    ...(options.stage === 'dev' && dir.config.buildRegistry?.auth
      ? [buildRegistryLogin(dir.config.buildRegistry)]
      : []),
  ];
  try {
    return await withRegistrySession(logins, async () => {
      const state = await observe(req, repo, gitDir);
      const containerRun = await planContainerRun(workspaceRoot, dir, undefined, {
        stage: options.stage === 'dev' ? 'local' : 'prod',
        version: options.codeVersion,
        user: options.user,
      });
      const labels = imageLabels({
        name: dir.name,
        version: stageRefs(dir.config, options.stage, options.codeVersion, options.user, []).version,
        source: dir.root,
        ...(state.head ? { revision: state.head } : {}),
      });
      const plan = planRelease(
        {
          project: dir.name,
          config: dir.config,
          options,
          state,
          releaseBranches: dir.config.releaseBranches,
          ...(staged ? { stagedContext: staged } : {}),
          commands: releaseCommands({
            req,
            absDir,
            repo,
            ...(state.head ? { head: state.head } : {}),
            labels,
            composePrefix: await composeCommand(),
            containerRun,
          }),
        },
        { report: req.dryRun },
      );
      const base = {
        project: plan.project,
        stage: plan.stage,
        version: plan.version,
        gitTag: plan.gitTag,
        alreadyReleased: plan.alreadyReleased,
        dryRun: req.dryRun,
        ...(plan.reuse ? { reuse: plan.reuse } : {}),
        ...(plan.refusals ? { refusals: plan.refusals } : {}),
      };
      if (plan.alreadyReleased) log(describeCompleted(plan));
      else if (plan.reuse) log(plan.reuse);
      if (req.dryRun) return { ...base, steps: printDryRun(plan, log) };
      if (plan.steps.length === 0) return { ...base, steps: [] };
      // Test steps share the compose network; it is removed once, after the last step.
      cleanups.push(() => removeIdleProjectNetwork(containerRun.compose.project));
      return await executePlan(plan, {
        req,
        absDir,
        repo,
        composeEnv: containerRun.composeEnv,
        base,
        gitDir,
        ...(state.head ? { head: state.head } : {}),
      });
    });
  } finally {
    for (const cleanup of cleanups) await cleanup();
    release();
  }
}
