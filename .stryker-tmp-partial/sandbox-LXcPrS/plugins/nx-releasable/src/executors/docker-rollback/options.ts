// @ts-nocheck
import { z } from 'zod';
import { registriesOption } from '../shared/options.js';

export const title = 'docker-rollback';
export const description =
  'Point the floating dev or prod tag at an earlier released version in every target registry.';

export const schema = z.strictObject({
  stage: z.enum(['dev', 'prod']).describe('Stage whose floating tag moves: dev or prod.'),
  imageVersion: z
    .string({
      error:
        'is required: the released version to roll back to, e.g. nx run opt:docker-rollback --stage dev --image-version 1.2.0',
    })
    .describe('Released version to point the floating tag at (required), e.g. --image-version 1.2.0.'),
  registries: registriesOption,
  dryRun: z.boolean().default(false).describe('Print what would move and change nothing.'),
});
