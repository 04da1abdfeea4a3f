import { logger } from '@nx/devkit';
import { z } from 'zod';
import {
  ReleasableError,
  resolveCodeVersion,
  resolveTargetRegistries,
  stageRefs,
  type StageRefs,
} from '@releasable/core';
import { assertEngine, pushImage, requireLocalImage, tagImage } from '@releasable/drivers';
import { defineExecutor, progress } from './define.js';
import { registriesOption, userOption, versionOption } from './options.js';

export interface PushedRef {
  readonly ref: string;
  readonly digest: string;
}

/**
 * Pushes a stage: every versioned tag to every registry first, then the floating tags, so a
 * failure part-way never leaves a floating tag pointing at something not fully pushed.
 */
export async function pushStage(refs: StageRefs, project: string): Promise<PushedRef[]> {
  if (refs.remotes.length === 0) {
    throw new ReleasableError(
      `project "${project}" has no target registry; add "registries" and "targetRegistries" to repo_config or nx.json.`,
    );
  }
  await requireLocalImage(refs.local, refs.stage, project);
  const pushed: PushedRef[] = [];
  for (const remote of refs.remotes) {
    await tagImage(refs.local, remote.versioned);
    progress(`pushing ${remote.versioned}`);
    pushed.push({ ref: remote.versioned, digest: await pushImage(remote.versioned) });
  }
  for (const remote of refs.remotes) {
    if (!remote.floating) continue;
    const versionedDigest = pushed.find((r) => r.ref === remote.versioned)!.digest;
    await tagImage(refs.local, remote.floating);
    progress(`moving ${remote.floating}`);
    const digest = await pushImage(remote.floating);
    if (digest !== versionedDigest) {
      throw new ReleasableError(
        `${remote.floating} got digest ${digest}, but ${remote.versioned} has ${versionedDigest}; the local image changed during the push.`,
      );
    }
    pushed.push({ ref: remote.floating, digest });
  }
  for (const r of pushed) logger.info(`${r.ref}  ${r.digest}`);
  return pushed;
}

/** The docker-push-dev / docker-push-prod executor of one stage. */
export function pushExecutor(stage: 'dev' | 'prod', schema: typeof pushSchema) {
  return defineExecutor(schema, async (o, p) => {
    const version = resolveCodeVersion(p.dir, o.version);
    const registries = resolveTargetRegistries(o.registries, p.dir.config.registries, p.dir.config.targetRegistries);
    const refs = stageRefs(p.dir.config, stage, version, p.user(o.user), registries);
    await assertEngine();
    await pushStage(refs, p.dir.name);
  });
}

export const pushSchema = z.strictObject({
  version: versionOption,
  user: userOption,
  registries: registriesOption,
});
