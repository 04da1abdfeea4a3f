import type { ResolvedConfig } from '../config/resolve.js';
import type { TestListName } from '../config/schema.js';
import { ReleasableError } from '../errors.js';
import type { Stage } from '../version/version.js';
import type { StageRefs } from './refs.js';

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
  /** Every git tag of the clone (filtered here by the dir's pattern). */
  readonly gitTags: readonly string[];
  /** Commit the release's git tag points at in this clone, when it exists. */
  readonly releaseTagCommit?: string;
  readonly hasRemote: boolean;
  /** Whether the clone is shallow: its tags may not be all the released versions. */
  readonly shallow?: boolean;
  /** Tags on origin (name → commit), read with ls-remote when there is an origin, or why not. */
  readonly remoteTags?: Readonly<Record<string, string>>;
  readonly remoteTagsError?: string;
  /** The local versioned image of the stage (dev-X.Y.0 / prod-X.Y.Z), if the engine has it. */
  readonly localImage?: {
    readonly id: string;
    readonly revision?: string;
    readonly repoDigests: readonly string[];
    /** Test lists this image ID is recorded to have passed on a clean tree at HEAD. */
    readonly passedTests?: readonly TestListName[];
  };
  /**
   * Dev releases with a build registry: the image the dir's build record names for this version
   * (built by docker-build-local here or on another machine), when the release may use it.
   */
  readonly builtImage?: {
    readonly id: string;
    /** The commit it was built at (its revision label). */
    readonly revision: string;
    /** Whether the engine has it (by image ID). */
    readonly present: boolean;
    /** `repository@digest` in the build registry, when it was pushed there. */
    readonly pullRef?: string;
    /** Test lists this image ID is recorded to have passed on a clean tree at HEAD. */
    readonly passedTests?: readonly TestListName[];
  };
  /** Per registry name: digests of the versioned and floating tags, or why it can't be read. */
  readonly registries: Readonly<Record<string, { versioned?: string; floating?: string; error?: string }>>;
  readonly engineError?: string;
  /** What the dir's files need that the release would not supply (see deps/contract.ts). */
  readonly contract?: {
    /** Workspace-relative Dockerfile of the stage, and the build args its FROM lines lack. */
    readonly dockerfile: string;
    readonly missingBuildArgs: readonly string[];
    /** Workspace-relative compose file, and the variables it interpolates that nothing sets. */
    readonly composeFile: string;
    readonly missingComposeVariables: readonly string[];
    /** Dev stage: the Dockerfile's ENTRYPOINT when it is a relative path (see relativeEntrypoint). */
    readonly relativeEntrypoint?: string;
  };
  /** The engine's own platform, e.g. linux/amd64 (tests run only there). */
  readonly nativePlatform?: string;
  /** Prod releases: whether the engine has the dev image prod is built FROM. */
  readonly devImagePresent?: boolean;
}

export type StepKind =
  'build' | 'pull' | 'test' | 'tag' | 'qa' | 'claim' | 'push' | 'manifest' | 'verify' | 'git-tag' | 'git-push';

/** One step of a plan: data the runner executes and `--dry-run` prints. */
/**
 * A build context given to Docker as a staged copy whose `.dockerignore` is the stage's own
 * ignore file (`.dockerignore.prod`); the build's argv ends with `source`, which the runner
 * replaces by the staged copy.
 */
export interface StagedContext {
  readonly source: string;
  readonly ignoreFile: string;
}

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
  /** Build steps whose context is staged with the stage's own ignore file. */
  readonly stagedContext?: StagedContext;
}

export interface ReleasePlan {
  readonly project: string;
  readonly stage: ReleaseStage;
  readonly version: string;
  readonly gitTag: string;
  readonly refs: StageRefs;
  /** Set when everything is already released: the plan then has no steps. */
  readonly alreadyReleased: boolean;
  /** Of a completed release: each registry's floating tag that points elsewhere (a rollback, a later release). */
  readonly floatingElsewhere?: readonly { readonly ref: string; readonly digest?: string }[];
  /** Why the build is skipped (resume), if it is. */
  readonly reuse?: string;
  /** Of a plan made to be shown (dry run): what preflight would refuse in a real run. */
  readonly refusals?: readonly string[];
  readonly steps: readonly PlanStep[];
}

/** Preflight found reasons not to start; nothing has been changed. */
export class PreflightError extends ReleasableError {
  override readonly name = 'PreflightError';
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
  /** The build's context, when the stage has its own ignore file. */
  readonly stagedContext?: StagedContext;
}

/** What a build step's title says of a staged context (the ignore file's name). */
export function stagedNote(input: Pick<PlanInput, 'stagedContext'>): string {
  const file = input.stagedContext?.ignoreFile;
  return file ? ` (context with ${file.slice(file.lastIndexOf('/') + 1)} as its .dockerignore)` : '';
}
