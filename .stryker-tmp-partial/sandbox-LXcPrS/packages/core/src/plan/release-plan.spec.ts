// @ts-nocheck
import { describe, expect, it } from '@jest/globals';
import { parsePluginOptions, resolveConfig } from '../config/resolve.js';
import {
  planRelease,
  PreflightError,
  releasedVersionsFromTags,
  type PlanInput,
  type ReleaseState,
} from './release-plan.js';

const config = resolveConfig({
  name: 'opt',
  dirConfig: {},
  pluginOptions: parsePluginOptions({ registries: { a: '127.0.0.1:5000', b: '127.0.0.1:5001' } }),
  file: 'opt/repo_config.yaml',
});
const clean: ReleaseState = {
  head: 'c0ffee',
  branch: 'main',
  dirtyFiles: [],
  gitTags: [],
  hasRemote: true,
  registries: { a: {}, b: {} },
};
const cmd =
  (name: string) =>
  (...args: unknown[]) => [name, ...args.map((a) => (typeof a === 'object' ? JSON.stringify(a) : String(a)))];
function input(state: Partial<ReleaseState> = {}, options: Partial<PlanInput['options']> = {}): PlanInput {
  return {
    project: 'opt',
    config,
    releaseBranches: [],
    state: { ...clean, ...state },
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
    commands: {
      build: cmd('build'),
      test: cmd('test'),
      qa: cmd('qa'),
      tag: cmd('tag'),
      push: cmd('push'),
      pull: cmd('pull'),
      gitTag: cmd('git-tag'),
      gitPush: cmd('git-push'),
      manifestCreate: cmd('manifest-create'),
      manifestAnnotate: cmd('manifest-annotate'),
      manifestPush: cmd('manifest-push'),
    },
  };
}

describe('planRelease', () => {
  it('orders a dev release: build, tests, tags, QA, versioned pushes, verify, floating moves, git tag, git push', () => {
    const plan = planRelease(input());
    expect(plan.version).toBe('1.2.0');
    expect(plan.gitTag).toBe('opt-dev-1.2.0');
    expect(plan.steps.map((s) => s.id)).toEqual([
      'build',
      'test:fast',
      'test:slow',
      'tag:opt:dev-1.2.0',
      'qa',
      'claim',
      'tag:127.0.0.1:5000/opt:dev-1.2.0',
      'tag:127.0.0.1:5001/opt:dev-1.2.0',
      'push:127.0.0.1:5000/opt:dev-1.2.0',
      'push:127.0.0.1:5001/opt:dev-1.2.0',
      'verify',
      'tag:127.0.0.1:5000/opt:dev',
      'tag:127.0.0.1:5001/opt:dev',
      'push:127.0.0.1:5000/opt:dev',
      'push:127.0.0.1:5001/opt:dev',
      'tag:opt:dev',
      'git-tag',
      'git-push',
    ]);
  });

  it("gives a stage's own ignore file to its build steps, and says so in their titles", () => {
    const stagedContext = { source: '/ws/opt', ignoreFile: '/ws/opt/.dockerignore.dev' };
    const build = planRelease({ ...input(), stagedContext }).steps.find((s) => s.kind === 'build')!;
    expect(build.stagedContext).toEqual(stagedContext);
    expect(build.title).toBe('build opt:local-me-1.2.0 (context with .dockerignore.dev as its .dockerignore)');
    const multi = planRelease({
      ...input({ nativePlatform: 'linux/amd64' }, { platforms: ['linux/amd64', 'linux/arm64'] }),
      stagedContext,
    }).steps.filter((s) => s.kind === 'build');
    expect(multi.map((s) => s.stagedContext)).toEqual([stagedContext, stagedContext]);
    expect(multi[1]!.title).toMatch(/\(linux\/arm64\) \(context with \.dockerignore\.dev as its \.dockerignore\)$/);
    const plain = planRelease(input()).steps.find((s) => s.kind === 'build')!;
    expect(plain.stagedContext).toBeUndefined();
    expect(plain.title).toBe('build opt:local-me-1.2.0');
  });

  it('is a no-op when every tag is in place and the git tag is at HEAD', () => {
    const d = 'sha256:' + '1'.repeat(64);
    const plan = planRelease(
      input({
        releaseTagCommit: 'c0ffee',
        gitTags: ['opt-dev-1.2.0'],
        remoteTags: { 'opt-dev-1.2.0': 'c0ffee' },
        registries: { a: { versioned: d, floating: d }, b: { versioned: d, floating: d } },
      }),
    );
    expect(plan.alreadyReleased).toBe(true);
    expect(plan.steps).toEqual([]);
    expect(plan.floatingElsewhere).toEqual([]);
  });

  it('resumes without a rebuild when the local image is the one already pushed', () => {
    const d = 'sha256:' + '2'.repeat(64);
    const plan = planRelease(
      input({
        localImage: { id: 'x', revision: 'c0ffee', repoDigests: [`127.0.0.1:5000/opt@${d}`] },
        registries: { a: { versioned: d }, b: {} },
      }),
    );
    expect(plan.reuse).toContain('resuming without a rebuild');
    expect(plan.steps.map((s) => s.kind)).not.toContain('build');
    expect(plan.steps.map((s) => s.kind)).not.toContain('test');
  });

  it('refuses, listing every problem, before planning any step', () => {
    const run = () =>
      planRelease(
        input(
          { dirtyFiles: ['a.txt'], branch: 'feature', gitTags: ['opt-dev-1.3.0'], releaseTagCommit: undefined },
          {},
        ),
      );
    expect(run).toThrow(PreflightError);
    expect(run).toThrow(
      'release of opt dev 1.2.0 refused; nothing was changed:\n- the git tree has uncommitted changes; commit or stash them first:\n  a.txt\n- dev release 1.2.0 is not greater than the last released 1.3.0',
    );
    expect(() => planRelease({ ...input({ branch: 'feature' }), releaseBranches: ['main'] })).toThrow(
      'branch "feature" may not release; allowed: main',
    );
  });

  it('does not push or tag with --no-push', () => {
    const plan = planRelease(input({}, { push: false }));
    expect(plan.steps.map((s) => s.id)).toEqual([
      'build',
      'test:fast',
      'test:slow',
      'tag:opt:dev-1.2.0',
      'qa',
      'tag:opt:dev',
    ]);
  });
});

describe('releasedVersionsFromTags', () => {
  it('reads versions of one dir and stage from tag names', () => {
    expect(
      releasedVersionsFromTags('{name}-{stage}-{version}', 'opt', 'dev', [
        'opt-dev-1.2.0',
        'opt-prod-1.2.3',
        'optx-dev-9.0.0',
        'opt-dev-1.10.0',
      ]),
    ).toEqual(['1.2.0', '1.10.0']);
  });
});

describe('planRelease with several platforms', () => {
  it('builds each platform, tests the native one, pushes per-platform tags, then lists, then floating lists, then git', () => {
    const plan = planRelease(
      input({ nativePlatform: 'linux/amd64' }, { platforms: ['linux/amd64', 'linux/arm64'], registries: ['a'] }),
    );
    expect(plan.steps.map((s) => s.id)).toEqual([
      'build:linux/amd64',
      'build:linux/arm64',
      'test:fast',
      'test:slow',
      'tag:opt:dev-1.2.0-linux-amd64',
      'tag:opt:dev-1.2.0-linux-arm64',
      'tag:opt:dev-1.2.0',
      'qa',
      'claim',
      'tag:127.0.0.1:5000/opt:dev-1.2.0-linux-amd64',
      'tag:127.0.0.1:5000/opt:dev-1.2.0-linux-arm64',
      'push:127.0.0.1:5000/opt:dev-1.2.0-linux-amd64',
      'push:127.0.0.1:5000/opt:dev-1.2.0-linux-arm64',
      'manifest:127.0.0.1:5000/opt:dev-1.2.0',
      'verify',
      'manifest:127.0.0.1:5000/opt:dev',
      'tag:opt:dev',
      'git-tag',
      'git-push',
    ]);
    expect(plan.steps.find((s) => s.id === 'test:fast')?.ref).toBe('opt:local-me-1.2.0-linux-amd64');
    expect(plan.steps.find((s) => s.id === 'manifest:127.0.0.1:5000/opt:dev-1.2.0')?.commands).toHaveLength(4);
  });

  it('refuses when no platform runs on the engine and tests are asked for', () => {
    expect(() =>
      planRelease(input({ nativePlatform: 'linux/amd64' }, { platforms: ['linux/arm64', 'linux/s390x'] })),
    ).toThrow(
      'none of the platforms linux/arm64, linux/s390x runs on this engine (linux/amd64), so tests and QA cannot run; add linux/amd64, or pass --skip-tests --no-qa-tests.',
    );
  });
});

describe('planRelease: resume and completion', () => {
  const d = 'sha256:' + '3'.repeat(64);
  const older = 'sha256:' + '4'.repeat(64);
  const released = {
    releaseTagCommit: 'c0ffee',
    gitTags: ['opt-dev-1.2.0'],
    remoteTags: { 'opt-dev-1.2.0': 'c0ffee' },
    registries: { a: { versioned: d, floating: d }, b: { versioned: d, floating: d } },
  };

  it.each([
    {
      name: 'an image built from HEAD with no test record is rebuilt and tested',
      localImage: { id: 'img', revision: 'c0ffee', repoDigests: [] },
      options: {},
      reused: false,
    },
    {
      name: 'an image that passed only the fast list at HEAD is rebuilt and tested',
      localImage: { id: 'img', revision: 'c0ffee', repoDigests: [], passedTests: ['fast'] as const },
      options: {},
      reused: false,
    },
    {
      name: 'an image recorded to have passed fast and slow at HEAD is reused',
      localImage: { id: 'img', revision: 'c0ffee', repoDigests: [], passedTests: ['fast', 'slow'] as const },
      options: {},
      reused: true,
    },
    {
      name: 'a record of fast and slow is not enough when superslow is asked',
      localImage: { id: 'img', revision: 'c0ffee', repoDigests: [], passedTests: ['fast', 'slow'] as const },
      options: { superslowTests: true },
      reused: false,
    },
    {
      name: 'an image built from another commit is rebuilt',
      localImage: { id: 'img', revision: 'bad', repoDigests: [], passedTests: ['fast', 'slow'] as const },
      options: {},
      reused: false,
    },
    {
      name: 'with --skip-tests an image built from HEAD is reused without a record',
      localImage: { id: 'img', revision: 'c0ffee', repoDigests: [] },
      options: { tests: false },
      reused: true,
    },
  ])('$name', ({ localImage, options, reused }) => {
    const plan = planRelease(input({ localImage }, options));
    expect(plan.steps.some((s) => s.kind === 'build')).toBe(!reused);
    expect(plan.reuse !== undefined).toBe(reused);
    if (!reused && options.tests !== false) {
      expect(plan.steps.filter((s) => s.kind === 'test').map((s) => s.list)).toEqual(
        options.superslowTests ? ['fast', 'slow', 'superslow'] : ['fast', 'slow'],
      );
    }
  });

  it('a completed release whose floating tag was rolled back stays a no-op and says where the tag points', () => {
    const plan = planRelease(
      input({ ...released, registries: { a: { versioned: d, floating: older }, b: { versioned: d, floating: d } } }),
    );
    expect(plan.alreadyReleased).toBe(true);
    expect(plan.steps).toEqual([]);
    expect(plan.floatingElsewhere).toEqual([{ ref: '127.0.0.1:5000/opt:dev', digest: older }]);
  });

  it('a completed release rerun from a later commit of the same version is a no-op, not a refusal', () => {
    const plan = planRelease(
      input({ ...released, head: 'beef', registries: { a: { versioned: d, floating: older }, b: { versioned: d } } }),
    );
    expect(plan.alreadyReleased).toBe(true);
    expect(plan.steps).toEqual([]);
  });

  it.each([
    { name: 'no local image', localImage: undefined },
    {
      name: 'a local image built from the released commit',
      localImage: { id: 'a', revision: 'c0ffee', repoDigests: [] },
    },
    {
      name: 'a local image built and tested at the new HEAD',
      localImage: { id: 'b', revision: 'beef', repoDigests: [], passedTests: ['fast', 'slow'] as const },
    },
    {
      name: 'the pushed image itself',
      localImage: { id: 'c', revision: 'c0ffee', repoDigests: [`127.0.0.1:5000/opt@${d}`] },
    },
  ])('HEAD moved without a version bump: the same no-op whatever the local image ($name)', ({ localImage }) => {
    const plan = planRelease(input({ ...released, head: 'beef', ...(localImage ? { localImage } : {}) }));
    expect(plan.alreadyReleased).toBe(true);
    expect(plan.steps).toEqual([]);
    expect(plan.reuse).toBeUndefined();
  });

  it('a git tag made here that origin lacks is pushed, and nothing else runs', () => {
    const plan = planRelease(input({ ...released, remoteTags: {} }));
    expect(plan.alreadyReleased).toBe(true);
    expect(plan.steps.map((s) => s.id)).toEqual(['git-push']);
    const unreadable = planRelease(input({ ...released, remoteTags: undefined, remoteTagsError: 'no route' }));
    expect(unreadable.steps.map((s) => s.id)).toEqual(['git-push']);
    const noRemote = planRelease(input({ ...released, hasRemote: false, remoteTags: undefined }));
    expect(noRemote.steps).toEqual([]);
  });

  it('a registry that cannot be read is never taken as "tag absent": the release refuses', () => {
    const run = () =>
      planRelease(input({ ...released, registries: { a: { error: 'no answer within 30 s' }, b: { versioned: d } } }));
    expect(run).toThrow(PreflightError);
    expect(run).toThrow('registry "a": no answer within 30 s');
  });

  it('versions on origin count for the order check (a shallow clone lacks them)', () => {
    const run = () => planRelease(input({ shallow: true, gitTags: [], remoteTags: { 'opt-dev-1.9.0': 'old' } }));
    expect(run).toThrow('dev release 1.2.0 is not greater than the last released 1.9.0');
  });

  it('a shallow clone whose origin tags cannot be read refuses with the fix', () => {
    const run = () => planRelease(input({ shallow: true, remoteTagsError: 'could not resolve host' }));
    expect(run).toThrow(
      'this clone is shallow and origin\'s tags could not be read (could not resolve host), so the last released version is unknown; run "git fetch --tags --unshallow" first.',
    );
    expect(() => planRelease(input({ shallow: true, remoteTags: {} }))).not.toThrow();
  });

  it('a release tag on another commit, seen only on origin, refuses', () => {
    const run = () => planRelease(input({ remoteTags: { 'opt-dev-1.2.0': 'other' } }));
    expect(run).toThrow('git tag opt-dev-1.2.0 already exists at other, but HEAD is c0ffee');
  });

  it('the local floating tag moves only after the floating pushes, just before the git tag', () => {
    const ids = planRelease(input()).steps.map((s) => s.id);
    expect(ids.indexOf('tag:opt:dev')).toBeGreaterThan(ids.indexOf('push:127.0.0.1:5001/opt:dev'));
    expect(ids.indexOf('tag:opt:dev')).toBeLessThan(ids.indexOf('git-tag'));
  });
});

describe('planRelease: every step as the user sees it', () => {
  it('a prod release whose dev image is not local pulls it first; every step has its kind, title and argv', () => {
    const plan = planRelease(input({ devImagePresent: false }, { stage: 'prod' }));
    const shown = plan.steps.map((s) => [s.id, s.kind, s.title, s.argv?.[0]]);
    expect(shown).toEqual([
      ['pull:dev', 'pull', 'pull 127.0.0.1:5000/opt:dev-1.2.0', 'pull'],
      ['tag:opt:dev-1.2.0', 'tag', 'tag 127.0.0.1:5000/opt:dev-1.2.0 as opt:dev-1.2.0', 'tag'],
      ['build', 'build', 'build opt:prod-1.2.3', 'build'],
      ['test:fast', 'test', 'fast tests in opt:prod-1.2.3', 'test'],
      ['test:slow', 'test', 'slow tests in opt:prod-1.2.3', 'test'],
      ['qa', 'qa', 'QA against opt:prod-1.2.3', 'qa'],
      ['claim', 'claim', 'claim opt-prod-1.2.3 on origin (refs/releasable/claims/opt-prod-1.2.3)', undefined],
      ['tag:127.0.0.1:5000/opt:prod-1.2.3', 'tag', 'tag opt:prod-1.2.3 as 127.0.0.1:5000/opt:prod-1.2.3', 'tag'],
      ['tag:127.0.0.1:5001/opt:prod-1.2.3', 'tag', 'tag opt:prod-1.2.3 as 127.0.0.1:5001/opt:prod-1.2.3', 'tag'],
      ['push:127.0.0.1:5000/opt:prod-1.2.3', 'push', 'push 127.0.0.1:5000/opt:prod-1.2.3', 'push'],
      ['push:127.0.0.1:5001/opt:prod-1.2.3', 'push', 'push 127.0.0.1:5001/opt:prod-1.2.3', 'push'],
      [
        'verify',
        'verify',
        'verify 127.0.0.1:5000/opt:prod-1.2.3, 127.0.0.1:5001/opt:prod-1.2.3 have one digest',
        undefined,
      ],
      ['tag:127.0.0.1:5000/opt:prod', 'tag', 'tag opt:prod-1.2.3 as 127.0.0.1:5000/opt:prod', 'tag'],
      ['tag:127.0.0.1:5001/opt:prod', 'tag', 'tag opt:prod-1.2.3 as 127.0.0.1:5001/opt:prod', 'tag'],
      ['push:127.0.0.1:5000/opt:prod', 'push', 'move 127.0.0.1:5000/opt:prod', 'push'],
      ['push:127.0.0.1:5001/opt:prod', 'push', 'move 127.0.0.1:5001/opt:prod', 'push'],
      ['tag:opt:prod', 'tag', 'tag opt:prod-1.2.3 as opt:prod', 'tag'],
      ['git-tag', 'git-tag', 'git tag opt-prod-1.2.3', 'git-tag'],
      ['git-push', 'git-push', 'push git tag opt-prod-1.2.3', 'git-push'],
    ]);
    const push = plan.steps.find((s) => s.id === 'push:127.0.0.1:5001/opt:prod-1.2.3')!;
    expect(push).toMatchObject({ ref: '127.0.0.1:5001/opt:prod-1.2.3', registry: 'b', skipWhenPushed: true });
    expect(plan.steps.find((s) => s.id === 'push:127.0.0.1:5000/opt:prod')).toMatchObject({ floating: true });
  });

  it('a resumed image pulled back from a registry must carry HEAD', () => {
    const d = 'sha256:' + '5'.repeat(64);
    const plan = planRelease(input({ registries: { a: { versioned: d }, b: {} } }));
    expect(plan.steps.slice(0, 2).map((s) => [s.id, s.kind, s.title])).toEqual([
      ['pull:a', 'pull', 'pull 127.0.0.1:5000/opt:dev-1.2.0'],
      ['tag:local:opt:dev-1.2.0', 'tag', 'tag 127.0.0.1:5000/opt:dev-1.2.0 as opt:dev-1.2.0'],
    ]);
    expect(plan.steps[0]).toMatchObject({ expectRevision: 'c0ffee', ref: '127.0.0.1:5000/opt:dev-1.2.0' });
    expect(plan.reuse).toBe('opt:dev-1.2.0 is in a; pulling it instead of rebuilding');
  });

  it('without QA there is no QA step; with one platform foreign to the engine, the build names it', () => {
    expect(planRelease(input({}, { qa: false })).steps.some((s) => s.kind === 'qa')).toBe(false);
    const foreign = planRelease(input({ nativePlatform: 'linux/amd64' }, { platforms: ['linux/arm64'], tests: false }));
    expect(foreign.steps[0]!.argv).toEqual(['build', expect.stringContaining('"platform":"linux/arm64"')]);
    const native = planRelease(input({ nativePlatform: 'linux/amd64' }, { platforms: ['linux/amd64'] }));
    expect(native.steps[0]!.argv).toEqual(['build', expect.not.stringContaining('platform')]);
  });

  it.each([
    {
      name: 'more than 20 dirty files are cut short',
      state: { dirtyFiles: Array.from({ length: 23 }, (_, i) => `f${i}.txt`) },
      message: '  f19.txt\n  … and 3 more',
    },
    {
      name: 'no commit yet',
      state: { head: undefined },
      message: 'the repo has no commit yet; commit before releasing.',
    },
    { name: 'no engine', state: { engineError: 'no Docker engine answers' }, message: '- no Docker engine answers' },
    {
      name: 'the version with two digests across registries',
      state: {
        registries: { a: { versioned: 'sha256:' + 'a'.repeat(64) }, b: { versioned: 'sha256:' + 'b'.repeat(64) } },
      },
      message: 'opt:dev-1.2.0 has different digests in different registries',
    },
    {
      name: 'the version in a registry is not the local image',
      state: {
        localImage: { id: 'x', revision: 'c0ffee', repoDigests: [] },
        registries: { a: { versioned: 'sha256:' + 'c'.repeat(64) }, b: {} },
      },
      message: `the registry already holds 1.2.0 with digest sha256:${'c'.repeat(64)}, which is not the local image`,
    },
  ])('refuses: $name', ({ state, message }) => {
    expect(() => planRelease(input(state as Partial<ReleaseState>))).toThrow(message);
  });

  it('a prod release with no dev image and no registry to pull it from refuses', () => {
    const run = () => planRelease(input({ devImagePresent: false }, { stage: 'prod', registries: [] }));
    expect(run).toThrow('prod is built FROM opt:dev-1.2.0');
  });

  it('a plan made to be shown carries the refusals and the steps a real run would take', () => {
    const plan = planRelease(input({ dirtyFiles: ['a.txt'] }), { report: true });
    expect(plan.refusals).toEqual(['the git tree has uncommitted changes; commit or stash them first:\n  a.txt']);
    expect(plan.alreadyReleased).toBe(false);
    expect(plan.steps.map((s) => s.id)).toContain('git-push');
    expect(planRelease(input(), { report: true }).refusals).toBeUndefined();
  });
});

describe('planRelease: a claim on origin before the first push', () => {
  it('comes right before the versioned tags when there is a remote, and not without one or without pushes', () => {
    const ids = (plan: { steps: readonly { id: string }[] }) => plan.steps.map((s) => s.id);
    const withRemote = ids(planRelease(input()));
    expect(withRemote.indexOf('claim')).toBe(withRemote.findIndex((id) => id.startsWith('tag:127.0.0.1')) - 1);
    expect(withRemote.filter((id) => id === 'claim')).toHaveLength(1);
    // Without a remote: the same steps, less the claim and the tag push (nothing else added).
    expect(ids(planRelease(input({ hasRemote: false })))).toEqual(
      withRemote.filter((id) => id !== 'claim' && id !== 'git-push'),
    );
    expect(ids(planRelease(input({}, { push: false })))).not.toContain('claim');
    const multi = ids(
      planRelease(input({ nativePlatform: 'linux/amd64' }, { platforms: ['linux/amd64', 'linux/arm64'] })),
    );
    expect(multi.indexOf('claim')).toBeLessThan(multi.findIndex((id) => id.startsWith('push:')));
  });
});
