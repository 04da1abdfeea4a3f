import { z } from 'zod';
import { registriesOption, userOption, versionOption } from '../shared/options.js';

export const title = 'docker-push-prod';
export const description = 'Push prod-X.Y.Z to every target registry, then move the floating prod tag.';

export const schema = z.strictObject({
  version: versionOption,
  user: userOption,
  registries: registriesOption,
});
