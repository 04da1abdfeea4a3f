// @ts-nocheck
export const PLUGIN_PACKAGE = '@releasable/nx';

export type PluginEntry = string | { plugin: string; options?: unknown };

/** The options given to this plugin in an nx.json document (undefined when none). */
export function pluginOptionsFromNxJson(nxJson: { plugins?: PluginEntry[] } | undefined): unknown {
  for (const entry of nxJson?.plugins ?? []) {
    if (typeof entry === 'string') continue;
    const name = entry.plugin.replace(/\\/g, '/');
    if (name === PLUGIN_PACKAGE || /nx-releasable(\/src(\/index\.[jt]s)?)?$/.test(name)) return entry.options;
  }
  return undefined;
}
