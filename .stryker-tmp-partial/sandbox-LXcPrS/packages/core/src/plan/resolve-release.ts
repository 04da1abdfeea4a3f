// @ts-nocheck
import { ReleasableError } from '../errors.js';
import type { ReleasableDir } from '../project/load.js';
import { parseReleaseVersion } from '../version/version.js';

/** The code version to act on: `--image-version` if given, else the changelog's top entry. */
export function resolveCodeVersion(dir: ReleasableDir, option: string | undefined): string {
  if (option !== undefined) return parseReleaseVersion(option, '--image-version');
  if (dir.version !== undefined) return dir.version;
  const where = dir.changelogFile ? `${dir.changelogFile} has no entries` : `"${dir.root}" has no changelog.txt`;
  throw new ReleasableError(
    `project "${dir.name}": ${where}, so there is no version to use. Pass --image-version X.Y.Z, or add an entry "# ${dir.name}-0.1.0" followed by "- YYYY-MM-DD".`,
    { project: dir.name },
  );
}

/** User name for local tags: config `user`, else $USER / $LOGNAME, else `fallback`. */
export function resolveUser(
  configUser: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  fallback: string,
): string {
  return configUser ?? env['USER'] ?? env['LOGNAME'] ?? fallback;
}

/** Registry names to use: `--registries a,b` if given (each must be configured), else the config's. */
export function resolveTargetRegistries(
  option: string | readonly string[] | undefined,
  configured: Readonly<Record<string, unknown>>,
  defaults: readonly string[],
): string[] {
  if (option === undefined || option.length === 0) return [...defaults];
  const names = (typeof option === 'string' ? option.split(',') : option.flatMap((o) => o.split(',')))
    .map((n) => n.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(n in configured));
  if (unknown.length > 0) {
    throw new ReleasableError(
      `--registries: unknown registry ${unknown.map((n) => `"${n}"`).join(', ')}; configured: ${Object.keys(configured).join(', ') || 'none'} (repo_config "registries" or the plugin options in nx.json).`,
      { unknown },
    );
  }
  return names;
}
