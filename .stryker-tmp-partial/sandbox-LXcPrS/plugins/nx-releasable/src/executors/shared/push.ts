// @ts-nocheck
import { logger } from '@nx/devkit';
import { z } from 'zod';
import { resolveCodeVersion, resolveTargetRegistries, stageRefs } from '@releasable/core';
import { assertEngine, pushStage } from '@releasable/drivers';
import { defineExecutor, progress } from './define.js';
import { registriesOption, userOption, versionOption } from './options.js';

/**
 * The docker-push-dev / docker-push-prod executor of one stage: the release's push path
 * (logins, refusal to overwrite a released version, retries, registry check before the
 * floating tags move), without build, tests or git tag.
 */
export function pushExecutor(stage: 'dev' | 'prod', schema: typeof pushSchema) {
  return defineExecutor(schema, async (options, project) => {
    const version = resolveCodeVersion(project.dir, options.imageVersion);
    const { config } = project.dir;
    const registries = resolveTargetRegistries(options.registries, config.registries, config.targetRegistries);
    const refs = stageRefs(config, stage, version, project.user(options.user), registries);
    await assertEngine();
    const pushed = await pushStage({ refs, project: project.dir.name, config, log: progress });
    for (const r of pushed) logger.info(`${r.ref}  ${r.digest}${r.skipped ? '  (already there)' : ''}`);
  });
}

export const pushSchema = z.strictObject({
  imageVersion: versionOption,
  user: userOption,
  registries: registriesOption,
});
