import { releaseTagCommit } from './preflight.js';
import type { StageRefs } from './refs.js';
import type { PlanInput } from './release-types.js';
import { requiredTestLists } from './test-steps.js';

/** A release with nothing left to publish: what, if anything, is still to do. */
export interface Completion {
  /** The git tag exists here but origin lacks it (or origin could not be read): push it. */
  readonly pushGitTag: boolean;
  /** Floating tags that point at something else than this version (rolled back, or moved on). */
  readonly floatingElsewhere: readonly { readonly ref: string; readonly digest?: string }[];
}

/**
 * A release is complete once its git tag exists (on this or an earlier commit: a dev X.Y.0
 * serves every later patch) and every registry holds the versioned tag at one digest. Where
 * the floating tag points is not part of it: a rollback moved it on purpose, and rerunning
 * the release must not undo that. Undefined when something is left to publish.
 */
export function completion(input: PlanInput, refs: StageRefs, gitTag: string): Completion | undefined {
  const { state } = input;
  if (state.engineError || !releaseTagCommit(state, gitTag)) return undefined;
  const reads = refs.remotes.map((r) => state.registries[r.registryName]);
  if (reads.some((s) => !s || s.error || !s.versioned)) return undefined;
  if (new Set(reads.map((s) => s!.versioned)).size > 1) return undefined;
  const onOrigin = state.remoteTags !== undefined && gitTag in state.remoteTags;
  return {
    pushGitTag: state.hasRemote && state.releaseTagCommit !== undefined && !onOrigin,
    floatingElsewhere: refs.remotes.flatMap((r) => {
      const s = state.registries[r.registryName]!;
      return r.floating && s.floating !== s.versioned
        ? [{ ref: r.floating, ...(s.floating ? { digest: s.floating } : {}) }]
        : [];
    }),
  };
}

/** How a release gets its image: reuse the local one, pull the pushed one, or build and test. */
export type ImageSource =
  | { readonly kind: 'build' }
  | { readonly kind: 'local'; readonly why: string }
  | { readonly kind: 'pull'; readonly why: string; readonly registry: string; readonly ref: string }
  | {
      readonly kind: 'record';
      readonly why: string;
      /** The image ID the build record names (tagged when present, else pulled). */
      readonly imageId: string;
      /** Pull it from the build registry first (the engine lacks it). */
      readonly pullRef?: string;
      /** A test record covers every list the release runs: no tests. */
      readonly tested: boolean;
    };

/**
 * Resume rules. The local image is reused when it is the one already pushed (its digest is in
 * a registry), or when it was built from HEAD and a record written by the test step proves
 * that this image ID passed every list the release runs at HEAD; "built from HEAD" alone is
 * no proof (it may never have been tested). A pushed image missing locally is pulled.
 */
export function imageSource(input: PlanInput, refs: StageRefs): ImageSource {
  const { state } = input;
  const local = state.localImage;
  const pushedSomewhere = Object.values(state.registries).find((r) => r.versioned);
  const localDigests = (local?.repoDigests ?? []).map((d) => d.slice(d.indexOf('@') + 1));
  if (pushedSomewhere && local && localDigests.includes(pushedSomewhere.versioned!)) {
    return {
      kind: 'local',
      why: `${refs.local} is the image already pushed as ${refs.version}; resuming without a rebuild`,
    };
  }
  if (pushedSomewhere && !local && refs.remotes.length > 0) {
    const from = refs.remotes.find((r) => state.registries[r.registryName]?.versioned)!;
    return {
      kind: 'pull',
      why: `${refs.local} is in ${from.registryName}; pulling it instead of rebuilding`,
      registry: from.registryName,
      ref: from.versioned,
    };
  }
  if (!pushedSomewhere && local && state.head && local.revision === state.head) {
    const lists = requiredTestLists(input);
    const missing = lists.filter((l) => !local.passedTests?.includes(l));
    if (missing.length === 0) {
      return {
        kind: 'local',
        why: `${refs.local} was built from HEAD${lists.length ? ` and passed the ${lists.join(', ')} tests at HEAD (recorded by the test step)` : ''}; resuming without a rebuild`,
      };
    }
  }
  // The build of HEAD a build record names (this or another machine's docker-build-local):
  // released as built, never an image of another commit, tested unless a record says it was.
  const built = state.builtImage;
  if (
    !pushedSomewhere &&
    input.options.stage === 'dev' &&
    built &&
    state.head &&
    built.revision === state.head &&
    (built.present || built.pullRef)
  ) {
    const lists = requiredTestLists(input);
    const tested = lists.every((l) => built.passedTests?.includes(l));
    const where = built.present ? 'in the engine' : `pulled by digest from the build registry (${built.pullRef})`;
    return {
      kind: 'record',
      why: `the build record names image ${built.id.slice(7, 19)}, built from HEAD, ${where}: releasing it instead of rebuilding${tested && lists.length ? ` (it passed the ${lists.join(', ')} tests at HEAD)` : ''}`,
      imageId: built.id,
      ...(built.present ? {} : { pullRef: built.pullRef! }),
      tested,
    };
  }
  return { kind: 'build' };
}
