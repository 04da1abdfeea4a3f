// @ts-nocheck
import { z } from 'zod';

export const title = 'deps-check';
export const description =
  "Compare the Python packages in devops/docker_build/pyproject.toml with the imports of the dir's code: unused and missing packages.";

export const schema = z.strictObject({
  strict: z.boolean().default(false).describe('Fail when a package is unused or missing (default: report only).'),
  pyproject: z
    .string()
    .default('devops/docker_build/pyproject.toml')
    .describe('pyproject.toml path, relative to the dir.'),
});
