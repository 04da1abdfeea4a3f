import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exec } from '@releasable/drivers';
import { describeWithEngine, uniqueSuffix } from '../testing/docker-engine.js';
import { passAll, startFaultProxy, type FaultProxy, type FaultRule } from '../testing/fault-proxy.js';
import { ok, out } from '../testing/output.js';
import {
  createTempWorkspace,
  deleteRegistryRepository,
  REGISTRY,
  registryManifest,
  removeLocalImages,
  SECOND_REGISTRY,
  type TempWorkspace,
} from '../testing/temp-workspace.js';
import { runNxAndKill } from './kill.js';
import { brokenPromises, incomplete, readReleaseState } from './promise.js';

// The fault suite: each fault hits a real release of one dir to two real registries (one behind a
// fault-injecting proxy), then the promise is checked from outside (registry HTTP API, git, the
// engine) and a plain rerun must complete the release. Oracles are the promise itself, not
// releasable's output.
const suffix = `k${uniqueSuffix()}`;
const repository = `opt-${suffix}`;
const dockerConfig = mkdtempSync(path.join(tmpdir(), 'releasable-docker-config-'));
const origin = mkdtempSync(path.join(tmpdir(), 'releasable-origin-'));
const env = { DOCKER_CONFIG: dockerConfig };
const release = ['run', 'opt:release-dev'];
let ws: TempWorkspace;
let proxy: FaultProxy;
let minor = 4;

/** A new version of the dir, committed: every scenario releases a version of its own. */
async function nextVersion(): Promise<string> {
  minor += 1;
  const version = `0.${minor}.0`;
  const changelog = ws.read('apps/optimizer/changelog.txt');
  ws.write('apps/optimizer/changelog.txt', `# opt-${version}\n- 2026-11-27\n- Fault scenario\n\n${changelog}`);
  await ws.commit(`opt ${version}`);
  return version;
}

const read = (version: string) =>
  readReleaseState({
    repository,
    version,
    registries: [REGISTRY, SECOND_REGISTRY],
    gitTag: `opt-dev-${version}`,
    clone: ws.root,
  });

async function floatingNow(): Promise<Record<string, string | undefined>> {
  const now: Record<string, string | undefined> = {};
  for (const url of [REGISTRY, SECOND_REGISTRY]) now[url] = (await registryManifest(repository, 'dev', url))?.digest;
  return now;
}

/** After the fault: the promise holds; after a plain rerun: the release is complete. */
async function expectPromiseThenCompletion(version: string, before: Record<string, string | undefined>) {
  expect(brokenPromises(await read(version), before)).toEqual([]);
  proxy.setRule(passAll);
  proxy.dropHung();
  const rerun = await ws.nx(release, env);
  expect(ok(rerun)).toEqual({ code: 0, tail: '' });
  expect(incomplete(await read(version))).toEqual([]);
}

const manifestPut = (url: string, method: string): boolean => method === 'PUT' && url.includes('/manifests/');
const blobUpload = (url: string, method: string): boolean =>
  url.includes('/blobs/uploads/') && (method === 'PATCH' || method === 'PUT');
const registryError = (code: string, message: string): string => JSON.stringify({ errors: [{ code, message }] });

/** Passes every request after the first `times` that `matches` picks out. */
function failFirst(times: number, matches: (url: string, method: string) => boolean, fault: ReturnType<FaultRule>) {
  let left = times;
  return (({ url, method }) => (matches(url, method) && left-- > 0 ? fault : { kind: 'pass' })) as FaultRule;
}

await describeWithEngine('fault suite: the release promise under registry faults and kill -9', () => {
  beforeAll(async () => {
    proxy = await startFaultProxy(SECOND_REGISTRY);
    ws = await createTempWorkspace({
      apps: ['optimizer'],
      suffix,
      pluginOptions: {
        registries: { local: REGISTRY, proxied: proxy.url },
        targetRegistries: ['local', 'proxied'],
        releaseBranches: ['main'],
        timeouts: { registryRead: 3, transfer: 5 },
      },
    });
    await exec(['git', 'init', '-q', '--bare', path.join(origin, 'origin.git')]);
    await ws.git(['remote', 'add', 'origin', path.join(origin, 'origin.git')]);
    // A first release, so every scenario starts with `dev` pointing at an earlier version.
    expect(ok(await ws.nx(release, env))).toEqual({ code: 0, tail: '' });
  }, 300_000);

  afterAll(async () => {
    await proxy?.close();
    await removeLocalImages(suffix);
    for (const url of [REGISTRY, SECOND_REGISTRY]) await deleteRegistryRepository(repository, url);
    ws?.dispose();
    rmSync(origin, { recursive: true, force: true });
    rmSync(dockerConfig, { recursive: true, force: true });
  }, 120_000);

  // What the fault is, what the faulted run must do, and what its output must say.
  const scenarios: {
    name: string;
    rule: () => FaultRule;
    completes: boolean;
    says?: RegExp;
    /** What the output must not say (e.g. a retry that cannot help). */
    saysNot?: RegExp;
    check?: () => void;
  }[] = [
    {
      name: 'hang: the registry stops answering uploads',
      rule:
        () =>
        ({ url, method }) =>
          blobUpload(url, method) ? { kind: 'hang' } : { kind: 'pass' },
      completes: false,
      says: /no progress for 5 s, stopped: docker push/,
    },
    {
      name: '500 on every manifest upload',
      rule:
        () =>
        ({ url, method }) =>
          manifestPut(url, method) ? { kind: 'status', status: 500 } : { kind: 'pass' },
      completes: false,
      says: /registry failed on its side \(HTTP 500\)/,
    },
    {
      name: '503 once on an upload (retried)',
      rule: () =>
        failFirst(1, (url, method) => method === 'POST' && url.includes('/blobs/uploads/'), {
          kind: 'status',
          status: 503,
          body: registryError('UNAVAILABLE', 'service unavailable'),
        }),
      completes: true,
    },
    {
      name: 'connection closed mid-upload, once (retried)',
      rule: () => failFirst(1, blobUpload, { kind: 'close' }),
      completes: true,
    },
    {
      name: '401 on the manifest upload (not retried)',
      rule:
        () =>
        ({ url, method }) =>
          manifestPut(url, method)
            ? { kind: 'status', status: 401, body: registryError('UNAUTHORIZED', 'authentication required') }
            : { kind: 'pass' },
      completes: false,
      says: /refused the credentials or the repository/,
      check: () => expect(proxy.seen.filter((s) => manifestPut(s.url, s.method))).toHaveLength(1),
    },
    {
      name: '403 on the manifest upload (not retried)',
      rule:
        () =>
        ({ url, method }) =>
          manifestPut(url, method)
            ? {
                kind: 'status',
                status: 403,
                body: registryError('DENIED', 'requested access to the resource is denied'),
              }
            : { kind: 'pass' },
      completes: false,
      says: /denied/,
      check: () => expect(proxy.seen.filter((s) => manifestPut(s.url, s.method))).toHaveLength(1),
    },
    {
      name: 'full storage: the registry cannot write the upload',
      rule:
        () =>
        ({ url, method }) =>
          blobUpload(url, method)
            ? {
                kind: 'status',
                status: 500,
                body: registryError('UNKNOWN', 'filesystem: write /var/lib/registry/data: no space left on device'),
              }
            : { kind: 'pass' },
      completes: false,
      // Docker does not relay the registry's error body, so a full disk is a 500 like any other;
      // Docker retries the layer upload itself (~50 s), and releasable does not retry it again.
      says: /Docker already retried the upload; the registry failed on its side \(HTTP 500\); a full storage disk/,
      saysNot: /retry 1\/2/,
    },
    {
      name: 'hang on manifest reads: refused in preflight, never taken as "absent"',
      rule:
        () =>
        ({ url, method }) =>
          url.includes('/manifests/') && (method === 'GET' || method === 'HEAD') ? { kind: 'hang' } : { kind: 'pass' },
      completes: false,
      says: /no answer within 3 s \(timeouts\.registryRead\)/,
    },
  ];

  it.each(scenarios)(
    '$name',
    async ({ rule, completes, says, saysNot, check }) => {
      const version = await nextVersion();
      const before = await floatingNow();
      proxy.seen.length = 0;
      proxy.setRule(rule());
      const faulted = await ws.nx(release, env);
      proxy.setRule(passAll);
      proxy.dropHung();
      if (completes) {
        expect(ok(faulted)).toEqual({ code: 0, tail: '' });
        expect(proxy.seen.some((s) => s.fault !== 'pass')).toBe(true);
      } else {
        expect(faulted.exitCode).not.toBe(0);
        expect(out(faulted)).toMatch(says!);
      }
      if (saysNot) expect(out(faulted)).not.toMatch(saysNot);
      check?.();
      await expectPromiseThenCompletion(version, before);
    },
    300_000,
  );

  it('kill -9 of the whole release at the start of each step: the promise holds, a rerun completes', async () => {
    const killedAt: string[] = [];
    for (let step = 1; step < 40; step++) {
      const version = await nextVersion();
      const before = await floatingNow();
      const run = await runNxAndKill(ws.root, release, new RegExp(`\\[${step}/\\d+\\] [^\\n]*\\n`), env);
      if (!run.killed) {
        // Past the last step: the release ran to its end.
        expect(run.output).toContain(`opt-dev-${version}`);
        expect(incomplete(await read(version))).toEqual([]);
        break;
      }
      killedAt.push(/\[\d+\/\d+\] ([^\n]*)\n/.exec(run.output.slice(run.output.lastIndexOf(`[${step}/`)))![1]!);
      expect({ step, broken: brokenPromises(await read(version), before) }).toEqual({ step, broken: [] });
      const rerun = await ws.nx(release, env);
      expect({ step, ...ok(rerun) }).toEqual({ step, code: 0, tail: '' });
      expect({ step, missing: incomplete(await read(version)) }).toEqual({ step, missing: [] });
    }
    // Every kind of step was hit: build, tests, QA, pushes, verify, floating moves, git.
    expect(killedAt.join('\n')).toMatch(/build/);
    expect(killedAt.join('\n')).toMatch(/push/);
    expect(killedAt.join('\n')).toMatch(/git tag/);
    expect(killedAt.length).toBeGreaterThan(10);
  }, 1_800_000);
});
