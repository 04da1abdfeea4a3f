// @ts-nocheck
import { formatFiles, readNxJson, updateNxJson, type Tree } from '@nx/devkit';
import { parsePluginOptions, PLUGIN_PACKAGE, ReleasableError } from '@releasable/core';
import type { z } from 'zod';
import { schema } from './options.js';

type PluginEntry = string | { plugin: string; options?: unknown };

/** `a=x,b=y` → `{ a: 'x', b: 'y' }`, each value checked as a registry address. */
export function parseRegistryList(text: string): Record<string, string> {
  const registries: Record<string, string> = {};
  for (const item of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = item.indexOf('=');
    if (eq <= 0)
      throw new ReleasableError(`--registries: "${item}" must be name=host[:port], e.g. local=127.0.0.1:5000.`);
    registries[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return registries;
}

/**
 * Nx's cache and graph data and releasable's build records never belong in git (and would make
 * every release's tree dirty).
 */
function ignoreNxState(tree: Tree): void {
  const current = tree.read('.gitignore', 'utf-8') ?? '';
  const lines = current.split('\n').map((l) => l.trim());
  const ignored = (name: string) => [name, `${name}/`, `/${name}`, `/${name}/`].some((v) => lines.includes(v));
  const missing = [
    ...(ignored('.nx') ? [] : ['.nx/cache', '.nx/workspace-data'].filter((entry) => !lines.includes(entry))),
    ...(ignored('.releasable') ? [] : ['.releasable/']),
  ];
  if (missing.length === 0) return;
  tree.write('.gitignore', `${current}${current && !current.endsWith('\n') ? '\n' : ''}${missing.join('\n')}\n`);
}

/** Registers the plugin in nx.json once; a second run merges new registries and changes nothing else. */
export default async function initGenerator(tree: Tree, raw: z.input<typeof schema>): Promise<void> {
  const given = schema.parse(raw);
  const nxJson = readNxJson(tree) ?? {};
  const plugins: PluginEntry[] = [...((nxJson.plugins as PluginEntry[] | undefined) ?? [])];
  const index = plugins.findIndex((p) => (typeof p === 'string' ? p : p.plugin) === PLUGIN_PACKAGE);
  const current = index === -1 ? undefined : plugins[index]!;
  const currentOptions =
    (typeof current === 'object' ? (current.options as Record<string, unknown> | undefined) : undefined) ?? {};
  const registries = {
    ...((currentOptions['registries'] as Record<string, string> | undefined) ?? {}),
    ...(given.registries ? parseRegistryList(given.registries) : {}),
  };
  const targetRegistries = given.targetRegistries
    ? given.targetRegistries
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : (currentOptions['targetRegistries'] as string[] | undefined);
  if (given.buildRegistryAuth && !given.buildRegistry) {
    throw new ReleasableError(
      'init --build-registry-auth needs --build-registry <host[:port][/namespace]>. nx.json was not changed.',
    );
  }
  const buildRegistry = given.buildRegistry
    ? given.buildRegistryAuth
      ? {
          url: given.buildRegistry,
          auth: { usernameEnv: 'BUILD_REGISTRY_USER', passwordEnv: 'BUILD_REGISTRY_PASSWORD' },
        }
      : given.buildRegistry
    : undefined;
  const options = {
    ...currentOptions,
    ...(buildRegistry ? { buildRegistry } : {}),
    ...(Object.keys(registries).length > 0 ? { registries } : {}),
    ...(targetRegistries ? { targetRegistries } : {}),
  };
  parsePluginOptions(options); // refuse to write options the plugin would reject
  const unknown = (targetRegistries ?? []).filter((name) => !(name in registries));
  if (unknown.length > 0) {
    throw new ReleasableError(
      `init --targetRegistries: ${unknown.map((n) => `"${n}"`).join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not a registry (known: ${Object.keys(registries).join(', ') || 'none'}); add it with --registries ${unknown[0]}=host[:port]. nx.json was not changed.`,
    );
  }
  const entry: PluginEntry = Object.keys(options).length > 0 ? { plugin: PLUGIN_PACKAGE, options } : PLUGIN_PACKAGE;
  if (index === -1) plugins.push(entry);
  else plugins[index] = entry;
  updateNxJson(tree, { ...nxJson, plugins: plugins as never });
  ignoreNxState(tree);
  if (!given.skipFormat) await formatFiles(tree);
}
