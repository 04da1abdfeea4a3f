// @ts-nocheck
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AggregateCreateNodesError, type CreateNodesContext, type CreateNodesResult } from '@nx/devkit';
import { createNodes, createNodesV2 } from './plugin.js';
import { writeFiles } from '../../../../tools/testing/files.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A temp workspace made of `files` (path → content). */
function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'releasable-plugin-'));
  dirs.push(root);
  writeFiles(root, files);
  return root;
}

async function run(root: string, options: unknown = {}): Promise<Array<CreateNodesResult['projects']>> {
  const context: CreateNodesContext = { workspaceRoot: root, nxJsonConfiguration: {} };
  let results;
  try {
    // Nx calls it for nx.json; the plugin finds the dirs itself in Nx's file index.
    results = await createNodes[1](['nx.json'], options, context);
  } catch (error) {
    // Nx prints each file's error of an AggregateCreateNodesError; surface them the same way.
    if (error instanceof AggregateCreateNodesError) throw new Error(error.errors.map(([, e]) => e.message).join('\n'));
    throw error;
  }
  // Several results may name the same file (Nx keeps them all): keep them all here too.
  return results.map(([, r]) => r.projects);
}

async function projects(
  root: string,
  options: unknown = {},
): Promise<Record<string, { name?: string; root?: string }>> {
  return Object.assign({}, ...(await run(root, options))) as Record<string, { name?: string }>;
}

const CHANGELOG = (name: string, v = '0.3.0'): string => `# ${name}-${v}\n- 2024-02-26\n- First\n`;

describe('createNodes: detection', () => {
  it('finds root-level, nested and compose-only dirs; ignores node_modules, dist and dirs without devops', async () => {
    const root = workspace({
      'devops/docker_build/dev.Dockerfile': 'FROM x',
      'cmamp/devops/docker_build/dev.Dockerfile': 'FROM x',
      'cmamp/sub/devops/compose/docker-compose.yml': 'version: "3.0"',
      'only_compose/devops/compose/docker-compose.yml': 'version: "3.0"',
      'node_modules/pkg/devops/x': '',
      'dist/app/devops/x': '',
      'plain/src/x.py': '',
    });
    mkdirSync(path.join(root, 'empty_devops/devops/docker_build'), { recursive: true });
    const found = await projects(root);
    expect(Object.keys(found).sort()).toEqual(['.', 'cmamp', 'cmamp/sub', 'only_compose']);
    expect(found['cmamp/sub']?.name).toBe('sub');
    expect(found['.']?.name).toBe(path.basename(root));
  });

  it('keeps nested releasable dirs out of the outer project inputs', async () => {
    const root = workspace({ 'a/devops/x': '', 'a/b/devops/x': '', 'a/b/c/devops/x': '' });
    const found = (await projects(root)) as Record<string, { namedInputs?: Record<string, string[]> }>;
    expect(found['a']?.namedInputs?.['releasableSources']).toEqual([
      '{projectRoot}/**/*',
      '!{projectRoot}/b/**/*',
      '!{projectRoot}/b/c/**/*',
    ]);
    expect(found['a/b/c']?.namedInputs?.['releasableSources']).toEqual(['{projectRoot}/**/*']);
  });
});

describe('createNodes: names', () => {
  it('takes repo_config name, else the changelog heading, else the dir name', async () => {
    const root = workspace({
      'optimizer/devops/x': '',
      'optimizer/changelog.txt': CHANGELOG('opt'),
      'research/devops/x': '',
      'research/changelog.txt': CHANGELOG('ignored'),
      'research/repo_config.yaml': 'name: cmamp\n',
      'SorrIssue14_Team1/devops/x': '',
    });
    const found = (await projects(root)) as Record<string, { name: string; metadata: { description: string } }>;
    expect(found['optimizer']?.name).toBe('opt');
    expect(found['research']?.name).toBe('cmamp');
    expect(found['SorrIssue14_Team1']?.name).toBe('SorrIssue14_Team1');
    expect(found['SorrIssue14_Team1']?.metadata.description).toBe(
      'Releasable dir "SorrIssue14_Team1": image sorrissue14_team1.',
    );
    expect(found['optimizer']?.metadata.description).toBe('Releasable dir "optimizer": image opt, version 0.3.0.');
  });

  it('reports a name clash with both paths and the fix', async () => {
    const root = workspace({
      'a/opt/devops/x': '',
      'b/optimizer/devops/x': '',
      'b/optimizer/changelog.txt': CHANGELOG('opt'),
    });
    await expect(run(root)).rejects.toThrow(
      'project name "opt" is used by "a/opt" (from dir name) and "b/optimizer" (from changelog)\nGive each dir a unique "name" in its repo_config.yaml (or rename the changelog heading).',
    );
  });
});

describe("createNodes: a dir's bad file never stops the graph; the dir shows the problem", () => {
  it.each<{ name: string; files: Record<string, string>; message: string }>([
    {
      name: 'invalid repo_config field',
      files: { 'opt/repo_config.yaml': 'image: Opt\n' },
      message: 'opt/repo_config.yaml: image: "Opt" is not a valid image name',
    },
    {
      name: 'YAML syntax error',
      files: { 'opt/repo_config.yaml': 'image: [a\n' },
      message: 'opt/repo_config.yaml: line 2: is not valid YAML',
    },
    {
      name: 'invalid JSON config',
      files: { 'opt/repo_config.json': '{ "image": ' },
      message: 'opt/repo_config.json: is not valid JSON',
    },
    {
      name: 'two config files',
      files: { 'opt/repo_config.yaml': '', 'opt/repo_config.json': '{}' },
      message: 'opt/repo_config.yaml: found repo_config.yaml and repo_config.json in "opt"; keep one of them.',
    },
    {
      name: 'malformed changelog',
      files: { 'opt/changelog.txt': '# opt-1.2\n- 2024-01-01\n' },
      message: 'opt/changelog.txt:1: version "1.2" in "# opt-1.2" must have exactly three numeric parts',
    },
    {
      name: 'a top heading that renames the dir',
      files: { 'opt/changelog.txt': '# camp-1.1.0\n- 2024-01-01\n\n# cmamp-1.0.0\n- 2023-01-01\n' },
      message:
        'opt/changelog.txt:1: the top heading names "camp" but the entry below it (line 4) names "cmamp"; this would rename the image and the git tags. Write "# cmamp-1.1.0", or, if the dir really is renamed, set "name: camp" in its repo_config.',
    },
  ])('$name', async ({ files, message }) => {
    const root = workspace({
      'opt/devops/docker_build/dev.Dockerfile': 'FROM x',
      'opt/changelog.txt': CHANGELOG('opt'),
      'good/devops/x': '',
      'good/changelog.txt': CHANGELOG('good'),
      ...files,
    });
    const found = (await projects(root)) as Record<
      string,
      { name: string; targets: Record<string, unknown>; metadata: { releasable?: { problem?: string } } }
    >;
    expect(found['good']?.name).toBe('good');
    expect(found['good']?.metadata.releasable?.problem).toBeUndefined();
    expect(found['opt']?.metadata.releasable?.problem).toContain(message);
    expect(Object.keys(found['opt']?.targets ?? {})).toContain('release-dev');
  });

  it('a broken dir keeps the name its repo_config or changelog heading gives it', async () => {
    const root = workspace({
      'apps/optimizer/devops/x': '',
      'apps/optimizer/changelog.txt': '# opt-1.2\n- 2024-01-01\n',
      'apps/im/devops/x': '',
      'apps/im/repo_config.yaml': 'name: market-data\nimage: Bad\n',
    });
    const found = (await projects(root)) as Record<string, { name: string }>;
    expect(found['apps/optimizer']?.name).toBe('opt');
    expect(found['apps/im']?.name).toBe('market-data');
  });

  it.each([
    {
      name: 'a bad registry address',
      options: { registries: { x: 'http://h' } },
      message: 'nx.json (plugin "@releasable/nx" options): registries.x: "http://h" has a scheme',
    },
    {
      name: 'a target registry nx.json never defines',
      options: { targetRegistries: ['nope'] },
      message: 'nx.json (plugin "@releasable/nx" options): targetRegistries.0: "nope" is not a configured registry',
    },
  ])(
    'bad plugin options ($name) never stop the graph: every dir names nx.json and the key',
    async ({ options, message }) => {
      const root = workspace({
        'opt/devops/docker_build/dev.Dockerfile': 'FROM x',
        'opt/changelog.txt': CHANGELOG('opt'),
      });
      const found = (await projects(root, options)) as Record<
        string,
        { targets: Record<string, unknown>; metadata: { releasable?: { problem?: string } } }
      >;
      expect(found['opt']?.metadata.releasable?.problem).toContain(message);
      expect(Object.keys(found['opt']?.targets ?? {})).toContain('release-dev');
    },
  );

  it('still makes a project of a dir with devops/ but no changelog or repo_config', async () => {
    const root = workspace({ 'bare/devops/compose/docker-compose.yml': '' });
    const found = (await projects(root)) as Record<string, { name: string; targets: Record<string, unknown> }>;
    expect(found['bare']?.name).toBe('bare');
  });
});

describe('createNodes: folders no image or test reads (inputs.exclude)', () => {
  it('sets docs, .github and papers apart by default, with no target and out of the dir inputs', async () => {
    const root = workspace({
      'opt/devops/docker_build/dev.Dockerfile': 'FROM x',
      'opt/changelog.txt': CHANGELOG('opt'),
      'opt/docs/guide.md': '# guide',
      'opt/.github/ci.yml': 'on: push',
      'opt/src/app.sh': 'echo',
    });
    const found = (await projects(root)) as Record<
      string,
      { name: string; tags: string[]; targets: object; namedInputs?: Record<string, string[]> }
    >;
    expect(found['opt/docs']).toMatchObject({ name: 'unread-opt-docs', tags: ['releasable-unread'], targets: {} });
    expect(found['opt/.github']?.name).toBe('unread-opt-github');
    expect(found['opt/papers']).toBeUndefined();
    expect(found['opt']?.namedInputs?.['releasableSources']).toEqual([
      '{projectRoot}/**/*',
      '!{projectRoot}/docs/**/*',
      '!{projectRoot}/.github/**/*',
    ]);
  });

  it('sets apart Markdown at the top of a dir as projects rooted at the file; deeper files stay', async () => {
    const root = workspace({
      'devops/docker_build/dev.Dockerfile': 'FROM x',
      'changelog.txt': CHANGELOG('top'),
      'README.md': '# top',
      'CONTRIBUTING.md': '# how',
      'src/NOTES.md': '- read by the image',
      'opt/devops/docker_build/dev.Dockerfile': 'FROM x',
      'opt/changelog.txt': CHANGELOG('opt'),
      'opt/README.md': '# opt',
    });
    const found = (await projects(root)) as Record<
      string,
      { name: string; tags: string[]; targets: object; namedInputs?: Record<string, string[]> }
    >;
    expect(found['README.md']).toMatchObject({ name: 'unread-README.md', tags: ['releasable-unread'], targets: {} });
    expect(found['CONTRIBUTING.md']?.name).toBe('unread-CONTRIBUTING.md');
    // The nested dir's own README is set apart by its own list, not the root's.
    expect(found['opt/README.md']?.name).toBe('unread-opt-README.md');
    expect(found['src/NOTES.md']).toBeUndefined();
    expect(found['.']?.namedInputs?.['releasableSources']).toEqual([
      '{projectRoot}/**/*',
      '!{projectRoot}/opt/**/*',
      '!{projectRoot}/CONTRIBUTING.md',
      '!{projectRoot}/README.md',
    ]);
  });

  it('reads entries as .dockerignore lines; never cuts into packages, nested dirs or release files', async () => {
    const root = workspace({
      'opt/devops/docker_build/dev.Dockerfile': 'FROM x',
      'opt/changelog.txt': CHANGELOG('opt'),
      'opt/repo_config.yaml': 'inputs:\n  exclude: ["**/notes", "*.txt", "devops", "repo_config.yaml", "inner/*.md"]\n',
      'opt/a/notes/todo.md': '- x',
      'opt/a/notes/more/deep.md': '- y',
      'opt/plan.txt': 'later',
      'opt/inner/devops/compose/docker-compose.yml': 'services:\n  db:\n    image: pg\n',
      'opt/inner/README.md': '# inner',
      'opt/inner/repo_config.yaml': 'inputs:\n  exclude: []\n',
    });
    const found = (await projects(root)) as Record<string, { name: string }>;
    expect(Object.keys(found).sort()).toEqual(['opt', 'opt/a/notes', 'opt/inner', 'opt/plan.txt']);
    expect(found['opt/a/notes']?.name).toBe('unread-opt-a-notes');
  });

  it('keeps what an image copies or a container mounts, whatever the list says', async () => {
    const root = workspace({
      'devops/docker_build/dev.Dockerfile': 'FROM x',
      'changelog.txt': CHANGELOG('top'),
      'README.md': '# top',
      'docs/guide.md': '# guide',
      'CHANGES.md': '# changes',
      'im/devops/docker_build/dev.Dockerfile': 'FROM x\nCOPY README.md /app/\nCOPY docs/guide.md /app/\n',
      'im/changelog.txt': CHANGELOG('im'),
      'im/repo_config.yaml': 'docker:\n  context: ..\n',
    });
    const found = (await projects(root)) as Record<string, { name: string; tags: string[] }>;
    // docs/ is what im copies from: a shared project its changes affect im through.
    expect(Object.keys(found).sort()).toEqual(['.', 'CHANGES.md', 'docs', 'im']);
    expect(found['docs']?.tags).toEqual(['releasable-shared']);
  });

  it('never cuts into a Python package (what its importers load)', async () => {
    const root = workspace({
      'devops/docker_build/dev.Dockerfile': 'FROM x',
      'changelog.txt': CHANGELOG('top'),
      'repo_config.yaml': 'inputs:\n  exclude: ["helpers", "helpers/docs", "**/*.md"]\n',
      'helpers/__init__.py': '',
      'helpers/docs/a.md': '# a',
      'NOTES.md': '- x',
    });
    const found = (await projects(root)) as Record<string, { name: string }>;
    expect(Object.keys(found).sort()).toEqual(['.', 'NOTES.md', 'helpers']);
  });

  it('repo_config names its own list', async () => {
    const root = workspace({
      'opt/devops/docker_build/dev.Dockerfile': 'FROM x',
      'opt/changelog.txt': CHANGELOG('opt'),
      'opt/repo_config.yaml': 'inputs:\n  exclude: [notes]\n',
      'opt/docs/guide.md': '# guide',
      'opt/notes/todo.md': '- x',
    });
    const found = (await projects(root)) as Record<string, { name: string }>;
    expect(found['opt/notes']?.name).toBe('unread-opt-notes');
    expect(found['opt/docs']).toBeUndefined();
  });
});

describe("createNodes: a package's tests are projects of their own", () => {
  it('the outermost test dirs of packages; test files next to the code stay; a releasable dir keeps its own tests', async () => {
    const root = workspace({
      'helpers/__init__.py': '',
      'helpers/hio.py': 'X = 1\n',
      'helpers/test/__init__.py': '',
      'helpers/test/test_hio.py': 'import helpers.hio\n',
      'helpers/test/outcomes/golden.txt': 'x',
      'helpers/sub/__init__.py': '',
      'helpers/sub/tests/test_sub.py': '',
      'helpers/sub/sub_test.py': '',
      'helpers/conftest.py': '',
      'opt/devops/docker_build/dev.Dockerfile': 'FROM x',
      'opt/changelog.txt': CHANGELOG('opt'),
      'opt/lib/__init__.py': '',
      'opt/test/test_opt.py': '',
      'opt/test_main.py': '',
    });
    const found = (await projects(root)) as Record<string, { name: string; tags: string[] }>;
    expect(
      Object.entries(found)
        .filter(([, p]) => p.tags.includes('python-tests'))
        .map(([r, p]) => `${r} ${p.name}`)
        .sort(),
    ).toEqual(['helpers/sub/tests helpers-sub-tests', 'helpers/test helpers-test']);
  });
});

describe('createNodes: targets', () => {
  it.each<{ name: string; files: Record<string, string>; expected: string[] }>([
    {
      name: "compose and env files only (used by other dirs' tests): no target",
      files: {
        'x/devops/compose/docker-compose.yml': 'services:\n  db:\n    image: pg\n',
        'x/devops/env/a.env': 'A=1',
      },
      expected: [],
    },
    {
      name: 'a Dockerfile but no changelog (no version, so no image tags): no target',
      files: { 'x/devops/docker_build/dev.Dockerfile': 'FROM x' },
      expected: [],
    },
    {
      name: 'dev Dockerfile and changelog, no compose file: builds and releases, no container runs',
      files: { 'x/devops/docker_build/dev.Dockerfile': 'FROM x', 'x/changelog.txt': CHANGELOG('x') },
      expected: [
        'docker-build-local',
        'docker-qa',
        'docker-tag-dev',
        'docker-push-dev',
        'docker-pull',
        'release-dev',
        'docker-rollback',
      ],
    },
    {
      name: 'dev Dockerfile, compose without a Jupyter service, changelog, pyproject',
      files: {
        'x/devops/docker_build/dev.Dockerfile': 'FROM x',
        'x/devops/docker_build/pyproject.toml': '[tool.poetry]\n',
        'x/devops/compose/docker-compose.yml': 'services:\n  app:\n    image: x\n',
        'x/changelog.txt': CHANGELOG('x'),
      },
      expected: [
        'docker-build-local',
        'docker-test',
        'docker-qa',
        'docker-tag-dev',
        'docker-push-dev',
        'docker-pull',
        'docker-bash',
        'docker-cmd',
        'version-check',
        'release-dev',
        'docker-rollback',
        'deps-check',
      ],
    },
  ])('$name', async ({ files, expected }) => {
    const found = (await projects(workspace(files))) as Record<string, { targets: Record<string, unknown> }>;
    expect(Object.keys(found['x']?.targets ?? {})).toEqual(expected);
  });

  it('gives every target a description, docker technology and help; only docker-test is cached, with its inputs', async () => {
    const root = workspace({
      'opt/devops/docker_build/dev.Dockerfile': 'FROM x',
      'opt/devops/docker_build/prod.Dockerfile': 'FROM x',
      'opt/devops/compose/docker-compose.yml': 'services:\n  app:\n    image: x\n  jupyter:\n    image: x\n',
      'opt/changelog.txt': CHANGELOG('opt'),
    });
    const found = (await projects(root)) as Record<
      string,
      { targets: Record<string, Record<string, unknown>>; metadata: { targetGroups: Record<string, string[]> } }
    >;
    const targets = found['opt']!.targets;
    expect(Object.keys(targets).length).toBe(16);
    // The project view groups them; every target is in exactly one group.
    const groups = found['opt']!.metadata.targetGroups;
    expect(Object.keys(groups)).toEqual(['Build', 'Test', 'Release', 'Run']);
    expect(Object.values(groups).flat().sort()).toEqual(Object.keys(targets).sort());
    expect(groups['Run']).toEqual(['docker-bash', 'docker-cmd', 'docker-jupyter']);
    for (const [name, t] of Object.entries(targets)) {
      expect({ name, executor: t['executor'] }).toEqual({ name, executor: `@releasable/nx:${name}` });
      expect(t['metadata']).toEqual({
        description: expect.any(String),
        technologies: ['docker'],
        help: { command: `nx run opt:${name} --help`, example: expect.any(Object) },
      });
      const own = ['releasableSources', 'dockerfiles', 'lockfiles', 'releaseConfig'];
      // Nx caches nothing by default: only docker-test says otherwise, with what its result depends on.
      expect({ name, cache: t['cache'], inputs: t['inputs'] }).toEqual(
        name === 'docker-test'
          ? { name, cache: true, inputs: [...own, '^default'] }
          : { name, cache: undefined, inputs: undefined },
      );
    }
  });

  it('with a build registry, docker-build-local is cached too, its output the build record', async () => {
    const files = {
      'opt/devops/docker_build/dev.Dockerfile': 'FROM x',
      'opt/devops/compose/docker-compose.yml': 'services:\n  app:\n    image: x\n',
      'opt/changelog.txt': CHANGELOG('opt'),
      'plain/devops/docker_build/dev.Dockerfile': 'FROM x',
      'plain/changelog.txt': CHANGELOG('plain'),
      'plain/repo_config.yaml': 'buildRegistry: 127.0.0.1:5000/ci\n',
      'plain/devops/docker_build/prod.Dockerfile': 'FROM x',
    };
    type Targets = Record<string, { targets: Record<string, Record<string, unknown>> }>;
    const own = ['releasableSources', 'dockerfiles', 'lockfiles', 'releaseConfig', '^default'];
    const cached = {
      cache: true,
      inputs: own,
      outputs: ['{workspaceRoot}/.releasable/builds/{projectName}/local.json'],
    };
    const pick = (t: Record<string, unknown>) => ({ cache: t['cache'], inputs: t['inputs'], outputs: t['outputs'] });
    const none = { cache: undefined, inputs: undefined, outputs: undefined };

    const fromRepoConfig = (await projects(workspace(files))) as Targets;
    expect(pick(fromRepoConfig['plain']!.targets['docker-build-local']!)).toEqual(cached);
    expect(pick(fromRepoConfig['opt']!.targets['docker-build-local']!)).toEqual(none);
    expect(pick(fromRepoConfig['plain']!.targets['docker-build-prod']!)).toEqual({
      ...cached,
      outputs: ['{workspaceRoot}/.releasable/builds/{projectName}/prod.json'],
    });
    // Pushes and releases stay uncached.
    for (const name of ['docker-push-dev', 'docker-push-prod', 'release-dev', 'docker-tag-dev'])
      expect(pick(fromRepoConfig['plain']!.targets[name]!)).toEqual(none);

    const fromPlugin = (await projects(workspace(files), { buildRegistry: '127.0.0.1:5000/ci' })) as Targets;
    expect(pick(fromPlugin['opt']!.targets['docker-build-local']!)).toEqual(cached);
    expect(pick(fromPlugin['opt']!.targets['docker-test']!)).toEqual({ ...cached, outputs: undefined });
  });

  it('exports createNodesV2 as the same function', () => {
    expect(createNodesV2).toBe(createNodes);
  });
});

describe('graph creation never spawns processes', () => {
  it('the plugin and core import no process-spawning module', () => {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const roots = [here, path.resolve(here, '../../../../packages/core/src')];
    const offenders: string[] = [];
    for (const dir of roots) {
      for (const entry of readdirSync(dir, { recursive: true }) as string[]) {
        if (!entry.endsWith('.ts') || entry.endsWith('.spec.ts')) continue;
        const text = readFileSync(path.join(dir, entry), 'utf8');
        if (/from '(execa|node:child_process|child_process|@releasable\/drivers)'/.test(text)) offenders.push(entry);
      }
    }
    expect(offenders).toEqual([]);
  });
});
