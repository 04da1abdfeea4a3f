// @ts-nocheck
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { exec } from '@releasable/drivers';
import { describeWithEngine, uniqueSuffix } from '../../../../tools/testing/docker-engine.js';
import { passAll, startFaultProxy, type FaultProxy } from '../../../../tools/testing/fault-proxy.js';
import { ok, out } from '../../../../tools/testing/output.js';
import {
  createTempWorkspace,
  deleteRegistryRepository,
  REGISTRY,
  registryManifest,
  removeLocalImages,
  SECOND_REGISTRY,
  type TempWorkspace,
} from '../../../../tools/testing/temp-workspace.js';

// Release promises under faults: an untested image, a hung or failing registry behind a
// fault-injecting proxy, a rollback, an origin that refuses the git tag. Every outcome is
// checked from outside: the registry's HTTP API, `git tag`, `git ls-remote`, `docker image`.
const suffix = `f${uniqueSuffix()}`;
const image = (project: string): string => `${project}-${suffix}`;
let ws: TempWorkspace;
let proxy: FaultProxy;
const dockerConfig = mkdtempSync(path.join(tmpdir(), 'releasable-docker-config-'));
const env = { DOCKER_CONFIG: dockerConfig };
const fast = ['--skip-tests', '--no-qa-tests'];

async function tags(): Promise<string[]> {
  return (await ws.git(['tag', '--list'])).stdout.split('\n').filter(Boolean).sort();
}
async function localImage(ref: string): Promise<boolean> {
  return (await exec(['docker', 'image', 'inspect', ref], { allowFailure: true })).exitCode === 0;
}

await describeWithEngine('release promises under faults', () => {
  beforeAll(async () => {
    // The proxy stands in front of the second registry, so what reached it is read directly there.
    proxy = await startFaultProxy(SECOND_REGISTRY);
    ws = await createTempWorkspace({
      apps: ['optimizer', 'im', 'cmamp', 'dev_tools'],
      suffix,
      pluginOptions: {
        registries: { local: REGISTRY, proxied: proxy.url },
        targetRegistries: ['local'],
        releaseBranches: ['main'],
        timeouts: { registryRead: 3, transfer: 5 },
      },
    });
  }, 60_000);

  afterAll(async () => {
    await proxy?.close();
    await removeLocalImages(suffix);
    for (const p of ['opt', 'im', 'cmamp', 'dev_tools'])
      for (const url of [REGISTRY, SECOND_REGISTRY]) await deleteRegistryRepository(image(p), url);
    ws?.dispose();
    rmSync(dockerConfig, { recursive: true, force: true });
  }, 120_000);

  it('an image built from HEAD and tagged dev, but never tested, is tested before anything is published', async () => {
    const config = ws.read('apps/optimizer/repo_config.yaml');
    ws.write(
      'apps/optimizer/repo_config.yaml',
      config.replace(/fast: \{ command: .*\}/, "fast: { command: [sh, -c, 'exit 3'] }"),
    );
    await ws.commit('a failing fast test');
    expect(ok(await ws.nx(['run', 'opt:docker-build-local'], env))).toEqual({ code: 0, tail: '' });
    expect(ok(await ws.nx(['run', 'opt:docker-tag-dev'], env))).toEqual({ code: 0, tail: '' });
    expect(await localImage(`${image('opt')}:dev-0.4.0`)).toBe(true);

    const r = await ws.nx(['run', 'opt:release-dev', '--registries', 'local'], env);
    expect(r.exitCode).not.toBe(0);
    expect(out(r)).not.toContain('resuming without a rebuild');
    expect(out(r)).toContain('list "fast" failed with exit code 3');
    expect(out(r)).toContain('Nothing was published.');
    expect(await registryManifest(image('opt'), 'dev-0.4.0', REGISTRY)).toBeUndefined();
    expect(await registryManifest(image('opt'), 'dev', REGISTRY)).toBeUndefined();
    expect(await tags()).toEqual([]);

    // Tests that passed on this very image at HEAD (recorded by docker-test) are proof enough.
    ws.write('apps/optimizer/repo_config.yaml', config);
    await ws.commit('the fast test passes again');
    expect(ok(await ws.nx(['run', 'opt:docker-test', '--lists', 'fast,slow'], env))).toEqual({ code: 0, tail: '' });
    expect(ok(await ws.nx(['run', 'opt:docker-tag-dev'], env))).toEqual({ code: 0, tail: '' });
    const resumed = await ws.nx(['run', 'opt:release-dev', '--registries', 'local', '--no-qa-tests'], env);
    expect(ok(resumed)).toEqual({ code: 0, tail: '' });
    expect(out(resumed)).toContain('and passed the fast, slow tests at HEAD (recorded by the test step)');
    expect(out(resumed)).not.toMatch(/\] (build|fast tests)/);
    expect((await registryManifest(image('opt'), 'dev-0.4.0', REGISTRY))?.digest).toMatch(/^sha256:/);
    expect(await tags()).toEqual(['opt-dev-0.4.0']);
  }, 300_000);

  it('a registry that answers /v2/ but hangs on manifest reads is refused in preflight, never taken as "absent"', async () => {
    proxy.setRule(({ method, url }) =>
      url.includes('/manifests/') && (method === 'GET' || method === 'HEAD') ? { kind: 'hang' } : { kind: 'pass' },
    );
    try {
      const r = await ws.nx(['run', 'im:release-dev', '--registries', 'proxied', ...fast], env);
      expect(r.exitCode).not.toBe(0);
      expect(out(r)).toContain('refused; nothing was changed');
      expect(out(r)).toContain('the registry gave no answer within 3 s (timeouts.registryRead)');
      expect(proxy.seen.some((s) => s.fault === 'hang')).toBe(true);
      expect(await registryManifest(image('im'), 'dev-2.3.0', SECOND_REGISTRY)).toBeUndefined();
      expect(await tags()).not.toContain('im-dev-2.3.0');
    } finally {
      proxy.setRule(passAll);
      proxy.dropHung();
    }
  }, 120_000);

  it('a registry that hangs during the push: stopped at the deadline, retried, nothing floating moves; resumes once it answers', async () => {
    proxy.setRule(({ method }) => (method === 'GET' || method === 'HEAD' ? { kind: 'pass' } : { kind: 'hang' }));
    const hung = await ws.nx(['run', 'im:release-dev', '--registries', 'proxied', ...fast], env);
    proxy.setRule(passAll);
    proxy.dropHung();
    expect(hung.exitCode).not.toBe(0);
    expect(out(hung)).toContain('no progress for 5 s, stopped: docker push');
    expect(out(hung)).toMatch(/retry 1\/2 in 1 s/);
    expect(out(hung)).toContain('the registry stopped answering; rerun to resume');
    expect(out(hung)).toContain('Unchanged: the floating tags and the git tag im-dev-2.3.0.');
    expect(await registryManifest(image('im'), 'dev-2.3.0', SECOND_REGISTRY)).toBeUndefined();
    expect(await registryManifest(image('im'), 'dev', SECOND_REGISTRY)).toBeUndefined();
    expect(await localImage(`${image('im')}:dev`)).toBe(false);
    expect(await tags()).not.toContain('im-dev-2.3.0');

    const resumed = await ws.nx(['run', 'im:release-dev', '--registries', 'proxied', ...fast], env);
    expect(ok(resumed)).toEqual({ code: 0, tail: '' });
    const digest = (await registryManifest(image('im'), 'dev-2.3.0', SECOND_REGISTRY))?.digest;
    expect(digest).toMatch(/^sha256:/);
    expect((await registryManifest(image('im'), 'dev', SECOND_REGISTRY))?.digest).toBe(digest);
    expect(await localImage(`${image('im')}:dev`)).toBe(true);
    expect(await tags()).toContain('im-dev-2.3.0');
  }, 300_000);

  it('a single HTTP 500 on the manifest upload is retried and the release completes', async () => {
    let failures = 0;
    proxy.setRule(({ method, url }) =>
      method === 'PUT' && url.includes('/manifests/') && failures++ === 0
        ? { kind: 'status', status: 500 }
        : { kind: 'pass' },
    );
    try {
      const r = await ws.nx(['run', 'dev_tools:release-dev', '--registries', 'proxied', ...fast], env);
      expect(ok(r)).toEqual({ code: 0, tail: '' });
      expect(out(r)).toMatch(/push failed \(.*500.*\); retry 1\/2/);
      expect(failures).toBeGreaterThan(1);
      const digest = (await registryManifest(image('dev_tools'), 'dev-1.7.0', SECOND_REGISTRY))?.digest;
      expect((await registryManifest(image('dev_tools'), 'dev', SECOND_REGISTRY))?.digest).toBe(digest);
    } finally {
      proxy.setRule(passAll);
    }
  }, 300_000);

  it('rerunning a release after a rollback leaves the rollback in place and says how to move forward', async () => {
    const both = ['--registries', 'local,proxied'];
    expect(ok(await ws.nx(['run', 'cmamp:release-dev', ...both, ...fast], env))).toEqual({ code: 0, tail: '' });
    const old = (await registryManifest(image('cmamp'), 'dev-1.2.0', REGISTRY))!.digest;
    const changelog = ws.read('apps/cmamp/changelog.txt');
    ws.write('apps/cmamp/changelog.txt', `# cmamp-1.3.0\n- 2026-11-27\n- A change the image shows\n\n${changelog}`);
    ws.write('apps/cmamp/src/new-feature.txt', 'new\n');
    await ws.commit('cmamp 1.3.0');
    expect(ok(await ws.nx(['run', 'cmamp:release-dev', ...both, ...fast], env))).toEqual({ code: 0, tail: '' });
    const current = (await registryManifest(image('cmamp'), 'dev-1.3.0', REGISTRY))!.digest;
    expect(current).not.toBe(old);
    const rollback = (version: string) =>
      ws.nx(['run', 'cmamp:docker-rollback', '--stage', 'dev', '--image-version', version, ...both], env);
    expect(ok(await rollback('1.2.0'))).toEqual({ code: 0, tail: '' });
    expect((await registryManifest(image('cmamp'), 'dev', REGISTRY))?.digest).toBe(old);
    expect((await registryManifest(image('cmamp'), 'dev', SECOND_REGISTRY))?.digest).toBe(old);

    const rerun = await ws.nx(['run', 'cmamp:release-dev', ...both, ...fast], env);
    expect(ok(rerun)).toEqual({ code: 0, tail: '' });
    expect(out(rerun)).toContain('cmamp dev 1.3.0 is already released');
    expect(out(rerun)).toContain('not at 1.3.0 (a rollback or a later release moved it); it is left there.');
    expect(out(rerun)).toContain('nx run cmamp:docker-rollback --stage dev --image-version 1.3.0');
    expect((await registryManifest(image('cmamp'), 'dev', REGISTRY))?.digest).toBe(old);

    // Same version on a later commit (what `nx affected -t release-dev` does on main): still a no-op.
    ws.write('apps/cmamp/src/later.txt', 'later\n');
    await ws.commit('a later cmamp commit without a version bump');
    const later = await ws.nx(['run', 'cmamp:release-dev', ...both, ...fast], env);
    expect(ok(later)).toEqual({ code: 0, tail: '' });
    expect(out(later)).toContain('cmamp dev 1.3.0 is already released');
    expect((await registryManifest(image('cmamp'), 'dev', REGISTRY))?.digest).toBe(old);

    // A rollback waits for no one: a release of the dir holding the lock stops it, unchanged.
    const lock = path.join(ws.root, '.git', 'releasable', 'cmamp.lock');
    mkdirSync(path.dirname(lock), { recursive: true });
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), since: 'now' }));
    const locked = await rollback('1.3.0');
    rmSync(lock);
    expect(locked.exitCode).not.toBe(0);
    expect(out(locked)).toContain(`a release or rollback of cmamp is already running (pid ${process.pid}`);
    expect((await registryManifest(image('cmamp'), 'dev', REGISTRY))?.digest).toBe(old);

    // The second registry denies the move: the message says the first already moved.
    proxy.setRule(({ method, url }) =>
      method === 'PUT' && url.endsWith('/manifests/dev')
        ? { kind: 'status', status: 403, body: JSON.stringify({ errors: [{ code: 'DENIED', message: 'denied' }] }) }
        : { kind: 'pass' },
    );
    const denied = await rollback('1.3.0');
    proxy.setRule(passAll);
    expect(denied.exitCode).not.toBe(0);
    expect(out(denied)).toContain(
      `Already moved: ${REGISTRY}/${image('cmamp')}:dev. Not moved: ${proxy.url}/${image('cmamp')}:dev. Rerun the same command to finish.`,
    );
    expect((await registryManifest(image('cmamp'), 'dev', REGISTRY))?.digest).toBe(current);
    expect((await registryManifest(image('cmamp'), 'dev', SECOND_REGISTRY))?.digest).toBe(old);
    expect(ok(await rollback('1.3.0'))).toEqual({ code: 0, tail: '' });
    expect((await registryManifest(image('cmamp'), 'dev', SECOND_REGISTRY))?.digest).toBe(current);
  }, 400_000);

  it('an origin that refuses the git tag: the message says what moved, and the rerun pushes the tag', async () => {
    const origin = mkdtempSync(path.join(tmpdir(), 'releasable-origin-'));
    const bare = path.join(origin, 'repo.git');
    // Origin takes the release's claim but refuses tags (as a protected-tags rule would).
    const hook = path.join(bare, 'hooks/pre-receive');
    await exec(['git', 'init', '-q', '--bare', bare]);
    writeFileSync(
      hook,
      '#!/bin/sh\nwhile read old new ref; do case "$ref" in refs/tags/*) echo "tags are frozen" >&2; exit 1;; esac; done\n',
    );
    chmodSync(hook, 0o755);
    try {
      await ws.git(['remote', 'add', 'origin', bare]);
      const changelog = ws.read('apps/optimizer/changelog.txt');
      ws.write('apps/optimizer/changelog.txt', `# opt-0.5.0\n- 2026-11-27\n- Next\n\n${changelog}`);
      await ws.commit('opt 0.5.0');
      const failed = await ws.nx(['run', 'opt:release-dev', '--registries', 'local', ...fast], env);
      expect(failed.exitCode).not.toBe(0);
      expect(out(failed)).toContain('failed at "push git tag opt-dev-0.5.0"');
      expect(out(failed)).toContain(
        `Changed before the failure: pushed ${REGISTRY}/${image('opt')}:dev-0.5.0; moved ${REGISTRY}/${image('opt')}:dev; created git tag opt-dev-0.5.0 in this clone (not on origin).`,
      );
      expect(out(failed)).not.toContain('Unchanged');
      const digest = (await registryManifest(image('opt'), 'dev-0.5.0', REGISTRY))!.digest;
      expect((await registryManifest(image('opt'), 'dev', REGISTRY))?.digest).toBe(digest);
      expect(await tags()).toContain('opt-dev-0.5.0');

      rmSync(hook);
      const resumed = await ws.nx(['run', 'opt:release-dev', '--registries', 'local', ...fast], env);
      expect(ok(resumed)).toEqual({ code: 0, tail: '' });
      expect(out(resumed)).toContain('opt dev 0.5.0 is already released');
      expect(out(resumed)).toContain('origin lacks git tag opt-dev-0.5.0: pushing it.');
      const remote = await exec(['git', '-C', ws.root, 'ls-remote', '--tags', 'origin']);
      expect(remote.stdout).toContain('refs/tags/opt-dev-0.5.0');
      const again = await ws.nx(['run', 'opt:release-dev', '--registries', 'local', ...fast], env);
      expect(ok(again)).toEqual({ code: 0, tail: '' });
      expect(out(again)).not.toContain('origin lacks git tag');
    } finally {
      await ws.git(['remote', 'remove', 'origin']);
      rmSync(origin, { recursive: true, force: true });
    }
  }, 300_000);
});
