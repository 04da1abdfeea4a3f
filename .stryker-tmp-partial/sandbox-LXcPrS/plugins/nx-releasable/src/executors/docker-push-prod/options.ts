// @ts-nocheck
import { pushSchema } from '../shared/push.js';

export const title = 'docker-push-prod';
export const description = 'Push prod-X.Y.Z to every target registry, then move the floating prod tag.';

export const schema = pushSchema;
