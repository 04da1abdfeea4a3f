import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { declaredPythonPackages, parseChangelog, parseRepoConfig, parseYaml } from '@releasable/core';
import { exec } from '@releasable/drivers';
import changelogGenerator, { messageBullets } from './changelog/generator.js';
import ciWorkflowGenerator from './ci-workflow/generator.js';
import initGenerator from './init/generator.js';
import releasableDirGenerator from './releasable-dir/generator.js';

function pluginEntry(tree: Tree): unknown {
  return (readNxJson(tree)?.plugins ?? []).find((p) => (typeof p === 'string' ? p : p.plugin) === '@releasable/nx');
}

describe('init generator', () => {
  it('registers the plugin once, with registries, and is idempotent', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await initGenerator(tree, { registries: 'local=127.0.0.1:5000', skipFormat: true });
    const first = tree.read('nx.json', 'utf-8');
    await initGenerator(tree, { registries: 'local=127.0.0.1:5000', skipFormat: true });
    expect(tree.read('nx.json', 'utf-8')).toBe(first);
    expect(pluginEntry(tree)).toEqual({
      plugin: '@releasable/nx',
      options: { registries: { local: '127.0.0.1:5000' } },
    });
    expect(
      (readNxJson(tree)?.plugins ?? []).filter((p) => (typeof p === 'string' ? p : p.plugin) === '@releasable/nx'),
    ).toHaveLength(1);
  });

  it('merges new registries into existing options', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await initGenerator(tree, { registries: 'local=127.0.0.1:5000', skipFormat: true });
    await initGenerator(tree, {
      registries: 'ecr=123.dkr.ecr.eu-north-1.amazonaws.com',
      targetRegistries: 'ecr',
      skipFormat: true,
    });
    expect(pluginEntry(tree)).toEqual({
      plugin: '@releasable/nx',
      options: {
        registries: { local: '127.0.0.1:5000', ecr: '123.dkr.ecr.eu-north-1.amazonaws.com' },
        targetRegistries: ['ecr'],
      },
    });
  });

  it('refuses registries the plugin would reject, writing nothing', async () => {
    const tree = createTreeWithEmptyWorkspace();
    const before = tree.read('nx.json', 'utf-8');
    await expect(initGenerator(tree, { registries: 'local=https://127.0.0.1:5000', skipFormat: true })).rejects.toThrow(
      'registries.local: "https://127.0.0.1:5000" has a scheme',
    );
    await expect(initGenerator(tree, { registries: 'justahost', skipFormat: true })).rejects.toThrow(
      '--registries: "justahost" must be name=host[:port], e.g. local=127.0.0.1:5000.',
    );
    expect(tree.read('nx.json', 'utf-8')).toBe(before);
  });

  it('keeps Nx state and build records out of git, once', async () => {
    const tree = createTreeWithEmptyWorkspace();
    tree.write('.gitignore', 'node_modules');
    await initGenerator(tree, { skipFormat: true });
    await initGenerator(tree, { skipFormat: true });
    expect(tree.read('.gitignore', 'utf-8')).toBe('node_modules\n.nx/cache\n.nx/workspace-data\n.releasable/\n');
    const ignoresAll = createTreeWithEmptyWorkspace();
    ignoresAll.write('.gitignore', '/.nx/\n/.releasable\n');
    await initGenerator(ignoresAll, { skipFormat: true });
    expect(ignoresAll.read('.gitignore', 'utf-8')).toBe('/.nx/\n/.releasable\n');
  });

  it('sets a build registry, with the login variables CI secrets fill, or refuses the auth flag alone', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await initGenerator(tree, { buildRegistry: '127.0.0.1:5000/ci', skipFormat: true });
    expect(pluginEntry(tree)).toEqual({ plugin: '@releasable/nx', options: { buildRegistry: '127.0.0.1:5000/ci' } });
    await initGenerator(tree, { buildRegistry: 'ghcr.io/acme/ci', buildRegistryAuth: true, skipFormat: true });
    expect(pluginEntry(tree)).toEqual({
      plugin: '@releasable/nx',
      options: {
        buildRegistry: {
          url: 'ghcr.io/acme/ci',
          auth: { usernameEnv: 'BUILD_REGISTRY_USER', passwordEnv: 'BUILD_REGISTRY_PASSWORD' },
        },
      },
    });
    const before = tree.read('nx.json', 'utf-8');
    await expect(initGenerator(tree, { buildRegistryAuth: true, skipFormat: true })).rejects.toThrow(
      'init --build-registry-auth needs --build-registry',
    );
    await expect(initGenerator(tree, { buildRegistry: 'http://x', skipFormat: true })).rejects.toThrow(/buildRegistry/);
    expect(tree.read('nx.json', 'utf-8')).toBe(before);
  });

  it('refuses a target registry it does not know, writing nothing (it would break every nx command)', async () => {
    const tree = createTreeWithEmptyWorkspace();
    const before = tree.read('nx.json', 'utf-8');
    await expect(
      initGenerator(tree, { registries: 'local=127.0.0.1:5000', targetRegistries: 'nope', skipFormat: true }),
    ).rejects.toThrow(
      'init --targetRegistries: "nope" is not a registry (known: local); add it with --registries nope=host[:port]. nx.json was not changed.',
    );
    expect(tree.read('nx.json', 'utf-8')).toBe(before);
  });
});

describe('releasable-dir generator', () => {
  it('refuses a registry name nx.json does not define, writing nothing', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await initGenerator(tree, { registries: 'local=127.0.0.1:5000', skipFormat: true });
    const changes = tree.listChanges().length;
    await expect(
      releasableDirGenerator(tree, { name: 'pricing', registries: 'nope', skipFormat: true }),
    ).rejects.toThrow(
      'releasable-dir --registries: "nope" is not a registry in nx.json (known: local); add it first with nx g @releasable/nx:init --registries nope=host[:port]. Nothing was written.',
    );
    expect(tree.listChanges().length).toBe(changes);
    expect(tree.exists('pricing')).toBe(false);
  });

  it('scaffolds every file, with a valid repo_config and a first changelog entry', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await initGenerator(tree, { registries: 'local=127.0.0.1:5000', skipFormat: true });
    await releasableDirGenerator(tree, {
      name: 'pricing',
      directory: 'apps/pricing',
      registries: 'local',
      skipFormat: true,
    });
    for (const file of [
      'devops/docker_build/dev.Dockerfile',
      'devops/docker_build/prod.Dockerfile',
      '.dockerignore',
      'devops/compose/docker-compose.yml',
      'devops/env/default.env',
      'changelog.txt',
      'repo_config.yaml',
      'tests/fast_smoke.sh',
      'qa/run_qa.sh',
    ]) {
      expect({ file, exists: tree.exists(`apps/pricing/${file}`) }).toEqual({ file, exists: true });
    }
    const config = parseRepoConfig(parseYaml(tree.read('apps/pricing/repo_config.yaml', 'utf-8')!), 'repo_config.yaml');
    expect(config).toMatchObject({ name: 'pricing', image: 'pricing', targetRegistries: ['local'] });
    const log = parseChangelog(tree.read('apps/pricing/changelog.txt', 'utf-8')!);
    expect(log.entries.map((e) => `${e.name}-${e.version}`)).toEqual(['pricing-0.1.0']);
    expect(tree.read('apps/pricing/devops/docker_build/dev.Dockerfile', 'utf-8')).toContain(
      'ARG BASE_IMAGE=busybox:1.36',
    );
    expect(tree.read('apps/pricing/.dockerignore', 'utf-8')).toContain('.env');
  });

  it.each([
    { kind: 'python' as const, file: 'tests/test_smoke.py', base: 'python:3.11-slim' },
    { kind: 'node' as const, file: 'tests/smoke.test.js', base: 'node:20-slim' },
  ])('scaffolds a $kind dir with its smoke test and base image', async ({ kind, file, base }) => {
    const tree = createTreeWithEmptyWorkspace();
    await releasableDirGenerator(tree, { name: 'svc', kind, skipFormat: true });
    expect(tree.exists(`svc/${file}`)).toBe(true);
    if (kind === 'python') {
      // deps-check has a pyproject to read; tests leave no cache in the mounted repo, and git ignores bytecode.
      expect(declaredPythonPackages(tree.read('svc/devops/docker_build/pyproject.toml', 'utf-8')!)).toEqual(['pytest']);
      expect(tree.read('svc/pytest.ini', 'utf-8')).toContain('-p no:cacheprovider');
      expect(tree.read('svc/devops/docker_build/dev.Dockerfile', 'utf-8')).toContain('ENV PYTHONDONTWRITEBYTECODE=1');
      expect(tree.read('svc/.gitignore', 'utf-8')).toContain('__pycache__/');
      // The slow and superslow lists select no test yet: pytest's "nothing collected" (5) passes.
      expect(tree.read('svc/conftest.py', 'utf-8')).toContain('if exitstatus == 5:');
    }
    expect(tree.read('svc/devops/docker_build/dev.Dockerfile', 'utf-8')).toContain(`ARG BASE_IMAGE=${base}`);
    parseRepoConfig(parseYaml(tree.read('svc/repo_config.yaml', 'utf-8')!), 'repo_config.yaml');
  });

  it('rejects a name Docker would refuse', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await expect(releasableDirGenerator(tree, { name: 'Pricing', skipFormat: true })).rejects.toThrow(
      'releasable-dir: name "Pricing" is not a valid image name: use lowercase letters, digits and single separators (. _ -), e.g. "pricing".',
    );
    expect(tree.exists('Pricing')).toBe(false);
  });

  it('refuses to overwrite existing files and writes nothing', async () => {
    const tree = createTreeWithEmptyWorkspace();
    tree.write('apps/pricing/changelog.txt', '# pricing-3.0.0\n- 2024-01-01\n');
    const changes = tree.listChanges().length;
    await expect(
      releasableDirGenerator(tree, { name: 'pricing', directory: 'apps/pricing', skipFormat: true }),
    ).rejects.toThrow(
      'releasable-dir: refusing to overwrite 1 existing file(s):\n  apps/pricing/changelog.txt\nChoose another --directory, or move these files away first.',
    );
    expect(tree.listChanges()).toHaveLength(changes);
    expect(tree.read('apps/pricing/changelog.txt', 'utf-8')).toBe('# pricing-3.0.0\n- 2024-01-01\n');
  });
});

describe('changelog generator', () => {
  const EXISTING = '# opt-0.4.0\n- 2024-03-06\n- Promote `cvxpy` to 1.4\n\n# opt-0.3.0\n- 2024-02-26\n- First\n';
  function treeWithOpt(): Tree {
    const tree = createTreeWithEmptyWorkspace();
    tree.write('apps/optimizer/devops/compose/docker-compose.yml', 'version: "3.0"\n');
    tree.write('apps/optimizer/changelog.txt', EXISTING);
    return tree;
  }

  it.each([
    { bump: 'minor' as const, version: '0.5.0' },
    { bump: 'patch' as const, version: '0.4.1' },
    { bump: 'major' as const, version: '1.0.0' },
  ])('$bump → $version, the rest kept byte for byte', async ({ bump, version }) => {
    const tree = treeWithOpt();
    await changelogGenerator(tree, { project: 'opt', bump, message: ['New solver', 'Faster'], date: '2024-04-01' });
    expect(tree.read('apps/optimizer/changelog.txt', 'utf-8')).toBe(
      `# opt-${version}\n- 2024-04-01\n- New solver\n- Faster\n\n${EXISTING}`,
    );
  });

  it('finds projects named by repo_config and says when there is none', async () => {
    const tree = treeWithOpt();
    tree.write('svc/devops/x', '');
    tree.write('svc/repo_config.yaml', 'name: pricing\n');
    tree.write('svc/changelog.txt', '# pricing-1.0.0\n- 2024-01-01\n');
    await changelogGenerator(tree, { project: 'pricing', bump: 'patch', message: 'fix', date: '2024-04-01' });
    expect(tree.read('svc/changelog.txt', 'utf-8')?.startsWith('# pricing-1.0.1\n- 2024-04-01\n- fix\n')).toBe(true);
    await expect(changelogGenerator(tree, { project: 'nope', bump: 'patch', message: 'x' })).rejects.toThrow(
      'changelog: no releasable project "nope" (a dir with devops/ whose name is "nope"); check "nx show projects".',
    );
  });

  it('needs at least one message', async () => {
    await expect(changelogGenerator(treeWithOpt(), { project: 'opt', bump: 'patch', message: [] })).rejects.toThrow(
      'changelog --message: give at least one non-empty text.',
    );
  });
});

describe('ci-workflow generator', () => {
  it('writes a workflow with full history, docker-test on PRs and release-dev on main; refuses to overwrite', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await ciWorkflowGenerator(tree, { mainBranch: 'trunk' });
    const yaml = parseYaml(tree.read('.github/workflows/releasable.yml', 'utf-8')!) as {
      on: { push: { branches: string[] } };
      jobs: {
        affected: { steps: Array<{ uses?: string; with?: Record<string, unknown>; run?: string; if?: string }> };
      };
    };
    expect(yaml.on.push.branches).toEqual(['trunk']);
    const steps = yaml.jobs.affected.steps;
    expect(steps.find((s) => s.uses === 'actions/checkout@v4')?.with).toEqual({ 'fetch-depth': 0 });
    expect(steps.find((s) => s.if === "github.event_name == 'pull_request'")?.run).toBe(
      'npx nx affected -t docker-test --base=$NX_BASE --head=$NX_HEAD',
    );
    expect(steps.find((s) => s.if === "github.event_name == 'push'")?.run).toBe(
      'npx nx affected -t release-dev --base=$NX_BASE --head=$NX_HEAD',
    );
    await expect(ciWorkflowGenerator(tree, {})).rejects.toThrow(
      'ci-workflow: .github/workflows/releasable.yml already exists',
    );
  });

  interface Step {
    uses?: string;
    run?: string;
    if?: string;
    id?: string;
    shell?: string;
    env?: Record<string, string>;
  }
  interface DistributedWorkflow {
    env: Record<string, string>;
    jobs: {
      affected: { outputs: Record<string, string>; steps: Step[] };
      agent: { needs: string; if: string; strategy: { matrix: { shard: number[] } }; steps: Step[] };
    };
  }

  it('--agents N: one job lists the affected dirs, N agents each run a disjoint share, with remote cache and build registry', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await expect(ciWorkflowGenerator(tree, { agents: 3 })).rejects.toThrow(
      'ci-workflow --agents 3: nx.json sets no "buildRegistry"',
    );
    expect(tree.exists('.github/workflows/releasable.yml')).toBe(false);
    await initGenerator(tree, { buildRegistry: 'ghcr.io/acme/ci', buildRegistryAuth: true, skipFormat: true });
    await ciWorkflowGenerator(tree, { agents: 3 });
    const yaml = parseYaml(tree.read('.github/workflows/releasable.yml', 'utf-8')!) as DistributedWorkflow;
    expect(yaml.env).toEqual({
      NX_SELF_HOSTED_REMOTE_CACHE_SERVER: '${{ vars.NX_SELF_HOSTED_REMOTE_CACHE_SERVER }}',
      NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: '${{ secrets.NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN }}',
      BUILD_REGISTRY_USER: '${{ secrets.BUILD_REGISTRY_USER }}',
      BUILD_REGISTRY_PASSWORD: '${{ secrets.BUILD_REGISTRY_PASSWORD }}',
    });
    const target = "${{ github.event_name == 'push' && 'release-dev' || 'docker-test' }}";
    expect(yaml.jobs.affected.steps.find((s) => s.id === 'list')?.run).toBe(
      `echo "projects=$(npx nx show projects --affected -t ${target} --base=$NX_BASE --head=$NX_HEAD --json)" >> "$GITHUB_OUTPUT"`,
    );
    expect(yaml.jobs.agent.strategy.matrix.shard).toEqual([0, 1, 2]);
    expect(yaml.jobs.agent.needs).toBe('affected');
    const agentSteps = yaml.jobs.agent.steps;
    expect(agentSteps.find((s) => s.uses === 'actions/checkout@v4')).toMatchObject({ with: { 'fetch-depth': 0 } });
    expect(agentSteps.at(-2)).toMatchObject({
      if: "github.event_name == 'push' && steps.share.outputs.projects != ''",
      run: 'npx nx run-many -t docker-build-local --projects="${{ steps.share.outputs.projects }}"',
    });
    expect(agentSteps.at(-1)?.run).toBe(
      `npx nx run-many -t ${target} --projects="\${{ steps.share.outputs.projects }}"`,
    );

    // The share step, run as GitHub runs it (node on the script), for every shard of 7 dirs.
    const share = agentSteps.find((s) => s.id === 'share')!;
    expect(share.shell).toBe('node {0}');
    const dir = mkdtempSync(path.join(tmpdir(), 'releasable-share-'));
    try {
      writeFileSync(path.join(dir, 'share.cjs'), share.run!);
      const projects = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
      const shares: string[][] = [];
      for (const shard of yaml.jobs.agent.strategy.matrix.shard) {
        const output = path.join(dir, `out-${shard}`);
        writeFileSync(output, '');
        await exec(['node', path.join(dir, 'share.cjs')], {
          env: {
            PROJECTS: JSON.stringify(projects),
            AGENTS: share.env!['AGENTS']!,
            SHARD: String(shard),
            GITHUB_OUTPUT: output,
          },
        });
        const line = readFileSync(output, 'utf8');
        expect(line).toMatch(/^projects=[a-g,]*\n$/);
        shares.push(line.trim().slice('projects='.length).split(',').filter(Boolean));
      }
      expect(shares.map((s) => s.length)).toEqual([3, 2, 2]);
      expect(shares.flat().sort()).toEqual(projects);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('changelog --message', () => {
  it.each([
    { name: 'a text with commas stays one bullet', message: 'Fix a, b and c', argv: [], bullets: ['Fix a, b and c'] },
    {
      name: 'a number is taken as typed',
      message: 0.3,
      argv: ['nx', 'g', 'changelog', 'opt', '--message', '0.30'],
      bullets: ['0.30'],
    },
    { name: 'the = form', message: 1.1, argv: ['--message=1.10'], bullets: ['1.10'] },
    { name: 'repeated, mixed', message: ['New solver', 2], argv: ['--message', '2'], bullets: ['New solver', '2'] },
  ])('$name', ({ message, argv, bullets }) => {
    expect(messageBullets(message, argv)).toEqual(bullets);
  });

  it('refuses an empty message', () => {
    expect(() => messageBullets('  ', [])).toThrow('changelog --message: give at least one non-empty text.');
  });
});
