import type { Tree } from '@nx/devkit';
import { ReleasableError } from '@releasable/core';
import type { z } from 'zod';
import { schema } from './options.js';

/** The workflow: full history (affected needs it), PRs test what they touch, main releases it. */
export function workflowYaml(options: z.output<typeof schema>): string {
  return `# Written by @releasable/nx:ci-workflow. Pull requests run the container tests of the dirs they
# affect; pushes to ${options.mainBranch} release the affected dirs (already released versions are skipped).
name: releasable
on:
  pull_request:
  push:
    branches: [${options.mainBranch}]
permissions:
  contents: write # release-dev pushes its git tags
jobs:
  affected:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0 # nx affected needs the history; releasable refuses a too-shallow clone
      - uses: actions/setup-node@v4
        with:
          node-version: ${options.nodeVersion}
          cache: npm
      - run: npm ci
      - uses: nrwl/nx-set-shas@v4 # NX_BASE / NX_HEAD: last successful run on ${options.mainBranch}
      - name: docker-test of the affected dirs
        if: github.event_name == 'pull_request'
        run: npx nx affected -t docker-test --base=$NX_BASE --head=$NX_HEAD
      - name: release-dev of the affected dirs
        if: github.event_name == 'push'
        # Registry credentials: set the variables your repo_config "auth" names as secrets here.
        run: npx nx affected -t release-dev --base=$NX_BASE --head=$NX_HEAD
`;
}

/** Writes the workflow; refuses to overwrite an existing file. */
export default async function ciWorkflowGenerator(tree: Tree, raw: z.input<typeof schema>): Promise<void> {
  const options = schema.parse(raw);
  if (tree.exists(options.file)) {
    throw new ReleasableError(
      `ci-workflow: ${options.file} already exists; remove it or pass --file to write another one.`,
    );
  }
  tree.write(options.file, workflowYaml(options));
}
