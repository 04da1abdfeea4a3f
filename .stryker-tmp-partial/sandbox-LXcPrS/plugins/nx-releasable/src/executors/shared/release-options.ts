// @ts-nocheck
import { z } from 'zod';
import { buildArgOptions, registriesOption, userOption, versionOption } from './options.js';

/** Options shared by release-dev, release-prod and release-all (one source for all three). */
export const releaseOptionsShape = {
  imageVersion: versionOption,
  user: userOption,
  skipTests: z.boolean().default(false).describe('Skip the test lists inside the image.'),
  superslowTests: z.boolean().default(false).describe('Also run the superslow list.'),
  qaTests: z.boolean().default(true).describe('Run QA against the image. --no-qa-tests skips it.'),
  push: z.boolean().default(true).describe('Push to the registries and create the git tag. --no-push stops after QA.'),
  cache: z.boolean().default(true).describe('Use the layer cache. --no-cache rebuilds every layer.'),
  ...buildArgOptions,
  registries: registriesOption,
  platforms: z
    .string()
    .describe('Comma-separated platforms, e.g. linux/amd64,linux/arm64. Default: repo_config "platforms".')
    .optional(),
  dryRun: z
    .boolean()
    .default(false)
    .describe('Print the exact plan (every docker/git command, in order) and change nothing.'),
  check: z
    .boolean()
    .default(false)
    .describe('With --dry-run: exit non-zero when a real run would be refused now (dirty tree, registry down, …).'),
  json: z.boolean().default(false).describe('Print the result (steps, refs, digests, durations) as JSON.'),
  jsonFile: z
    .string()
    .describe("Write that JSON result to this file (relative to the workspace root), apart from Nx's own output.")
    .optional(),
};

export const releaseSchema = z.strictObject({
  ...releaseOptionsShape,
  updatePoetry: z
    .boolean()
    .default(false)
    .describe('Dev build with POETRY_MODE=update, and copy the new lock file back into the dir.'),
  refreshOnlyPoetry: z
    .boolean()
    .default(false)
    .describe('With --update-poetry: POETRY_MODE=refresh (lock without upgrading).'),
});
