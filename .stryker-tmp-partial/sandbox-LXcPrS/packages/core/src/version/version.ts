// @ts-nocheck
import semver from 'semver';
import { VersionError } from '../errors.js';

/** Image stages, in release order. */
export const STAGES = ['local', 'dev', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

export type Bump = 'major' | 'minor' | 'patch';

const THREE_NUMERIC_PARTS = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** Whether `text` is exactly `X.Y.Z` with numeric parts (no `v`, prerelease or build). */
export function isReleaseVersion(text: string): boolean {
  return THREE_NUMERIC_PARTS.test(text) && semver.valid(text) !== null;
}

/** Returns `text` if it is a release version, else throws naming `where` and the fix. */
export function parseReleaseVersion(text: string, where = 'version'): string {
  if (!isReleaseVersion(text)) {
    throw new VersionError(
      `${where}: "${text}" is not a release version; use exactly three numeric parts like 1.4.0 (no "v", no pre-release suffix).`,
      { version: text },
    );
  }
  return text;
}

/** The version a stage's image carries: local and dev use `X.Y.0`, prod the full `X.Y.Z`. */
export function stageVersion(stage: Stage, version: string): string {
  const v = parseReleaseVersion(version);
  if (stage === 'prod') return v;
  return `${semver.major(v)}.${semver.minor(v)}.0`;
}

/** Throws unless `candidate` is strictly greater than `lastReleased` (semver, not string order). */
export function assertStrictlyForward(candidate: string, lastReleased: string | undefined, what = 'release'): void {
  parseReleaseVersion(candidate);
  if (lastReleased === undefined) return;
  parseReleaseVersion(lastReleased, 'last released version');
  if (!semver.gt(candidate, lastReleased)) {
    throw new VersionError(
      `${what} ${candidate} is not greater than the last released ${lastReleased}; add a changelog entry with a higher version (e.g. ${semver.inc(lastReleased, 'minor')}).`,
      { candidate, lastReleased },
    );
  }
}

/** The next version after `version` for a bump kind. */
export function bumpVersion(version: string, bump: Bump): string {
  const next = semver.inc(parseReleaseVersion(version), bump);
  if (next === null) throw new VersionError(`cannot bump ${version} by ${bump}`, { version, bump });
  return next;
}

/** Highest release version in a list, ignoring anything that is not `X.Y.Z`. */
export function maxReleaseVersion(versions: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const v of versions) {
    if (isReleaseVersion(v) && (best === undefined || semver.gt(v, best))) best = v;
  }
  return best;
}

export interface VersionComparison {
  readonly inSync: boolean;
  /** What was compared: `major.minor` for local/dev images, the full version for prod. */
  readonly compared: 'major.minor' | 'full';
  readonly codeVersion: string;
  readonly containerVersion: string;
}

/**
 * Code-vs-container check. Local/dev images are built as `X.Y.0` and serve every prod
 * patch of `X.Y`, so only major.minor must match; a prod image must match exactly.
 */
export function compareCodeAndContainer(
  stage: Stage,
  codeVersion: string,
  containerVersion: string,
): VersionComparison {
  const code = parseReleaseVersion(codeVersion, 'code version (changelog)');
  const container = parseReleaseVersion(containerVersion, 'container version');
  if (stage === 'prod') {
    return { inSync: code === container, compared: 'full', codeVersion: code, containerVersion: container };
  }
  const same = semver.major(code) === semver.major(container) && semver.minor(code) === semver.minor(container);
  return { inSync: same, compared: 'major.minor', codeVersion: code, containerVersion: container };
}
