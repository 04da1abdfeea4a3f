// @ts-nocheck
import { z } from 'zod';
import { imageOptions } from '../shared/options.js';

export const title = 'version-check';
export const description =
  'Compare the code version (changelog) with the version inside an image: major.minor for local/dev, the full version for prod.';

export const schema = z.strictObject({
  ...imageOptions('dev'),
  image: z
    .string()
    .describe('Image to check. Default: the floating tag of the stage (<image>:dev), or the local tag for local.')
    .optional(),
  warnOnly: z.boolean().default(false).describe('Print the mismatch but succeed.'),
});
