// @ts-nocheck
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_TIMEOUTS, type BuildRecord } from '@releasable/core';
import { ScriptedWorld, type WorldImage } from '../../../tools/testing/scripted-world.js';
import {
  assertRecordIgnored,
  provideBuiltImage,
  publishBuild,
  pullLayerCache,
  readBuildRecord,
  writeBuildRecord,
  type BuildSource,
} from './build-registry.js';
import { ImageNotFoundError } from './docker.js';
import { replaceSpawner } from './exec.js';

const REF = 'opt:local-me-1.2.0';
const REVISION = 'a'.repeat(40);
const image = (n: string, revision = REVISION): WorldImage => ({
  id: `sha256:${n.repeat(64)}`,
  labels: { 'org.opencontainers.image.revision': revision },
  repoDigests: [],
});
const BUILT = image('b');
const DIGEST = `sha256:${'d'.repeat(64)}`;
const BY_DIGEST = `127.0.0.1:5000/ci/opt@${DIGEST}`;

let world: ScriptedWorld;
let restore: () => void;
let lines: string[];
let source: BuildSource;

const record = (over: Partial<BuildRecord> = {}): BuildRecord => ({
  format: 1,
  project: 'opt',
  stage: 'local',
  ref: 'opt:local-ci-1.2.0',
  imageId: BUILT.id,
  version: '1.2.0',
  revision: REVISION,
  buildRef: '127.0.0.1:5000/ci/opt:build-local-42',
  digest: DIGEST,
  ...over,
});
const provide = (version = '1.2.0') => provideBuiltImage(REF, version, source, (l) => lines.push(l));
const pulls = () => world.calls.filter((c) => c[0] === 'docker' && c[1] === 'pull').map((c) => c[2]);

beforeEach(() => {
  world = new ScriptedWorld();
  restore = replaceSpawner(world.spawn);
  lines = [];
  source = {
    workspaceRoot: world.root,
    project: 'opt',
    stage: 'local',
    timeouts: DEFAULT_TIMEOUTS,
    buildRegistry: { url: '127.0.0.1:5000/ci' },
  };
});

afterEach(() => {
  restore();
  world.dispose();
});

describe('provideBuiltImage', () => {
  it('without a record, the engine must have the ref; the error names the target that makes it', async () => {
    await expect(provide()).rejects.toThrow(
      new ImageNotFoundError(`image ${REF} is not in the local engine; make it with "nx run opt:docker-build-local".`),
    );
    world.images.set(REF, BUILT);
    await expect(provide()).resolves.toBe('local');
  });

  it('a record of another version is not this image: the engine must have the ref', async () => {
    writeBuildRecord(world.root, record({ version: '1.1.0' }));
    await expect(provide()).rejects.toThrow(ImageNotFoundError);
    expect(pulls()).toEqual([]);
  });

  it('the local image the record names is used as it is', async () => {
    writeBuildRecord(world.root, record());
    world.images.set(REF, BUILT);
    await expect(provide()).resolves.toBe('local');
    expect(pulls()).toEqual([]);
  });

  it('a stale local tag is moved to the recorded image when the engine has it', async () => {
    writeBuildRecord(world.root, record());
    world.images.set(REF, image('c'));
    world.images.set(BUILT.id, BUILT);
    await expect(provide()).resolves.toBe('tagged');
    expect(world.images.get(REF)).toBe(BUILT);
    expect(pulls()).toEqual([]);
  });

  it('an engine without it pulls it by digest from the build registry and tags it', async () => {
    writeBuildRecord(world.root, record());
    world.registryImages.set(BY_DIGEST, BUILT);
    await expect(provide()).resolves.toBe('pulled');
    expect(pulls()).toEqual([BY_DIGEST]);
    expect(world.images.get(REF)).toBe(BUILT);
    expect(lines).toEqual([`pulling ${BY_DIGEST} (built at ${REVISION.slice(0, 12)})`]);
  });

  it.each([
    { name: 'another image', pulled: image('e') },
    {
      name: 'the image of another revision',
      pulled: { ...BUILT, labels: { 'org.opencontainers.image.revision': 'b'.repeat(40) } },
    },
  ])('refuses a pull that brings $name, leaving the ref alone', async ({ pulled }) => {
    writeBuildRecord(world.root, record());
    world.registryImages.set(BY_DIGEST, pulled);
    await expect(provide()).rejects.toThrow(
      `${BY_DIGEST} is not the build .releasable/builds/opt/local.json records (image ${pulled.id.slice(7, 19)}, revision ${pulled.labels['org.opencontainers.image.revision']!}; expected ${BUILT.id.slice(7, 19)} at ${REVISION.slice(0, 12)}); run "nx run opt:docker-build-local --skip-nx-cache".`,
    );
    expect(world.images.has(REF)).toBe(false);
  });

  it('a failed pull names the ref, the record and how to build here, with the cause', async () => {
    writeBuildRecord(world.root, record());
    const error = await provide().catch((e: unknown) => e as ImageNotFoundError);
    expect(error).toBeInstanceOf(ImageNotFoundError);
    expect((error as Error).message).toBe(
      `could not pull ${BY_DIGEST}, the build of ${REF} that .releasable/builds/opt/local.json records (Error response from daemon: manifest for ${BY_DIGEST} not found: manifest unknown); check the build registry, or run "nx run opt:docker-build-local --skip-nx-cache" to build it here.`,
    );
    expect((error as Error).cause).toBeDefined();
  });

  it('a record of a build that went to no build registry, or no registry here: a clear error, no pull', async () => {
    const { buildRef: _r, digest: _d, ...unpushed } = record();
    writeBuildRecord(world.root, unpushed);
    await expect(provide()).rejects.toThrow(
      /this engine does not have it and the build pushed it to no build registry/,
    );
    writeBuildRecord(world.root, record());
    const { buildRegistry: _b, ...noRegistry } = source;
    source = noRegistry;
    await expect(provide()).rejects.toThrow(/no "buildRegistry" is configured here to pull it with/);
    expect(pulls()).toEqual([]);
  });
});

describe('a build registry with a login', () => {
  const env = { BR_USER: 'ci', BR_PASS: 'pw-for-the-build-registry' };
  beforeEach(() => Object.assign(process.env, env));
  afterEach(() => {
    for (const key of Object.keys(env)) delete process.env[key];
  });

  it('logs in to it (its auth) before pulling by digest; a wrong password pulls nothing', async () => {
    source = {
      ...source,
      buildRegistry: { url: '127.0.0.1:5000/ci', auth: { usernameEnv: 'BR_USER', passwordEnv: 'BR_PASS' } },
    };
    writeBuildRecord(world.root, record());
    world.registryImages.set(BY_DIGEST, BUILT);
    world.passwords.set('127.0.0.1:5000', 'wrong');
    await expect(provide()).rejects.toThrow(/incorrect username or password/);
    expect(pulls()).toEqual([]);
    world.passwords.set('127.0.0.1:5000', env.BR_PASS);
    await expect(provide()).resolves.toBe('pulled');
    const login = world.calls.findLastIndex((c) => c.includes('login'));
    expect(world.calls[login]).toContain('127.0.0.1:5000');
    expect(login).toBeLessThan(world.calls.findIndex((c) => c[1] === 'pull'));
  });
});

describe('publishing a build', () => {
  const request = (taskHash?: string) => ({
    workspaceRoot: world.root,
    project: 'opt',
    stage: 'local' as const,
    image: 'opt',
    ref: REF,
    version: '1.2.0',
    revision: REVISION,
    buildRegistry: { url: '127.0.0.1:5000/ci' },
    timeouts: DEFAULT_TIMEOUTS,
    ...(taskHash ? { taskHash } : {}),
  });

  it('pushes the content tag (its digest recorded) and the cache tag, then writes the record', async () => {
    world.images.set(REF, { ...BUILT, repoDigests: [] });
    await publishBuild(request('1234'), (l) => lines.push(l));
    const content = '127.0.0.1:5000/ci/opt:build-local-1234';
    const pushed = world.calls.filter((c) => c[1] === 'push').map((c) => c[2]);
    expect(pushed).toEqual([content, '127.0.0.1:5000/ci/opt:cache-local']);
    const digest = world.registry.get(content)!;
    expect(readBuildRecord(source)).toEqual({
      format: 1,
      project: 'opt',
      stage: 'local',
      ref: REF,
      imageId: BUILT.id,
      version: '1.2.0',
      revision: REVISION,
      buildRef: content,
      digest,
    });
    expect(lines.at(-1)).toBe(`${content} is ${digest}; recorded in .releasable/builds/opt/local.json`);
  });

  it('outside Nx (no task hash) the image ID names the build; no image, no record', async () => {
    world.images.set(REF, { ...BUILT, repoDigests: [] });
    await publishBuild(request(), (l) => lines.push(l));
    expect(readBuildRecord(source)?.buildRef).toBe(`127.0.0.1:5000/ci/opt:build-local-${'b'.repeat(64)}`);
    world.images.delete(REF);
    rmSync(path.join(world.root, '.releasable'), { recursive: true });
    await expect(publishBuild(request('1'), () => undefined)).rejects.toThrow(
      `the build reported success but the engine has no ${REF}.`,
    );
    expect(readBuildRecord(source)).toBeUndefined();
  });

  it('the layer cache is pulled when there, and its absence is said, not thrown', async () => {
    const cache = '127.0.0.1:5000/ci/opt:cache-local';
    const log = (l: string) => lines.push(l);
    await expect(pullLayerCache(cache, { url: '127.0.0.1:5000/ci' }, DEFAULT_TIMEOUTS, log)).resolves.toBeUndefined();
    expect(lines.at(-1)).toBe(
      `layer cache: none at ${cache} (Error response from daemon: manifest for ${cache} not found: manifest unknown); building without it`,
    );
    world.registryImages.set(cache, BUILT);
    await expect(pullLayerCache(cache, { url: '127.0.0.1:5000/ci' }, DEFAULT_TIMEOUTS, log)).resolves.toBe(cache);
    expect(lines.at(-1)).toBe(`layer cache: ${cache}`);
    expect(world.calls.filter((c) => c[1] === 'pull').at(-1)).toEqual(['docker', 'pull', '--quiet', cache]);
  });

  it('refuses to build when git would see the record, naming the file and the fix', async () => {
    await expect(assertRecordIgnored(world.root, 'opt', 'prod')).rejects.toThrow(
      '.releasable/builds/opt/prod.json (the build record Nx caches with "buildRegistry" set) is not ignored by git; add ".releasable/" to .gitignore.',
    );
    world.ignored.add('.releasable/builds/opt/prod.json');
    await expect(assertRecordIgnored(world.root, 'opt', 'prod')).resolves.toBeUndefined();
  });
});

describe('build records on disk', () => {
  it('round-trip, and a damaged one names its file', () => {
    expect(readBuildRecord(source)).toBeUndefined();
    writeBuildRecord(world.root, record());
    expect(readBuildRecord(source)).toEqual(record());
    writeFileSync(path.join(world.root, '.releasable/builds/opt/local.json'), '{"format": 1}');
    expect(() => readBuildRecord(source)).toThrow(/^\.releasable\/builds\/opt\/local\.json: .*--skip-nx-cache/);
  });
});
