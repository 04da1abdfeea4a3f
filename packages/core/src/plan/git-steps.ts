import type { PlanInput, PlanStep } from './release-types.js';

/** Where origin holds the claim of a release (one ref per git tag). */
export const CLAIM_REF_PREFIX = 'refs/releasable/claims/';

/**
 * Before the first push, a release with a git remote claims its version on origin: a ref that
 * only one run can create (origin refuses the second push), so two machines releasing the same
 * version at once cannot both push. The per-dir lock covers one machine only.
 */
export function claimSteps(input: PlanInput, gitTag: string): PlanStep[] {
  if (!input.state.hasRemote) return [];
  return [
    {
      id: 'claim',
      kind: 'claim',
      title: `claim ${gitTag} on origin (${CLAIM_REF_PREFIX}${gitTag})`,
      ref: gitTag,
    },
  ];
}

/**
 * The last steps of every release: the git tag (unless already at HEAD), then its push when a
 * remote exists. `pushOnly`: the tag exists here and only origin lacks it.
 */
export function gitTagSteps(
  input: PlanInput,
  gitTag: string,
  version: string,
  { pushOnly = false }: { pushOnly?: boolean } = {},
): PlanStep[] {
  const { state, commands: c, options, project } = input;
  const steps: PlanStep[] = [];
  if (!pushOnly && state.releaseTagCommit !== state.head) {
    steps.push({
      id: 'git-tag',
      kind: 'git-tag',
      title: `git tag ${gitTag}`,
      argv: c.gitTag(gitTag, `${project} ${options.stage} ${version}`),
      ref: gitTag,
    });
  }
  if (state.hasRemote)
    steps.push({
      id: 'git-push',
      kind: 'git-push',
      title: `push git tag ${gitTag}`,
      argv: c.gitPush(gitTag),
      ref: gitTag,
    });
  return steps;
}
