import path from 'node:path';
import {
  annotateFlags,
  fillPlaceholders,
  formatGitTag,
  imageLabels,
  planRelease,
  ReleasableError,
  stageRefs,
  type PlanStep,
  type ReleasableDir,
  type ReleaseOptions,
  type ReleasePlan,
  type ReleaseState,
} from '@releasable/core';
import { composeCommand, composeRunArgv, removeIdleProjectNetwork } from '../compose.js';
import { buildArgv, copyFromImage, engineInfo, inspectImage } from '../docker.js';
import { CommandFailedError, exec, formatArgv } from '../exec.js';
import {
  currentBranch,
  dirtyFiles,
  gitCommonDir,
  hasRemote,
  headRevision,
  listTags,
  outermostRepoRoot,
  tagCommit,
} from '../git.js';
import { acquireLock } from '../lock.js';
import { openRegistrySession } from '../registry-login.js';
import { isLoopbackRegistry, remoteDigest, remoteManifestList, type RemoteDigest } from '../registry.js';
import { planContainerRun, type ContainerRun } from '../run-in-container.js';

export interface ReleaseRequest {
  readonly workspaceRoot: string;
  readonly dir: ReleasableDir;
  readonly options: ReleaseOptions;
  /** POETRY_MODE build arg and lock file copied back after the build, when set. */
  readonly poetry?: { readonly mode: 'update' | 'refresh'; readonly lockFileInImage: string };
  readonly dryRun: boolean;
  /** Progress lines (one per step start/end). */
  readonly log: (line: string) => void;
}

export interface StepResult {
  readonly id: string;
  readonly title: string;
  readonly status: 'done' | 'skipped' | 'failed' | 'planned';
  readonly seconds: number;
  readonly ref?: string;
  readonly registry?: string;
  readonly digest?: string;
  readonly note?: string;
}

/** What a release did (or, with dryRun, would do): the plan's identity plus each step's outcome. */
export interface ReleaseResult extends Pick<
  ReleasePlan,
  'project' | 'stage' | 'version' | 'gitTag' | 'alreadyReleased' | 'reuse'
> {
  readonly dryRun: boolean;
  readonly steps: readonly StepResult[];
}

/** A release step failed; carries the results so far (for the summary) and the cause. */
export class ReleaseFailedError extends ReleasableError {
  override readonly name = 'ReleaseFailedError';
  constructor(
    message: string,
    readonly result: ReleaseResult,
    cause: unknown,
  ) {
    super(message, { step: result.steps.at(-1)?.id }, { cause });
  }
}

const TRANSIENT =
  /connection reset|connection refused|EOF|timeout|timed out|i\/o timeout|503|502|504|TLS handshake|broken pipe|server misbehaving/i;
const PERMANENT = /unauthorized|denied|forbidden|authentication required|no basic auth credentials/i;

/** Runs a push, retrying transient failures with bounded backoff; auth failures are final. */
async function pushWithRetry(
  argv: readonly string[],
  log: (l: string) => void,
  quiet: boolean,
  attempts = 3,
): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      const { stdout } = await exec(argv, { output: quiet ? 'capture' : 'stream' });
      const digest = /digest: (sha256:[0-9a-f]{64})/.exec(stdout)?.[1];
      if (!digest) throw new ReleasableError(`${formatArgv(argv)} reported no digest`);
      return digest;
    } catch (error) {
      const text = error instanceof CommandFailedError ? error.stderr : String(error);
      if (attempt >= attempts || PERMANENT.test(text) || !TRANSIENT.test(text)) throw error;
      const wait = 1000 * 2 ** (attempt - 1);
      log(`  push failed (${text.trim().split('\n').pop()}); retry ${attempt}/${attempts - 1} in ${wait / 1000} s`);
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

function repositoryOf(ref: string): string {
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? ref.slice(0, colon) : ref;
}

/** Reads what is true now: git, the engine's images and each registry's tags. Changes nothing. */
async function observe(req: ReleaseRequest, repo: string): Promise<ReleaseState> {
  const { dir, options } = req;
  const refs = stageRefs(
    dir.config,
    options.stage,
    options.codeVersion,
    options.user,
    options.push ? options.registries : [],
  );
  // Everything below is independent reads: run them at once (this is the fixed cost of a release).
  const engine = engineInfo().then(
    (info) => ({ info, error: undefined as string | undefined }),
    (error: unknown) => ({ info: undefined, error: (error as Error).message }),
  );
  const gitTag = formatGitTag(dir.config.gitTagPattern, {
    name: dir.name,
    stage: options.stage,
    version: refs.version,
  });
  const git = Promise.all([headRevision(repo), currentBranch(repo), dirtyFiles(repo), listTags(repo), hasRemote(repo)]);
  const releaseTag = git.then(([, , , tags]) => (tags.includes(gitTag) ? tagCommit(repo, gitTag) : undefined));
  const engineReads = engine.then(async ({ error }) => {
    if (error) return { local: undefined, devImagePresent: undefined, registries: {} };
    const devRef = stageRefs(dir.config, 'dev', options.codeVersion, options.user, []).local;
    const [local, dev, registryEntries] = await Promise.all([
      inspectImage(refs.local),
      options.stage === 'prod' ? inspectImage(devRef) : Promise.resolve(undefined),
      Promise.all(
        refs.remotes.map(async (r) => {
          const [versioned, floating] = await Promise.all([
            remoteDigest(r.versioned),
            r.floating ? remoteDigest(r.floating) : Promise.resolve<RemoteDigest>({}),
          ]);
          const error = versioned.error ?? floating.error;
          const digest = floating.digest;
          return [
            r.registryName,
            {
              ...(versioned.digest ? { versioned: versioned.digest } : {}),
              ...(digest ? { floating: digest } : {}),
              ...(error ? { error: `cannot read ${r.versioned}: ${error}` } : {}),
            },
          ] as const;
        }),
      ),
    ]);
    return {
      local,
      devImagePresent: options.stage === 'prod' ? dev !== undefined : undefined,
      registries: Object.fromEntries(registryEntries),
    };
  });
  const [
    { info, error: engineError },
    [head, branch, dirty, tags, remote],
    releaseTagCommit,
    { local, devImagePresent, registries },
  ] = await Promise.all([engine, git, releaseTag, engineReads]);
  return {
    ...(head ? { head } : {}),
    ...(branch ? { branch } : {}),
    dirtyFiles: dirty,
    gitTags: tags,
    ...(releaseTagCommit ? { releaseTagCommit } : {}),
    hasRemote: remote,
    ...(local
      ? {
          localImage: {
            id: local.id,
            revision: local.labels['org.opencontainers.image.revision'],
            repoDigests: local.repoDigests,
          },
        }
      : {}),
    registries,
    ...(engineError ? { engineError } : {}),
    ...(devImagePresent === undefined ? {} : { devImagePresent }),
    ...(info ? { nativePlatform: info.platform } : {}),
  };
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
  const release = req.dryRun
    ? () => undefined
    : acquireLock(
        path.join((await gitCommonDir(repo)) ?? path.join(workspaceRoot, '.nx'), 'releasable', `${dir.name}.lock`),
        `a release of ${dir.name}`,
      );
  const previousDockerConfig = process.env['DOCKER_CONFIG'];
  let session: { close(): void } | undefined;
  const cleanups: Array<() => Promise<void>> = [];
  try {
    const logins = await openRegistrySession(
      (options.push ? options.registries : []).map((name) => ({ name, ...dir.config.registries[name]! })),
    );
    session = logins;
    // Every docker command of this release (spawned with this process's env) uses the logins.
    if (logins.dockerConfig) process.env['DOCKER_CONFIG'] = logins.dockerConfig;
    const state = await observe(req, repo);
    const multiPlatform = (options.platforms?.length ?? 0) > 1;
    const insecure = (ref: string): string[] => (isLoopbackRegistry(ref) ? ['--insecure'] : []);
    const prefix = await composeCommand();
    const testStage = options.stage === 'dev' ? 'local' : 'prod';
    const containerRun: ContainerRun = await planContainerRun(workspaceRoot, dir, undefined, {
      stage: testStage,
      version: options.codeVersion,
      user: options.user,
    });
    const labels = imageLabels({
      name: dir.name,
      version: stageRefs(dir.config, options.stage, options.codeVersion, options.user, []).version,
      source: dir.root,
      ...(state.head ? { revision: state.head } : {}),
    });
    const plan = planRelease({
      project: dir.name,
      config: dir.config,
      options,
      state,
      releaseBranches: dir.config.releaseBranches,
      commands: {
        build: ({ local, dev, platform }) =>
          options.stage === 'dev'
            ? buildArgv({
                dockerfile: path.join(absDir, dir.config.docker.devDockerfile),
                context: path.join(absDir, dir.config.docker.context),
                tags: [local],
                buildArgs: {
                  AM_CONTAINER_VERSION: labels['org.opencontainers.image.version']!,
                  ...(req.poetry ? { POETRY_MODE: req.poetry.mode } : {}),
                },
                labels,
                noCache: !options.cache,
                ...(platform ? { platform, pull: multiPlatform } : {}),
              })
            : buildArgv({
                dockerfile: path.join(absDir, dir.config.docker.prodDockerfile),
                context: path.join(absDir, dir.config.docker.context),
                tags: [local],
                buildArgs: { DEV_IMAGE: dev, PROD_VERSION: labels['org.opencontainers.image.version']! },
                labels,
                noCache: !options.cache,
              }),
        test: (list) => composeRunArgv(prefix, { ...containerRun.compose, command: dir.config.tests[list].command }),
        qa: (image) =>
          fillPlaceholders(dir.config.qa.command, {
            image,
            stage: options.stage,
            version: labels['org.opencontainers.image.version']!,
          }),
        tag: (source, target) => ['docker', 'tag', source, target],
        push: (ref) => ['docker', 'push', ref],
        pull: (ref) => ['docker', 'pull', ref],
        manifestCreate: (list, members) => [
          'docker',
          'manifest',
          'create',
          ...insecure(list),
          '--amend',
          list,
          ...members,
        ],
        manifestAnnotate: (list, member, platform) => [
          'docker',
          'manifest',
          'annotate',
          list,
          member,
          ...annotateFlags(platform),
        ],
        manifestPush: (list) => ['docker', 'manifest', 'push', ...insecure(list), '--purge', list],
        gitTag: (tag) => ['git', '-C', repo, 'tag', tag, state.head ?? 'HEAD'],
        gitPush: (tag) => ['git', '-C', repo, 'push', 'origin', `refs/tags/${tag}`],
      },
    });
    const base = {
      project: plan.project,
      stage: plan.stage,
      version: plan.version,
      gitTag: plan.gitTag,
      alreadyReleased: plan.alreadyReleased,
      dryRun: req.dryRun,
      ...(plan.reuse ? { reuse: plan.reuse } : {}),
    };
    if (plan.alreadyReleased) {
      log(
        `${plan.project} ${plan.stage} ${plan.version} is already released (git tag ${plan.gitTag}, ${plan.refs.remotes.map((r) => r.versioned).join(', ')}); nothing to do.`,
      );
      return { ...base, steps: [] };
    }
    if (plan.reuse) log(plan.reuse);
    if (req.dryRun) {
      log(`dry run: the release of ${plan.project} ${plan.stage} ${plan.version} would run, in order:`);
      plan.steps.forEach((s, i) =>
        log(
          `${String(i + 1).padStart(3)}. ${s.title}` +
            [...(s.argv ? [s.argv] : []), ...(s.commands ?? [])].map((a) => `\n       $ ${formatArgv(a)}`).join('') +
            (s.skipWhenPushed ? '\n       (skipped when the registry already has this digest)' : ''),
        ),
      );
      return {
        ...base,
        steps: plan.steps.map((s) => ({
          id: s.id,
          title: s.title,
          status: 'planned',
          seconds: 0,
          ...(s.ref ? { ref: s.ref } : {}),
          ...(s.registry ? { registry: s.registry } : {}),
        })),
      };
    }
    // Test steps share the compose network; it is removed once, after the last step.
    cleanups.push(() => removeIdleProjectNetwork(containerRun.compose.project));
    return await executePlan(plan, {
      req,
      absDir,
      composeEnv: containerRun.composeEnv,
      base,
    });
  } finally {
    for (const cleanup of cleanups) await cleanup();
    if (session) {
      if (previousDockerConfig === undefined) delete process.env['DOCKER_CONFIG'];
      else process.env['DOCKER_CONFIG'] = previousDockerConfig;
      session.close();
    }
    release();
  }
}

/** Every registry's versioned list names each platform at the digest pushed for it. */
async function verifyManifestLists(
  plan: ReleasePlan,
  platformRefs: Readonly<Record<string, string>>,
  pushed: Map<string, string>,
): Promise<{ digest?: string }> {
  for (const r of plan.refs.remotes) {
    const entries = await remoteManifestList(r.versioned);
    if (!entries) throw new ReleasableError(`${r.versioned} is not a manifest list in the registry after the push`);
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
interface ExecContext {
  readonly req: ReleaseRequest;
  readonly absDir: string;
  readonly composeEnv: Readonly<Record<string, string>>;
  readonly base: Omit<ReleaseResult, 'steps'>;
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

async function executePlan(plan: ReleasePlan, ctx: ExecContext): Promise<ReleaseResult> {
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
          'Nothing after this step ran: floating tags and the git tag are unchanged. Rerun the same command to resume.',
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
  switch (step.kind) {
    case 'build':
      await exec(argv, { output: 'stream' });
      if (ctx.req.poetry && step.ref) {
        await copyFromImage(
          step.ref,
          ctx.req.poetry.lockFileInImage,
          path.join(ctx.absDir, 'devops/docker_build', path.posix.basename(ctx.req.poetry.lockFileInImage)),
        );
      }
      return {};
    case 'test': {
      const r = await exec(argv, {
        output: 'stream',
        allowFailure: true,
        env: { ...ctx.composeEnv, RELEASABLE_IMAGE: step.ref! },
      });
      if (r.exitCode !== 0)
        throw new ReleasableError(`list "${step.list}" failed with exit code ${r.exitCode} in ${step.ref}`);
      return {};
    }
    case 'qa': {
      const r = await exec(argv, {
        cwd: ctx.absDir,
        output: 'stream',
        allowFailure: true,
        env: { RELEASABLE_IMAGE: step.ref!, RELEASABLE_STAGE: plan.stage, RELEASABLE_VERSION: plan.version },
      });
      if (r.exitCode !== 0) throw new ReleasableError(`QA failed with exit code ${r.exitCode} against ${step.ref}`);
      return {};
    }
    case 'pull': {
      await exec(argv, { output: 'stream' });
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
    case 'git-push':
      await exec(argv);
      return {};
    case 'push': {
      const ref = step.ref!;
      if (step.skipWhenPushed) {
        const local = await inspectImage(step.source ?? plan.refs.local);
        const remote = await remoteDigest(ref);
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
      const digest = await pushWithRetry(argv, ctx.req.log, quiet);
      pushed.set(ref, digest);
      return { digest };
    }
    case 'manifest': {
      let digest: string | undefined;
      for (const command of step.commands ?? []) {
        const { stdout } = await exec(command);
        digest = /sha256:[0-9a-f]{64}/.exec(stdout)?.[0] ?? digest;
      }
      return digest ? { digest } : {};
    }
    case 'verify': {
      if (step.platformRefs) return verifyManifestLists(plan, step.platformRefs, pushed);
      const digests = new Set<string>();
      for (const r of plan.refs.remotes) {
        const remote = await remoteDigest(r.versioned);
        if (!remote.digest)
          throw new ReleasableError(
            `${r.versioned} is not in the registry after the push${remote.error ? `: ${remote.error}` : ''}`,
          );
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
