// @ts-nocheck
import { z } from 'zod';
import { userOption, versionOption } from '../shared/options.js';

export const title = 'docker-tag-dev';
export const description = 'Tag the local image <image>:local-<user>-X.Y.0 as <image>:dev-X.Y.0 and <image>:dev.';

export const schema = z.strictObject({ imageVersion: versionOption, user: userOption });
