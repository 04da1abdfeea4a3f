// @ts-nocheck
import { ReleasableError, type ReleasableDir, type ReleaseOptions, type ReleasePlan } from '@releasable/core';

export interface ReleaseRequest {
  readonly workspaceRoot: string;
  readonly dir: ReleasableDir;
  readonly options: ReleaseOptions;
  /** POETRY_MODE build arg and lock file copied back after the build, when set. */
  readonly poetry?: { readonly mode: 'update' | 'refresh'; readonly lockFileInImage: string };
  /** `--base-image` (dev builds) and `--build-arg` values, as docker-build-local takes them. */
  readonly buildArgs?: { readonly baseImage?: string; readonly extra?: Readonly<Record<string, string>> };
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
  'project' | 'stage' | 'version' | 'gitTag' | 'alreadyReleased' | 'reuse' | 'refusals'
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
