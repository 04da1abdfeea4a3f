import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ReleasableError } from '../errors.js';

export const PLUGIN_PACKAGE = '@releasable/nx';

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

type PluginEntry = string | { plugin: string; options?: unknown };

/** The options given to this plugin in an nx.json document (undefined when none). */
export function pluginOptionsFromNxJson(nxJson: { plugins?: PluginEntry[] } | undefined): unknown {
  for (const entry of nxJson?.plugins ?? []) {
    if (typeof entry === 'string') continue;
    const name = entry.plugin.replace(/\\/g, '/');
    if (name === PLUGIN_PACKAGE || /nx-releasable(\/src(\/index\.[jt]s)?)?$/.test(name)) return entry.options;
  }
  return undefined;
}

/** Reads nx.json of a workspace and returns this plugin's raw options. */
export function readPluginOptions(workspaceRoot: string): unknown {
  const file = path.join(workspaceRoot, 'nx.json');
  return pluginOptionsFromNxJson(JSON.parse(readFileSync(file, 'utf8')) as { plugins?: PluginEntry[] });
}
