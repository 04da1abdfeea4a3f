// @ts-nocheck
import { z } from 'zod';

export const title = 'changelog';
export const description = 'Prepend a dated changelog entry with the next version (major, minor or patch).';

export const schema = z.strictObject({
  project: z
    .string({ error: 'is required: nx g @releasable/nx:changelog <project> --bump minor --message "…"' })
    .describe('Releasable project.'),
  bump: z.enum(['major', 'minor', 'patch']).describe('Which part of the version moves.'),
  // Not typed as an array for Nx: Nx would split "Fix a, b" at the comma, and `nx g` parses
  // `--message 0.3` as a number, which an array type refuses. The generator makes the bullets.
  message: z
    .union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))])
    .describe('A bullet of the entry (kept whole, commas included); repeat --message for several.'),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
    .describe('Entry date. Default: today.')
    .optional(),
});

export const extras = { project: { $default: { $source: 'argv', index: 0 } } };
