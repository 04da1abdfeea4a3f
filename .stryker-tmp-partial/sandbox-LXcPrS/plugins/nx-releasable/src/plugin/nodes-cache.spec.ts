// @ts-nocheck
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exec } from '@releasable/drivers';
import { REPO_ROOT } from '../../../../tools/testing/temp-workspace.js';

// The createNodes cache never serves a stale graph: real nx processes (each a fresh file index,
// as every nx command is) on one workspace, each input kind changed once, each change seen.
let root: string;
const cacheFile = (): string => path.join(root, '.nx/workspace-data/releasable-nodes.json');
const writtenAt = (): number => statSync(cacheFile()).mtimeMs;

function write(file: string, content: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), content);
}
async function nx(...args: string[]): Promise<string> {
  const r = await exec([path.join(root, 'node_modules/.bin/nx'), ...args], {
    cwd: root,
    env: { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: '0' },
    allowFailure: true,
  });
  if (r.exitCode !== 0) throw new Error(r.stdout + r.stderr);
  return r.stdout;
}
const projects = async (): Promise<string[]> => (JSON.parse(await nx('show', 'projects', '--json')) as string[]).sort();
const opt = async (): Promise<{
  targets: Record<string, unknown>;
  metadata: { description: string; releasable?: { externalPaths?: Array<{ path: string }> } };
}> => JSON.parse(await nx('show', 'project', 'opt', '--json')) as never;
async function depsOfOpt(): Promise<string[]> {
  await nx('graph', '--file=graph.json');
  const graph = JSON.parse(readFileSync(path.join(root, 'graph.json'), 'utf8')) as {
    graph: { dependencies: Record<string, Array<{ target: string }>> };
  };
  return (graph.graph.dependencies['opt'] ?? []).map((d) => d.target);
}
const nxJson = (options: object): void =>
  write('nx.json', JSON.stringify({ plugins: [{ plugin: '@releasable/nx', options }] }));

describe('the createNodes cache (Nx workspace data) follows every input', () => {
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'releasable-nodes-cache-'));
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'));
    write('package.json', JSON.stringify({ name: 'cache-test', private: true }));
    write('.gitignore', 'node_modules\n.nx\n');
    nxJson({});
    write('opt/changelog.txt', '# opt-0.3.0\n- 2026-11-01\n- First\n');
    write('opt/devops/docker_build/dev.Dockerfile', 'FROM x\n');
    write('opt/devops/compose/docker-compose.yml', 'services:\n  app:\n    image: ${RELEASABLE_IMAGE}\n');
    write('opt/main.py', 'print(1)\n');
    write('helpers/__init__.py', '');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('is written by the first graph and reused, untouched, when nothing changed', async () => {
    const first = await opt();
    expect(first.metadata.description).toContain('version 0.3.0');
    const at = writtenAt();
    expect(await opt()).toEqual(first);
    expect(writtenAt()).toBe(at);
  }, 60_000);

  it.each<{ input: string; change: () => void; check: () => Promise<void> }>([
    {
      input: 'a changelog',
      change: () =>
        write('opt/changelog.txt', '# opt-0.4.0\n- 2026-11-20\n- Next\n\n# opt-0.3.0\n- 2026-11-01\n- First\n'),
      check: async () => expect((await opt()).metadata.description).toContain('version 0.4.0'),
    },
    {
      input: 'a repo_config',
      change: () => write('opt/repo_config.yaml', 'image: optimizer\n'),
      check: async () => expect((await opt()).metadata.description).toContain('image optimizer'),
    },
    {
      input: 'a new Dockerfile',
      change: () => write('opt/devops/docker_build/prod.Dockerfile', 'ARG DEV_IMAGE\nFROM ${DEV_IMAGE}\n'),
      check: async () => expect(Object.keys((await opt()).targets)).toContain('release-prod'),
    },
    {
      input: 'a compose file',
      change: () =>
        write(
          'opt/devops/compose/docker-compose.yml',
          'services:\n  app:\n    image: ${RELEASABLE_IMAGE}\n  jupyter:\n    image: ${RELEASABLE_IMAGE}\n',
        ),
      check: async () => expect(Object.keys((await opt()).targets)).toContain('docker-jupyter'),
    },
    {
      input: 'a Markdown file no image reads (a path the default inputs.exclude matches)',
      change: () => write('opt/README.md', '# opt\n'),
      check: async () => expect(await projects()).toContain('unread-opt-README.md'),
    },
    {
      input: 'a docs folder (a path looked up on disk)',
      // No Markdown in it: only the look-up of the folder itself can see it.
      change: () => write('opt/docs/diagram.svg', '<svg/>\n'),
      check: async () => expect(await projects()).toContain('unread-opt-docs'),
    },
    {
      input: 'a new Python package',
      change: () => write('newpkg/__init__.py', ''),
      check: async () => expect(await projects()).toContain('newpkg'),
    },
    {
      input: 'the plugin options in nx.json',
      change: () => nxJson({ inputs: { exclude: [] } }),
      check: async () => expect((await projects()).filter((p) => p.startsWith('unread-'))).toEqual([]),
    },
    {
      input: 'a Dockerfile at a custom path outside devops/ (named in repo_config)',
      change: () => {
        write('opt/repo_config.yaml', 'image: optimizer\ndocker:\n  context: ..\n  devDockerfile: Dockerfile\n');
        write('opt/Dockerfile', 'FROM x\n');
      },
      check: async () => expect(Object.keys((await opt()).targets)).toContain('docker-build-local'),
    },
    {
      input: "that Dockerfile's text (a file read outside Nx's index)",
      change: () => write('opt/Dockerfile', 'FROM x\nCOPY helpers /app/helpers\n'),
      check: async () =>
        expect((await opt()).metadata.releasable?.externalPaths?.map((e) => e.path)).toContain('helpers'),
    },
    {
      input: 'that Dockerfile deleted',
      change: () => unlinkSync(path.join(root, 'opt/Dockerfile')),
      check: async () => expect(Object.keys((await opt()).targets)).not.toContain('docker-build-local'),
    },
    {
      input: 'an import (edges are never cached by us)',
      change: () => write('opt/main.py', 'import helpers\n'),
      check: async () => expect(await depsOfOpt()).toContain('helpers'),
    },
    {
      // Nx keeps each unchanged file's import edges from its last graph; only changed files are
      // read. Two files read in one graph each keep their own edge.
      input: 'two files importing the same package in one change',
      change: () => {
        write('opt/main.py', 'import helpers  # the first\n');
        write('opt/other.py', 'import helpers  # the second\n');
      },
      check: async () => expect(await depsOfOpt()).toContain('helpers'),
    },
    {
      input: 'one of them dropping the import: the unchanged one keeps the edge',
      change: () => write('opt/main.py', 'print(2)\n'),
      check: async () => expect(await depsOfOpt()).toContain('helpers'),
    },
    {
      input: 'the last import dropped: the edge goes',
      change: () => write('opt/other.py', 'print(3)\n'),
      check: async () => expect(await depsOfOpt()).not.toContain('helpers'),
    },
  ])(
    'sees $input',
    async ({ input, change, check }) => {
      const before = writtenAt();
      change();
      await check();
      // A change createNodes reads makes a new entry (Python code is read by createDependencies).
      if (!/import/.test(input)) expect(writtenAt()).toBeGreaterThan(before);
    },
    60_000,
  );
});
