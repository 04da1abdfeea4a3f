import path from 'node:path';
import { ReleasableError, type PlanStep, type ReleasePlan } from '@releasable/core';
import { copyFromImage, inspectImage, runBuildIn } from '../docker.js';
import { pullLayerCache } from '../build-registry.js';
import { exec } from '../exec.js';
import { claimRelease } from '../git.js';
import { remoteDigest, remoteManifestList, repositoryOf } from '../registry.js';
import { recordPassedTestList } from '../test-record.js';
import { backoff, pushWithRetry, readBeforePush } from './push-retry.js';
import { ReleaseFailedError, type ReleaseRequest, type ReleaseResult, type StepResult } from './types.js';

/** Every registry's versioned list names each platform at the digest pushed for it. */
async function verifyManifestLists(
  plan: ReleasePlan,
  platformRefs: Readonly<Record<string, string>>,
  pushed: Map<string, string>,
  timeoutSeconds: number,
): Promise<{ digest?: string }> {
  for (const r of plan.refs.remotes) {
    const entries = await remoteManifestList(r.versioned, timeoutSeconds);
    if (!entries)
      throw new ReleasableError(`${r.versioned} could not be read as a manifest list from the registry after the push`);
    const expected = Object.entries(platformRefs).filter(([ref]) => ref.startsWith(`${r.versioned}-`));
    for (const [ref, platform] of expected) {
      if (entries[platform] !== pushed.get(ref)) {
        throw new ReleasableError(
          `${r.versioned} lists ${platform} at ${entries[platform] ?? 'nothing'}, but ${ref} was pushed as ${pushed.get(ref)}`,
        );
      }
    }
    if (Object.keys(entries).length !== expected.length) {
      throw new ReleasableError(
        `${r.versioned} lists ${Object.keys(entries).join(', ')}; expected ${expected.map(([, p]) => p).join(', ')}`,
      );
    }
  }
  return {};
}

/** What executing a plan needs besides the plan. */
export interface ExecContext {
  readonly req: ReleaseRequest;
  readonly absDir: string;
  /** The clone's top (git commands run there). */
  readonly repo: string;
  readonly composeEnv: Readonly<Record<string, string>>;
  readonly base: Omit<ReleaseResult, 'steps'>;
  /** Where test records are kept (the clone's git dir). */
  readonly gitDir: string;
  /** The commit released; test records are written for it. */
  readonly head?: string;
}

/** Consecutive push steps of one phase (versioned or floating) form one parallel group. */
function groupSteps(steps: readonly PlanStep[]): PlanStep[][] {
  const groups: PlanStep[][] = [];
  for (const step of steps) {
    const last = groups.at(-1);
    const joins =
      step.kind === 'push' && last?.[0]?.kind === 'push' && Boolean(last[0].floating) === Boolean(step.floating);
    if (joins) last!.push(step);
    else groups.push([step]);
  }
  return groups;
}

/**
 * What a failed release changed and what it left alone, from the steps that completed: the
 * message must never say "unchanged" of a tag that moved.
 */
export function describeChanges(plan: ReleasePlan, results: readonly StepResult[]): string {
  const stepById = new Map(plan.steps.map((s) => [s.id, s]));
  const done = results
    .filter((r) => r.status === 'done')
    .map((r) => stepById.get(r.id)!)
    .filter(Boolean);
  const changed: string[] = [];
  const pushed = done.filter((s) => s.kind === 'push' && !s.floating).map((s) => s.ref);
  if (pushed.length) changed.push(`pushed ${pushed.join(', ')}`);
  const moved = done.filter((s) => s.kind === 'push' && s.floating).map((s) => s.ref);
  if (moved.length) changed.push(`moved ${moved.join(', ')}`);
  const gitTagged = done.some((s) => s.kind === 'git-tag');
  const gitPushed = done.some((s) => s.kind === 'git-push');
  if (gitTagged)
    changed.push(`created git tag ${plan.gitTag} in this clone${gitPushed ? ' and on origin' : ' (not on origin)'}`);
  else if (gitPushed) changed.push(`pushed git tag ${plan.gitTag} to origin`);
  const unchanged: string[] = [];
  const floatingPlanned = plan.steps.some((s) => s.kind === 'push' && s.floating);
  if (floatingPlanned && moved.length === 0) unchanged.push('the floating tags');
  if (!gitTagged && !gitPushed && plan.steps.some((s) => s.kind === 'git-tag' || s.kind === 'git-push'))
    unchanged.push(`the git tag ${plan.gitTag}`);
  return [
    changed.length ? `Changed before the failure: ${changed.join('; ')}.` : 'Nothing was published.',
    unchanged.length ? `Unchanged: ${unchanged.join(' and ')}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** Runs a plan's steps in order (pushes of one phase in parallel); stops at the first failure. */
export async function executePlan(plan: ReleasePlan, ctx: ExecContext): Promise<ReleaseResult> {
  const { log } = ctx.req;
  const results: StepResult[] = [];
  const pushed = new Map<string, string>();
  const total = plan.steps.length;
  let index = 0;
  for (const group of groupSteps(plan.steps)) {
    // Pushes to several registries run at once; their progress bars would interleave, so a
    // group of more than one push reports per step instead of streaming.
    const quiet = group.length > 1;
    const outcomes = await Promise.allSettled(
      group.map(async (step) => {
        const position = ++index;
        const started = Date.now();
        log(`[${position}/${total}] ${step.title}`);
        const base = {
          id: step.id,
          title: step.title,
          ...(step.ref ? { ref: step.ref } : {}),
          ...(step.registry ? { registry: step.registry } : {}),
        };
        try {
          const outcome = await runStep(step, plan, ctx, pushed, quiet);
          if (outcome.skipped) log(`  skipped: ${outcome.skipped}`);
          else if (quiet && outcome.digest) log(`  ${step.ref} ${outcome.digest}`);
          return {
            ...base,
            status: outcome.skipped ? 'skipped' : 'done',
            seconds: (Date.now() - started) / 1000,
            ...(outcome.digest ? { digest: outcome.digest } : {}),
          } as StepResult;
        } catch (error) {
          results.push({
            ...base,
            status: 'failed',
            seconds: (Date.now() - started) / 1000,
            note: (error as Error).message.split('\n')[0]!,
          });
          throw Object.assign(error as Error, { releaseStep: step });
        }
      }),
    );
    for (const o of outcomes) if (o.status === 'fulfilled') results.push(o.value);
    const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failure) {
      const error = failure.reason as Error & { releaseStep: PlanStep };
      throw new ReleaseFailedError(
        `release of ${plan.project} ${plan.stage} ${plan.version} failed at "${error.releaseStep.title}": ${error.message}\n` +
          `${describeChanges(plan, results)} Rerun the same command to resume.`,
        { ...ctx.base, steps: results },
        error,
      );
    }
  }
  return { ...ctx.base, steps: results };
}

async function runStep(
  step: PlanStep,
  plan: ReleasePlan,
  ctx: ExecContext,
  pushed: Map<string, string>,
  quiet = false,
): Promise<{ skipped?: string; digest?: string }> {
  const argv = step.argv ?? [];
  const { timeouts } = ctx.req.dir.config;
  switch (step.kind) {
    case 'build': {
      // A layer cache the build names (--cache-from) is pulled first; its absence is no failure.
      const cacheFrom = argv.indexOf('--cache-from');
      const { buildRegistry } = ctx.req.dir.config;
      if (cacheFrom !== -1 && buildRegistry)
        await pullLayerCache(argv[cacheFrom + 1]!, buildRegistry, timeouts, ctx.req.log);
      await runBuildIn(argv, step.stagedContext);
      if (ctx.req.poetry && step.ref) {
        await copyFromImage(
          step.ref,
          ctx.req.poetry.lockFileInImage,
          path.join(ctx.absDir, 'devops/docker_build', path.posix.basename(ctx.req.poetry.lockFileInImage)),
        );
      }
      return {};
    }
    case 'test': {
      const r = await exec(argv, {
        output: 'stream',
        allowFailure: true,
        env: { ...ctx.composeEnv, RELEASABLE_IMAGE: step.ref!, [ctx.req.dir.config.docker.imageVariable]: step.ref! },
      });
      if (r.exitCode !== 0)
        throw new ReleasableError(`list "${step.list}" failed with exit code ${r.exitCode} in ${step.ref}`);
      // The proof a later resume needs before it may skip these tests.
      const tested = await inspectImage(step.ref!);
      if (tested && ctx.head) recordPassedTestList(ctx.gitDir, tested.id, ctx.head, step.list!);
      return {};
    }
    case 'qa': {
      const r = await exec(argv, {
        cwd: ctx.absDir,
        output: 'stream',
        allowFailure: true,
        env: {
          RELEASABLE_IMAGE: step.ref!,
          [ctx.req.dir.config.docker.imageVariable]: step.ref!,
          RELEASABLE_STAGE: plan.stage,
          RELEASABLE_VERSION: plan.version,
        },
      });
      if (r.exitCode !== 0) throw new ReleasableError(`QA failed with exit code ${r.exitCode} against ${step.ref}`);
      return {};
    }
    case 'pull': {
      await exec(argv, { output: 'stream', idleTimeoutMs: timeouts.transfer * 1000 });
      if (step.expectRevision) {
        const pulled = await inspectImage(step.ref!);
        const revision = pulled?.labels['org.opencontainers.image.revision'];
        if (revision !== step.expectRevision) {
          throw new ReleasableError(
            `${step.ref} in the registry was ${revision ? `built from revision ${revision.slice(0, 12)}` : 'not built by releasable'}, not from HEAD ${step.expectRevision.slice(0, 12)}; the version is taken. Nothing was pushed: release a new version.`,
          );
        }
      }
      return {};
    }
    case 'tag':
    case 'git-tag':
      await exec(argv, { timeoutMs: timeouts.command * 1000 });
      return {};
    case 'claim': {
      const how = await claimRelease(ctx.repo, ctx.gitDir, step.ref!, timeouts.remoteGit);
      return how === 'ours' ? { skipped: `${step.ref} was claimed by this clone before` } : {};
    }
    case 'git-push':
      await exec(argv, { timeoutMs: timeouts.remoteGit * 1000, env: { GIT_TERMINAL_PROMPT: '0' } });
      return {};
    case 'push': {
      const ref = step.ref!;
      if (step.skipWhenPushed) {
        const local = await inspectImage(step.source ?? plan.refs.local);
        const remote = await readBeforePush(ref, timeouts.registryRead, ctx.req.log, 3, backoff(timeouts.retryBackoff));
        const repo = repositoryOf(ref);
        if (remote.digest && local?.repoDigests.includes(`${repo}@${remote.digest}`)) {
          pushed.set(ref, remote.digest);
          return { skipped: `${ref} already has ${remote.digest}`, digest: remote.digest };
        }
        // A versioned tag is never overwritten with other content (floating tags move by design).
        if (remote.digest && !step.floating) {
          throw new ReleasableError(
            `${ref} already exists with digest ${remote.digest}, which is not the local image; refusing to overwrite a released version.`,
          );
        }
      }
      const digest = await pushWithRetry(argv, {
        log: ctx.req.log,
        quiet,
        idleSeconds: timeouts.transfer,
        backoffMs: backoff(timeouts.retryBackoff),
      });
      pushed.set(ref, digest);
      return { digest };
    }
    case 'manifest': {
      let digest: string | undefined;
      for (const command of step.commands ?? []) {
        const { stdout } = await exec(command, { timeoutMs: timeouts.transfer * 1000 });
        digest = /sha256:[0-9a-f]{64}/.exec(stdout)?.[0] ?? digest;
      }
      return digest ? { digest } : {};
    }
    case 'verify': {
      if (step.platformRefs) return verifyManifestLists(plan, step.platformRefs, pushed, timeouts.registryRead);
      const digests = new Set<string>();
      for (const r of plan.refs.remotes) {
        const remote = await remoteDigest(r.versioned, timeouts.registryRead);
        if (remote.error) throw new ReleasableError(`cannot read ${r.versioned} to verify the push: ${remote.error}`);
        if (!remote.digest) throw new ReleasableError(`${r.versioned} is not in the registry after the push`);
        if (pushed.get(r.versioned) !== remote.digest) {
          throw new ReleasableError(
            `${r.versioned} has digest ${remote.digest} in the registry, but the push reported ${pushed.get(r.versioned)}`,
          );
        }
        digests.add(remote.digest);
      }
      if (digests.size > 1)
        throw new ReleasableError(`the versioned tags have different digests: ${[...digests].join(', ')}`);
      return { ...(digests.size === 1 ? { digest: [...digests][0]! } : {}) };
    }
  }
}
