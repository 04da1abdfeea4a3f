// @ts-nocheck
import { z } from 'zod';
import { imageOptions } from '../shared/options.js';

export const title = 'docker-pull';
export const description =
  'Pull the image of one stage/version (and only that one) from a registry, and tag it locally.';

export const schema = z.strictObject({
  ...imageOptions('dev'),
  registry: z.string().describe('Registry name to pull from. Default: the first target registry.').optional(),
});
