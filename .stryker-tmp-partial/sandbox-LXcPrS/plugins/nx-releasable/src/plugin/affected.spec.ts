// @ts-nocheck
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exec } from '@releasable/drivers';
import { REPO_ROOT } from '../../../../tools/testing/temp-workspace.js';

// `nx show projects --affected` over real git history: for each change, exactly the dirs it
// affects (through files, nested dirs, Python imports, Dockerfile COPY, compose mounts, uses).
// Runs the built plugin (dist/), like users do.
let root: string;
const dockerfile = (body: string) => `ARG BASE_IMAGE=releasable/base:busybox\nFROM \${BASE_IMAGE}\n${body}`;
const FILES: Record<string, string> = {
  'nx.json': JSON.stringify({ plugins: ['@releasable/nx'] }),
  'package.json': JSON.stringify({ name: 'affected-ws', private: true }),
  '.gitignore': 'node_modules\n.nx\n',
  'docs/README.md': '# docs\n',
  'helpers/__init__.py': '',
  'helpers/hdbg.py': 'def dbg():\n    return 1\n',
  'core/__init__.py': '',
  'core/x.py': 'X = 1\n',
  'shared/config.ini': '[a]\nb=1\n',
  'mounted/data.txt': 'data\n',
  'libs/common/a.txt': 'a\n',
  'cmamp/devops/docker_build/dev.Dockerfile': dockerfile(''),
  'cmamp/app.py': 'import helpers.hdbg\n',
  'cmamp/changelog.txt': '# cmamp-1.0.0\n- 2026-01-01\n- x\n',
  'cmamp/sub/devops/compose/docker-compose.yml': 'version: "3.0"\n',
  'cmamp/sub/x.sh': 'echo sub\n',
  'opt/devops/docker_build/dev.Dockerfile': dockerfile(''),
  'opt/run.py': 'from core import x\nimport helpers\nimport os\n',
  'opt/changelog.txt': '# opt-0.4.0\n- 2026-01-01\n- x\n',
  'opt/repo_config.yaml': 'uses: [../libs/common]\n',
  'im/devops/docker_build/dev.Dockerfile': dockerfile(
    'ENV CONF=/shared\nCOPY ${CONF}/config.ini /etc/app.ini\nCOPY im/src /app\n',
  ),
  'im/src/main.sh': 'echo im\n',
  'im/repo_config.yaml': 'docker: { context: .. }\n',
  'dev_tools/devops/compose/docker-compose.yml':
    'version: "3.0"\nservices:\n  app:\n    image: x\n    volumes:\n      - ../../../mounted:/data\n',
};

async function git(...args: string[]): Promise<string> {
  return (await exec(['git', '-C', root, '-c', 'user.email=a@example.com', '-c', 'user.name=a', ...args])).stdout;
}
function write(file: string, content: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), content);
}
async function affectedBy(change: () => Promise<void> | void): Promise<string[]> {
  await change();
  await git('add', '-A');
  await git('commit', '-qm', 'change');
  const r = await exec(
    [path.join(root, 'node_modules/.bin/nx'), 'show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD'],
    {
      cwd: root,
      env: { NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    },
  );
  return r.stdout.split('\n').filter(Boolean).sort();
}

describe('nx affected over real git history', () => {
  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'releasable-affected-'));
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'));
    for (const [file, content] of Object.entries(FILES)) write(file, content);
    await git('init', '-q', '-b', 'main');
    await git('add', '-A');
    await git('commit', '-qm', 'init');
  }, 60_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('infers the projects: releasable dirs, Python packages and shared paths', async () => {
    const r = await exec([path.join(root, 'node_modules/.bin/nx'), 'show', 'projects'], {
      cwd: root,
      env: { NX_DAEMON: 'false' },
    });
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual([
      'cmamp',
      'core',
      'dev_tools',
      'helpers',
      'im',
      'libs-common',
      'mounted',
      'opt',
      'shared',
      'sub',
    ]);
  }, 60_000);

  it.each([
    {
      name: 'a change inside a dir',
      change: () => write('cmamp/app.py', 'import helpers.hdbg\nprint(1)\n'),
      expected: ['cmamp'],
    },
    {
      name: 'a change in a nested dir affects only it',
      change: () => write('cmamp/sub/x.sh', 'echo sub2\n'),
      expected: ['sub'],
    },
    {
      name: 'a shared package imported by two dirs',
      change: () => write('helpers/hdbg.py', 'def dbg():\n    return 2\n'),
      expected: ['cmamp', 'helpers', 'opt'],
    },
    { name: 'a package imported by one dir', change: () => write('core/x.py', 'X = 2\n'), expected: ['core', 'opt'] },
    {
      name: 'a file a Dockerfile copies (ENV in the path, context outside the dir)',
      change: () => write('shared/config.ini', '[a]\nb=2\n'),
      expected: ['im', 'shared'],
    },
    {
      name: 'a compose-mounted path',
      change: () => write('mounted/data.txt', 'data2\n'),
      expected: ['dev_tools', 'mounted'],
    },
    {
      name: 'a path listed in repo_config uses',
      change: () => write('libs/common/a.txt', 'b\n'),
      expected: ['libs-common', 'opt'],
    },
    {
      name: 'a changelog only',
      change: () => write('opt/changelog.txt', '# opt-0.5.0\n- 2026-02-01\n- y\n\n# opt-0.4.0\n- 2026-01-01\n- x\n'),
      expected: ['opt'],
    },
    { name: 'an unrelated doc', change: () => write('docs/README.md', '# docs, edited\n'), expected: [] },
    {
      name: 'a rename inside a dir',
      change: async () => void (await git('mv', 'im/src/main.sh', 'im/src/start.sh')),
      expected: ['im'],
    },
  ])(
    '$name → $expected',
    async ({ change, expected }) => {
      expect(await affectedBy(change)).toEqual(expected);
    },
    60_000,
  );

  it('refuses nx affected when a shallow clone holds the base but not the history between', async () => {
    const clone = mkdtempSync(path.join(tmpdir(), 'releasable-shallow-'));
    try {
      await git('tag', 'old-base', 'HEAD~3');
      const ws = path.join(clone, 'ws');
      await exec(['git', 'clone', '-q', '--depth', '1', `file://${root}`, ws]);
      // Both ends are present, the commits between are not: git diff works, merge-base cannot.
      await exec(['git', '-C', ws, 'fetch', '-q', '--depth', '1', 'origin', 'tag', 'old-base']);
      symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(ws, 'node_modules'));
      const r = await exec(
        [path.join(ws, 'node_modules/.bin/nx'), 'affected', '-t', 'deps-check', '--base=old-base', '--head=HEAD'],
        {
          cwd: ws,
          env: { NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
          allowFailure: true,
        },
      );
      expect(r.exitCode).not.toBe(0);
      expect(r.stdout + r.stderr).toContain(
        'the git history is too shallow for nx affected: "old-base" is not in this shallow clone',
      );
      expect(r.stdout + r.stderr).toContain('actions/checkout with fetch-depth: 0');
    } finally {
      rmSync(clone, { recursive: true, force: true });
    }
  }, 60_000);
});
