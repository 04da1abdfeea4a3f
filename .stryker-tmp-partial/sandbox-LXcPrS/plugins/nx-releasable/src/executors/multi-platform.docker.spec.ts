// @ts-nocheck
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { exec } from '@releasable/drivers';
import { describeWithEngine, uniqueSuffix } from '../../../../tools/testing/docker-engine.js';
import { loadAsArchitecture } from '../../../../tools/testing/foreign-platform.js';
import {
  createTempWorkspace,
  deleteRegistryRepository,
  REGISTRY,
  registryManifest,
  removeLocalImages,
  SECOND_REGISTRY,
  type TempWorkspace,
} from '../../../../tools/testing/temp-workspace.js';
import { out } from '../../../../tools/testing/output.js';

// A multi-platform release on an engine without buildx or emulation: one build per platform
// from a base image that is itself a manifest list (amd64 + arm64), then manifest lists.
const suffix = `m${uniqueSuffix()}`;
const base = `${REGISTRY}/releasable-test-base-${suffix}`;
const image = `dev_tools-${suffix}`;
let ws: TempWorkspace;

async function platformsOf(registry: string, tag: string): Promise<Record<string, string>> {
  const list = await registryManifest(image, tag, registry);
  const entries = (list?.manifest.manifests ?? []) as {
    digest: string;
    platform: { os: string; architecture: string };
  }[];
  return Object.fromEntries(entries.map((m) => [`${m.platform.os}/${m.platform.architecture}`, m.digest]));
}

await describeWithEngine('multi-platform release without buildx', () => {
  beforeAll(async () => {
    await exec(['docker', 'tag', 'releasable/base:busybox', `${base}:amd64`]);
    await loadAsArchitecture('releasable/base:busybox', `${base}:arm64`, 'arm64');
    for (const arch of ['amd64', 'arm64']) await exec(['docker', 'push', `${base}:${arch}`]);
    await exec([
      'docker',
      'manifest',
      'create',
      '--insecure',
      '--amend',
      `${base}:multi`,
      `${base}:amd64`,
      `${base}:arm64`,
    ]);
    await exec([
      'docker',
      'manifest',
      'annotate',
      `${base}:multi`,
      `${base}:arm64`,
      '--os',
      'linux',
      '--arch',
      'arm64',
    ]);
    await exec(['docker', 'manifest', 'push', '--insecure', '--purge', `${base}:multi`]);

    ws = await createTempWorkspace({
      apps: ['dev_tools'],
      suffix,
      pluginOptions: {
        registries: { local: REGISTRY, second: SECOND_REGISTRY },
        targetRegistries: ['local', 'second'],
      },
    });
    // Platform-independent steps only: no RUN (arm64 binaries cannot run on this engine).
    ws.write(
      'apps/dev_tools/devops/docker_build/dev.Dockerfile',
      `ARG BASE_IMAGE=${base}:multi\nFROM \${BASE_IMAGE}\nARG AM_CONTAINER_VERSION\nENV AM_CONTAINER_VERSION=\${AM_CONTAINER_VERSION}\nCOPY devops/docker_build/install_packages.sh /install/install_packages.sh\nWORKDIR /app\n`,
    );
    ws.write('apps/dev_tools/tests/fast_image_info.sh', 'test -f /install/install_packages.sh\n');
    ws.write(
      'apps/dev_tools/repo_config.yaml',
      `${ws.read('apps/dev_tools/repo_config.yaml')}platforms: [linux/amd64, linux/arm64]\n`,
    );
    await ws.commit('dev_tools is multi-platform');
  }, 120_000);

  afterAll(async () => {
    await removeLocalImages(suffix);
    for (const url of [REGISTRY, SECOND_REGISTRY]) await deleteRegistryRepository(image, url);
    await deleteRegistryRepository(`releasable-test-base-${suffix}`);
    ws?.dispose();
  }, 120_000);

  it('pushes a real manifest list with both platforms to both registries, then moves dev, then tags git', async () => {
    const r = await ws.nx(['run', 'dev_tools:release-dev']);
    expect({ code: r.exitCode, tail: r.exitCode ? out(r).slice(-2500) : '' }).toEqual({ code: 0, tail: '' });
    expect(out(r)).toMatch(/build \S+:local-tester-1\.7\.0-linux-arm64 \(linux\/arm64\)/);
    for (const registry of [REGISTRY, SECOND_REGISTRY]) {
      const versioned = await platformsOf(registry, 'dev-1.7.0');
      expect(Object.keys(versioned).sort()).toEqual(['linux/amd64', 'linux/arm64']);
      expect(versioned['linux/amd64']).not.toBe(versioned['linux/arm64']);
      expect(await platformsOf(registry, 'dev')).toEqual(versioned);
      // Each entry is an image built for its platform (the config says so, not just the list).
      for (const [platform, digest] of Object.entries(versioned)) {
        const child = await registryManifest(image, digest, registry);
        const configDigest = (child!.manifest as { config: { digest: string } }).config.digest;
        const config = (await (await fetch(`http://${registry}/v2/${image}/blobs/${configDigest}`)).json()) as {
          architecture: string;
        };
        expect(`linux/${config.architecture}`).toBe(platform);
      }
    }
    expect((await ws.git(['tag', '--list'])).stdout.trim()).toBe('dev_tools-dev-1.7.0');
    const again = await ws.nx(['run', 'dev_tools:release-dev']);
    expect(again.exitCode).toBe(0);
    expect(out(again)).toContain('is already released');
  }, 300_000);
});
