// @ts-nocheck
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  guessProjectName as guessProjectNameFrom,
  PLUGIN_PACKAGE,
  pluginOptionsFromNxJson,
  ReleasableError,
  resolveReleasableDir,
  type DirFiles,
  type PluginEntry,
  type PluginOptions,
  type ReleasableDir,
} from '@releasable/core';

// The workspace's files as core needs them. Kept apart from the modules that spawn (no execa
// here): the plugin's graph code imports this alone, through "@releasable/drivers/workspace-files".

/** The files of the dir at `root` (workspace-relative), read from disk on demand. */
export function dirFiles(workspaceRoot: string, root: string): DirFiles {
  const absRoot = path.join(workspaceRoot, root);
  return {
    entries: readdirSync(absRoot),
    read: (name) => readFileSync(path.join(absRoot, name), 'utf8'),
    basename: path.basename(path.resolve(absRoot)),
  };
}

/** Reads and resolves one releasable dir (see core's resolveReleasableDir). */
export function loadReleasableDir(workspaceRoot: string, root: string, pluginOptions: PluginOptions): ReleasableDir {
  return resolveReleasableDir(root, dirFiles(workspaceRoot, root), pluginOptions);
}

/** A dir's name even when its files cannot be resolved (see core's guessProjectName). */
export function guessProjectName(workspaceRoot: string, root: string): string {
  try {
    return guessProjectNameFrom(dirFiles(workspaceRoot, root));
  } catch {
    return path.basename(path.resolve(workspaceRoot, root));
  }
}

/** The nearest dir at or above `from` holding nx.json. */
export function findWorkspaceRoot(from: string): string {
  let dir = path.resolve(from);
  for (;;) {
    if (existsSync(path.join(dir, 'nx.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new ReleasableError(
        `no nx.json found at or above "${from}"; run inside an Nx workspace that uses ${PLUGIN_PACKAGE}.`,
      );
    }
    dir = parent;
  }
}

/** Reads nx.json of a workspace and returns this plugin's raw options. */
export function readPluginOptions(workspaceRoot: string): unknown {
  const file = path.join(workspaceRoot, 'nx.json');
  return pluginOptionsFromNxJson(JSON.parse(readFileSync(file, 'utf8')) as { plugins?: PluginEntry[] });
}
