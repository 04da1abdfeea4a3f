import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { parseChangelog, topEntry } from '../changelog/changelog.js';
import { CHANGELOG_FILE, REPO_CONFIG_FILES } from '../config/defaults.js';
import { parseRepoConfig, resolveConfig, type ResolvedConfig } from '../config/resolve.js';
import type { PluginOptions } from '../config/schema.js';
import { ConfigError } from '../errors.js';

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
}

function join(root: string, file: string): string {
  return root === '.' ? file : `${root}/${file}`;
}

function readConfigDocument(absolute: string, file: string): unknown {
  const text = readFileSync(absolute, 'utf8');
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
    const where = error instanceof YAMLParseError && error.linePos ? `line ${error.linePos[0].line}: ` : '';
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigError(file, [{ path: '', message: `${where}is not valid YAML (${detail}).` }], { cause: error });
  }
}

/**
 * Reads and resolves one releasable dir: repo_config (YAML or JSON), changelog.txt,
 * plugin options. Throws ConfigError/ChangelogError naming the file, field or line.
 */
export function loadReleasableDir(workspaceRoot: string, root: string, pluginOptions: PluginOptions): ReleasableDir {
  const absRoot = path.join(workspaceRoot, root);
  const entries = new Set(readdirSync(absRoot));
  const present = REPO_CONFIG_FILES.filter((f) => entries.has(f));
  if (present.length > 1) {
    throw new ConfigError(join(root, present[0]!), [
      { path: '', message: `found ${present.join(' and ')} in "${root}"; keep one of them.` },
    ]);
  }
  const configFile = present[0] === undefined ? undefined : join(root, present[0]);
  const dirConfig = configFile
    ? parseRepoConfig(readConfigDocument(path.join(absRoot, present[0]!), configFile), configFile)
    : {};

  const changelogPath = path.join(absRoot, CHANGELOG_FILE);
  const changelogFile = entries.has(CHANGELOG_FILE) ? join(root, CHANGELOG_FILE) : undefined;
  const top = changelogFile ? topEntry(parseChangelog(readFileSync(changelogPath, 'utf8'), changelogFile)) : undefined;

  const basename = path.basename(path.resolve(absRoot));
  const [name, nameSource]: [string, NameSource] = dirConfig.name
    ? [dirConfig.name, 'repo_config']
    : top
      ? [top.name, 'changelog']
      : [basename, 'dir name'];

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
  };
}
