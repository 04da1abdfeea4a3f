import type { BuiltStage } from '@releasable/core';
import { assertRecordIgnored, layerCacheFor, publishBuild } from '@releasable/drivers';
import { progress, type ProjectContext } from './define.js';

/**
 * What docker-build-local and docker-build-prod do around their build when the dir has a build
 * registry: refuse a record git would see, pull the stage's layer cache (unless --no-cache),
 * and afterwards push the image and write its record. Without one, nothing.
 */
export function buildRegistrySteps(project: ProjectContext, stage: BuiltStage) {
  const { buildRegistry, timeouts, image } = project.dir.config;
  return {
    /** Before the build: the `--cache-from` refs to build with. */
    async prepare(useCache: boolean): Promise<{ cacheFrom?: string[] }> {
      if (!buildRegistry) return {};
      await assertRecordIgnored(project.workspaceRoot, project.dir.name, stage);
      const cache = useCache ? await layerCacheFor(image, stage, buildRegistry, timeouts, progress) : undefined;
      return cache ? { cacheFrom: [cache] } : {};
    },
    /** After the build: push `ref` and record it, named by Nx's hash of this task. */
    async publish(ref: string, version: string, revision: string | undefined): Promise<void> {
      if (!buildRegistry) return;
      const taskHash = process.env['NX_TASK_HASH'];
      await publishBuild(
        {
          workspaceRoot: project.workspaceRoot,
          project: project.dir.name,
          stage,
          image,
          ref,
          version,
          revision: revision ?? 'unknown',
          buildRegistry,
          timeouts,
          ...(taskHash ? { taskHash } : {}),
        },
        progress,
      );
    },
  };
}
