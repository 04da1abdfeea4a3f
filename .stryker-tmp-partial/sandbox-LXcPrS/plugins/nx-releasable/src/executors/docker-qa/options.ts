// @ts-nocheck
import { z } from 'zod';
import { imageOptions } from '../shared/options.js';

export const title = 'docker-qa';
export const description =
  'Run the QA command (repo_config "qa.command") on the host against the image of a stage/version.';

export const schema = z.strictObject({
  ...imageOptions('dev'),
});
