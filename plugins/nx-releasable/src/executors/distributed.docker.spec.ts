import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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
import { passAll, startFaultProxy, type FaultProxy } from '../../../../tools/testing/fault-proxy.js';
import { startNxCacheServer, type NxCacheServer } from '../../../../tools/testing/nx-cache-process.js';
import {
  createTempWorkspace,
  deleteRegistryRepository,
  REGISTRY,
  registryManifest,
  type TempWorkspace,
} from '../../../../tools/testing/temp-workspace.js';

// Two CI agents on one machine: agent A on the first engine, agent B on the second (its own
// images), each its own clone with its own Nx cache, one shared registry and one Nx remote cache
// server speaking Nx's self-hosted protocol. Nx does the caching and restoring; what happened
// is read from Nx's output, B's `docker events` and the registry API.
const suffix = `d${uniqueSuffix()}`;
const buildNamespace = `dist-${suffix}`;
const BUILD_REGISTRY = `${REGISTRY}/${buildNamespace}`;
const images = { opt: `opt-${suffix}`, dev_tools: `dev_tools-${suffix}` };

let origin: TempWorkspace;
let cache: NxCacheServer;
/** The release registry, through a proxy that records every request (how often a tag moved). */
let releaseRegistry: FaultProxy;
const clones: string[] = [];

/** A clone of the origin on `host`, remembered for cleanup. */
async function agent(name: string, host: string): Promise<Agent> {
  const made = await cloneAgent(name, host, origin.root, cache.url, suffix);
  clones.push(made.root);
  return made;
}

const events = engineEvents;

async function stamp(a: Agent, ref: string): Promise<string> {
  return (await a.docker(['run', '--rm', ref, 'cat', '/build-stamp'])).stdout.trim();
}

async function tags(repository: string): Promise<string[]> {
  const r = await fetch(`http://${REGISTRY}/v2/${repository}/tags/list`);
  return r.ok ? (((await r.json()) as { tags: string[] | null }).tags ?? []).sort() : [];
}

await describeWithTwoEngines(
  'distributed: builds travel through a build registry, results through Nx remote cache',
  () => {
    let a: Agent;
    let b: Agent;

    beforeAll(async () => {
      cache = await startNxCacheServer();
      releaseRegistry = await startFaultProxy(REGISTRY);
      origin = await createTempWorkspace({
        apps: ['optimizer', 'dev_tools'],
        suffix,
        pluginOptions: {
          registries: { local: releaseRegistry.url },
          targetRegistries: ['local'],
          buildRegistry: BUILD_REGISTRY,
        },
      });
      origin.write('.gitignore', 'node_modules\n.nx\n.releasable\n');
      // A step whose output differs on every run: the same stamp in two images means one layer.
      for (const app of ['optimizer', 'dev_tools']) {
        const file = `apps/${app}/devops/docker_build/dev.Dockerfile`;
        origin.write(file, `${origin.read(file)}RUN cat /proc/sys/kernel/random/uuid > /build-stamp\n`);
      }
      await origin.commit('build stamps');
      a = await agent('a', FIRST_ENGINE);
      b = await agent('b', SECOND_ENGINE);
    }, 120_000);

    afterAll(async () => {
      await removeImagesFromEngines([FIRST_ENGINE, SECOND_ENGINE], suffix);
      for (const image of Object.values(images)) {
        await deleteRegistryRepository(`${buildNamespace}/${image}`);
        await deleteRegistryRepository(image);
      }
      await releaseRegistry?.close();
      await cache?.dispose();
      for (const root of clones) rmSync(root, { recursive: true, force: true });
      origin?.dispose();
    }, 120_000);

    it('A builds and pushes; B tests with no docker build, pulling by digest; a rerun anywhere is a cache hit', async () => {
      const affected = ['--base=HEAD~1', '--head=HEAD'];
      const built = await a.nx(['affected', '-t', 'docker-build-local', ...affected]);
      expect({ code: built.exitCode, out: built.exitCode === 0 ? '' : failure(built) }).toEqual({ code: 0, out: '' });
      for (const [project, image] of Object.entries(images)) {
        const r = buildRecordOf(a, project);
        // In the registry (its API, not our code): the content-addressed tag at the recorded digest.
        const tag = r.buildRef.slice(r.buildRef.lastIndexOf(':') + 1);
        expect(await tags(`${buildNamespace}/${image}`)).toEqual(['cache-local', tag].sort());
        expect(tag).toMatch(/^build-local-\d+$/);
        expect((await registryManifest(`${buildNamespace}/${image}`, tag))?.digest).toBe(r.digest);
        expect(await imageId(a, r.ref)).toBe(r.imageId);
      }

      const since = nowSeconds();
      const tested = await b.nx(['affected', '-t', 'docker-test', ...affected]);
      const until = nowSeconds() + 1;
      expect({ code: tested.exitCode, out: tested.exitCode === 0 ? '' : failure(tested) }).toEqual({
        code: 0,
        out: '',
      });
      // Nx restored both builds from the remote cache: B ran no docker-build-local.
      for (const project of Object.keys(images)) {
        expect(tested.stdout).toMatch(new RegExp(`nx run ${project}:docker-build-local\\s+\\[remote cache\\]`));
        expect(tested.stdout).toMatch(new RegExp(`PASS fast tests in ${images[project as keyof typeof images]}:`));
      }
      const seen = await events(b, since, until);
      expect(seen.filter(isBuildStep)).toEqual([]);
      const pulls = pulledImages(seen);
      for (const project of Object.keys(images)) {
        const r = buildRecordOf(a, project);
        const repository = r.buildRef.slice(0, r.buildRef.lastIndexOf(':'));
        expect(pulls).toContain(repository);
        expect(tested.stdout).toContain(`pulling ${repository}@${r.digest}`);
        // The very image A built, now under B's own local tag.
        expect(await imageId(b, buildRecordOf(b, project).ref)).toBe(r.imageId);
      }

      // Again on A, whose engine never ran them: every task is a cache hit (tests from B, through the server).
      const rerun = await a.nx(['affected', '-t', 'docker-test', ...affected]);
      expect(rerun.exitCode).toBe(0);
      expect(rerun.stdout).toMatch(
        /read the output from the cache instead of running the command for 4 out of 4 tasks/,
      );
      for (const project of Object.keys(images)) {
        expect(rerun.stdout).toMatch(new RegExp(`nx run ${project}:docker-test\\s+\\[remote cache\\]`));
      }
      expect(cache.requests.filter((l) => l.startsWith('PUT ') && l.endsWith(' 202')).length).toBeGreaterThanOrEqual(4);
    }, 600_000);

    it('a change to one dir on B rebuilds only that dir, on the layers A pushed', async () => {
      const stampOnA = await stamp(a, buildRecordOf(a, 'opt').ref);
      const file = 'apps/optimizer/devops/docker_build/dev.Dockerfile';
      const dockerfile = path.join(b.root, file);
      writeFileSync(dockerfile, `${readFileSync(dockerfile, 'utf8')}ENV CHANGED_ON_B=1\n`);
      expect((await b.git(['commit', '-qam', 'opt: one more line'])).exitCode).toBe(0);

      const built = await b.nx(['affected', '-t', 'docker-build-local', '--base=HEAD~1', '--head=HEAD']);
      expect({ code: built.exitCode, out: built.exitCode === 0 ? '' : failure(built) }).toEqual({ code: 0, out: '' });
      expect(built.stdout).toMatch(/nx run opt:docker-build-local/);
      expect(built.stdout).not.toMatch(/nx run dev_tools:docker-build-local/);
      expect(built.stdout).toMatch(/layer cache: .*opt-.*:cache-local/);
      // The RUN step was not run again: B's new image carries the stamp A's build wrote.
      const rebuilt = buildRecordOf(b, 'opt');
      expect(rebuilt.imageId).not.toBe(buildRecordOf(a, 'opt').imageId);
      // (The legacy builder still makes a container for each metadata step, cached or not, so
      // events cannot tell a reused RUN from a rerun one; the stamp can.)
      expect(await stamp(b, rebuilt.ref)).toBe(stampOnA);
    }, 600_000);

    it('prod builds travel too: B checks the version inside the prod image A built, with no build', async () => {
      const tagged = await a.nx(['run', 'opt:docker-tag-dev']);
      expect(tagged.exitCode).toBe(0);
      const built = await a.nx(['run', 'opt:docker-build-prod']);
      expect({ code: built.exitCode, out: built.exitCode === 0 ? '' : failure(built) }).toEqual({ code: 0, out: '' });
      const prod = buildRecordOf(a, 'opt', 'prod');
      expect(prod.ref).toBe(`${images.opt}:prod-0.4.0`);

      // B's clone is a commit ahead (its opt change): a clean clone of origin stands for another agent.
      const c = await agent('c', SECOND_ENGINE);
      const since = nowSeconds();
      const onC = await c.nx(['run', 'opt:docker-build-prod']);
      const checked = await c.nx(['run', 'opt:version-check', '--stage', 'prod']);
      const until = nowSeconds() + 1;
      expect(onC.stdout).toMatch(/nx run opt:docker-build-prod\s+\[remote cache\]/);
      expect({ code: checked.exitCode, out: checked.exitCode === 0 ? '' : failure(checked) }).toEqual({
        code: 0,
        out: '',
      });
      expect(checked.stdout).toContain(`pulling ${BUILD_REGISTRY}/${images.opt}@${prod.digest}`);
      expect(checked.stdout).toMatch(/container version 0\.4\.0 matches code version 0\.4\.0/);
      expect((await events(c, since, until)).filter(isBuildStep)).toEqual([]);
      expect(await imageId(c, prod.ref)).toBe(prod.imageId);
    }, 600_000);

    it('a release on another agent releases the image A built at this commit, pulled by digest: no build', async () => {
      const built = buildRecordOf(a, 'opt');
      // Engine B loses the image, as a fresh agent never had it.
      await b.docker(['image', 'rm', '--force', built.imageId]);
      const d = await agent('d', SECOND_ENGINE);
      const restored = await d.nx(['run', 'opt:docker-build-local']);
      expect(restored.stdout).toMatch(/nx run opt:docker-build-local\s+\[remote cache\]/);
      const since = nowSeconds();
      const released = await d.nx(['run', 'opt:release-dev']);
      const until = nowSeconds() + 1;
      expect({ code: released.exitCode, out: released.exitCode === 0 ? '' : failure(released) }).toEqual({
        code: 0,
        out: '',
      });
      expect(released.stdout).toContain(`built from HEAD, pulled by digest from the build registry`);
      expect(released.stdout).toContain(`pull ${BUILD_REGISTRY}/${images.opt}@${built.digest}`);
      expect((await events(d, since, until)).filter(isBuildStep)).toEqual([]);
      // The registry holds A's image itself: its manifest's config is A's image ID.
      const versioned = (await registryManifest(images.opt, 'dev-0.4.0')) as unknown as {
        manifest: { config: { digest: string } };
      };
      expect(versioned.manifest.config.digest).toBe(built.imageId);
    }, 600_000);

    it('two agents releasing one dir and version at once: one releases, the other pushes nothing; tags moved once, one git tag', async () => {
      const image = images.dev_tools;
      const gitTag = 'dev_tools-dev-1.7.0';
      const [onA, onB] = await Promise.all([
        a.nx(['run', 'dev_tools:release-dev']),
        b.nx(['run', 'dev_tools:release-dev']),
      ]);
      const outcomes = [onA, onB].map((r) =>
        r.exitCode === 0
          ? /already released/.test(r.stdout)
            ? 'already released'
            : 'released'
          : /is claimed on origin by another run.*Nothing was pushed/s.test(r.stdout + r.stderr)
            ? 'refused: claimed'
            : failure(r),
      );
      // Which agent wins is up to timing; that exactly one does is not.
      expect(outcomes.filter((o) => o === 'released')).toHaveLength(1);
      expect(outcomes.filter((o) => o !== 'released')).toEqual([
        expect.stringMatching(/^(refused: claimed|already released)$/),
      ]);
      const winner = outcomes[0] === 'released' ? a : b;

      // Registry (seen through the proxy, read through its API): each tag written once, by the winner.
      const puts = (tag: string) =>
        releaseRegistry.seen.filter((r) => r.method === 'PUT' && r.url === `/v2/${image}/manifests/${tag}`).length;
      expect({ versioned: puts('dev-1.7.0'), floating: puts('dev') }).toEqual({ versioned: 1, floating: 1 });
      const versioned = await registryManifest(image, 'dev-1.7.0');
      expect((await registryManifest(image, 'dev'))?.digest).toBe(versioned?.digest);
      const repoDigests = await winner.docker([
        'image',
        'inspect',
        '--format',
        '{{json .RepoDigests}}',
        `${image}:dev-1.7.0`,
      ]);
      expect(repoDigests.stdout).toContain(versioned!.digest);

      // Origin: one git tag, at the winner's HEAD, and one claim.
      expect((await origin.git(['tag', '--list', 'dev_tools-*'])).stdout.trim()).toBe(gitTag);
      const winnerHead = (await winner.git(['rev-parse', 'HEAD'])).stdout.trim();
      expect((await origin.git(['rev-list', '-n', '1', gitTag])).stdout.trim()).toBe(winnerHead);
      expect(
        (await origin.git(['for-each-ref', '--format=%(refname)', 'refs/releasable/claims/dev_tools-*'])).stdout.trim(),
      ).toBe(`refs/releasable/claims/${gitTag}`);
    }, 600_000);

    it('the race forced: while one release is held at its first push, the other is refused by the claim, having pushed nothing', async () => {
      // Timing no longer decides: agent E's release has claimed the version and its first
      // manifest upload hangs at the registry; only then does agent F release the same version.
      // The push-time guard cannot stop F (E has pushed nothing yet): the claim must.
      const image = images.dev_tools;
      const changelog = 'apps/dev_tools/changelog.txt';
      origin.write(changelog, `# dev_tools-1.8.0\n- 2026-11-27\n- Raced\n\n${origin.read(changelog)}`);
      await origin.commit('dev_tools 1.8.0');
      const e = await agent('e', FIRST_ENGINE);
      const f = await agent('f', SECOND_ENGINE);
      const manifestPut = (r: { method: string; url: string }) =>
        r.method === 'PUT' && r.url === `/v2/${image}/manifests/dev-1.8.0`;
      let held = false;
      releaseRegistry.setRule((r) => {
        if (held || !manifestPut(r)) return { kind: 'pass' };
        held = true;
        return { kind: 'hang' };
      });
      try {
        const onE = e.nx(['run', 'dev_tools:release-dev']);
        for (const deadline = Date.now() + 300_000; !held && Date.now() < deadline;) {
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        expect(held).toBe(true);

        const onF = await f.nx(['run', 'dev_tools:release-dev']);
        expect(onF.exitCode).not.toBe(0);
        expect(onF.stdout + onF.stderr).toMatch(
          /dev_tools-dev-1\.8\.0 is claimed on origin by another run.*Nothing was pushed/s,
        );
        // What the registry saw of the version while E was held: E's one upload, none of F's.
        expect(releaseRegistry.seen.filter(manifestPut)).toHaveLength(1);
        expect(await registryManifest(image, 'dev-1.8.0')).toBeUndefined();

        // E's connection drops (the registry restarts): its push is retried and the release completes.
        releaseRegistry.setRule(passAll);
        releaseRegistry.dropHung();
        const released = await onE;
        expect({ code: released.exitCode, out: released.exitCode === 0 ? '' : failure(released) }).toEqual({
          code: 0,
          out: '',
        });
        const headOfE = (await e.git(['rev-parse', 'HEAD'])).stdout.trim();
        expect((await origin.git(['rev-list', '-n', '1', 'dev_tools-dev-1.8.0'])).stdout.trim()).toBe(headOfE);
        const imageOfE = await imageId(e, `${image}:dev-1.8.0`);
        const pushed = (await registryManifest(image, 'dev-1.8.0')) as unknown as {
          manifest: { config: { digest: string } };
        };
        expect(pushed.manifest.config.digest).toBe(imageOfE);
      } finally {
        releaseRegistry.setRule(passAll);
        releaseRegistry.dropHung();
      }
    }, 600_000);

    it('refuses to build with a build registry when git would see the build record, before building anything', async () => {
      const ignore = path.join(a.root, '.gitignore');
      const kept = readFileSync(ignore, 'utf8');
      writeFileSync(ignore, 'node_modules\n.nx\n');
      try {
        const before = await tags(`${buildNamespace}/${images.opt}`);
        const r = await a.nx(['run', 'opt:docker-build-local', '--skip-nx-cache']);
        expect(r.exitCode).not.toBe(0);
        expect(r.stdout + r.stderr).toContain(
          '.releasable/builds/opt/local.json (the build record Nx caches with "buildRegistry" set) is not ignored by git; add ".releasable/" to .gitignore.',
        );
        expect(r.stdout).not.toMatch(/building /);
        expect(await tags(`${buildNamespace}/${images.opt}`)).toEqual(before);
      } finally {
        writeFileSync(ignore, kept);
      }
    }, 300_000);
  },
);
