import { ReleasableError, type ResolvedConfig, type StageRefs } from '@releasable/core';
import { inspectImage, requireLocalImage } from '../docker.js';
import { exec } from '../exec.js';
import { remoteDigest, repositoryOf } from '../registry.js';
import { loginTargets, withRegistrySession } from '../registry-login.js';
import { backoff, pushWithRetry, readBeforePush } from './push-retry.js';

export interface PushedRef {
  readonly ref: string;
  readonly digest: string;
  /** Already in the registry with this digest: not pushed again. */
  readonly skipped?: boolean;
}

export interface PushStageRequest {
  readonly refs: StageRefs;
  readonly project: string;
  /** For the registries' `auth` logins and the deadlines. */
  readonly config: Pick<ResolvedConfig, 'registries' | 'timeouts'>;
  readonly log: (line: string) => void;
}

/**
 * Pushes a stage's local image the way a release does, for docker-push-dev/prod: the registries'
 * logins, every registry read before anything is pushed (a versioned tag holding other content
 * refuses the whole push, an unreadable registry too), versioned tags first and checked in the
 * registry, then the floating tags, each with the release's retry and deadline policy.
 */
export async function pushStage(req: PushStageRequest): Promise<PushedRef[]> {
  const { refs, project, config, log } = req;
  if (refs.remotes.length === 0) {
    throw new ReleasableError(
      `project "${project}" has no target registry; add "registries" and "targetRegistries" to repo_config or nx.json.`,
    );
  }
  const { timeouts } = config;
  const pause = backoff(timeouts.retryBackoff);
  const logins = loginTargets(
    config.registries,
    refs.remotes.map((r) => r.registryName),
  );
  return withRegistrySession(logins, async () => {
    await requireLocalImage(refs.local, refs.stage, project);
    const local = (await inspectImage(refs.local))!;
    // Every registry first: a refusal anywhere pushes nothing anywhere.
    const before = await Promise.all(
      refs.remotes.map(async (r) => ({
        r,
        remote: await readBeforePush(r.versioned, timeouts.registryRead, log, 3, pause),
      })),
    );
    const taken = before.filter(
      ({ r, remote }) => remote.digest && !local.repoDigests.includes(`${repositoryOf(r.versioned)}@${remote.digest}`),
    );
    if (taken.length > 0) {
      throw new ReleasableError(
        `${taken.map(({ r, remote }) => `${r.versioned} already exists with digest ${remote.digest}`).join('; ')}, which is not ${refs.local}; refusing to overwrite a released version. Nothing was pushed.`,
      );
    }
    const tagAndPush = async (ref: string, doing: string): Promise<string> => {
      await exec(['docker', 'tag', refs.local, ref], { timeoutMs: timeouts.command * 1000 });
      log(`${doing} ${ref}`);
      return pushWithRetry(['docker', 'push', ref], {
        log,
        quiet: false,
        idleSeconds: timeouts.transfer,
        backoffMs: pause,
      });
    };
    const pushed: PushedRef[] = [];
    for (const { r, remote } of before) {
      if (remote.digest) {
        log(`${r.versioned} already has ${remote.digest}`);
        pushed.push({ ref: r.versioned, digest: remote.digest, skipped: true });
        continue;
      }
      pushed.push({ ref: r.versioned, digest: await tagAndPush(r.versioned, 'pushing') });
    }
    // The registry, not docker's report, says what a floating tag will point at.
    for (const { ref, digest } of pushed) {
      const remote = await remoteDigest(ref, timeouts.registryRead);
      if (remote.digest !== digest) {
        throw new ReleasableError(
          `${ref} reads as ${remote.digest ?? remote.error ?? 'absent'} in the registry, but ${digest} was pushed; no floating tag was moved.`,
        );
      }
    }
    for (const r of refs.remotes) {
      if (!r.floating) continue;
      const versionedDigest = pushed.find((p) => p.ref === r.versioned)!.digest;
      const digest = await tagAndPush(r.floating, 'moving');
      if (digest !== versionedDigest) {
        throw new ReleasableError(
          `${r.floating} got digest ${digest}, but ${r.versioned} has ${versionedDigest}; the local image changed during the push.`,
        );
      }
      pushed.push({ ref: r.floating, digest });
    }
    return pushed;
  });
}
