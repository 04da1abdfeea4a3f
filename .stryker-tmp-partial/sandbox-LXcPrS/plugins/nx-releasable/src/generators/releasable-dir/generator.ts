// @ts-nocheck
import { formatFiles, joinPathFragments, readNxJson, type Tree } from '@nx/devkit';
import { parsePluginOptions, pluginOptionsFromNxJson, ReleasableError, validateRepository } from '@releasable/core';
import type { z } from 'zod';
import { DEFAULT_BASE_IMAGES, schema } from './options.js';
import { releasableDirFiles } from './templates.js';

/** Today as YYYY-MM-DD (the changelog's first entry). */
function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Scaffolds a releasable dir. Refuses an invalid image name and any file that already exists
 * (nothing is written then). `--dry-run` is Nx's: it prints the files and writes nothing.
 */
export default async function releasableDirGenerator(tree: Tree, raw: z.input<typeof schema>): Promise<void> {
  const given = schema.parse(raw);
  try {
    validateRepository(given.name);
  } catch (error) {
    throw new ReleasableError(`releasable-dir: name ${(error as Error).message}`, {}, { cause: error });
  }
  const registries = given.registries
    ? given.registries
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
  // A name nx.json does not define would make the dir unusable: refuse before writing anything.
  const known = Object.keys(parsePluginOptions(pluginOptionsFromNxJson(readNxJson(tree) as never)).registries ?? {});
  const unknown = registries.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new ReleasableError(
      `releasable-dir --registries: ${unknown.map((n) => `"${n}"`).join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not a registry in nx.json (known: ${known.join(', ') || 'none'}); add it first with nx g @releasable/nx:init --registries ${unknown[0]}=host[:port]. Nothing was written.`,
    );
  }
  const directory = (given.directory ?? given.name).replace(/\/+$/, '');
  const files = releasableDirFiles({
    name: given.name,
    kind: given.kind,
    baseImage: given.baseImage ?? DEFAULT_BASE_IMAGES[given.kind],
    date: today(),
    registries,
  });
  const targets = Object.keys(files).map((f) => joinPathFragments(directory, f));
  const existing = targets.filter((f) => tree.exists(f));
  if (existing.length > 0) {
    throw new ReleasableError(
      `releasable-dir: refusing to overwrite ${existing.length} existing file(s):\n${existing.map((f) => `  ${f}`).join('\n')}\nChoose another --directory, or move these files away first.`,
    );
  }
  for (const [file, content] of Object.entries(files)) tree.write(joinPathFragments(directory, file), content);
  if (!given.skipFormat) await formatFiles(tree);
}
