import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { appendFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { exec } from '@releasable/drivers';
import {
  buildRecordOf,
  cloneAgent,
  failure,
  nowSeconds,
  engineEvents,
  imageId,
  isBuildStep,
  pulledImages,
  removeImagesFromEngines,
  type Agent,
} from '../../../../tools/testing/agents.js';
import {
  describeWithTwoEngines,
  FIRST_ENGINE,
  SECOND_ENGINE,
  uniqueSuffix,
} from '../../../../tools/testing/docker-engine.js';
import { startNxCacheServer, type NxCacheServer } from '../../../../tools/testing/nx-cache-process.js';
import {
  REALISTIC_IMAGE_DIRS,
  realisticImage,
  realisticMonorepoForEngine,
} from '../../../../tools/testing/realistic.js';
import { deleteRegistryRepository, REGISTRY } from '../../../../tools/testing/temp-workspace.js';

// The realistic monorepo (the root is itself a dir and the Python import root, nested dirs in its
// context, im_v2 with two merged compose files, real pytest on a Debian base) on two CI agents:
// agent A builds every image once; agent B runs every dir's tests on A's images. What happened
// is read from Nx's output, B's `docker events` and the build records, not from our logs.
const suffix = `rd${uniqueSuffix()}`;
const buildNamespace = `realdist-${suffix}`;
const projects = Object.values(REALISTIC_IMAGE_DIRS);
let origin: string;
let cache: NxCacheServer;
const clones: string[] = [];

await describeWithTwoEngines('distributed, on the realistic monorepo: A builds every image, B tests them', () => {
  let a: Agent;
  let b: Agent;

  beforeAll(async () => {
    cache = await startNxCacheServer();
    origin = await realisticMonorepoForEngine(suffix, { buildRegistry: `${REGISTRY}/${buildNamespace}` });
    // What `nx g @releasable/nx:init --build-registry` adds: build records are never committed.
    appendFileSync(path.join(origin, '.gitignore'), '.releasable/\n');
    await exec([
      'git',
      '-C',
      origin,
      '-c',
      'user.email=a@example.com',
      '-c',
      'user.name=a',
      'commit',
      '-qam',
      'ignore',
    ]);
    for (const [name, host] of [
      ['a', FIRST_ENGINE],
      ['b', SECOND_ENGINE],
    ] as const) {
      const agent = await cloneAgent(`real-${name}`, host, origin, cache.url, suffix);
      clones.push(agent.root);
      if (name === 'a') a = agent;
      else b = agent;
    }
  }, 120_000);

  afterAll(async () => {
    await removeImagesFromEngines([FIRST_ENGINE, SECOND_ENGINE], suffix);
    for (const project of projects)
      await deleteRegistryRepository(`${buildNamespace}/${realisticImage(project, suffix)}`);
    await cache?.dispose();
    for (const root of [...clones, origin]) if (root) rmSync(root, { recursive: true, force: true });
  }, 120_000);

  it('B runs every dir’s tests with no docker build: the builds come from the remote cache, the images by digest', async () => {
    const built = await a.nx(['run-many', '-t', 'docker-build-local']);
    expect({ code: built.exitCode, out: built.exitCode === 0 ? '' : failure(built) }).toEqual({ code: 0, out: '' });

    const since = nowSeconds();
    const tested = await b.nx(['run-many', '-t', 'docker-test']);
    const until = nowSeconds() + 1;
    expect({ code: tested.exitCode, out: tested.exitCode === 0 ? '' : failure(tested) }).toEqual({ code: 0, out: '' });
    const seen = await engineEvents(b, since, until);
    expect(seen.filter(isBuildStep)).toEqual([]);
    for (const project of projects) {
      expect(tested.stdout).toMatch(new RegExp(`nx run ${project}:docker-build-local\\s+\\[remote cache\\]`));
      expect(tested.stdout).toMatch(new RegExp(`PASS fast tests in ${realisticImage(project, suffix)}:`));
      const r = buildRecordOf(a, project);
      expect(pulledImages(seen)).toContain(r.buildRef.slice(0, r.buildRef.lastIndexOf(':')));
      // The very image A built, under B's own tag.
      expect(await imageId(b, buildRecordOf(b, project).ref)).toBe(r.imageId);
    }
    // im_v2's tests ran in its own container, with its second compose file's mount and variable.
    expect(tested.stdout).toMatch(/^test\/test_im_loader\.py \.\. /m);
  }, 900_000);
});
