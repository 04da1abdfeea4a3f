import { readNxJson, type Tree } from '@nx/devkit';
import { parsePluginOptions, PLUGIN_PACKAGE, ReleasableError, type PluginOptions } from '@releasable/core';
import type { z } from 'zod';
import { schema } from './options.js';

/** Runs on pull requests and on pushes to the main branch; may push git refs. */
function triggers(options: z.output<typeof schema>, why: string): string {
  return `name: releasable
on:
  pull_request:
  push:
    branches: [${options.mainBranch}]
permissions:
  contents: write # ${why}`;
}

/** Checkout with full history (affected needs it), Node, npm ci: the first steps of every job. */
function setupSteps(options: z.output<typeof schema>): string {
  return `      - uses: actions/checkout@v4
        with:
          fetch-depth: 0 # nx affected needs the history; releasable refuses a too-shallow clone
      - uses: actions/setup-node@v4
        with:
          node-version: ${options.nodeVersion}
          cache: npm
      - run: npm ci`;
}

/** The workflow: full history (affected needs it), PRs test what they touch, main releases it. */
export function workflowYaml(options: z.output<typeof schema>): string {
  return `# Written by @releasable/nx:ci-workflow. Pull requests run the container tests of the dirs they
# affect; pushes to ${options.mainBranch} release the affected dirs (already released versions are skipped).
${triggers(options, 'release-dev pushes its git tags')}
jobs:
  affected:
    runs-on: ubuntu-latest
    steps:
${setupSteps(options)}
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

/**
 * Node code of the step that picks one agent's share of the affected dirs: every AGENTS-th
 * project from SHARD, so the shares are disjoint and together hold every dir.
 */
export const SHARE_SCRIPT = `const projects = JSON.parse(process.env.PROJECTS);
const agents = Number(process.env.AGENTS);
const shard = Number(process.env.SHARD);
const mine = projects.filter((_, i) => i % agents === shard);
console.log(\`agent \${shard + 1}/\${agents}: \${mine.join(', ') || 'nothing to do'}\`);
require('fs').appendFileSync(process.env.GITHUB_OUTPUT, \`projects=\${mine.join(',')}\\n\`);`;

const indent = (text: string, spaces: number): string =>
  text
    .split('\n')
    .map((l) => `${' '.repeat(spaces)}${l}`)
    .join('\n');

/**
 * The distributed workflow: one job lists the affected dirs, a matrix of agents each runs its
 * share. Builds travel through the build registry (nx.json "buildRegistry"), task results
 * through Nx's remote cache, so an agent tests an image another built without rebuilding it.
 */
export function distributedWorkflowYaml(options: z.output<typeof schema>, buildRegistryEnv: readonly string[]): string {
  const target = "${{ github.event_name == 'push' && 'release-dev' || 'docker-test' }}";
  const secrets = buildRegistryEnv.map((name) => `  ${name}: \${{ secrets.${name} }}\n`).join('');
  const setup = setupSteps(options);
  return `# Written by @releasable/nx:ci-workflow --agents ${options.agents}. Pull requests run the container tests
# of the dirs they affect, pushes to ${options.mainBranch} release them; ${options.agents} agents share the dirs.
# Images built by one agent are pulled by digest from the build registry (nx.json "buildRegistry")
# by the others; task results are shared through Nx's remote cache. Set the repository variable
# NX_SELF_HOSTED_REMOTE_CACHE_SERVER (and the secret NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN).
${triggers(options, 'release-dev pushes its git tags and release claims')}
env:
  NX_SELF_HOSTED_REMOTE_CACHE_SERVER: \${{ vars.NX_SELF_HOSTED_REMOTE_CACHE_SERVER }}
  NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: \${{ secrets.NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN }}
${secrets}jobs:
  affected:
    runs-on: ubuntu-latest
    outputs:
      projects: \${{ steps.list.outputs.projects }}
    steps:
${setup}
      - uses: nrwl/nx-set-shas@v4 # NX_BASE / NX_HEAD: last successful run on ${options.mainBranch}
      - name: affected dirs
        id: list
        run: echo "projects=$(npx nx show projects --affected -t ${target} --base=$NX_BASE --head=$NX_HEAD --json)" >> "$GITHUB_OUTPUT"
  agent:
    needs: affected
    if: needs.affected.outputs.projects != '[]'
    runs-on: ubuntu-latest
    strategy:
      fail-fast: false
      matrix:
        shard: [${Array.from({ length: options.agents }, (_, i) => i).join(', ')}]
    steps:
${setup}
      - name: this agent's share of the affected dirs
        id: share
        shell: node {0}
        env:
          PROJECTS: \${{ needs.affected.outputs.projects }}
          AGENTS: ${options.agents}
          SHARD: \${{ matrix.shard }}
        run: |
${indent(SHARE_SCRIPT, 10)}
      - name: docker-build-local of this agent's dirs (restored from the remote cache when built at this commit)
        if: github.event_name == 'push' && steps.share.outputs.projects != ''
        # A release then ships that very image (pulled by digest) instead of building it again.
        run: npx nx run-many -t docker-build-local --projects="\${{ steps.share.outputs.projects }}"
      - name: ${target} of this agent's dirs
        if: steps.share.outputs.projects != ''
        # A release claims its version on origin first: two agents never release one version twice.
        run: npx nx run-many -t ${target} --projects="\${{ steps.share.outputs.projects }}"
`;
}

type PluginEntry = string | { plugin: string; options?: unknown };

/** The plugin options of nx.json (validated), or undefined when the plugin is not registered with options. */
function pluginOptionsOf(tree: Tree): PluginOptions | undefined {
  const entry = ((readNxJson(tree)?.plugins ?? []) as PluginEntry[]).find(
    (p) => (typeof p === 'string' ? p : p.plugin) === PLUGIN_PACKAGE,
  );
  return typeof entry === 'object' && entry.options ? parsePluginOptions(entry.options) : undefined;
}

/** Writes the workflow; refuses to overwrite an existing file. */
export default async function ciWorkflowGenerator(tree: Tree, raw: z.input<typeof schema>): Promise<void> {
  const options = schema.parse(raw);
  if (tree.exists(options.file)) {
    throw new ReleasableError(
      `ci-workflow: ${options.file} already exists; remove it or pass --file to write another one.`,
    );
  }
  if (options.agents === 1) {
    tree.write(options.file, workflowYaml(options));
    return;
  }
  const buildRegistry = pluginOptionsOf(tree)?.buildRegistry;
  if (!buildRegistry) {
    throw new ReleasableError(
      `ci-workflow --agents ${options.agents}: nx.json sets no "buildRegistry", so every agent would rebuild every image it tests; set one with "nx g @releasable/nx:init --build-registry <host[:port]/namespace>" first. Nothing was written.`,
    );
  }
  const auth = typeof buildRegistry === 'string' ? undefined : buildRegistry.auth;
  const env = [auth?.usernameEnv, auth?.passwordEnv].filter((n): n is string => n !== undefined);
  tree.write(options.file, distributedWorkflowYaml(options, env));
}
