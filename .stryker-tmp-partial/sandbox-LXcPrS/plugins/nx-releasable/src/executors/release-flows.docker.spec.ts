// @ts-nocheck
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeWithEngine, uniqueSuffix } from '../../../../tools/testing/docker-engine.js';
import {
  createTempWorkspace,
  deleteRegistryRepository,
  REGISTRY,
  registryManifest,
  removeLocalImages,
  SECOND_REGISTRY,
  type TempWorkspace,
} from '../../../../tools/testing/temp-workspace.js';
import { ok, out } from '../../../../tools/testing/output.js';

// release-prod, release-all, parallel releases of different dirs and rollback, end to end.
const suffix = `f${uniqueSuffix()}`;
const image = (project: string): string => `${project}-${suffix}`;
let ws: TempWorkspace;
const digest = async (project: string, tag: string, registry = REGISTRY) =>
  (await registryManifest(image(project), tag, registry))?.digest;
async function tags(): Promise<string[]> {
  return (await ws.git(['tag', '--list'])).stdout.split('\n').filter(Boolean).sort();
}

await describeWithEngine('release-prod, release-all, parallel releases and rollback', () => {
  beforeAll(async () => {
    ws = await createTempWorkspace({
      apps: ['optimizer', 'cmamp'],
      suffix,
      pluginOptions: {
        registries: { local: REGISTRY, second: SECOND_REGISTRY },
        targetRegistries: ['local', 'second'],
      },
    });
  }, 60_000);

  afterAll(async () => {
    await removeLocalImages(suffix);
    for (const p of ['opt', 'cmamp'])
      for (const url of [REGISTRY, SECOND_REGISTRY]) await deleteRegistryRepository(image(p), url);
    ws?.dispose();
  }, 120_000);

  it('releases different dirs in parallel with run-many', async () => {
    const r = await ws.nx(['run-many', '-t', 'release-dev', '--projects', 'opt,cmamp', '--parallel', '2']);
    expect(ok(r)).toEqual({ code: 0, tail: '' });
    expect(await tags()).toEqual(['cmamp-dev-1.2.0', 'opt-dev-0.4.0']);
    for (const [project, v] of [
      ['opt', '0.4.0'],
      ['cmamp', '1.2.0'],
    ] as const) {
      const d = await digest(project, `dev-${v}`);
      expect(d).toMatch(/^sha256:/);
      expect(await digest(project, 'dev')).toBe(d);
      expect(await digest(project, `dev-${v}`, SECOND_REGISTRY)).toBe(d);
    }
  }, 300_000);

  it('release-prod builds FROM dev, tests, pushes prod-X.Y.Z then prod, and tags git', async () => {
    const r = await ws.nx(['run', 'opt:release-prod']);
    expect(ok(r)).toEqual({ code: 0, tail: '' });
    const dev = (await registryManifest(image('opt'), 'dev-0.4.0'))!;
    const prod = (await registryManifest(image('opt'), 'prod-0.4.0'))!;
    expect(await digest('opt', 'prod')).toBe(prod.digest);
    expect(await digest('opt', 'prod', SECOND_REGISTRY)).toBe(prod.digest);
    const devLayers = dev.manifest.layers!.map((l) => l.digest);
    expect(prod.manifest.layers!.map((l) => l.digest).slice(0, devLayers.length)).toEqual(devLayers);
    expect(out(r)).toMatch(/done\s+fast tests in \S+:prod-0\.4\.0/);
    expect(await tags()).toContain('opt-prod-0.4.0');
  }, 300_000);

  it('release-all of a prod patch: dev 0.4.0 is already released, prod 0.4.1 is built from it; one summary', async () => {
    const changelog = ws.read('apps/optimizer/changelog.txt');
    ws.write('apps/optimizer/changelog.txt', `# opt-0.4.1\n- 2026-11-25\n- Fix a solver bound\n\n${changelog}`);
    await ws.commit('opt 0.4.1');
    const r = await ws.nx(['run', 'opt:release-all']);
    expect(ok(r)).toEqual({ code: 0, tail: '' });
    expect(out(r)).toContain('opt dev 0.4.0 is already released');
    const patch = await digest('opt', 'prod-0.4.1');
    expect(patch).toMatch(/^sha256:/);
    expect(await digest('opt', 'prod')).toBe(patch);
    expect(await tags()).toContain('opt-prod-0.4.1');
    const check = await ws.nx(['run', 'opt:version-check', '--', '--stage', 'prod']);
    expect(ok(check)).toEqual({ code: 0, tail: '' });
  }, 300_000);

  it('docker-rollback moves prod back to an earlier version everywhere; an unknown version changes nothing', async () => {
    const before = await digest('opt', 'prod');
    const unknown = await ws.nx(['run', 'opt:docker-rollback', '--stage', 'prod', '--image-version', '0.3.9']);
    expect(unknown.exitCode).not.toBe(0);
    expect(out(unknown)).toContain('prod-0.3.9 does not exist');
    expect(out(unknown)).toContain('Nothing was changed.');
    expect(await digest('opt', 'prod')).toBe(before);

    const r = await ws.nx(['run', 'opt:docker-rollback', '--stage', 'prod', '--image-version', '0.4.0']);
    expect(ok(r)).toEqual({ code: 0, tail: '' });
    const old = await digest('opt', 'prod-0.4.0');
    expect(await digest('opt', 'prod')).toBe(old);
    expect(await digest('opt', 'prod', SECOND_REGISTRY)).toBe(old);
    expect(old).not.toBe(before);
  }, 300_000);
});
