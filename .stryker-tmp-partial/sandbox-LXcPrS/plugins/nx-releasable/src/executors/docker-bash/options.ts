// @ts-nocheck
import { z } from 'zod';
import { STAGES } from '@releasable/core';
import { imageOptions } from '../shared/options.js';

export const title = 'docker-bash';
export const description = "Open an interactive shell in the image of a stage/version through the dir's compose file.";

export const schema = z.strictObject({
  ...imageOptions('dev'),
  stage: z
    .enum(STAGES)
    .describe('Image stage: local, dev or prod. Default: dev, or local while only the local image exists.')
    .optional(),
  shell: z.string().default('sh').describe('Shell to start inside the container (e.g. bash). Default: sh.'),
});
