// @ts-nocheck
import { releaseSchema } from '../shared/release-options.js';

export const title = 'release-dev';
export const description =
  'Release a dev image: build local, test, tag dev, QA, push dev-X.Y.0 everywhere, move dev, git tag.';

export const schema = releaseSchema;
