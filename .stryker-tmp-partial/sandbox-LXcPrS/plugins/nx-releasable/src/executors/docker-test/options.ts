// @ts-nocheck
import { z } from 'zod';
import { TEST_LISTS } from '@releasable/core';
import { imageOptions } from '../shared/options.js';

export const title = 'docker-test';
export const description =
  'Run test lists inside the image of a stage/version (configurations: fast, slow, superslow).';

export const schema = z.strictObject({
  ...imageOptions('local'),
  list: z.enum(TEST_LISTS).default('fast').describe('Test list to run: fast, slow or superslow. Default: fast.'),
  lists: z.string().describe('Several lists, comma-separated (e.g. fast,slow); overrides --list.').optional(),
});
