// @ts-nocheck
import { z } from 'zod';

export const title = 'releasable-dir';
export const description =
  'Scaffold a releasable dir: Dockerfiles, compose, env, changelog, repo_config and a smoke test.';

export const KINDS = ['generic', 'python', 'node'] as const;

export const DEFAULT_BASE_IMAGES: Record<(typeof KINDS)[number], string> = {
  generic: 'busybox:1.36',
  python: 'python:3.11-slim',
  node: 'node:20-slim',
};

export const schema = z.strictObject({
  name: z
    .string({ error: 'is required: nx g @releasable/nx:releasable-dir <name>' })
    .describe('Project and image name (lowercase, digits, . _ -).'),
  directory: z.string().describe('Where to create it, relative to the workspace root. Default: the name.').optional(),
  kind: z.enum(KINDS).default('generic').describe('generic (sh smoke test), python (pytest) or node (node --test).'),
  baseImage: z
    .string()
    .describe('Default of the BASE_IMAGE build arg. Default: busybox:1.36, python:3.11-slim or node:20-slim by kind.')
    .optional(),
  registries: z
    .string()
    .describe('Registry names (from nx.json plugin options) it releases to, comma-separated.')
    .optional(),
  skipFormat: z.boolean().default(false).describe('Do not format the created files.'),
});

export const extras = { name: { $default: { $source: 'argv', index: 0 }, 'x-prompt': 'Name of the releasable dir?' } };
