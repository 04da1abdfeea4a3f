// @ts-nocheck
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exec } from '@releasable/drivers';
import { describeWithEngine, uniqueSuffix } from '../../../tools/testing/docker-engine.js';
import {
  deleteRegistryRepository,
  REGISTRY,
  REPO_ROOT,
  registryManifest,
  removeLocalImages,
} from '../../../tools/testing/temp-workspace.js';
import { ok, out } from '../../../tools/testing/output.js';

// What a user does: a fresh Nx workspace outside this repo, the one packed tarball installed from
// disk, init, two generated dirs, docker-test on both, release-dev of one; results read from
// the registry API and git, not through releasable's code. Once on nx 24, once on nx 23.
const suffix = `e${uniqueSuffix()}`;
const LANG_BASE_IMAGE = 'releasable/base:debian';
const packs = mkdtempSync(path.join(tmpdir(), 'releasable-packs-'));
const roots: string[] = [];

await describeWithEngine('e2e: packed plugin in a fresh Nx workspace', () => {
  beforeAll(async () => {
    // npm test builds dist/ first; pack exactly what would be published: one tarball.
    await exec(['node', path.join(REPO_ROOT, 'tools/pack/pack.mjs'), packs], { cwd: REPO_ROOT });
  }, 120_000);

  afterAll(async () => {
    await removeLocalImages(suffix);
    for (const name of ['a', 'b', 'py'])
      for (const v of ['24', '23']) await deleteRegistryRepository(`svc-${name}-${v}-${suffix}`);
    for (const root of roots) rmSync(root, { recursive: true, force: true });
    rmSync(packs, { recursive: true, force: true });
  }, 120_000);

  it.each([
    { nx: '24.0.6', tag: '24' },
    { nx: '23.3.2', tag: '23' },
  ])(
    'nx $nx: install, init, generate two dirs, docker-test both, release-dev one',
    async ({ nx: nxVersion, tag }) => {
      const root = mkdtempSync(path.join(tmpdir(), `releasable-e2e-nx${tag}-`));
      roots.push(root);
      const run = (argv: string[], extra: Record<string, string> = {}) =>
        exec(argv, {
          cwd: root,
          allowFailure: true,
          timeoutMs: 600_000,
          env: { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', CI: 'true', FORCE_COLOR: '0', ...extra },
        });
      const nx = (...args: string[]) => run([path.join(root, 'node_modules/.bin/nx'), ...args]);
      writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: `e2e-nx${tag}`, private: true }));
      writeFileSync(path.join(root, 'nx.json'), '{}\n');
      writeFileSync(path.join(root, '.gitignore'), 'node_modules\n.nx\n');
      const tarballs = readdirSync(packs).map((f) => path.join(packs, f));
      // One self-contained package: no other tarball of ours is needed.
      expect(tarballs.map((t) => path.basename(t))).toEqual(['releasable-nx-0.1.0.tgz']);
      expect(ok(await run(['npm', 'install', '--no-audit', '--no-fund', `nx@${nxVersion}`, ...tarballs]))).toEqual({
        code: 0,
        tail: '',
      });

      expect(ok(await nx('g', '@releasable/nx:init', '--registries', `local=${REGISTRY}`))).toEqual({
        code: 0,
        tail: '',
      });
      expect(ok(await nx('g', '@releasable/nx:init', '--registries', `local=${REGISTRY}`))).toEqual({
        code: 0,
        tail: '',
      });

      const a = `svc-a-${tag}-${suffix}`;
      const b = `svc-b-${tag}-${suffix}`;
      const dry = await nx(
        'g',
        '@releasable/nx:releasable-dir',
        a,
        '--base-image',
        'releasable/base:busybox',
        '--dry-run',
      );
      expect(out(dry)).toContain(`CREATE ${a}/devops/docker_build/dev.Dockerfile`);
      expect(existsSync(path.join(root, a))).toBe(false);
      for (const name of [a, b]) {
        expect(
          ok(await nx('g', '@releasable/nx:releasable-dir', name, '--base-image', 'releasable/base:busybox')),
        ).toEqual({ code: 0, tail: '' });
      }
      const again = await nx('g', '@releasable/nx:releasable-dir', a, '--base-image', 'releasable/base:busybox');
      expect(out(again)).toContain('refusing to overwrite');
      // The other kinds, on the local Debian image with python3/pytest and node (tools/docker-env/up.sh).
      const py = `svc-py-${tag}-${suffix}`;
      const nd = `svc-nd-${tag}-${suffix}`;
      for (const [name, kind] of [
        [py, 'python'],
        [nd, 'node'],
      ] as const) {
        expect(
          ok(await nx('g', '@releasable/nx:releasable-dir', name, '--kind', kind, '--base-image', LANG_BASE_IMAGE)),
        ).toEqual({ code: 0, tail: '' });
      }

      const projects = await nx('show', 'projects');
      expect(projects.stdout.split('\n').filter(Boolean).sort()).toEqual([a, b, nd, py].sort());
      const shown = JSON.parse((await nx('show', 'project', a, '--json')).stdout) as {
        targets: Record<string, unknown>;
      };
      expect(Object.keys(shown.targets)).toEqual(
        expect.arrayContaining(['docker-build-local', 'docker-test', 'release-dev', 'release-prod']),
      );

      await run(['git', 'init', '-q', '-b', 'main']);
      await run(['git', 'add', '-A']);
      await run([
        'git',
        '-c',
        'user.email=e2e@example.com',
        '-c',
        'user.name=e2e',
        'commit',
        '-qm',
        'two releasable dirs',
      ]);

      const tests = await nx(
        'run-many',
        '-t',
        'docker-test',
        '--projects',
        `${a},${b},${py},${nd}`,
        '--output-style=static',
      );
      expect(ok(tests)).toEqual({ code: 0, tail: '' });
      for (const name of [a, b, py, nd]) expect(out(tests)).toContain(`PASS fast tests in ${name}:local-`);
      expect(out(tests)).toMatch(/2 passed/); // the python smoke tests ran under pytest
      // A python release runs fast and slow (none marked slow yet) and finds the tree clean after its tests.
      expect(ok(await nx('run', `${py}:release-dev`))).toEqual({ code: 0, tail: '' });
      expect((await registryManifest(py, 'dev-0.1.0'))?.digest).toMatch(/^sha256:/);

      expect(ok(await nx('run', `${a}:release-dev`))).toEqual({ code: 0, tail: '' });
      const tags = await fetch(`http://${REGISTRY}/v2/${a}/tags/list`).then(
        (r) => r.json() as Promise<{ tags: string[] }>,
      );
      expect(tags.tags.sort()).toEqual(['dev', 'dev-0.1.0']);
      expect((await registryManifest(a, 'dev'))?.digest).toBe((await registryManifest(a, 'dev-0.1.0'))?.digest);
      expect((await run(['git', 'tag', '--list'])).stdout.trim().split('\n').sort()).toEqual(
        [`${a}-dev-0.1.0`, `${py}-dev-0.1.0`].sort(),
      );

      // Next version, released; rolled back; released again: a no-op that leaves the rollback.
      expect(ok(await nx('g', '@releasable/nx:changelog', a, '--bump', 'minor', '--message', '0.2'))).toEqual({
        code: 0,
        tail: '',
      });
      await run(['git', '-c', 'user.email=e2e@example.com', '-c', 'user.name=e2e', 'commit', '-qam', '0.2.0']);
      expect(ok(await nx('run', `${a}:release-dev`))).toEqual({ code: 0, tail: '' });
      const first = (await registryManifest(a, 'dev-0.1.0'))!.digest;
      const second = (await registryManifest(a, 'dev-0.2.0'))!.digest;
      expect((await registryManifest(a, 'dev'))?.digest).toBe(second);
      expect(ok(await nx('run', `${a}:docker-rollback`, '--stage', 'dev', '--image-version', '0.1.0'))).toEqual({
        code: 0,
        tail: '',
      });
      expect((await registryManifest(a, 'dev'))?.digest).toBe(first);
      const rerun = await nx('run', `${a}:release-dev`);
      expect(ok(rerun)).toEqual({ code: 0, tail: '' });
      expect(out(rerun)).toContain(`${a} dev 0.2.0 is already released`);
      expect((await registryManifest(a, 'dev'))?.digest).toBe(first);
    },
    900_000,
  );
});
