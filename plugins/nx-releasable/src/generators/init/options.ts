import { z } from 'zod';

export const title = 'init';
export const description = 'Register @releasable/nx in nx.json (idempotent), optionally with registries.';

export const schema = z.strictObject({
  registries: z
    .string()
    .describe(
      'Registries as name=host[:port][/namespace], comma-separated, e.g. local=127.0.0.1:5000,ecr=123.dkr.ecr.eu-north-1.amazonaws.com.',
    )
    .optional(),
  targetRegistries: z
    .string()
    .describe('Names releases push to by default, comma-separated. Default: every registry given.')
    .optional(),
  skipFormat: z.boolean().default(false).describe('Do not format the changed files.'),
});
export const extras = {};
