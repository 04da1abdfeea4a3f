// @ts-nocheck
import { describe, expect, it } from '@jest/globals';
import type { PlanStep, ReleasePlan } from '@releasable/core';
import { describeChanges } from './execute.js';
import type { StepResult } from './types.js';

const steps: PlanStep[] = [
  { id: 'build', kind: 'build', title: 'build' },
  { id: 'push:a', kind: 'push', title: 'push a', ref: 'r/x:dev-1.0.0' },
  { id: 'verify', kind: 'verify', title: 'verify' },
  { id: 'push:f', kind: 'push', title: 'move', ref: 'r/x:dev', floating: true },
  { id: 'git-tag', kind: 'git-tag', title: 'git tag', ref: 'x-dev-1.0.0' },
  { id: 'git-push', kind: 'git-push', title: 'push git tag', ref: 'x-dev-1.0.0' },
];
const plan = { gitTag: 'x-dev-1.0.0', steps } as unknown as ReleasePlan;
const done = (...ids: string[]): StepResult[] => ids.map((id) => ({ id, title: id, status: 'done', seconds: 0 }));

describe('describeChanges', () => {
  it.each([
    {
      name: 'failed before any push',
      results: done('build'),
      expected: 'Nothing was published. Unchanged: the floating tags and the git tag x-dev-1.0.0.',
    },
    {
      name: 'failed at verify',
      results: done('build', 'push:a'),
      expected:
        'Changed before the failure: pushed r/x:dev-1.0.0. Unchanged: the floating tags and the git tag x-dev-1.0.0.',
    },
    {
      name: 'failed at the git tag',
      results: done('build', 'push:a', 'verify', 'push:f'),
      expected: 'Changed before the failure: pushed r/x:dev-1.0.0; moved r/x:dev. Unchanged: the git tag x-dev-1.0.0.',
    },
    {
      name: 'failed pushing the git tag',
      results: done('build', 'push:a', 'verify', 'push:f', 'git-tag'),
      expected:
        'Changed before the failure: pushed r/x:dev-1.0.0; moved r/x:dev; created git tag x-dev-1.0.0 in this clone (not on origin).',
    },
    {
      name: 'everything done (a later step outside the plan failed)',
      results: done('build', 'push:a', 'verify', 'push:f', 'git-tag', 'git-push'),
      expected:
        'Changed before the failure: pushed r/x:dev-1.0.0; moved r/x:dev; created git tag x-dev-1.0.0 in this clone and on origin.',
    },
  ])('$name', ({ results, expected }) => {
    expect(describeChanges(plan, results)).toBe(expected);
  });

  it('a resume that only pushes the git tag says just that', () => {
    const pushOnly = { gitTag: 'x-dev-1.0.0', steps: steps.slice(-1) } as unknown as ReleasePlan;
    expect(describeChanges(pushOnly, done('git-push'))).toBe(
      'Changed before the failure: pushed git tag x-dev-1.0.0 to origin.',
    );
  });

  it('a plan without floating tags or git steps (--no-push) names nothing unchanged', () => {
    const local = { gitTag: 'x-dev-1.0.0', steps: steps.slice(0, 1) } as unknown as ReleasePlan;
    expect(describeChanges(local, [])).toBe('Nothing was published.');
  });

  it('a skipped push (already there) is not reported as a change', () => {
    const results: StepResult[] = [...done('build'), { id: 'push:a', title: 'push a', status: 'skipped', seconds: 0 }];
    expect(describeChanges(plan, results)).toBe(
      'Nothing was published. Unchanged: the floating tags and the git tag x-dev-1.0.0.',
    );
  });
});
