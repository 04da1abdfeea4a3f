/** A problem found in one file, located by a field path (config) or a line (changelog). */
// @ts-nocheck

export interface Problem {
  /** Dotted path of the offending field, e.g. `registries.ecr.url`; empty for the whole file. */
  readonly path: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/** Base class: every error releasable throws on purpose carries context for the user. */
export class ReleasableError extends Error {
  override readonly name: string = 'ReleasableError';
  constructor(
    message: string,
    readonly context: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A config file (repo_config, plugin options) that failed validation; lists every problem. */
export class ConfigError extends ReleasableError {
  override readonly name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly problems: readonly Problem[],
    options?: { cause?: unknown },
  ) {
    super(
      problems.map((p) => `${file}: ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n'),
      { file, problems },
      options,
    );
  }
}

/** A changelog that does not follow `# <name>-X.Y.Z` / `- YYYY-MM-DD` / bullets. */
export class ChangelogError extends ReleasableError {
  override readonly name = 'ChangelogError';
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}:${line}: ${detail}`, { file, line });
  }
}

/** A version string or version ordering that breaks the release rules. */
export class VersionError extends ReleasableError {
  override readonly name = 'VersionError';
}

/** An image reference, repository, tag or registry host that Docker would reject. */
export class ImageRefError extends ReleasableError {
  override readonly name = 'ImageRefError';
}

/** Two releasable dirs resolve to the same project name. */
export class ProjectNameClashError extends ReleasableError {
  override readonly name = 'ProjectNameClashError';
}
