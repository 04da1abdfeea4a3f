// @ts-nocheck
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { exec, runInContainer } from '@releasable/drivers';
import { describeWithEngine, uniqueSuffix } from '../../../../tools/testing/docker-engine.js';
import {
  createTempWorkspace,
  deleteRegistryRepository,
  registryManifest,
  removeLocalImages,
  type TempWorkspace,
} from '../../../../tools/testing/temp-workspace.js';

const suffix = `t${uniqueSuffix()}`;
const DEMOS = [
  { app: 'cmamp', project: 'cmamp', version: '1.2.0' },
  { app: 'optimizer', project: 'opt', version: '0.4.0' },
  { app: 'dev_tools', project: 'dev_tools', version: '1.7.0' },
  { app: 'im', project: 'im', version: '2.3.0' },
];
const image = (project: string): string => `${project}-${suffix}`;
let ws: TempWorkspace;

function minor0(v: string): string {
  return v.replace(/\.\d+$/, '.0');
}

await describeWithEngine('image stages against the real engine and registry', () => {
  beforeAll(async () => {
    ws = await createTempWorkspace({ apps: DEMOS.map((d) => d.app), suffix });
  }, 60_000);

  afterAll(async () => {
    await removeLocalImages(suffix);
    for (const d of DEMOS) await deleteRegistryRepository(image(d.project));
    ws?.dispose();
  }, 120_000);

  it.each(DEMOS)(
    '$project: build local → test fast → tag dev → push dev → build prod → push prod',
    async ({ project, version }) => {
      for (const target of [
        'docker-build-local',
        'docker-test',
        'docker-tag-dev',
        'docker-push-dev',
        'docker-build-prod',
        'docker-push-prod',
      ]) {
        const r = await ws.nx(['run', `${project}:${target}`]);
        expect({
          target,
          exitCode: r.exitCode,
          tail: r.exitCode === 0 ? '' : r.stdout.slice(-2000) + r.stderr,
        }).toEqual({ target, exitCode: 0, tail: '' });
      }
      const repo = image(project);
      const dev = await registryManifest(repo, 'dev');
      const devVersioned = await registryManifest(repo, `dev-${minor0(version)}`);
      const prod = await registryManifest(repo, 'prod');
      const prodVersioned = await registryManifest(repo, `prod-${version}`);
      expect(devVersioned?.digest).toMatch(/^sha256:/);
      expect(dev?.digest).toBe(devVersioned?.digest);
      expect(prod?.digest).toBe(prodVersioned?.digest);
      // prod is built FROM dev: dev's layers are the first layers of prod.
      const devLayers = devVersioned!.manifest.layers!.map((l) => l.digest);
      expect(prodVersioned!.manifest.layers!.map((l) => l.digest).slice(0, devLayers.length)).toEqual(devLayers);
      // The version is baked in and labelled, as seen by the engine itself.
      const inspect = await exec([
        'docker',
        'image',
        'inspect',
        '--format',
        '{{json .Config}}',
        `${repo}:local-tester-${minor0(version)}`,
      ]);
      const config = JSON.parse(inspect.stdout) as { Env: string[]; Labels: Record<string, string> };
      expect(config.Env).toContain(`AM_CONTAINER_VERSION=${minor0(version)}`);
      expect(config.Labels['org.opencontainers.image.version']).toBe(minor0(version));
      expect(config.Labels['dev.releasable.source-dir']).toMatch(/^apps\//);
      expect(config.Labels['org.opencontainers.image.revision']).toMatch(/^[0-9a-f]{40}$/);
    },
    300_000,
  );

  it('a failing test inside the image fails docker-test with the list name and exit code', async () => {
    ws.write('apps/im/tests/fast_broken.sh', 'echo "deliberately broken"; exit 1\n');
    const r = await ws.nx(['run', 'im:docker-test']);
    ws.write('apps/im/tests/fast_broken.sh', 'exit 0\n');
    expect(r.exitCode).not.toBe(0);
    expect(r.stdout).toContain('FAIL tests/fast_broken.sh');
    expect(r.stdout + r.stderr).toContain(
      `docker-test: list "fast" failed with exit code 1 in ${image('im')}:local-tester-2.3.0.`,
    );
  }, 120_000);

  it('runs several lists with --lists and prints a summary line per list', async () => {
    const r = await ws.nx(['run', 'im:docker-test', '--lists', 'fast,slow']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/PASS fast tests in .*\(exit 0/);
    expect(r.stdout).toMatch(/PASS slow tests in .*\(exit 0/);
  }, 120_000);

  it('test commands from repo_config run as literal argv, never through a shell', async () => {
    const config = ws.read('apps/cmamp/repo_config.yaml');
    ws.write(
      'apps/cmamp/repo_config.yaml',
      config.replace(
        /fast: \{.*\}/,
        `fast: { command: [echo, '; touch /app/pwned1', '$(touch /app/pwned2)', '\`touch /app/pwned3\`'] }`,
      ),
    );
    const r = await ws.nx(['run', 'cmamp:docker-test']);
    ws.write('apps/cmamp/repo_config.yaml', config);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('; touch /app/pwned1 $(touch /app/pwned2) `touch /app/pwned3`');
    for (const f of ['pwned1', 'pwned2', 'pwned3']) expect(existsSync(path.join(ws.root, f))).toBe(false);
  }, 120_000);

  it('docker-cmd sees the repo at /app, starts in the releasable dir and returns the exit code', async () => {
    const ok = await ws.nx(['run', 'opt:docker-cmd', '--cmd', 'sh -c "pwd; ls /app; echo v=$AM_CONTAINER_VERSION"']);
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toContain('/app/apps/optimizer');
    expect(ok.stdout).toContain('nx.json');
    expect(ok.stdout).toContain('v=0.4.0');
    const failing = await ws.nx(['run', 'opt:docker-cmd', '--cmd', 'sh -c "exit 7"']);
    expect(failing.exitCode).not.toBe(0);
    expect(failing.stdout).toContain('exit code 7');
  }, 120_000);

  it("runInContainer calls another dir's container from code with an argv", async () => {
    const r = await runInContainer(path.join(ws.root, 'apps/optimizer'), ['sh', '-c', 'echo "$1"', 'x', 'a b; $(c)'], {
      stage: 'dev',
      user: 'tester',
    });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('a b; $(c)');
  }, 120_000);

  it('version-check compares major.minor for dev and the full version for prod', async () => {
    const devOk = await ws.nx(['run', 'opt:version-check', '--stage', 'dev', '--image-version', '0.4.3']);
    expect(devOk.exitCode).toBe(0);
    expect(devOk.stdout).toContain(
      `${image('opt')}:dev: container version 0.4.0 matches code version 0.4.3 (major.minor).`,
    );
    const devBehind = await ws.nx(['run', 'opt:version-check', '--stage', 'dev', '--image-version', '0.5.0']);
    expect(devBehind.exitCode).not.toBe(0);
    expect(devBehind.stdout + devBehind.stderr).toContain(
      "code_version='0.5.0' != container_version='0.4.0' (compared major.minor",
    );
    const prodPatch = await ws.nx(['run', 'opt:version-check', '--stage', 'prod', '--image-version', '0.4.1']);
    expect(prodPatch.exitCode).not.toBe(0);
    expect(prodPatch.stdout + prodPatch.stderr).toContain(
      "code_version='0.4.1' != container_version='0.4.0' (compared full)",
    );
    const warnOnly = await ws.nx([
      'run',
      'opt:version-check',
      '--',
      '--stage',
      'prod',
      '--image-version',
      '0.4.1',
      '--warn-only',
    ]);
    expect(warnOnly.exitCode).toBe(0);
  }, 120_000);

  it('a missing image names the exact ref and the target that makes it', async () => {
    const r = await ws.nx(['run', 'opt:docker-test', '--stage', 'prod', '--image-version', '9.9.9']);
    expect(r.exitCode).not.toBe(0);
    expect(r.stdout + r.stderr).toContain(
      `image ${image('opt')}:prod-9.9.9 is not in the local engine; make it with "nx run opt:docker-build-prod (or docker-pull --stage prod)".`,
    );
  }, 60_000);

  it('docker-pull fetches exactly the asked stage/version', async () => {
    await exec(['docker', 'image', 'rm', `${image('im')}:prod-2.3.0`]);
    const r = await ws.nx(['run', 'im:docker-pull', '--stage', 'prod']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`pulling 127.0.0.1:5000/${image('im')}:prod-2.3.0`);
    expect(r.stdout).not.toContain(':dev');
    const inspect = await exec(['docker', 'image', 'inspect', `${image('im')}:prod-2.3.0`], { allowFailure: true });
    expect(inspect.exitCode).toBe(0);
  }, 120_000);
});
