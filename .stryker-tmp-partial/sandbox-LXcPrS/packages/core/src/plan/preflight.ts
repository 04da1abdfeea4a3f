// @ts-nocheck
import { formatGitTag } from '../config/resolve.js';
import { assertStrictlyForward, maxReleaseVersion } from '../version/version.js';
import type { PlanInput, ReleaseState } from './release-types.js';
import { stageRefs, type StageRefs } from './refs.js';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Versions of a dir's releases of one stage, read from git tag names with the configured pattern. */
export function releasedVersionsFromTags(
  pattern: string,
  name: string,
  stage: string,
  tags: readonly string[],
): string[] {
  const source = escapeRegExp(pattern)
    .replace(escapeRegExp('{name}'), escapeRegExp(name))
    .replace(escapeRegExp('{stage}'), escapeRegExp(stage))
    .replace(escapeRegExp('{version}'), '(\\d+\\.\\d+\\.\\d+)');
  const re = new RegExp(`^${source}$`);
  return tags.flatMap((t) => {
    const m = re.exec(t);
    return m ? [m[1]!] : [];
  });
}

/** Tags of this clone and of origin: a shallow or partial clone may lack released versions. */
export function knownTags(state: ReleaseState): string[] {
  return [...new Set([...state.gitTags, ...Object.keys(state.remoteTags ?? {})])];
}

/** Commit the release's git tag points at, in this clone or else on origin. */
export function releaseTagCommit(state: ReleaseState, gitTag: string): string | undefined {
  return state.releaseTagCommit ?? state.remoteTags?.[gitTag];
}

/** Reasons to refuse before any side effect; empty when the release may start. */
export function preflightProblems(input: PlanInput, gitTag: string, refs: StageRefs): string[] {
  const { state, options, project } = input;
  const problems: string[] = [];
  if (state.engineError) problems.push(state.engineError);
  const contract = state.contract;
  if (contract && contract.missingBuildArgs.length > 0) {
    const names = contract.missingBuildArgs;
    problems.push(
      `${contract.dockerfile}: FROM needs build arg${names.length > 1 ? 's' : ''} ${names.join(', ')}, which the build does not pass and which ha${names.length > 1 ? 've' : 's'} no default; give ${names.length > 1 ? 'them' : 'it'} a default (ARG ${names[0]}=…) or pass --build-arg ${names[0]}=…`,
    );
  }
  if (contract && options.tests && contract.missingComposeVariables.length > 0) {
    const names = contract.missingComposeVariables;
    problems.push(
      `${contract.composeFile} interpolates ${names.map((n) => `\${${n}}`).join(', ')}, which nothing sets; use \${RELEASABLE_IMAGE} (the image under test) or \${RELEASABLE_CONTAINER_VERSION}, name your own image variable in repo_config (docker.imageVariable: ${names[0]}), give a default (\${${names[0]}:-…}), or set it in the environment or the compose .env`,
    );
  }
  if (contract?.relativeEntrypoint && options.tests) {
    problems.push(
      `${contract.dockerfile}: ENTRYPOINT ${contract.relativeEntrypoint} is a relative path, and the test containers run in the dir's mount (/app/<dir>), where it does not resolve; make it absolute (its path inside the image)`,
    );
  }
  for (const [name, r] of Object.entries(state.registries))
    if (r.error) problems.push(`registry "${name}": ${r.error}`);
  if (state.dirtyFiles.length > 0) {
    const shown = state.dirtyFiles.slice(0, 20).map((f) => `  ${f}`);
    if (state.dirtyFiles.length > 20) shown.push(`  … and ${state.dirtyFiles.length - 20} more`);
    problems.push(`the git tree has uncommitted changes; commit or stash them first:\n${shown.join('\n')}`);
  }
  if (input.releaseBranches.length > 0 && !input.releaseBranches.includes(state.branch ?? '')) {
    problems.push(
      `branch "${state.branch ?? '(detached HEAD)'}" may not release; allowed: ${input.releaseBranches.join(', ')} (repo_config "releaseBranches").`,
    );
  }
  if (!state.head) problems.push('the repo has no commit yet; commit before releasing.');
  if (options.stage === 'prod' && state.devImagePresent === false && options.registries.length === 0) {
    problems.push(
      `prod is built FROM ${stageRefs(input.config, 'dev', options.codeVersion, options.user, []).local}, which is not local and there is no registry to pull it from; run release-dev first.`,
    );
  }
  const tagCommit = releaseTagCommit(state, gitTag);
  if (tagCommit && state.head && tagCommit !== state.head) {
    problems.push(
      `git tag ${gitTag} already exists at ${tagCommit.slice(0, 12)}, but HEAD is ${state.head.slice(0, 12)}; add a changelog entry with a higher version.`,
    );
  }
  if (state.shallow && !state.remoteTags) {
    problems.push(
      `this clone is shallow and origin's tags could not be read${state.remoteTagsError ? ` (${state.remoteTagsError})` : ''}, so the last released version is unknown; run "git fetch --tags --unshallow" first.`,
    );
  }
  const others = releasedVersionsFromTags(input.config.gitTagPattern, project, options.stage, knownTags(state)).filter(
    (v) => v !== refs.version,
  );
  const last = maxReleaseVersion(others);
  try {
    assertStrictlyForward(refs.version, last, `${options.stage} release`);
  } catch (error) {
    problems.push(
      `${(error as Error).message} (last released: git tag ${formatGitTag(input.config.gitTagPattern, { name: project, stage: options.stage, version: last! })})`,
    );
  }
  const versionedDigests = new Set(Object.values(state.registries).flatMap((r) => (r.versioned ? [r.versioned] : [])));
  if (versionedDigests.size > 1) {
    problems.push(
      `${refs.remotes[0]?.versioned.split('/').pop()} has different digests in different registries (${[...versionedDigests].join(', ')}); it was pushed from different builds. Release a new version.`,
    );
  }
  const local = state.localImage;
  if (local && versionedDigests.size === 1) {
    const [digest] = [...versionedDigests];
    const localDigests = local.repoDigests.map((d) => d.slice(d.indexOf('@') + 1));
    if (!localDigests.includes(digest!)) {
      problems.push(
        `the registry already holds ${refs.version} with digest ${digest}, which is not the local image ${refs.local}; the version is taken, release a new version.`,
      );
    }
  }
  return problems;
}
