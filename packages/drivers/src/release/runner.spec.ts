import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parsePluginOptions, PreflightError, type ReleaseOptions } from '@releasable/core';
import { ScriptedWorld, writeOptWorkspace } from '../../../../tools/testing/scripted-world.js';
import { writeBuildRecord } from '../build-registry.js';
import { replaceSpawner } from '../exec.js';
import { loadReleasableDir } from '../workspace-files.js';
import { runRelease } from './release.js';
import { ReleaseFailedError, type ReleaseRequest, type ReleaseResult } from './types.js';

// The runner's decisions (what runs, in which order, what is skipped on a rerun, what a failure
// leaves behind) against a scripted engine, registries and clone behind exec's one boundary.
const A = '127.0.0.1:5000/opt';
const B = '127.0.0.1:5001/opt';
let world: ScriptedWorld;
let restore: () => void;
let lines: string[];

beforeEach(() => {
  world = new ScriptedWorld();
  writeOptWorkspace(world);
  restore = replaceSpawner(world.spawn);
  lines = [];
});
afterEach(() => {
  restore();
  world.dispose();
});

function release(
  options: Partial<ReleaseOptions> = {},
  dryRun = false,
  extra: Pick<ReleaseRequest, 'buildArgs' | 'poetry'> = {},
): Promise<ReleaseResult> {
  const pluginOptions = parsePluginOptions({
    registries: { a: '127.0.0.1:5000', b: '127.0.0.1:5001' },
    targetRegistries: ['a', 'b'],
    releaseBranches: ['main'],
    // Retries happen at once: the order of the attempts is under test, not the pause.
    timeouts: { retryBackoff: 0 },
  });
  const dir = loadReleasableDir(world.root, 'opt', pluginOptions);
  return runRelease({
    workspaceRoot: world.root,
    dir,
    options: {
      stage: 'dev',
      codeVersion: '1.2.3',
      user: 'me',
      registries: ['a', 'b'],
      tests: true,
      superslowTests: false,
      qa: true,
      push: true,
      cache: true,
      ...options,
    },
    dryRun,
    ...extra,
    log: (line) => lines.push(line),
  });
}

/** Short names of the commands that changed something, e.g. "push 127.0.0.1:5000/opt:dev-1.2.0". */
function changes(from = 0): string[] {
  return world
    .changes()
    .slice(from)
    .map((a) => {
      if (a[0] === 'git') return `git ${a[3]} ${a[4] === 'origin' ? a[5]!.replace('refs/tags/', '') : a[4]}`;
      if (a[0] === 'qa-check') return 'qa';
      if (a.includes('run')) return `test ${a.at(-1)}`;
      if (a[1] === 'build') return 'build';
      return `${a[1]} ${a.slice(2).join(' ')}`;
    });
}

/** The promise, read from the world: floating tags, git tag and local dev move only once all is pushed. */
function brokenPromises(): string[] {
  const broken: string[] = [];
  const versioned = [A, B].map((r) => world.registry.get(`${r}:dev-1.2.0`));
  const floating = [A, B].map((r) => world.registry.get(`${r}:dev`));
  if (new Set(versioned.filter(Boolean)).size > 1) broken.push('versioned digests differ');
  floating.forEach((f, i) => {
    if (f && (versioned.includes(undefined) || f !== versioned[i])) broken.push(`floating ${i} moved early`);
  });
  const allMoved = floating.every((f, i) => f !== undefined && f === versioned[i]);
  if (world.tags.has('opt-dev-1.2.0') && !allMoved) broken.push('git tag before every floating tag');
  if (world.images.get('opt:dev') && !allMoved) broken.push('local dev before every floating tag');
  return broken;
}

function complete(): boolean {
  const versioned = world.registry.get(`${A}:dev-1.2.0`);
  return (
    versioned !== undefined &&
    [`${B}:dev-1.2.0`, `${A}:dev`, `${B}:dev`].every((r) => world.registry.get(r) === versioned) &&
    world.tags.get('opt-dev-1.2.0') === world.head &&
    world.origin?.get('opt-dev-1.2.0') === world.head &&
    world.images.get('opt:dev') === world.images.get('opt:dev-1.2.0')
  );
}

/** A first release that registry b refuses (final, not retried): versioned pushed to a only. */
async function failedByDeniedPush(): Promise<void> {
  world.fault((a) => a[1] === 'push' && a[2] === `${B}:dev-1.2.0`, {
    exitCode: 1,
    stdout: '',
    stderr: 'denied: requested access to the resource is denied',
  });
  await expect(release()).rejects.toThrow(ReleaseFailedError);
}

describe('runRelease against a scripted engine, registries and clone', () => {
  it('runs a fresh release in the promised order and completes it', async () => {
    const result = await release();
    expect(result.steps.every((s) => s.status === 'done')).toBe(true);
    const done = changes();
    expect(done.slice(0, 5)).toEqual(['build', 'test fast', 'test slow', 'tag opt:local-me-1.2.0 opt:dev-1.2.0', 'qa']);
    const at = (name: string): number => done.indexOf(name);
    expect(at(`push ${A}:dev-1.2.0`)).toBeLessThan(at(`push ${A}:dev`));
    expect(at(`push ${B}:dev-1.2.0`)).toBeLessThan(at(`push ${A}:dev`));
    expect(at(`push ${B}:dev`)).toBeLessThan(at('tag opt:dev-1.2.0 opt:dev'));
    expect(done.slice(-2)).toEqual(['git tag opt-dev-1.2.0', 'git push opt-dev-1.2.0']);
    expect(complete()).toBe(true);
    // Verify reads both versioned tags back from the registries between the last versioned push and the first floating one.
    const index = (predicate: (a: string[]) => boolean): number[] =>
      world.calls.flatMap((a, i) => (predicate(a) ? [i] : []));
    const lastVersionedPush = Math.max(...index((a) => a[1] === 'push' && a[2]!.endsWith(':dev-1.2.0')));
    const firstFloatingPush = Math.min(...index((a) => a[1] === 'push' && a[2]!.endsWith(':dev')));
    const verifyReads = index((a) => a[1] === 'manifest' && a.at(-1)!.endsWith(':dev-1.2.0')).filter(
      (i) => i > lastVersionedPush && i < firstFloatingPush,
    );
    expect(verifyReads.map((i) => world.calls[i]!.at(-1))).toEqual([`${A}:dev-1.2.0`, `${B}:dev-1.2.0`]);
  });

  it('a completed release rerun changes nothing', async () => {
    await release();
    const before = world.changes().length;
    const again = await release();
    expect(again.alreadyReleased).toBe(true);
    expect(changes(before)).toEqual([]);
  });

  it('a dry run changes nothing and lists every step', async () => {
    const result = await release({}, true);
    expect(changes()).toEqual([]);
    expect(result.steps.length).toBeGreaterThan(10);
    expect(result.steps.every((s) => s.status === 'planned')).toBe(true);
  });

  // Every command that changes something fails once in turn: the promise holds after the failure
  // and a plain rerun completes without repeating a push the registry already has.
  const changing = [
    'build',
    'test fast',
    'test slow',
    'tag opt:local-me-1.2.0 opt:dev-1.2.0',
    'qa',
    `tag opt:dev-1.2.0 ${A}:dev-1.2.0`,
    `push ${A}:dev-1.2.0`,
    `push ${B}:dev-1.2.0`,
    `push ${A}:dev`,
    `push ${B}:dev`,
    'tag opt:dev-1.2.0 opt:dev',
    'git tag opt-dev-1.2.0',
    'git push opt-dev-1.2.0',
  ];
  it.each(changing)('a failure at "%s" keeps the promise; the rerun completes', async (failing) => {
    const match = (argv: readonly string[]): boolean => {
      const short =
        argv[0] === 'git'
          ? `git ${argv[3]} ${argv[4] === 'origin' ? argv[5]?.replace('refs/tags/', '') : argv[4]}`
          : argv[0] === 'qa-check'
            ? 'qa'
            : argv.includes('run')
              ? `test ${argv.at(-1)}`
              : argv[1] === 'build'
                ? 'build'
                : `${argv[1]} ${argv.slice(2).join(' ')}`;
      return short === failing;
    };
    // "denied" is final: no retry hides the failure.
    world.fault(match, { exitCode: 1, stdout: '', stderr: 'denied: injected failure' });
    const failed = release();
    await expect(failed).rejects.toThrow(ReleaseFailedError);
    await expect(failed).rejects.toThrow('Rerun the same command to resume.');
    expect(brokenPromises()).toEqual([]);
    const pushedBefore = [...world.registry.keys()];
    const mark = world.changes().length;
    await release();
    expect(complete()).toBe(true);
    // Nothing the registries already held is pushed again.
    for (const ref of pushedBefore) expect(changes(mark)).not.toContain(`push ${ref}`);
  });

  it('a transient push failure is retried and the release completes', async () => {
    world.fault((a) => a[1] === 'push' && a[2] === `${B}:dev-1.2.0`, {
      exitCode: 1,
      stdout: '',
      stderr: 'read tcp 127.0.0.1:5001: connection reset by peer',
    });
    await release();
    expect(complete()).toBe(true);
    expect(changes().filter((c) => c === `push ${B}:dev-1.2.0`)).toHaveLength(2);
    expect(lines.join('\n')).toMatch(/push failed \(.*connection reset by peer\); retry 1\/2 in 0 s/);
  });

  it('an auth failure is not retried, and the message says what changed', async () => {
    world.fault((a) => a[1] === 'push' && a[2] === `${B}:dev-1.2.0`, {
      exitCode: 1,
      stdout: '',
      stderr: 'unauthorized: authentication required',
    });
    const failed = release();
    await expect(failed).rejects.toThrow(/Changed before the failure: pushed 127\.0\.0\.1:5000\/opt:dev-1\.2\.0\./);
    await expect(failed).rejects.toThrow('Unchanged: the floating tags and the git tag opt-dev-1.2.0.');
    expect(changes().filter((c) => c === `push ${B}:dev-1.2.0`)).toHaveLength(1);
    expect(world.registry.has(`${A}:dev`)).toBe(false);
  });

  it('a registry that cannot be read refuses the release before anything changes', async () => {
    world.fault(
      (a) => a[1] === 'manifest' && a.at(-1)!.startsWith('127.0.0.1:5001/'),
      { exitCode: 1, stdout: '', stderr: 'Get "http://127.0.0.1:5001/v2/": net/http: request canceled' },
      10,
    );
    await expect(release()).rejects.toThrow(PreflightError);
    expect(changes()).toEqual([]);
  });

  it('a versioned tag holding other content is never overwritten', async () => {
    world.registry.set(`${B}:dev-1.2.0`, `sha256:${'9'.repeat(64)}`);
    await expect(release()).rejects.toThrow();
    expect(changes().filter((c) => c.startsWith('push'))).not.toContain(`push ${B}:dev-1.2.0`);
    expect(world.registry.get(`${B}:dev-1.2.0`)).toBe(`sha256:${'9'.repeat(64)}`);
    expect(world.registry.has(`${A}:dev`)).toBe(false);
    expect(world.tags.size).toBe(0);
  });

  it('a failing test list publishes nothing', async () => {
    world.failingLists.add('slow');
    await expect(release()).rejects.toThrow('list "slow" failed with exit code 3');
    expect(changes()).toEqual(['build', 'test fast', 'test slow']);
  });

  it('a registry that reads back another digest after the push stops before any floating tag', async () => {
    // The versioned push succeeds, but the registry then serves other content under the tag.
    let pushed = 0;
    world.fault(
      (a) => {
        if (a[1] === 'push') pushed += 1;
        return a[1] === 'manifest' && pushed >= 2 && a.at(-1) === `${B}:dev-1.2.0`;
      },
      { exitCode: 0, stdout: JSON.stringify({ Descriptor: { digest: `sha256:${'8'.repeat(64)}` } }), stderr: '' },
    );
    await expect(release()).rejects.toThrow(/has digest sha256:8{64} in the registry, but the push reported/);
    expect(world.registry.has(`${A}:dev`)).toBe(false);
    expect(world.registry.has(`${B}:dev`)).toBe(false);
  });

  it('a push that reports no digest is a failure, not a success', async () => {
    world.fault((a) => a[1] === 'push' && a[2] === `${A}:dev-1.2.0`, { exitCode: 0, stdout: 'done', stderr: '' });
    await expect(release()).rejects.toThrow('reported no digest');
    expect(world.registry.has(`${A}:dev`)).toBe(false);
  });

  it('a rerun after a failed push reuses the tested image: no build, no tests', async () => {
    await failedByDeniedPush();
    const mark = world.changes().length;
    await release();
    expect(changes(mark).filter((c) => c === 'build' || c.startsWith('test'))).toEqual([]);
    expect(complete()).toBe(true);
  });

  it('an image built at HEAD but never tested is rebuilt and tested', async () => {
    world.images.set('opt:local-me-1.2.0', {
      id: 'sha256:untested',
      labels: { 'org.opencontainers.image.revision': world.head },
      repoDigests: [],
    });
    await release();
    expect(changes().slice(0, 3)).toEqual(['build', 'test fast', 'test slow']);
  });

  it('a git tag that only this clone has is pushed, and nothing else runs', async () => {
    world.fault((a) => a[0] === 'git' && a[3] === 'push' && a.includes('refs/tags/opt-dev-1.2.0'), {
      exitCode: 128,
      stdout: '',
      stderr: 'fatal: unable to access origin',
    });
    await expect(release()).rejects.toThrow('created git tag opt-dev-1.2.0 in this clone (not on origin)');
    const mark = world.changes().length;
    const again = await release();
    expect(again.alreadyReleased).toBe(true);
    expect(changes(mark)).toEqual(['git push opt-dev-1.2.0']);
    expect(complete()).toBe(true);
  });

  it('a version another run claimed on origin is refused before any push, whatever the registry says', async () => {
    world.claims.set('opt-dev-1.2.0', 'f'.repeat(40));
    await expect(release()).rejects.toThrow(
      /opt-dev-1\.2\.0 is claimed on origin by another run \(refs\/releasable\/claims\/opt-dev-1\.2\.0 → ffffffffffff\).*Nothing was pushed\. If that run died, remove its claim \("git push origin :refs\/releasable\/claims\/opt-dev-1\.2\.0"\)/s,
    );
    // Only the claim's own push was tried (and refused by origin): no image push, no git tag.
    expect(changes().filter((c) => c.startsWith('push') || c.startsWith('git'))).toEqual(['git push --quiet']);
    expect([...world.registry.keys()].filter((k) => k.endsWith('1.2.0') || k.endsWith(':dev'))).toEqual([]);
    expect(world.claims.get('opt-dev-1.2.0')).toBe('f'.repeat(40));
  });

  it('a release that failed after its claim resumes on the same clone: the claim is its own', async () => {
    world.fault((a) => a[0] === 'docker' && a[1] === 'push', { exitCode: 1, stdout: '', stderr: 'denied: no' }, 2);
    await expect(release()).rejects.toThrow(/failed at "push/);
    const claim = world.claims.get('opt-dev-1.2.0');
    expect(claim).toMatch(/^[0-9a-f]{40}$/);
    const again = await release();
    expect(again.steps.find((s) => s.id === 'claim')).toMatchObject({ status: 'skipped' });
    expect(world.claims.get('opt-dev-1.2.0')).toBe(claim);
    expect(complete()).toBe(true);
  });

  it('a claim push that fails for another reason (origin unreachable) stops the release, nothing pushed', async () => {
    world.fault((a) => a[0] === 'git' && a[3] === 'push', {
      exitCode: 128,
      stdout: '',
      stderr: 'fatal: unable to access origin',
    });
    await expect(release()).rejects.toThrow(
      /could not claim opt-dev-1\.2\.0 on origin .*fatal: unable to access origin\. Nothing was pushed/,
    );
    expect(changes().filter((c) => c.startsWith('push'))).toEqual([]);
  });

  it('with a build registry, the release build reuses its layer cache: pulled first, named by --cache-from; none is no failure', async () => {
    const config = path.join(world.root, 'opt/repo_config.yaml');
    appendFileSync(config, 'buildRegistry: 127.0.0.1:5009/ci\n');
    const cache = '127.0.0.1:5009/ci/opt:cache-local';
    await release();
    const build = world.calls.findIndex((c) => c[0] === 'docker' && c[1] === 'build');
    expect(world.calls[build]!.join(' ')).toContain(`--cache-from ${cache}`);
    expect(world.calls[build - 1]).toEqual(['docker', 'pull', '--quiet', cache]);
    expect(lines.some((l) => l.includes(`layer cache: none at ${cache}`))).toBe(true);
    expect(complete()).toBe(true);
  });

  const BUILD_DIGEST = `sha256:${'d'.repeat(64)}`;
  const PULLED = `127.0.0.1:5009/ci/opt@${BUILD_DIGEST}`;
  /**
   * opt with a build registry and a build record of HEAD naming image b…, which is in the engine
   * or, pushed to the build registry, only there; its revision label is `labelled`.
   */
  function recordedBuild(where: 'engine' | 'build registry', labelled = world.head) {
    appendFileSync(path.join(world.root, 'opt/repo_config.yaml'), 'buildRegistry: 127.0.0.1:5009/ci\n');
    const built = {
      id: `sha256:${'b'.repeat(64)}`,
      labels: { 'org.opencontainers.image.revision': labelled },
      repoDigests: [],
    };
    if (where === 'engine') world.images.set(built.id, built);
    else world.registryImages.set(PULLED, built);
    writeBuildRecord(world.root, {
      format: 1,
      project: 'opt',
      stage: 'local',
      ref: 'opt:local-ci-1.2.0',
      imageId: built.id,
      version: '1.2.0',
      revision: world.head,
      ...(where === 'engine' ? {} : { buildRef: '127.0.0.1:5009/ci/opt:build-local-7', digest: BUILD_DIGEST }),
    });
    return built;
  }

  it.each<{
    name: string;
    options?: Partial<ReleaseOptions>;
    extra?: Pick<ReleaseRequest, 'buildArgs' | 'poetry'>;
    recorded?: boolean;
  }>([
    { name: 'the same build (control)', recorded: true },
    { name: '--no-cache', options: { cache: false } },
    { name: '--base-image', extra: { buildArgs: { baseImage: 'python:3.11-slim' } } },
    { name: '--build-arg', extra: { buildArgs: { extra: { PIP_INDEX: 'x' } } } },
    { name: '--update-poetry', extra: { poetry: { mode: 'update', lockFileInImage: '/install/poetry.lock' } } },
    { name: 'several platforms', options: { platforms: ['linux/amd64', 'linux/arm64'] } },
  ])('$name: a dry run plans from the recorded image only for the same build', async ({ options, extra, recorded }) => {
    recordedBuild('engine');
    await release(options, true, extra);
    expect(lines.join('\n').includes('the build record names image bbbbbbbbbbbb, built from HEAD, in the engine')).toBe(
      recorded === true,
    );
    expect(lines.some((l) => /\bbuild\b/.test(l) && l.includes('opt:local-me-1.2.0'))).toBe(!recorded);
  });

  it('a dev release releases the build of HEAD its build record names, pulled by digest: no build', async () => {
    const built = recordedBuild('build registry');
    await release();
    expect(changes().slice(0, 4)).toEqual([
      `tag ${PULLED} opt:local-me-1.2.0`,
      'test fast',
      'test slow',
      'tag opt:local-me-1.2.0 opt:dev-1.2.0',
    ]);
    expect(world.calls.some((c) => c[0] === 'docker' && c[1] === 'build')).toBe(false);
    expect(world.calls.filter((c) => c[1] === 'pull').map((c) => c.at(-1))).toEqual([PULLED]);
    expect(world.images.get('opt:dev-1.2.0')).toBe(built);
    expect(complete()).toBe(true);
  });

  it('a build record whose pulled image is of another commit stops the release before any push', async () => {
    recordedBuild('build registry', 'f'.repeat(40));
    await expect(release()).rejects.toThrow(/failed at "pull 127\.0\.0\.1:5009.*not from HEAD/s);
    expect(changes().filter((c) => c.startsWith('push') || c.startsWith('git'))).toEqual([]);
  });

  it('--no-cache builds without the layer cache', async () => {
    appendFileSync(path.join(world.root, 'opt/repo_config.yaml'), 'buildRegistry: 127.0.0.1:5009/ci\n');
    await release({ cache: false });
    expect(world.calls.filter((c) => c[0] === 'docker' && (c.includes('--cache-from') || c[1] === 'pull'))).toEqual([]);
    expect(world.calls.some((c) => c[0] === 'docker' && c[1] === 'build' && c.includes('--no-cache'))).toBe(true);
  });

  it('a dirty tree is refused before anything changes', async () => {
    world.dirty = ['opt/scratch.txt'];
    await expect(release()).rejects.toThrow('opt/scratch.txt');
    expect(changes()).toEqual([]);
  });

  it('a dry run on a dirty tree shows the plan and what a real run would refuse', async () => {
    world.dirty = ['opt/scratch.txt'];
    const result = await release({}, true);
    expect(result.refusals?.join('\n')).toContain('opt/scratch.txt');
    expect(result.steps.map((s) => s.title)).toContain(`push ${A}:dev-1.2.0`);
    expect(lines.join('\n')).toContain('dry run: a real run would be refused now (nothing would change):');
    expect(changes()).toEqual([]);
  });

  it('a Dockerfile or compose file that needs what the release does not supply is refused, naming the fix', async () => {
    writeFileSync(
      path.join(world.root, 'opt/devops/docker_build/dev.Dockerfile'),
      'ARG REGISTRY\nFROM ${REGISTRY}/base\n',
    );
    writeFileSync(
      path.join(world.root, 'opt/devops/compose/docker-compose.yml'),
      'services:\n  app:\n    image: ${IMAGE}\n',
    );
    const refused = release();
    await expect(refused).rejects.toThrow(PreflightError);
    await expect(release()).rejects.toThrow(
      'opt/devops/docker_build/dev.Dockerfile: FROM needs build arg REGISTRY, which the build does not pass and which has no default; give it a default (ARG REGISTRY=…) or pass --build-arg REGISTRY=…',
    );
    await expect(release()).rejects.toThrow(
      'opt/devops/compose/docker-compose.yml interpolates ${IMAGE}, which nothing sets; use ${RELEASABLE_IMAGE} (the image under test)',
    );
    expect(changes()).toEqual([]);
    // Without tests the compose file is not used; the Dockerfile still is.
    await expect(release({ tests: false })).rejects.toThrow('FROM needs build arg REGISTRY');
    await expect(release({ tests: false })).rejects.not.toThrow('interpolates');
  });

  it('a relative ENTRYPOINT is refused when tests run in the dir mount; a compose variable of your own is named in repo_config', async () => {
    const dockerfile = path.join(world.root, 'opt/devops/docker_build/dev.Dockerfile');
    writeFileSync(dockerfile, 'FROM scratch\nENTRYPOINT ["devops/run.sh", "--serve"]\n');
    await expect(release()).rejects.toThrow(
      "opt/devops/docker_build/dev.Dockerfile: ENTRYPOINT devops/run.sh is a relative path, and the test containers run in the dir's mount (/app/<dir>), where it does not resolve; make it absolute (its path inside the image)",
    );
    await expect(release({ tests: false }, true)).resolves.toMatchObject({ dryRun: true });
    expect((await release({ tests: false }, true)).refusals ?? []).toEqual([]);
    writeFileSync(dockerfile, 'FROM scratch\nENTRYPOINT ["/app/devops/run.sh"]\n');
    // The original's compose files read ${IMAGE}: named once in repo_config, it is set for every run.
    const config = path.join(world.root, 'opt/repo_config.yaml');
    writeFileSync(config, `docker:\n  imageVariable: IMAGE\n${readFileSync(config, 'utf8')}`);
    writeFileSync(
      path.join(world.root, 'opt/devops/compose/docker-compose.yml'),
      'services:\n  app:\n    image: ${IMAGE}\n',
    );
    world.commit();
    await release();
    const fast = world.calls.findIndex((a) => a.includes('run') && a.at(-1) === 'fast');
    expect(world.options[fast]?.env).toMatchObject({
      IMAGE: 'opt:local-me-1.2.0',
      RELEASABLE_IMAGE: 'opt:local-me-1.2.0',
    });
  });

  it('a release of the same version from a later commit is a no-op', async () => {
    await release();
    world.commit();
    const mark = world.changes().length;
    const again = await release();
    expect(again.alreadyReleased).toBe(true);
    expect(changes(mark)).toEqual([]);
  });
});

describe('runRelease: what each command is given, and what the result says', () => {
  const optionsOf = (predicate: (argv: readonly string[]) => boolean) =>
    world.calls.flatMap((argv, i) => (predicate(argv) ? [world.options[i]!] : []));

  it('gives every command its deadline and environment', async () => {
    await release();
    const { timeouts } = loadReleasableDir(world.root, 'opt', parsePluginOptions({})).config;
    for (const o of optionsOf((a) => a[1] === 'push')) expect(o.idleTimeoutMs).toBe(timeouts.transfer * 1000);
    for (const o of optionsOf((a) => a[1] === 'manifest')) expect(o.timeoutMs).toBe(timeouts.registryRead * 1000);
    for (const o of optionsOf((a) => a[0] === 'git' && a[3] === 'tag' && a.length > 5))
      expect(o.timeoutMs).toBe(timeouts.command * 1000);
    const [gitPush] = optionsOf((a) => a[0] === 'git' && a[3] === 'push');
    expect(gitPush).toMatchObject({ timeoutMs: timeouts.remoteGit * 1000, env: { GIT_TERMINAL_PROMPT: '0' } });
    for (const o of optionsOf((a) => a[1] === 'build')) expect(o.output).toBe('stream');
    const [fast] = optionsOf((a) => a.includes('run') && a.at(-1) === 'fast');
    expect(fast).toMatchObject({
      output: 'stream',
      allowFailure: true,
      env: { RELEASABLE_IMAGE: 'opt:local-me-1.2.0' },
    });
    const [qa] = optionsOf((a) => a[0] === 'qa-check');
    expect(qa).toMatchObject({
      cwd: path.join(world.root, 'opt'),
      env: { RELEASABLE_IMAGE: 'opt:dev-1.2.0', RELEASABLE_STAGE: 'dev', RELEASABLE_VERSION: '1.2.0' },
    });
  });

  it('numbers the steps, reports each one with its ref, registry and digest, and the parallel pushes by line', async () => {
    const result = await release();
    expect(lines.filter((l) => /^\[\d+\/18\] /.test(l))).toHaveLength(18);
    expect(lines[lines.findIndex((l) => l.startsWith('[1/18]'))]).toBe('[1/18] build opt:local-me-1.2.0');
    const digest = world.registry.get(`${A}:dev-1.2.0`)!;
    expect(lines).toContain(`  ${B}:dev-1.2.0 ${digest}`);
    const push = result.steps.find((s) => s.id === `push:${B}:dev-1.2.0`)!;
    expect(push).toMatchObject({ status: 'done', ref: `${B}:dev-1.2.0`, registry: 'b', digest });
    expect(push.seconds).toBeGreaterThanOrEqual(0);
    // Seconds, not milliseconds: a scripted step takes next to none.
    for (const step of result.steps)
      expect({ id: step.id, fast: step.seconds < 5 }).toEqual({ id: step.id, fast: true });
    // Only pushes that ran together (two registries at once) report their digest on a line of their own.
    expect(lines.filter((l) => /^ {2}\S+ sha256:[0-9a-f]{64}$/.test(l))).toEqual(
      [`${A}:dev-1.2.0`, `${B}:dev-1.2.0`, `${A}:dev`, `${B}:dev`].map((ref) => `  ${ref} ${digest}`),
    );
    expect(result.steps.find((s) => s.id === 'verify')).toMatchObject({ status: 'done', digest });
    const rerun = await (async () => {
      world.registry.delete(`${A}:dev`);
      world.tags.clear();
      world.origin!.clear();
      return release();
    })();
    expect(rerun.steps.find((s) => s.id === `push:${A}:dev-1.2.0`)).toMatchObject({ status: 'skipped', digest });
    expect(lines).toContain(`  skipped: ${A}:dev-1.2.0 already has ${digest}`);
  });

  it('a failed step is in the result with its first message line', async () => {
    world.fault((a) => a[0] === 'qa-check', { exitCode: 2, stdout: '', stderr: '' });
    const failure = (await release().catch((e: unknown) => e)) as ReleaseFailedError;
    const failed = failure.result.steps.at(-1)!;
    expect(failed).toMatchObject({
      id: 'qa',
      status: 'failed',
      note: 'QA failed with exit code 2 against opt:dev-1.2.0',
    });
    expect(failure.result.steps.filter((s) => s.status === 'done').map((s) => s.id)).toEqual([
      'build',
      'test:fast',
      'test:slow',
      'tag:opt:dev-1.2.0',
    ]);
  });

  it('pulls the version back from a registry when the local image is gone, and checks it was built from HEAD', async () => {
    await failedByDeniedPush();
    world.images.clear();
    const mark = world.changes().length;
    await release();
    expect(complete()).toBe(true);
    expect(changes(mark).filter((c) => c === 'build' || c.startsWith('test'))).toEqual([]);
    expect(world.calls.some((a) => a[1] === 'pull' && a[2] === `${A}:dev-1.2.0`)).toBe(true);
    // A pull is stopped when the registry goes silent, and shows its progress.
    const pull = world.calls.findIndex((a) => a[1] === 'pull');
    const { timeouts } = loadReleasableDir(world.root, 'opt', parsePluginOptions({})).config;
    expect(world.options[pull]).toMatchObject({ output: 'stream', idleTimeoutMs: timeouts.transfer * 1000 });
  });

  it('refuses a pulled version that was built from another commit (the version is taken)', async () => {
    await failedByDeniedPush();
    world.images.clear();
    world.registryImages.get(`${A}:dev-1.2.0`)!.labels['org.opencontainers.image.revision'] = 'f'.repeat(40);
    await expect(release()).rejects.toThrow(
      `${A}:dev-1.2.0 in the registry was built from revision ffffffffffff, not from HEAD ${world.head.slice(0, 12)}; the version is taken.`,
    );
    expect(world.registry.has(`${B}:dev-1.2.0`)).toBe(false);
  });
});

describe('runRelease: several platforms', () => {
  const platforms = ['linux/amd64', 'linux/arm64'];

  it('builds each platform, pushes each, then a list per registry verified to hold every platform', async () => {
    const result = await release({ platforms });
    expect(result.steps.every((s) => s.status === 'done' || s.status === 'skipped')).toBe(true);
    for (const registry of [A, B]) {
      const list = world.pushedLists.get(`${registry}:dev-1.2.0`)!;
      expect(Object.keys(list).sort()).toEqual(platforms);
      expect(list['linux/arm64']).toBe(world.registry.get(`${registry}:dev-1.2.0-linux-arm64`));
      expect(world.pushedLists.get(`${registry}:dev`)).toEqual(list);
    }
    expect(world.tags.get('opt-dev-1.2.0')).toBe(world.head);
    // Each platform was built for its platform; tests ran once, on the engine's own.
    const builds = world.calls.filter((a) => a[1] === 'build');
    expect(builds.map((a) => a[a.indexOf('--platform') + 1]).sort()).toEqual(platforms);
    expect(changes().filter((c) => c.startsWith('test'))).toEqual(['test fast', 'test slow']);
  });

  it('stops before the floating lists when a registry lists a platform at another digest', async () => {
    world.fault(
      (a) => a[1] === 'manifest' && a[2] === 'inspect' && a.at(-1) === `${B}:dev-1.2.0`,
      {
        exitCode: 0,
        stdout: JSON.stringify([
          { Descriptor: { digest: 'sha256:' + '1'.repeat(64), platform: { os: 'linux', architecture: 'amd64' } } },
          { Descriptor: { digest: 'sha256:' + '2'.repeat(64), platform: { os: 'linux', architecture: 'arm64' } } },
        ]),
        stderr: '',
      },
      5,
    );
    await expect(release({ platforms })).rejects.toThrow(
      `${B}:dev-1.2.0 lists linux/amd64 at sha256:${'1'.repeat(64)}`,
    );
    expect(world.pushedLists.has(`${A}:dev`)).toBe(false);
    expect(world.tags.size).toBe(0);
  });

  it('stops before the floating lists when a registry lists a platform that was not pushed', async () => {
    world.extraListEntries.set(`${A}:dev-1.2.0`, { 'linux/s390x': 'sha256:' + '3'.repeat(64) });
    await expect(release({ platforms })).rejects.toThrow(
      `${A}:dev-1.2.0 lists linux/amd64, linux/arm64, linux/s390x; expected linux/amd64, linux/arm64`,
    );
    expect(world.pushedLists.has(`${A}:dev`)).toBe(false);
    expect(world.tags.size).toBe(0);
  });

  it('stops before the floating lists when the versioned tag reads back as a single image, not a list', async () => {
    world.fault(
      (a) => a[1] === 'manifest' && a[2] === 'inspect' && a.at(-1) === `${A}:dev-1.2.0`,
      { exitCode: 0, stdout: JSON.stringify({ Descriptor: { digest: 'sha256:' + '4'.repeat(64) } }), stderr: '' },
      5,
    );
    await expect(release({ platforms })).rejects.toThrow(
      `${A}:dev-1.2.0 could not be read as a manifest list from the registry after the push`,
    );
    expect(world.pushedLists.has(`${A}:dev`)).toBe(false);
    expect(world.pushedLists.has(`${B}:dev`)).toBe(false);
  });
});

describe('runRelease: a registry that changes under a running release', () => {
  const other = 'sha256:' + 'e'.repeat(64);
  const nothingFloats = (): void => {
    expect(world.registry.has(`${A}:dev`)).toBe(false);
    expect(world.registry.has(`${B}:dev`)).toBe(false);
    expect(world.tags.size).toBe(0);
  };
  const afterPushOf = (ref: string) => (a: readonly string[]) => a[1] === 'push' && a[2] === ref;

  it('another image pushed to the version between preflight and the push is never overwritten', async () => {
    world.after(
      (a) => a[1] === 'build',
      () => world.registry.set(`${A}:dev-1.2.0`, other),
    );
    await expect(release()).rejects.toThrow(
      `${A}:dev-1.2.0 already exists with digest ${other}, which is not the local image; refusing to overwrite`,
    );
    expect(world.registry.get(`${A}:dev-1.2.0`)).toBe(other);
    nothingFloats();
  });

  it('a version gone from a registry right after its push stops before the floating tags', async () => {
    world.after(afterPushOf(`${B}:dev-1.2.0`), () => world.registry.delete(`${A}:dev-1.2.0`));
    await expect(release()).rejects.toThrow(`${A}:dev-1.2.0 is not in the registry after the push`);
    nothingFloats();
  });

  it('a registry that reads the version back at a digest other than the push reported stops before the floating tags', async () => {
    world.after(afterPushOf(`${B}:dev-1.2.0`), () => world.registry.set(`${B}:dev-1.2.0`, other));
    await expect(release()).rejects.toThrow(
      `${B}:dev-1.2.0 has digest ${other} in the registry, but the push reported `,
    );
    nothingFloats();
  });

  it('registries that stored the version at different digests stop before the floating tags', async () => {
    // B rewrote the manifest on upload (another compression): its push reports its own digest.
    world.fault(afterPushOf(`${B}:dev-1.2.0`), {
      exitCode: 0,
      stdout: `dev-1.2.0: digest: ${other} size: 530`,
      stderr: '',
    });
    world.after(afterPushOf(`${B}:dev-1.2.0`), () => world.registry.set(`${B}:dev-1.2.0`, other));
    const failure = release();
    await expect(failure).rejects.toThrow(`the versioned tags have different digests: `);
    await expect(failure).rejects.toThrow(other);
    nothingFloats();
  });

  it('a registry that cannot be read at verify stops before the floating tags, naming the tag', async () => {
    world.after(afterPushOf(`${B}:dev-1.2.0`), () =>
      world.fault(
        (a) => a[1] === 'manifest' && a[2] === 'inspect' && a.at(-1) === `${A}:dev-1.2.0`,
        { exitCode: 1, stdout: '', stderr: 'Get "https://127.0.0.1:5000/v2/": dial tcp: connection refused' },
        20,
      ),
    );
    await expect(release()).rejects.toThrow(`cannot read ${A}:dev-1.2.0 to verify the push: `);
    nothingFloats();
  });
});

describe('runRelease: several platforms, what each list step reports', () => {
  it('each manifest list step reports the digest the registry gave the list', async () => {
    const result = await release({ platforms: ['linux/amd64', 'linux/arm64'] });
    for (const list of [`${A}:dev-1.2.0`, `${B}:dev-1.2.0`, `${A}:dev`, `${B}:dev`]) {
      expect(result.steps.find((s) => s.id === `manifest:${list}`)).toMatchObject({
        status: 'done',
        digest: world.registry.get(list),
      });
    }
  });
});
