// @ts-nocheck
import type { TestListName } from '../config/schema.js';
import type { PlanInput, PlanStep } from './release-types.js';

/** The test lists a release runs (none with --skip-tests). */
export function requiredTestLists(input: PlanInput): TestListName[] {
  const { options } = input;
  if (!options.tests) return [];
  return options.superslowTests ? ['fast', 'slow', 'superslow'] : ['fast', 'slow'];
}

/** One test step per list the release runs, inside `image`. */
export function testSteps(input: PlanInput, image: string): PlanStep[] {
  return requiredTestLists(input).map((list) => ({
    id: `test:${list}`,
    kind: 'test',
    title: `${list} tests in ${image}`,
    argv: input.commands.test(list, image),
    list,
    ref: image,
  }));
}
