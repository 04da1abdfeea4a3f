import { logger } from '@nx/devkit';
import { parseReleaseVersion, ReleasableError, resolveTargetRegistries, stageRefs } from '@releasable/core';
import {
  assertEngine,
  exec,
  lockReleasableDir,
  pullImage,
  pushWithRetry,
  remoteDigest,
  tagImage,
} from '@releasable/drivers';
import { defineExecutor, progress } from '../shared/define.js';
import { schema } from './options.js';

export default defineExecutor(schema, async (o, p) => {
  const version = parseReleaseVersion(o.version, '--version');
  const registries = resolveTargetRegistries(o.registries, p.dir.config.registries, p.dir.config.targetRegistries);
  const refs = stageRefs(p.dir.config, o.stage, version, 'rollback', registries);
  if (refs.remotes.length === 0)
    throw new ReleasableError(`project "${p.dir.name}" has no target registry; configure "registries".`);
  await assertEngine();
  const { timeouts } = p.dir.config;
  // Check every registry first: an unknown version anywhere changes nothing anywhere.
  const digests = await Promise.all(
    refs.remotes.map(async (r) => ({ r, d: await remoteDigest(r.versioned, timeouts.registryRead) })),
  );
  const missing = digests.filter(({ d }) => !d.digest);
  if (missing.length > 0) {
    throw new ReleasableError(
      `cannot roll back to ${o.stage} ${refs.version}: ${missing.map(({ r, d }) => `${r.versioned} ${d.error ? `could not be read (${d.error})` : 'does not exist'}`).join('; ')}. Nothing was changed.`,
    );
  }
  const distinct = new Set(digests.map(({ d }) => d.digest));
  if (distinct.size > 1)
    throw new ReleasableError(
      `${refs.version} has different digests across registries (${[...distinct].join(', ')}); nothing was changed.`,
    );
  if (o.dryRun) {
    for (const { r, d } of digests) logger.info(`would move ${r.floating} → ${d.digest}`);
    return;
  }
  // The lock releases take: a release moving the same floating tag cannot run meanwhile.
  const unlock = await lockReleasableDir(p.workspaceRoot, p.dir, `a release or rollback of ${p.dir.name}`);
  const moved: string[] = [];
  try {
    const source = refs.remotes[0]!;
    progress(`pulling ${source.versioned}`);
    await pullImage(source.versioned);
    for (const r of refs.remotes) {
      await tagImage(source.versioned, r.floating!);
      progress(`moving ${r.floating} to ${refs.version}`);
      const digest = await pushWithRetry(['docker', 'push', r.floating!], {
        log: progress,
        quiet: false,
        idleSeconds: timeouts.transfer,
      });
      if (digest !== [...distinct][0])
        throw new ReleasableError(`${r.floating} got ${digest}, expected ${[...distinct][0]}`);
      moved.push(r.floating!);
    }
    await exec(['docker', 'tag', source.versioned, refs.localFloating!]);
  } catch (error) {
    const left = refs.remotes.map((r) => r.floating!).filter((f) => !moved.includes(f));
    throw new ReleasableError(
      `rollback of ${p.dir.name} ${o.stage} to ${refs.version} failed: ${(error as Error).message}\n` +
        `${moved.length ? `Already moved: ${moved.join(', ')}.` : 'No floating tag moved.'} Not moved: ${left.join(', ') || 'none'}. Rerun the same command to finish.`,
      { moved, left },
      { cause: error },
    );
  } finally {
    unlock();
  }
  logger.info(
    `${refs.remotes.map((r) => r.floating).join(', ')} now point at ${o.stage} ${refs.version} (${[...distinct][0]}).`,
  );
});
