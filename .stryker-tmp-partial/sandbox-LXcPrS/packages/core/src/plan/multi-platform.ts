// @ts-nocheck
import { ReleasableError } from '../errors.js';
import { claimSteps, gitTagSteps } from './git-steps.js';
import { testSteps } from './test-steps.js';
import { stageRefs, type StageRefs } from './refs.js';
import { stagedNote, type PlanInput, type PlanStep } from './release-types.js';

/** `dev-1.2.0` + `linux/arm64/v8` → `dev-1.2.0-linux-arm64-v8` (a per-platform tag). */
export function platformTag(ref: string, platform: string): string {
  return `${ref}-${platform.replace(/\//g, '-')}`;
}

/** `os/arch[/variant]` → `docker manifest annotate` flags. */
export function annotateFlags(platform: string): string[] {
  const [os, arch, variant] = platform.split('/');
  return ['--os', os!, '--arch', arch!, ...(variant ? ['--variant', variant] : [])];
}

/**
 * Steps of a multi-platform release without buildx: one build per platform (`--platform`,
 * `--pull` so the base image of that platform is used), tests and QA on the engine's own
 * platform (foreign binaries cannot run here), per-platform tags pushed to every registry,
 * then a manifest list per registry for the versioned tag, verified, then the floating list,
 * then the git tag. Same order guarantees as single-platform releases.
 */
export function planMultiPlatformSteps(input: PlanInput, refs: StageRefs, gitTag: string): PlanStep[] {
  const { options, config, state, commands: c } = input;
  const platforms = options.platforms!;
  const native = state.nativePlatform ?? 'linux/amd64';
  const runnable = platforms.find((p) => p === native || p.startsWith(`${native}/`));
  const steps: PlanStep[] = [];
  const localFloating: PlanStep[] = [];
  const devLocal = stageRefs(config, 'dev', options.codeVersion, options.user, []).local;
  const buildBase =
    options.stage === 'dev' ? stageRefs(config, 'local', options.codeVersion, options.user, []).local : refs.local;
  for (const platform of platforms) {
    const target = platformTag(buildBase, platform);
    steps.push({
      id: `build:${platform}`,
      kind: 'build',
      title: `build ${target} (${platform})${stagedNote(input)}`,
      argv: c.build({ local: target, dev: devLocal, platform }),
      ref: target,
      ...(input.stagedContext ? { stagedContext: input.stagedContext } : {}),
    });
  }
  if (options.tests || options.qa) {
    if (!runnable) {
      throw new ReleasableError(
        `none of the platforms ${platforms.join(', ')} runs on this engine (${native}), so tests and QA cannot run; add ${native}, or pass --skip-tests --no-qa-tests.`,
      );
    }
  }
  const nativeBuild = runnable ? platformTag(buildBase, runnable) : undefined;
  if (nativeBuild) steps.push(...testSteps(input, nativeBuild));
  for (const platform of platforms) {
    if (options.stage === 'dev') {
      const source = platformTag(buildBase, platform);
      const target = platformTag(refs.local, platform);
      steps.push({
        id: `tag:${target}`,
        kind: 'tag',
        title: `tag ${source} as ${target}`,
        argv: c.tag(source, target),
        ref: target,
      });
    }
  }
  if (runnable) {
    // The engine's own platform is also the plain local tag, so docker-test, docker-bash… find it.
    const nativeStage = platformTag(refs.local, runnable);
    steps.push({
      id: `tag:${refs.local}`,
      kind: 'tag',
      title: `tag ${nativeStage} as ${refs.local}`,
      argv: c.tag(nativeStage, refs.local),
      ref: refs.local,
    });
    if (refs.localFloating) {
      localFloating.push({
        id: `tag:${refs.localFloating}`,
        kind: 'tag',
        title: `tag ${nativeStage} as ${refs.localFloating}`,
        argv: c.tag(nativeStage, refs.localFloating),
        ref: refs.localFloating,
      });
    }
    if (options.qa)
      steps.push({ id: 'qa', kind: 'qa', title: `QA against ${refs.local}`, argv: c.qa(refs.local), ref: refs.local });
  }
  // The local floating tag moves only once everything before it held.
  if (!options.push) return [...steps, ...localFloating];

  steps.push(...claimSteps(input, gitTag));
  const platformRefs: Record<string, string> = {};
  const pushes: PlanStep[] = [];
  for (const r of refs.remotes) {
    for (const platform of platforms) {
      const source = platformTag(refs.local, platform);
      const remote = platformTag(r.versioned, platform);
      platformRefs[remote] = platform;
      steps.push({
        id: `tag:${remote}`,
        kind: 'tag',
        title: `tag ${source} as ${remote}`,
        argv: c.tag(source, remote),
        ref: remote,
        registry: r.registryName,
      });
      pushes.push({
        id: `push:${remote}`,
        kind: 'push',
        title: `push ${remote}`,
        argv: c.push(remote),
        ref: remote,
        registry: r.registryName,
        skipWhenPushed: true,
        source,
      });
    }
  }
  steps.push(...pushes);
  const list = (name: string, registry: string, members: string[]): PlanStep => ({
    id: `manifest:${name}`,
    kind: 'manifest',
    title: `manifest list ${name} (${platforms.join(', ')})`,
    commands: [
      c.manifestCreate(name, members),
      ...platforms.map((p, i) => c.manifestAnnotate(name, members[i]!, p)),
      c.manifestPush(name),
    ],
    ref: name,
    registry,
  });
  for (const r of refs.remotes) {
    steps.push(
      list(
        r.versioned,
        r.registryName,
        platforms.map((p) => platformTag(r.versioned, p)),
      ),
    );
  }
  steps.push({
    id: 'verify',
    kind: 'verify',
    title: `verify ${refs.remotes.map((r) => r.versioned).join(', ')} list every platform`,
    platformRefs,
  });
  for (const r of refs.remotes) {
    if (r.floating)
      steps.push({
        ...list(
          r.floating,
          r.registryName,
          platforms.map((p) => platformTag(r.versioned, p)),
        ),
        floating: true,
      });
  }
  steps.push(...localFloating, ...gitTagSteps(input, gitTag, refs.version));
  return steps;
}
