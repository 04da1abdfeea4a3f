// @ts-nocheck
import { z } from 'zod';
import { buildArgOptions, userOption, versionOption } from '../shared/options.js';

export const title = 'docker-build-local';
export const description =
  'Build devops/docker_build/dev.Dockerfile into <image>:local-<user>-X.Y.0, with the version baked in.';

export const schema = z.strictObject({
  imageVersion: versionOption,
  user: userOption,
  cache: z.boolean().default(true).describe('Use the layer cache. --no-cache rebuilds every layer.'),
  ...buildArgOptions,
  updatePoetry: z
    .boolean()
    .default(false)
    .describe(
      'Build with POETRY_MODE=update (the Dockerfile runs "poetry lock") and copy the new lock file back into the dir.',
    ),
  refreshOnlyPoetry: z
    .boolean()
    .default(false)
    .describe('With --update-poetry: POETRY_MODE=refresh (lock without upgrading packages).'),
  lockFileInImage: z
    .string()
    .default('/install/poetry.lock')
    .describe('Where the build leaves the refreshed lock file inside the image (with --update-poetry).'),
});
