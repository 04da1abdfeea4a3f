// @ts-nocheck
import { z } from 'zod';
import { buildArgOptions, userOption, versionOption } from '../shared/options.js';

export const title = 'docker-build-prod';
export const description =
  'Build devops/docker_build/prod.Dockerfile FROM <image>:dev-X.Y.0 (code copied in) into prod-X.Y.Z and prod.';

export const schema = z.strictObject({
  imageVersion: versionOption,
  user: userOption,
  cache: z.boolean().default(true).describe('Use the layer cache. --no-cache rebuilds every layer.'),
  buildArg: buildArgOptions.buildArg,
});
