import { formatGitTag, type ResolvedConfig } from '../config/resolve.js';
import type { TestListName } from '../config/schema.js';
import { ReleasableError } from '../errors.js';
import { assertStrictlyForward, maxReleaseVersion, type Stage } from '../version/version.js';
import { planMultiPlatformSteps } from './multi-platform.js';
import { gitTagSteps } from './git-steps.js';
import { stageRefs, type StageRefs } from './refs.js';

export type ReleaseStage = Exclude<Stage, 'local'>;

/** What a release does, from the user's options. */
export interface ReleaseOptions {
  readonly stage: ReleaseStage;
  readonly codeVersion: string;
  readonly user: string;
  readonly registries: readonly string[];
  readonly tests: boolean;
  readonly superslowTests: boolean;
  readonly qa: boolean;
  readonly push: boolean;
  readonly cache: boolean;
  /** Platforms to build; more than one makes a manifest list (see multi-platform.ts). */
  readonly platforms?: readonly string[];
}

/** What is true right now, observed by the runner before planning (engine, registries, git). */
export interface ReleaseState {
  readonly head?: string;
  readonly branch?: string;
  readonly dirtyFiles: readonly string[];
  /** Every git tag of the repo (filtered here by the dir's pattern). */
  readonly gitTags: readonly string[];
  /** Commit the release's git tag points at, when it exists. */
  readonly releaseTagCommit?: string;
  readonly hasRemote: boolean;
  /** The local versioned image of the stage (dev-X.Y.0 / prod-X.Y.Z), if the engine has it. */
  readonly localImage?: { readonly id: string; readonly revision?: string; readonly repoDigests: readonly string[] };
  /** Per registry name: digests of the versioned and floating tags, or why it can't be read. */
  readonly registries: Readonly<Record<string, { versioned?: string; floating?: string; error?: string }>>;
  readonly engineError?: string;
  /** The engine's own platform, e.g. linux/amd64 (tests run only there). */
  readonly nativePlatform?: string;
  /** Prod releases: whether the engine has the dev image prod is built FROM. */
  readonly devImagePresent?: boolean;
}

export type StepKind =
  'build' | 'pull' | 'test' | 'tag' | 'qa' | 'push' | 'manifest' | 'verify' | 'git-tag' | 'git-push';

/** One step of a plan: data the runner executes and `--dry-run` prints. */
export interface PlanStep {
  readonly id: string;
  readonly kind: StepKind;
  readonly title: string;
  /** Command the step runs, when it is one command. */
  readonly argv?: readonly string[];
  readonly ref?: string;
  readonly registry?: string;
  readonly list?: TestListName;
  /** Push steps: skipped when the registry already holds this ref at the local image's digest. */
  readonly skipWhenPushed?: boolean;
  /** Push steps of a floating tag (dev, prod), which may move. */
  readonly floating?: boolean;
  /** Pull steps that resume a release: the pulled image must carry this git revision label. */
  readonly expectRevision?: string;
  /** Push steps: the local image pushed (default: the stage's versioned local image). */
  readonly source?: string;
  /** Manifest steps: the commands run in order (create, annotate…, push). */
  readonly commands?: readonly (readonly string[])[];
  /** Verify steps of a multi-platform release: per-platform refs whose digests the list must hold. */
  readonly platformRefs?: Readonly<Record<string, string>>;
}

export interface ReleasePlan {
  readonly project: string;
  readonly stage: ReleaseStage;
  readonly version: string;
  readonly gitTag: string;
  readonly refs: StageRefs;
  /** Set when everything is already released: the plan then has no steps. */
  readonly alreadyReleased: boolean;
  /** Why the build is skipped (resume), if it is. */
  readonly reuse?: string;
  readonly steps: readonly PlanStep[];
}

/** Preflight found reasons not to start; nothing has been changed. */
export class PreflightError extends ReleasableError {
  override readonly name = 'PreflightError';
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Versions of a dir's releases of one stage, read from git tag names with the configured pattern. */
export function releasedVersionsFromTags(
  pattern: string,
  name: string,
  stage: string,
  tags: readonly string[],
): string[] {
  const source = escapeRegExp(pattern)
    .replace(escapeRegExp('{name}'), escapeRegExp(name))
    .replace(escapeRegExp('{stage}'), escapeRegExp(stage))
    .replace(escapeRegExp('{version}'), '(\\d+\\.\\d+\\.\\d+)');
  const re = new RegExp(`^${source}$`);
  return tags.flatMap((t) => {
    const m = re.exec(t);
    return m ? [m[1]!] : [];
  });
}

export interface PlanInput {
  readonly project: string;
  readonly config: ResolvedConfig;
  readonly options: ReleaseOptions;
  readonly state: ReleaseState;
  /** argv builders supplied by the runner layer (kept out of core: they name docker/compose). */
  readonly commands: {
    build(refs: { local: string; dev: string; platform?: string }): readonly string[];
    manifestCreate(list: string, members: readonly string[]): readonly string[];
    manifestAnnotate(list: string, member: string, platform: string): readonly string[];
    manifestPush(list: string): readonly string[];
    test(list: TestListName, image: string): readonly string[];
    qa(image: string): readonly string[];
    tag(source: string, target: string): readonly string[];
    push(ref: string): readonly string[];
    pull(ref: string): readonly string[];
    gitTag(tag: string, message: string): readonly string[];
    gitPush(tag: string): readonly string[];
  };
  /** Branches releases may run from; empty = any. */
  readonly releaseBranches: readonly string[];
}

/** Reasons to refuse before any side effect; empty when the release may start. */
export function preflightProblems(input: PlanInput, gitTag: string, refs: StageRefs): string[] {
  const { state, options, project } = input;
  const problems: string[] = [];
  if (state.engineError) problems.push(state.engineError);
  for (const [name, r] of Object.entries(state.registries))
    if (r.error) problems.push(`registry "${name}": ${r.error}`);
  if (state.dirtyFiles.length > 0) {
    const shown = state.dirtyFiles.slice(0, 20).map((f) => `  ${f}`);
    if (state.dirtyFiles.length > 20) shown.push(`  … and ${state.dirtyFiles.length - 20} more`);
    problems.push(`the git tree has uncommitted changes; commit or stash them first:\n${shown.join('\n')}`);
  }
  if (input.releaseBranches.length > 0 && !input.releaseBranches.includes(state.branch ?? '')) {
    problems.push(
      `branch "${state.branch ?? '(detached HEAD)'}" may not release; allowed: ${input.releaseBranches.join(', ')} (repo_config "releaseBranches").`,
    );
  }
  if (!state.head) problems.push('the repo has no commit yet; commit before releasing.');
  if (options.stage === 'prod' && state.devImagePresent === false && options.registries.length === 0) {
    problems.push(
      `prod is built FROM ${stageRefs(input.config, 'dev', options.codeVersion, options.user, []).local}, which is not local and there is no registry to pull it from; run release-dev first.`,
    );
  }
  if (state.releaseTagCommit && state.head && state.releaseTagCommit !== state.head) {
    problems.push(
      `git tag ${gitTag} already exists at ${state.releaseTagCommit.slice(0, 12)}, but HEAD is ${state.head.slice(0, 12)}; add a changelog entry with a higher version.`,
    );
  }
  const others = releasedVersionsFromTags(input.config.gitTagPattern, project, options.stage, state.gitTags).filter(
    (v) => v !== refs.version,
  );
  const last = maxReleaseVersion(others);
  try {
    assertStrictlyForward(refs.version, last, `${options.stage} release`);
  } catch (error) {
    problems.push(
      `${(error as Error).message} (last released: git tag ${formatGitTag(input.config.gitTagPattern, { name: project, stage: options.stage, version: last! })})`,
    );
  }
  const versionedDigests = new Set(Object.values(state.registries).flatMap((r) => (r.versioned ? [r.versioned] : [])));
  if (versionedDigests.size > 1) {
    problems.push(
      `${refs.remotes[0]?.versioned.split('/').pop()} has different digests in different registries (${[...versionedDigests].join(', ')}); it was pushed from different builds. Release a new version.`,
    );
  }
  const local = state.localImage;
  if (local && versionedDigests.size === 1) {
    const [digest] = [...versionedDigests];
    const localDigests = local.repoDigests.map((d) => d.slice(d.indexOf('@') + 1));
    if (!localDigests.includes(digest!)) {
      problems.push(
        `the registry already holds ${refs.version} with digest ${digest}, which is not the local image ${refs.local}; the version is taken, release a new version.`,
      );
    }
  }
  return problems;
}

/**
 * Whether nothing is left to do: the git tag exists (on this or an earlier commit: a dev X.Y.0
 * serves every later patch) and every registry has the versioned and floating tag at one digest.
 */
function isComplete(input: PlanInput, refs: StageRefs): boolean {
  const { state } = input;
  if (!state.releaseTagCommit || state.engineError) return false;
  return refs.remotes.every((r) => {
    const s = state.registries[r.registryName];
    return s?.versioned !== undefined && s.versioned === s.floating;
  });
}

/**
 * Plans a dev or prod release. Order is fixed here and only here: build → tests → stage tags
 * → QA → versioned tags to every registry → verify digests → floating tags → git tag → push it.
 * Throws PreflightError (listing every problem) before anything is planned to run.
 */
export function planRelease(input: PlanInput): ReleasePlan {
  const { options, config, state, commands: c, project } = input;
  const refs = stageRefs(
    config,
    options.stage,
    options.codeVersion,
    options.user,
    options.push ? options.registries : [],
  );
  const gitTag = formatGitTag(config.gitTagPattern, { name: project, stage: options.stage, version: refs.version });
  const base = { project, stage: options.stage, version: refs.version, gitTag, refs };
  if (options.push && isComplete(input, refs)) return { ...base, alreadyReleased: true, steps: [] };
  const multi = (options.platforms?.length ?? 0) > 1;
  const problems = preflightProblems(
    multi ? { ...input, state: { ...state, localImage: undefined } } : input,
    gitTag,
    refs,
  );
  if (problems.length > 0) {
    throw new PreflightError(
      `release of ${project} ${options.stage} ${refs.version} refused; nothing was changed:\n- ${problems.join('\n- ')}`,
      {
        problems,
      },
    );
  }
  if (multi) return { ...base, alreadyReleased: false, steps: planMultiPlatformSteps(input, refs, gitTag) };

  const steps: PlanStep[] = [];
  const image = refs.local;
  const pushedSomewhere = Object.values(state.registries).find((r) => r.versioned);
  let reuse: string | undefined;
  const localDigests = (state.localImage?.repoDigests ?? []).map((d) => d.slice(d.indexOf('@') + 1));
  if (pushedSomewhere && state.localImage && localDigests.includes(pushedSomewhere.versioned!)) {
    reuse = `${image} is the image already pushed as ${refs.version}; resuming without a rebuild`;
  } else if (pushedSomewhere && !state.localImage && refs.remotes.length > 0) {
    const from = refs.remotes.find((r) => state.registries[r.registryName]?.versioned)!;
    reuse = `${image} is in ${from.registryName}; pulling it instead of rebuilding`;
    steps.push({
      id: `pull:${from.registryName}`,
      kind: 'pull',
      title: `pull ${from.versioned}`,
      argv: c.pull(from.versioned),
      ref: from.versioned,
      ...(state.head ? { expectRevision: state.head } : {}),
    });
    steps.push({
      id: `tag:local:${image}`,
      kind: 'tag',
      title: `tag ${from.versioned} as ${image}`,
      argv: c.tag(from.versioned, image),
      ref: image,
    });
  } else if (!pushedSomewhere && state.localImage && state.localImage.revision === state.head) {
    reuse = `${image} is already built from HEAD and tested; resuming without a rebuild`;
  }
  if (!reuse && options.stage === 'prod' && state.devImagePresent === false) {
    const devRefs = stageRefs(config, 'dev', options.codeVersion, options.user, options.registries);
    const from = devRefs.remotes[0];
    if (from) {
      steps.push({
        id: 'pull:dev',
        kind: 'pull',
        title: `pull ${from.versioned}`,
        argv: c.pull(from.versioned),
        ref: from.versioned,
      });
      steps.push({
        id: `tag:${devRefs.local}`,
        kind: 'tag',
        title: `tag ${from.versioned} as ${devRefs.local}`,
        argv: c.tag(from.versioned, devRefs.local),
        ref: devRefs.local,
      });
    }
  }
  // One platform that is not the engine's own: build for it (tests then need emulation).
  const only = options.platforms?.length === 1 ? options.platforms[0] : undefined;
  const foreignPlatform = only && state.nativePlatform && !only.startsWith(state.nativePlatform) ? only : undefined;
  if (!reuse) {
    const devLocal = stageRefs(config, 'dev', options.codeVersion, options.user, []).local;
    const buildTarget =
      options.stage === 'dev' ? stageRefs(config, 'local', options.codeVersion, options.user, []).local : image;
    steps.push({
      id: 'build',
      kind: 'build',
      title: `build ${buildTarget}`,
      argv: c.build({ local: buildTarget, dev: devLocal, ...(foreignPlatform ? { platform: foreignPlatform } : {}) }),
      ref: buildTarget,
    });
    if (options.tests) {
      const lists: TestListName[] = options.superslowTests ? ['fast', 'slow', 'superslow'] : ['fast', 'slow'];
      for (const list of lists) {
        steps.push({
          id: `test:${list}`,
          kind: 'test',
          title: `${list} tests in ${buildTarget}`,
          argv: c.test(list, buildTarget),
          list,
          ref: buildTarget,
        });
      }
    }
    if (options.stage === 'dev') {
      steps.push({
        id: `tag:${image}`,
        kind: 'tag',
        title: `tag ${buildTarget} as ${image}`,
        argv: c.tag(buildTarget, image),
        ref: image,
      });
    }
  }
  if (refs.localFloating) {
    steps.push({
      id: `tag:${refs.localFloating}`,
      kind: 'tag',
      title: `tag ${image} as ${refs.localFloating}`,
      argv: c.tag(image, refs.localFloating),
      ref: refs.localFloating,
    });
  }
  if (options.qa) steps.push({ id: 'qa', kind: 'qa', title: `QA against ${image}`, argv: c.qa(image), ref: image });
  if (!options.push) return { ...base, alreadyReleased: false, ...(reuse ? { reuse } : {}), steps };

  // Tags first, then the pushes: consecutive push steps run in parallel (one per registry).
  for (const r of refs.remotes) {
    steps.push({
      id: `tag:${r.versioned}`,
      kind: 'tag',
      title: `tag ${image} as ${r.versioned}`,
      argv: c.tag(image, r.versioned),
      ref: r.versioned,
      registry: r.registryName,
    });
  }
  for (const r of refs.remotes) {
    steps.push({
      id: `push:${r.versioned}`,
      kind: 'push',
      title: `push ${r.versioned}`,
      argv: c.push(r.versioned),
      ref: r.versioned,
      registry: r.registryName,
      skipWhenPushed: true,
    });
  }
  steps.push({
    id: 'verify',
    kind: 'verify',
    title: `verify ${refs.remotes.map((r) => r.versioned).join(', ')} have one digest`,
  });
  const floating = refs.remotes.filter((r): r is typeof r & { floating: string } => r.floating !== undefined);
  for (const r of floating) {
    steps.push({
      id: `tag:${r.floating}`,
      kind: 'tag',
      title: `tag ${image} as ${r.floating}`,
      argv: c.tag(image, r.floating),
      ref: r.floating,
      registry: r.registryName,
    });
  }
  for (const r of floating) {
    steps.push({
      id: `push:${r.floating}`,
      kind: 'push',
      title: `move ${r.floating}`,
      argv: c.push(r.floating),
      ref: r.floating,
      registry: r.registryName,
      skipWhenPushed: true,
      floating: true,
    });
  }
  steps.push(...gitTagSteps(input, gitTag, refs.version));
  return { ...base, alreadyReleased: false, ...(reuse ? { reuse } : {}), steps };
}
