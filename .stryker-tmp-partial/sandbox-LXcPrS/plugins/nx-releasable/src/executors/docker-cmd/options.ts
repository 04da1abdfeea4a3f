// @ts-nocheck
import { z } from 'zod';
import { STAGES } from '@releasable/core';
import { imageOptions } from '../shared/options.js';

export const title = 'docker-cmd';
export const description =
  'Run one command in the image of a stage/version through compose; the target fails with its exit code.';

export const schema = z.strictObject({
  cmd: z
    .string({ error: 'is required, e.g. --cmd "pytest -x"' })
    .describe(
      "Command to run, split into words like a shell would (quotes, backslashes) but never expanded; write sh -c '…' for shell features.",
    ),
  ...imageOptions('dev'),
  stage: z
    .enum(STAGES)
    .describe('Image stage: local, dev or prod. Default: dev, or local while only the local image exists.')
    .optional(),
});
