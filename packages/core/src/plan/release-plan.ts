import { formatGitTag } from '../config/resolve.js';
import { planMultiPlatformSteps } from './multi-platform.js';
import { claimSteps, gitTagSteps } from './git-steps.js';
import { preflightProblems } from './preflight.js';
import { stageRefs, type StageRefs } from './refs.js';
import { completion, imageSource } from './resume.js';
import { testSteps } from './test-steps.js';
import { PreflightError, stagedNote, type PlanInput, type PlanStep, type ReleasePlan } from './release-types.js';

export * from './release-types.js';
export { knownTags, preflightProblems, releasedVersionsFromTags, releaseTagCommit } from './preflight.js';
export { completion, imageSource, type Completion, type ImageSource } from './resume.js';
export { requiredTestLists, testSteps } from './test-steps.js';

/**
 * Plans a dev or prod release. Order is fixed here and only here: build → tests → stage tags
 * → QA → versioned tags to every registry → verify digests → floating tags → git tag → push it.
 * Throws PreflightError (listing every problem) before anything is planned to run; a plan made
 * only to be shown (`report`, a dry run) carries the problems as `refusals` instead.
 */
export function planRelease(input: PlanInput, mode: { readonly report?: boolean } = {}): ReleasePlan {
  const { options, config, state, project } = input;
  const refs = stageRefs(
    config,
    options.stage,
    options.codeVersion,
    options.user,
    options.push ? options.registries : [],
  );
  const gitTag = formatGitTag(config.gitTagPattern, { name: project, stage: options.stage, version: refs.version });
  const base = { project, stage: options.stage, version: refs.version, gitTag, refs };
  const done = options.push ? completion(input, refs, gitTag) : undefined;
  if (done) {
    const steps = done.pushGitTag ? gitTagSteps(input, gitTag, refs.version, { pushOnly: true }) : [];
    return { ...base, alreadyReleased: true, floatingElsewhere: done.floatingElsewhere, steps };
  }
  const multi = (options.platforms?.length ?? 0) > 1;
  const problems = preflightProblems(
    multi ? { ...input, state: { ...state, localImage: undefined } } : input,
    gitTag,
    refs,
  );
  if (problems.length > 0 && mode.report) {
    // What a real run would do if the problems were fixed; some plans need what is missing.
    let steps: readonly PlanStep[] = [];
    try {
      steps = planSteps(input, refs, gitTag, base).steps;
    } catch {
      steps = [];
    }
    return { ...base, alreadyReleased: false, steps, refusals: problems };
  }
  if (problems.length > 0) {
    throw new PreflightError(
      `release of ${project} ${options.stage} ${refs.version} refused; nothing was changed:\n- ${problems.join('\n- ')}`,
      {
        problems,
      },
    );
  }
  return planSteps(input, refs, gitTag, base);
}

/** The steps of a release that is not complete yet (preflight is the caller's). */
function planSteps(
  input: PlanInput,
  refs: StageRefs,
  gitTag: string,
  base: Pick<ReleasePlan, 'project' | 'stage' | 'version' | 'gitTag' | 'refs'>,
): ReleasePlan {
  const { options, config, state, commands: c } = input;
  const multi = (options.platforms?.length ?? 0) > 1;
  if (multi) return { ...base, alreadyReleased: false, steps: planMultiPlatformSteps(input, refs, gitTag) };

  const steps: PlanStep[] = [];
  const image = refs.local;
  const source = imageSource(input, refs);
  const reuse = source.kind === 'build' ? undefined : source.why;
  // A pulled image must carry HEAD's revision label: the version is released from HEAD only.
  const pullStep = (id: string, ref: string): PlanStep => ({
    id,
    kind: 'pull',
    title: `pull ${ref}`,
    argv: c.pull(ref),
    ref,
    ...(state.head ? { expectRevision: state.head } : {}),
  });
  const tagStep = (id: string, from: string, to: string): PlanStep => ({
    id,
    kind: 'tag',
    title: `tag ${from} as ${to}`,
    argv: c.tag(from, to),
    ref: to,
  });
  if (source.kind === 'pull') {
    steps.push(pullStep(`pull:${source.registry}`, source.ref), tagStep(`tag:local:${image}`, source.ref, image));
  }
  if (source.kind === 'record') {
    const buildTarget = stageRefs(config, 'local', options.codeVersion, options.user, []).local;
    if (source.pullRef) steps.push(pullStep('pull:build-registry', source.pullRef));
    steps.push(tagStep(`tag:${buildTarget}`, source.pullRef ?? source.imageId, buildTarget));
    if (!source.tested) steps.push(...testSteps(input, buildTarget));
    steps.push(tagStep(`tag:${image}`, buildTarget, image));
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
      title: `build ${buildTarget}${stagedNote(input)}`,
      argv: c.build({ local: buildTarget, dev: devLocal, ...(foreignPlatform ? { platform: foreignPlatform } : {}) }),
      ref: buildTarget,
      ...(input.stagedContext ? { stagedContext: input.stagedContext } : {}),
    });
    steps.push(...testSteps(input, buildTarget));
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
  // The local floating tag (dev, prod) moves only once everything before it held.
  const localFloating: PlanStep[] = refs.localFloating
    ? [
        {
          id: `tag:${refs.localFloating}`,
          kind: 'tag',
          title: `tag ${image} as ${refs.localFloating}`,
          argv: c.tag(image, refs.localFloating),
          ref: refs.localFloating,
        },
      ]
    : [];
  if (options.qa) steps.push({ id: 'qa', kind: 'qa', title: `QA against ${image}`, argv: c.qa(image), ref: image });
  if (!options.push)
    return { ...base, alreadyReleased: false, ...(reuse ? { reuse } : {}), steps: [...steps, ...localFloating] };

  steps.push(...claimSteps(input, gitTag));
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
  steps.push(...localFloating, ...gitTagSteps(input, gitTag, refs.version));
  return { ...base, alreadyReleased: false, ...(reuse ? { reuse } : {}), steps };
}
