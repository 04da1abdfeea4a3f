import type { PlanInput, PlanStep } from './release-types.js';

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
