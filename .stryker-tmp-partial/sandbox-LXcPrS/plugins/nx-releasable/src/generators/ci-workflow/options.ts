// @ts-nocheck
import { z } from 'zod';

export const title = 'ci-workflow';
export const description =
  'Write a GitHub Actions workflow: nx affected -t docker-test on pull requests, nx affected -t release-dev on the main branch.';

export const schema = z.strictObject({
  mainBranch: z.string().default('main').describe('Branch whose pushes release. Default: main.'),
  nodeVersion: z.string().default('20').describe('Node.js version of the runner. Default: 20.'),
  agents: z
    .number()
    .int()
    .min(1)
    .max(64)
    .default(1)
    .describe(
      'CI agents sharing the affected dirs. Above 1: a matrix of jobs, each running its share with the Nx remote cache (NX_SELF_HOSTED_REMOTE_CACHE_SERVER) and the build registry of nx.json. Default: 1.',
    ),
  file: z.string().default('.github/workflows/releasable.yml').describe('Workflow file to write.'),
});
export const extras = {};
