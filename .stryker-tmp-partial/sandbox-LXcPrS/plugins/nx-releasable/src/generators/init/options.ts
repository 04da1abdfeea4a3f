// @ts-nocheck
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
  buildRegistry: z
    .string()
    .describe(
      'Registry host[:port][/namespace] where builds leave images for other CI agents (sets "buildRegistry"; makes docker-build-local cacheable), e.g. ghcr.io/acme/ci-cache.',
    )
    .optional(),
  buildRegistryAuth: z
    .boolean()
    .default(false)
    .describe(
      'With --build-registry: log in with the variables BUILD_REGISTRY_USER and BUILD_REGISTRY_PASSWORD (set them as CI secrets).',
    ),
  skipFormat: z.boolean().default(false).describe('Do not format the changed files.'),
});
export const extras = {};
