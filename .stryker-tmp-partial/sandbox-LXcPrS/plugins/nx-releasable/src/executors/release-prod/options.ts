// @ts-nocheck
import { releaseSchema } from '../shared/release-options.js';

export const title = 'release-prod';
export const description =
  'Release a prod image: build prod FROM dev-X.Y.0, test, QA, push prod-X.Y.Z everywhere, move prod, git tag.';

export const schema = releaseSchema;
