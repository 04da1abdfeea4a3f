// @ts-nocheck
import { releaseSchema } from '../shared/release-options.js';

export const title = 'release-all';
export const description = 'release-dev then release-prod of the same version, with one summary.';

export const schema = releaseSchema;
