// @ts-nocheck
import { pushSchema } from '../shared/push.js';

export const title = 'docker-push-dev';
export const description = 'Push dev-X.Y.0 to every target registry, then move the floating dev tag.';

export const schema = pushSchema;
