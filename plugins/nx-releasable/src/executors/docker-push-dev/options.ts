import { z } from 'zod';
import { registriesOption, userOption, versionOption } from '../shared/options.js';

export const title = 'docker-push-dev';
export const description = 'Push dev-X.Y.0 to every target registry, then move the floating dev tag.';

export const schema = z.strictObject({
  version: versionOption,
  user: userOption,
  registries: registriesOption,
});
