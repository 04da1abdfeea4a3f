import { z } from 'zod';

export const title = 'ci-workflow';
export const description =
  'Write a GitHub Actions workflow: nx affected -t docker-test on pull requests, nx affected -t release-dev on the main branch.';

export const schema = z.strictObject({
  mainBranch: z.string().default('main').describe('Branch whose pushes release. Default: main.'),
  nodeVersion: z.string().default('20').describe('Node.js version of the runner. Default: 20.'),
  file: z.string().default('.github/workflows/releasable.yml').describe('Workflow file to write.'),
});
export const extras = {};
