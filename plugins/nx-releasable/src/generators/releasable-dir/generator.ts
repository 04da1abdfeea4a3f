import { formatFiles, joinPathFragments, type Tree } from '@nx/devkit';
import { ReleasableError, validateRepository } from '@releasable/core';
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
  const o = schema.parse(raw);
  try {
    validateRepository(o.name);
  } catch (error) {
    throw new ReleasableError(`releasable-dir: name ${(error as Error).message}`, {}, { cause: error });
  }
  const directory = (o.directory ?? o.name).replace(/\/+$/, '');
  const files = releasableDirFiles({
    name: o.name,
    kind: o.kind,
    baseImage: o.baseImage ?? DEFAULT_BASE_IMAGES[o.kind],
    date: today(),
    registries: o.registries
      ? o.registries
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
  });
  const targets = Object.keys(files).map((f) => joinPathFragments(directory, f));
  const existing = targets.filter((f) => tree.exists(f));
  if (existing.length > 0) {
    throw new ReleasableError(
      `releasable-dir: refusing to overwrite ${existing.length} existing file(s):\n${existing.map((f) => `  ${f}`).join('\n')}\nChoose another --directory, or move these files away first.`,
    );
  }
  for (const [file, content] of Object.entries(files)) tree.write(joinPathFragments(directory, file), content);
  if (!o.skipFormat) await formatFiles(tree);
}
