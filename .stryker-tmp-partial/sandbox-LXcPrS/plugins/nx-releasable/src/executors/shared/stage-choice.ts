// @ts-nocheck
import { resolveCodeVersion, stageRefs, type Stage } from '@releasable/core';
import { inspectImage } from '@releasable/drivers';
import { progress, type ProjectContext } from './define.js';

/**
 * The stage docker-cmd/docker-bash use when --stage is not given: dev when the dev image is in
 * the engine, else the local image when that one is (right after the first docker-build-local),
 * said in a note. With neither, dev: its "not in the local engine" error names how to make it.
 */
export async function defaultStage(
  given: Stage | undefined,
  project: ProjectContext,
  user: string,
  imageVersion: string | undefined,
): Promise<Stage> {
  if (given) return given;
  const version = resolveCodeVersion(project.dir, imageVersion);
  const dev = stageRefs(project.dir.config, 'dev', version, user, []).local;
  if (await inspectImage(dev)) return 'dev';
  const local = stageRefs(project.dir.config, 'local', version, user, []).local;
  if (await inspectImage(local)) {
    progress(`no ${dev} in the engine yet: using the local image ${local} (pass --stage to choose)`);
    return 'local';
  }
  return 'dev';
}
