// @ts-nocheck
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exec } from '@releasable/drivers';
import { describeWithEngine, uniqueSuffix } from '../../../../tools/testing/docker-engine.js';
import { startRegistryProcess, type RegistryProcess } from '../../../../tools/testing/registry-process.js';
import {
  AUTH_REGISTRY,
  createTempWorkspace,
  deleteRegistryRepository,
  READONLY_REGISTRY,
  REGISTRY,
  registryManifest,
  removeLocalImages,
  SECOND_REGISTRY,
  type TempWorkspace,
} from '../../../../tools/testing/temp-workspace.js';
import { out } from '../../../../tools/testing/output.js';

// The safety promises of release-dev, each against real registries, git and the engine.
const suffix = `r${uniqueSuffix()}`;
const image = (project: string): string => `${project}-${suffix}`;
const registries = { local: REGISTRY, second: SECOND_REGISTRY, locked: AUTH_REGISTRY.url, readonly: READONLY_REGISTRY };
let ws: TempWorkspace;
const dockerConfig = mkdtempSync(path.join(tmpdir(), 'releasable-docker-config-'));
const env = { DOCKER_CONFIG: dockerConfig };

async function tags(): Promise<string[]> {
  return (await ws.git(['tag', '--list'])).stdout.split('\n').filter(Boolean).sort();
}
async function snapshot(project: string): Promise<Record<string, string | undefined>> {
  const repo = image(project);
  const result: Record<string, string | undefined> = {};
  for (const [name, url] of Object.entries(registries)) {
    for (const tag of ['dev', 'dev-0.4.0', 'dev-2.3.0', 'dev'])
      result[`${name}/${tag}`] = (await registryManifest(repo, tag, url))?.digest;
  }
  return result;
}

await describeWithEngine('release-dev safety promises against real registries', () => {
  beforeAll(async () => {
    ws = await createTempWorkspace({
      apps: ['optimizer', 'im', 'cmamp', 'dev_tools'],
      suffix,
      pluginOptions: { registries, targetRegistries: ['local', 'second'], releaseBranches: ['main'] },
    });
  }, 60_000);

  afterAll(async () => {
    await removeLocalImages(suffix);
    for (const p of ['opt', 'im', 'cmamp'])
      for (const url of Object.values(registries)) await deleteRegistryRepository(image(p), url);
    ws?.dispose();
    rmSync(dockerConfig, { recursive: true, force: true });
  }, 120_000);

  it('dry run prints every command in order and changes nothing', async () => {
    const before = await snapshot('opt');
    const r = await ws.nx(['run', 'opt:release-dev', '--dry-run'], env);
    expect(r.exitCode).toBe(0);
    const text = out(r);
    const order = [
      'build ',
      'fast tests',
      'slow tests',
      `tag ${image('opt')}:local-tester-0.4.0 as ${image('opt')}:dev-0.4.0`,
      'QA against',
      `push ${REGISTRY}/${image('opt')}:dev-0.4.0`,
      `push ${SECOND_REGISTRY}/${image('opt')}:dev-0.4.0`,
      'verify',
      `move ${REGISTRY}/${image('opt')}:dev`,
      `move ${SECOND_REGISTRY}/${image('opt')}:dev`,
      `git tag opt-dev-0.4.0`,
    ];
    const positions = order.map((o) => text.indexOf(o));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text).toContain(`$ docker push ${REGISTRY}/${image('opt')}:dev-0.4.0`);
    expect(await snapshot('opt')).toEqual(before);
    expect(await tags()).toEqual([]);
    const local = await exec(['docker', 'image', 'inspect', `${image('opt')}:dev-0.4.0`], { allowFailure: true });
    expect(local.exitCode).not.toBe(0);
  }, 120_000);

  it('a --dry-run that Nx would drop (written before "--") refuses instead of releasing', async () => {
    const before = await snapshot('opt');
    const r = await ws.nx(['run', 'opt:release-dev', '--dry-run', '--', '--json'], env);
    expect(r.exitCode).not.toBe(0);
    expect(out(r)).toContain('so --dry-run would be dropped silently; nothing was run.');
    const platforms = await ws.nx(['run', 'opt:release-dev', '--platforms', 'linux/amd64,bogus'], env);
    expect(platforms.exitCode).not.toBe(0);
    expect(out(platforms)).toContain('--platforms: "bogus" must look like "linux/amd64" or "linux/arm64/v8"');
    // docker-test depends on docker-build-local: a bad value must stop the run before that build.
    const stage = await ws.nx(['run', 'opt:docker-test', '--stage', 'bogus'], env);
    expect(stage.exitCode).not.toBe(0);
    expect(out(stage)).toContain('docker-test: --stage "bogus" is not one of local, dev, prod; nothing was run');
    expect(out(stage)).not.toContain('building ');
    expect(await snapshot('opt')).toEqual(before);
    expect(await tags()).toEqual([]);
  }, 120_000);

  it('preflight refuses a dirty tree, listing the files, before any side effect', async () => {
    ws.write('apps/optimizer/scratch.txt', 'not committed\n');
    const r = await ws.nx(['run', 'opt:release-dev'], env);
    rmSync(path.join(ws.root, 'apps/optimizer/scratch.txt'));
    expect(r.exitCode).not.toBe(0);
    expect(out(r)).toContain(
      'the git tree has uncommitted changes; commit or stash them first:\n  apps/optimizer/scratch.txt',
    );
    expect(out(r)).toContain('nothing was changed');
    expect(Object.values(await snapshot('opt')).every((d) => d === undefined)).toBe(true);
  }, 60_000);

  it('preflight refuses a branch that may not release, and an unknown registry name', async () => {
    await ws.git(['checkout', '-q', '-b', 'feature']);
    const branch = await ws.nx(['run', 'opt:release-dev'], env);
    await ws.git(['checkout', '-q', 'main']);
    expect(out(branch)).toContain('branch "feature" may not release; allowed: main');
    const unknown = await ws.nx(['run', 'opt:release-dev', '--registries', 'local,ecr'], env);
    expect(out(unknown)).toContain('--registries: unknown registry "ecr"; configured: local, second, locked, readonly');
    expect(await tags()).toEqual([]);
  }, 60_000);

  it('preflight refuses when the engine or a registry does not answer', async () => {
    const noEngine = await ws.nx(['run', 'opt:release-dev'], {
      ...env,
      DOCKER_HOST: 'unix:///nonexistent/docker.sock',
    });
    expect(noEngine.exitCode).not.toBe(0);
    expect(out(noEngine)).toContain('refused; nothing was changed');
    expect(out(noEngine)).toContain('no Docker engine answers at DOCKER_HOST=unix:///nonexistent/docker.sock');
    const config = ws.read('apps/optimizer/repo_config.yaml');
    ws.write('apps/optimizer/repo_config.yaml', `${config}registries:\n  dead: 127.0.0.1:5999\n`);
    await ws.commit('a registry nobody runs');
    const dead = await ws.nx(['run', 'opt:release-dev', '--registries', 'local,dead'], env);
    ws.write('apps/optimizer/repo_config.yaml', config);
    await ws.commit('back');
    expect(dead.exitCode).not.toBe(0);
    expect(out(dead)).toContain('registry "dead": cannot read 127.0.0.1:5999/');
    expect(out(dead)).toContain('connection refused');
    expect(await registryManifest(image('opt'), 'dev-0.4.0', REGISTRY)).toBeUndefined();
    expect(await tags()).toEqual([]);
  }, 120_000);

  it('a registry that refuses reads stops the release in preflight, with its message and no secret', async () => {
    const r = await ws.nx(['run', 'opt:release-dev', '--registries', 'local,locked'], env);
    expect(r.exitCode).not.toBe(0);
    expect(out(r)).toContain('refused; nothing was changed');
    expect(out(r)).toContain('no basic auth credentials');
    expect(out(r)).not.toContain(AUTH_REGISTRY.password);
    expect(await registryManifest(image('opt'), 'dev-0.4.0', REGISTRY)).toBeUndefined();
  }, 120_000);

  it('a denied push leaves floating tags and git tags as they were, shows the registry message, then resumes', async () => {
    const failed = await ws.nx(['run', 'opt:release-dev', '--registries', 'local,readonly'], env);
    expect(failed.exitCode).not.toBe(0);
    expect(out(failed)).toContain('Method not allowed');
    expect(out(failed)).toContain(
      `Changed before the failure: pushed ${REGISTRY}/${image('opt')}:dev-0.4.0. Unchanged: the floating tags and the git tag opt-dev-0.4.0.`,
    );
    expect((await registryManifest(image('opt'), 'dev-0.4.0', REGISTRY))?.digest).toMatch(/^sha256:/);
    expect(await registryManifest(image('opt'), 'dev', REGISTRY)).toBeUndefined();
    expect(await tags()).toEqual([]);

    // Log in to the auth registry (the user's own docker config; releasable only reads it) and
    // rerun towards it: the tested local image is reused and what is pushed is skipped.
    await exec(['docker', 'login', '--username', AUTH_REGISTRY.user, '--password-stdin', AUTH_REGISTRY.url], {
      input: AUTH_REGISTRY.password,
      env,
    });
    const resumed = await ws.nx(['run', 'opt:release-dev', '--registries', 'local,locked'], env);
    expect({ code: resumed.exitCode, tail: resumed.exitCode ? out(resumed).slice(-1500) : '' }).toEqual({
      code: 0,
      tail: '',
    });
    expect(out(resumed)).toContain('resuming without a rebuild');
    expect(out(resumed)).not.toContain('] build ');
    expect(out(resumed)).toMatch(/skipped: 127\.0\.0\.1:5000\/\S+:dev-0\.4\.0 already has sha256:/);
    expect(out(resumed)).not.toContain(AUTH_REGISTRY.password);
    const versioned = (await registryManifest(image('opt'), 'dev-0.4.0', REGISTRY))!.digest;
    expect((await registryManifest(image('opt'), 'dev-0.4.0', AUTH_REGISTRY.url))?.digest).toBe(versioned);
    expect((await registryManifest(image('opt'), 'dev', REGISTRY))?.digest).toBe(versioned);
    expect((await registryManifest(image('opt'), 'dev', AUTH_REGISTRY.url))?.digest).toBe(versioned);
    expect(await tags()).toEqual(['opt-dev-0.4.0']);
  }, 300_000);

  it('rerunning a completed release is a no-op that says so and exits 0', async () => {
    const r = await ws.nx(['run', 'opt:release-dev', '--registries', 'local,locked', '--json'], env);
    expect(r.exitCode).toBe(0);
    expect(out(r)).toContain('"alreadyReleased": true');
    expect(out(r)).toContain('opt dev 0.4.0 is already released (git tag opt-dev-0.4.0');
    expect(out(r)).not.toContain('Step 1/');
  }, 120_000);

  it('preflight refuses a version that is not greater than the last released one', async () => {
    await ws.git(['tag', 'opt-dev-0.5.0']);
    const r = await ws.nx(['run', 'opt:release-dev'], env);
    await ws.git(['tag', '-d', 'opt-dev-0.5.0']);
    expect(out(r)).toContain('dev release 0.4.0 is not greater than the last released 0.5.0');
  }, 60_000);

  it('a versioned tag already taken with another digest is refused', async () => {
    // Someone pushed different content as im:dev-2.3.0 before our release.
    await exec(['docker', 'tag', 'releasable/base:busybox', `${REGISTRY}/${image('im')}:dev-2.3.0`]);
    await exec(['docker', 'push', `${REGISTRY}/${image('im')}:dev-2.3.0`]);
    const foreign = (await registryManifest(image('im'), 'dev-2.3.0', REGISTRY))!.digest;
    const r = await ws.nx(['run', 'im:release-dev', '--registries', 'local'], env);
    expect(r.exitCode).not.toBe(0);
    expect(out(r)).toContain('not built by releasable, not from HEAD');
    expect(out(r)).toContain('the version is taken. Nothing was pushed');
    expect((await registryManifest(image('im'), 'dev-2.3.0', REGISTRY))?.digest).toBe(foreign);
    expect(await registryManifest(image('im'), 'dev', REGISTRY)).toBeUndefined();
    expect(await tags()).toEqual(['opt-dev-0.4.0']);
  }, 180_000);

  it('two releases of one dir at once: one fails clearly on the lock, the other completes', async () => {
    // The first holds the lock through a 4 s QA step, so the second surely meets it.
    const config = ws.read('apps/cmamp/repo_config.yaml');
    ws.write('apps/cmamp/repo_config.yaml', config.replace(/qa:\n {2}command: .*\n/, "qa:\n  command: [sleep, '4']\n"));
    await ws.commit('cmamp QA takes a while');
    const release = () => ws.nx(['run', 'cmamp:release-dev', '--registries', 'local', '--skip-tests'], env);
    const [a, b] = await Promise.all([release(), new Promise((r) => setTimeout(r, 2000)).then(release)]);
    ws.write('apps/cmamp/repo_config.yaml', config);
    await ws.commit('cmamp QA back');
    const outcomes = [a, b].map((r) => ({
      ok: r.exitCode === 0,
      locked: out(r).includes('a release of cmamp is already running (pid'),
    }));
    expect(outcomes.sort((x, y) => Number(y.ok) - Number(x.ok))).toEqual([
      { ok: true, locked: false },
      { ok: false, locked: true },
    ]);
    expect(await tags()).toContain('cmamp-dev-1.2.0');
  }, 300_000);

  it('logs in from repo_config auth (env variables) without touching the user config or printing the secret', async () => {
    const config = ws.read('apps/dev_tools/repo_config.yaml');
    ws.write(
      'apps/dev_tools/repo_config.yaml',
      `${config}registries:\n  locked:\n    url: ${AUTH_REGISTRY.url}\n    auth: { usernameEnv: RELEASABLE_TEST_USER, passwordEnv: RELEASABLE_TEST_PASSWORD }\ntargetRegistries: [locked]\n`,
    );
    await ws.commit('dev_tools pushes to the locked registry');
    const userConfig = mkdtempSync(path.join(tmpdir(), 'releasable-user-docker-'));
    const missing = await ws.nx(['run', 'dev_tools:release-dev', '--skip-tests'], { DOCKER_CONFIG: userConfig });
    expect(missing.exitCode).not.toBe(0);
    expect(out(missing)).toContain(
      'registry "locked" (registries.locked.auth.usernameEnv): environment variable RELEASABLE_TEST_USER is not set; export it, or remove "auth" to use your own docker login.',
    );
    const resultFile = path.join(userConfig, '..', `releasable-result-${process.pid}.json`);
    const r = await ws.nx(['run', 'dev_tools:release-dev', '--skip-tests', '--json', '--json-file', resultFile], {
      DOCKER_CONFIG: userConfig,
      RELEASABLE_TEST_USER: AUTH_REGISTRY.user,
      RELEASABLE_TEST_PASSWORD: AUTH_REGISTRY.password,
    });
    expect({ code: r.exitCode, tail: r.exitCode ? out(r).slice(-1500) : '' }).toEqual({ code: 0, tail: '' });
    expect(out(r)).not.toContain(AUTH_REGISTRY.password);
    expect(out(r)).toContain('"gitTag": "dev_tools-dev-1.7.0"');
    // The same result, alone in its file (no Nx output mixed in).
    const written = JSON.parse(readFileSync(resultFile, 'utf8')) as { gitTag: string; steps: { status: string }[] };
    rmSync(resultFile);
    expect(written.gitTag).toBe('dev_tools-dev-1.7.0');
    expect(written.steps.every((step) => step.status === 'done' || step.status === 'skipped')).toBe(true);
    const versioned = await registryManifest(image('dev_tools'), 'dev-1.7.0', AUTH_REGISTRY.url);
    expect(versioned?.digest).toMatch(/^sha256:/);
    expect((await registryManifest(image('dev_tools'), 'dev', AUTH_REGISTRY.url))?.digest).toBe(versioned?.digest);

    // docker-push-dev and docker-rollback take the same logins (the user's config has none).
    const logins = {
      DOCKER_CONFIG: userConfig,
      RELEASABLE_TEST_USER: AUTH_REGISTRY.user,
      RELEASABLE_TEST_PASSWORD: AUTH_REGISTRY.password,
    };
    const again = await ws.nx(['run', 'dev_tools:docker-push-dev'], logins);
    expect({ code: again.exitCode, tail: again.exitCode ? out(again).slice(-1500) : '' }).toEqual({
      code: 0,
      tail: '',
    });
    expect(out(again)).toContain(`dev-1.7.0  ${versioned!.digest}  (already there)`);
    const rollback = await ws.nx(
      ['run', 'dev_tools:docker-rollback', '--stage', 'dev', '--image-version', '1.7.0'],
      logins,
    );
    expect({ code: rollback.exitCode, tail: rollback.exitCode ? out(rollback).slice(-1500) : '' }).toEqual({
      code: 0,
      tail: '',
    });
    // Other content under a released version: docker-push-dev refuses, as a release does.
    ws.write('apps/dev_tools/changed_after_release.txt', 'new content\n');
    await ws.commit('dev_tools changes without a version bump');
    for (const target of ['docker-build-local', 'docker-tag-dev']) {
      const r = await ws.nx(['run', `dev_tools:${target}`], logins);
      expect({ target, code: r.exitCode }).toEqual({ target, code: 0 });
    }
    const overwrite = await ws.nx(['run', 'dev_tools:docker-push-dev'], logins);
    expect(overwrite.exitCode).not.toBe(0);
    expect(out(overwrite)).toContain('refusing to overwrite a released version. Nothing was pushed.');
    expect(out(overwrite)).not.toContain(AUTH_REGISTRY.password);
    expect((await registryManifest(image('dev_tools'), 'dev-1.7.0', AUTH_REGISTRY.url))?.digest).toBe(
      versioned?.digest,
    );
    expect((await registryManifest(image('dev_tools'), 'dev', AUTH_REGISTRY.url))?.digest).toBe(versioned?.digest);
    expect(readdirSync(userConfig)).toEqual([]);
    rmSync(userConfig, { recursive: true, force: true });
  }, 300_000);

  it('a registry that dies during the release: retried, then stopped before floating and git tags; resumes once it is back', async () => {
    const port = 5100 + (process.pid % 400);
    const flaky: RegistryProcess = await startRegistryProcess(port);
    try {
      const config = ws.read('apps/im/repo_config.yaml');
      // QA runs on the host after the image is tested and before any push: kill the registry there.
      ws.write(
        'apps/im/repo_config.yaml',
        config.replace(/qa:\n {2}command: .*\n/, `qa:\n  command: [kill, '-9', '${flaky.pid()}']\n`) +
          `registries:\n  flaky: ${flaky.url}\n`,
      );
      await ws.commit('im QA kills the flaky registry');
      await exec(
        ['docker', 'image', 'rm', '--force', `${image('im')}:dev-2.3.0`, `${REGISTRY}/${image('im')}:dev-2.3.0`],
        { allowFailure: true },
      );
      const failed = await ws.nx(['run', 'im:release-dev', '--registries', 'second,flaky'], env);
      expect(failed.exitCode).not.toBe(0);
      expect(out(failed)).toMatch(/retry 1\/2 in 1 s/);
      expect(out(failed)).toMatch(/connection refused/);
      expect(out(failed)).toContain('Unchanged: the floating tags and the git tag im-dev-2.3.0.');
      expect((await registryManifest(image('im'), 'dev-2.3.0', SECOND_REGISTRY))?.digest).toMatch(/^sha256:/);
      expect(await registryManifest(image('im'), 'dev', SECOND_REGISTRY)).toBeUndefined();
      expect(await tags()).not.toContain('im-dev-2.3.0');

      await flaky.restart();
      ws.write('apps/im/repo_config.yaml', `${config}registries:\n  flaky: ${flaky.url}\n`);
      await ws.commit('im QA back to normal');
      // A new commit: the tested image is still the one pushed to "second", so it is reused.
      const resumed = await ws.nx(['run', 'im:release-dev', '--registries', 'second,flaky'], env);
      expect({ code: resumed.exitCode, tail: resumed.exitCode ? out(resumed).slice(-1500) : '' }).toEqual({
        code: 0,
        tail: '',
      });
      expect(out(resumed)).toContain('resuming without a rebuild');
      const digest = (await registryManifest(image('im'), 'dev-2.3.0', SECOND_REGISTRY))!.digest;
      expect((await registryManifest(image('im'), 'dev-2.3.0', flaky.url))?.digest).toBe(digest);
      expect((await registryManifest(image('im'), 'dev', flaky.url))?.digest).toBe(digest);
      expect(await tags()).toContain('im-dev-2.3.0');
    } finally {
      await flaky.dispose();
    }
  }, 300_000);
});
