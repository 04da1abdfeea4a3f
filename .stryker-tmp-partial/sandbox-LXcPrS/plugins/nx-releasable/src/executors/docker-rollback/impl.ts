// @ts-nocheck
import { logger } from '@nx/devkit';
import { parseReleaseVersion, ReleasableError, resolveTargetRegistries, stageRefs } from '@releasable/core';
import {
  assertEngine,
  exec,
  lockReleasableDir,
  loginTargets,
  pullImage,
  backoff,
  pushWithRetry,
  remoteDigest,
  tagImage,
  withRegistrySession,
} from '@releasable/drivers';
import { defineExecutor, progress } from '../shared/define.js';
import { schema } from './options.js';

export default defineExecutor(schema, async (options, project) => {
  const version = parseReleaseVersion(options.imageVersion, '--image-version');
  const registries = resolveTargetRegistries(
    options.registries,
    project.dir.config.registries,
    project.dir.config.targetRegistries,
  );
  const refs = stageRefs(project.dir.config, options.stage, version, 'rollback', registries);
  if (refs.remotes.length === 0)
    throw new ReleasableError(`project "${project.dir.name}" has no target registry; configure "registries".`);
  await assertEngine();
  const { timeouts } = project.dir.config;
  // The registries' `auth` logins apply to every read, pull and push below, as in a release.
  const logins = loginTargets(
    project.dir.config.registries,
    refs.remotes.map((r) => r.registryName),
  );
  await withRegistrySession(logins, () => rollBack());
  async function rollBack(): Promise<void> {
    // Check every registry first: an unknown version anywhere changes nothing anywhere.
    const digests = await Promise.all(
      refs.remotes.map(async (r) => ({ r, d: await remoteDigest(r.versioned, timeouts.registryRead) })),
    );
    const missing = digests.filter(({ d }) => !d.digest);
    if (missing.length > 0) {
      throw new ReleasableError(
        `cannot roll back to ${options.stage} ${refs.version}: ${missing.map(({ r, d }) => `${r.versioned} ${d.error ? `could not be read (${d.error})` : 'does not exist'}`).join('; ')}. Nothing was changed.`,
      );
    }
    const distinct = new Set(digests.map(({ d }) => d.digest));
    if (distinct.size > 1)
      throw new ReleasableError(
        `${refs.version} has different digests across registries (${[...distinct].join(', ')}); nothing was changed.`,
      );
    if (options.dryRun) {
      for (const { r, d } of digests) logger.info(`would move ${r.floating} → ${d.digest}`);
      return;
    }
    // The lock releases take: a release moving the same floating tag cannot run meanwhile.
    const unlock = await lockReleasableDir(
      project.workspaceRoot,
      project.dir,
      `a release or rollback of ${project.dir.name}`,
    );
    const moved: string[] = [];
    try {
      const source = refs.remotes[0]!;
      progress(`pulling ${source.versioned}`);
      await pullImage(source.versioned, timeouts.transfer);
      for (const r of refs.remotes) {
        await tagImage(source.versioned, r.floating!);
        progress(`moving ${r.floating} to ${refs.version}`);
        const digest = await pushWithRetry(['docker', 'push', r.floating!], {
          log: progress,
          quiet: false,
          idleSeconds: timeouts.transfer,
          backoffMs: backoff(timeouts.retryBackoff),
        });
        if (digest !== [...distinct][0])
          throw new ReleasableError(`${r.floating} got ${digest}, expected ${[...distinct][0]}`);
        moved.push(r.floating!);
      }
      await exec(['docker', 'tag', source.versioned, refs.localFloating!]);
    } catch (error) {
      const left = refs.remotes.map((r) => r.floating!).filter((f) => !moved.includes(f));
      throw new ReleasableError(
        `rollback of ${project.dir.name} ${options.stage} to ${refs.version} failed: ${(error as Error).message}\n` +
          `${moved.length ? `Already moved: ${moved.join(', ')}.` : 'No floating tag moved.'} Not moved: ${left.join(', ') || 'none'}. Rerun the same command to finish.`,
        { moved, left },
        { cause: error },
      );
    } finally {
      unlock();
    }
    logger.info(
      `${refs.remotes.map((r) => r.floating).join(', ')} now point at ${options.stage} ${refs.version} (${[...distinct][0]}).`,
    );
  }
});
