import { z } from 'zod';
import { imageOptions } from '../shared/options.js';

export const title = 'docker-bash';
export const description = "Open an interactive shell in the image of a stage/version through the dir's compose file.";

export const schema = z.strictObject({
  ...imageOptions('dev'),
  shell: z.string().default('sh').describe('Shell to start inside the container (e.g. bash). Default: sh.'),
});
