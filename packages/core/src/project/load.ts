import {
  formatChangelogWarnings,
  parseChangelog,
  readTopHeading,
  topEntry,
  type Changelog,
} from '../changelog/changelog.js';
import { CHANGELOG_FILE, REPO_CONFIG_FILES } from '../config/defaults.js';
import { parseRepoConfig, resolveConfig, type ResolvedConfig } from '../config/resolve.js';
import { parseYaml, yamlErrorLine, yamlErrorReason } from '../config/yaml.js';
import type { PluginOptions } from '../config/schema.js';
import { ChangelogError, ConfigError } from '../errors.js';

export type NameSource = 'repo_config' | 'changelog' | 'dir name';

/** A releasable dir with its config resolved: everything targets and executors need. */
export interface ReleasableDir {
  /** Workspace-relative, `/`-separated; `.` for the workspace root. */
  readonly root: string;
  readonly name: string;
  readonly nameSource: NameSource;
  /** Workspace-relative path of the repo_config file, if any. */
  readonly configFile?: string;
  /** Workspace-relative path of changelog.txt, if any. */
  readonly changelogFile?: string;
  /** Top changelog entry's version, if there is a changelog with entries. */
  readonly version?: string;
  readonly config: ResolvedConfig;
  /** `file:line: message` for harmless oddities of the changelog (odd dates, old entries out of order). */
  readonly changelogWarnings?: readonly string[];
}

/**
 * The top entry must keep the name of the entries below it: a changed spelling would silently
 * rename the image and the git tags. A real rename is said in repo_config "name".
 */
function assertStableName(changelog: Changelog): void {
  const [top, below] = changelog.entries;
  if (!top || !below || top.name === below.name) return;
  throw new ChangelogError(
    changelog.file,
    top.line,
    `the top heading names "${top.name}" but the entry below it (line ${below.line}) names "${below.name}"; this would rename the image and the git tags. ` +
      `Write "# ${below.name}-${top.version}", or, if the dir really is renamed, set "name: ${top.name}" in its repo_config.`,
  );
}

function join(root: string, file: string): string {
  return root === '.' ? file : `${root}/${file}`;
}

/**
 * The files of one dir, read by the caller: core does no I/O (the drivers' workspace-files
 * module reads them from disk; tests hand them in).
 */
export interface DirFiles {
  /** Names of the dir's entries (files and folders directly in it). */
  readonly entries: readonly string[];
  /** Text of one entry of the dir; asked only for names in `entries`. */
  read(name: string): string;
  /** The dir's own folder name (the name of last resort). */
  readonly basename: string;
}

function readConfigDocument(text: string, file: string): unknown {
  if (file.endsWith('.json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new ConfigError(file, [{ path: '', message: `is not valid JSON (${(error as Error).message}).` }], {
        cause: error,
      });
    }
  }
  try {
    return parseYaml(text) as unknown;
  } catch (error) {
    const line = yamlErrorLine(error);
    const where = line === undefined ? '' : `line ${line}: `;
    throw new ConfigError(file, [{ path: '', message: `${where}is not valid YAML (${yamlErrorReason(error)}).` }], {
      cause: error,
    });
  }
}

/**
 * Resolves one releasable dir from its files: repo_config (YAML or JSON), changelog.txt,
 * plugin options. Throws ConfigError/ChangelogError naming the file, field or line.
 */
export function resolveReleasableDir(root: string, files: DirFiles, pluginOptions: PluginOptions): ReleasableDir {
  const entries = new Set(files.entries);
  const present = REPO_CONFIG_FILES.filter((f) => entries.has(f));
  if (present.length > 1) {
    throw new ConfigError(join(root, present[0]!), [
      { path: '', message: `found ${present.join(' and ')} in "${root}"; keep one of them.` },
    ]);
  }
  const configFile = present[0] === undefined ? undefined : join(root, present[0]);
  const dirConfig = configFile
    ? parseRepoConfig(readConfigDocument(files.read(present[0]!), configFile), configFile)
    : {};

  const changelogFile = entries.has(CHANGELOG_FILE) ? join(root, CHANGELOG_FILE) : undefined;
  const changelog = changelogFile ? parseChangelog(files.read(CHANGELOG_FILE), changelogFile) : undefined;
  if (changelog && !dirConfig.name) assertStableName(changelog);
  const top = changelog ? topEntry(changelog) : undefined;
  const warnings = changelog ? formatChangelogWarnings(changelog) : [];

  const [name, nameSource]: [string, NameSource] = dirConfig.name
    ? [dirConfig.name, 'repo_config']
    : top
      ? [top.name, 'changelog']
      : [files.basename, 'dir name'];

  const config = resolveConfig({
    name,
    dirConfig,
    pluginOptions,
    file: configFile ?? join(root, REPO_CONFIG_FILES[0]),
  });
  return {
    root,
    name,
    nameSource,
    config,
    ...(configFile ? { configFile } : {}),
    ...(changelogFile ? { changelogFile } : {}),
    ...(top ? { version: top.version } : {}),
    ...(warnings.length ? { changelogWarnings: warnings } : {}),
  };
}

/**
 * The name a dir would have if its repo_config or changelog could be read, guessed without
 * failing (repo_config "name:" line, else the top heading, else the dir name): a broken dir
 * still shows up in the graph under its name, and its targets report the problem.
 */
export function guessProjectName(files: DirFiles): string {
  const readable = (name: string): string | undefined => {
    if (!files.entries.includes(name)) return undefined;
    try {
      return files.read(name);
    } catch {
      return undefined; // unreadable: guess from the next source
    }
  };
  for (const file of REPO_CONFIG_FILES) {
    const text = readable(file);
    const m = text && /^(?:\s*"name"|name)\s*:\s*"?([A-Za-z0-9][A-Za-z0-9_.-]*)"?\s*,?\s*$/m.exec(text);
    if (m) return m[1]!;
  }
  const changelog = readable(CHANGELOG_FILE);
  const heading = changelog ? readTopHeading(changelog) : undefined;
  return heading ? heading.name : files.basename;
}
