import { z } from 'zod';

export const title = 'changelog';
export const description = 'Prepend a dated changelog entry with the next version (major, minor or patch).';

export const schema = z.strictObject({
  project: z
    .string({ error: 'is required: nx g @releasable/nx:changelog <project> --bump minor --message "…"' })
    .describe('Releasable project.'),
  bump: z.enum(['major', 'minor', 'patch']).describe('Which part of the version moves.'),
  message: z
    .preprocess(
      (v) => (typeof v === 'string' ? [v] : v),
      z.array(z.string().min(1)).min(1, 'give at least one --message'),
    )
    .describe('A bullet of the entry; repeat --message for several.'),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
    .describe('Entry date. Default: today.')
    .optional(),
});

export const extras = { project: { $default: { $source: 'argv', index: 0 } } };
