// @ts-nocheck
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { parsePluginOptions, resolveConfig, stageRefs } from '@releasable/core';
import { ScriptedWorld } from '../../../../tools/testing/scripted-world.js';
import { replaceSpawner } from '../exec.js';
import { pushStage } from './push-stage.js';

// docker-push-dev/prod's push path against a scripted engine and registries: what is pushed, in
// which order, and what is refused before anything is pushed.
const A = '127.0.0.1:5000/opt';
const B = '127.0.0.1:5001/opt';
const other = `sha256:${'7'.repeat(64)}`;
let world: ScriptedWorld;
let restore: () => void;
let lines: string[];

const config = resolveConfig({
  name: 'opt',
  dirConfig: {},
  pluginOptions: parsePluginOptions({
    registries: { a: '127.0.0.1:5000', b: '127.0.0.1:5001' },
    targetRegistries: ['a', 'b'],
    timeouts: { retryBackoff: 0 },
  }),
  file: 'opt/repo_config.yaml',
});
const refs = stageRefs(config, 'dev', '1.2.3', 'me');
const push = () => pushStage({ refs, project: 'opt', config, log: (line) => lines.push(line) });
const pushes = (): string[] => world.calls.filter((a) => a[1] === 'push').map((a) => a[2]!);

beforeEach(() => {
  world = new ScriptedWorld();
  restore = replaceSpawner(world.spawn);
  lines = [];
  world.images.set('opt:dev-1.2.0', { id: 'sha256:img', labels: {}, repoDigests: [] });
});
afterEach(() => {
  restore();
  world.dispose();
});

describe('pushStage', () => {
  it('pushes every versioned tag, reads them back, then moves the floating tags', async () => {
    const pushed = await push();
    expect(pushes()).toEqual([`${A}:dev-1.2.0`, `${B}:dev-1.2.0`, `${A}:dev`, `${B}:dev`]);
    const digest = world.registry.get(`${A}:dev-1.2.0`);
    expect(pushed.map((p) => [p.ref, p.digest])).toEqual([
      [`${A}:dev-1.2.0`, digest],
      [`${B}:dev-1.2.0`, digest],
      [`${A}:dev`, digest],
      [`${B}:dev`, digest],
    ]);
    const lastVersioned = world.calls.findIndex((a) => a[1] === 'push' && a[2] === `${B}:dev-1.2.0`);
    const firstFloating = world.calls.findIndex((a) => a[1] === 'push' && a[2] === `${A}:dev`);
    const readBack = world.calls
      .slice(lastVersioned + 1, firstFloating)
      .filter((a) => a[1] === 'manifest')
      .map((a) => a.at(-1));
    expect(readBack).toEqual([`${A}:dev-1.2.0`, `${B}:dev-1.2.0`]);
  });

  it('skips a registry that already has this image and still moves its floating tag', async () => {
    await push();
    world.calls.length = 0;
    const again = await push();
    expect(again.filter((p) => p.skipped).map((p) => p.ref)).toEqual([`${A}:dev-1.2.0`, `${B}:dev-1.2.0`]);
    expect(pushes()).toEqual([`${A}:dev`, `${B}:dev`]);
  });

  it('refuses to overwrite a released version anywhere, before pushing anything', async () => {
    world.registry.set(`${B}:dev-1.2.0`, other);
    await expect(push()).rejects.toThrow(
      `${B}:dev-1.2.0 already exists with digest ${other}, which is not opt:dev-1.2.0; refusing to overwrite a released version. Nothing was pushed.`,
    );
    expect(pushes()).toEqual([]);
    expect(world.registry.get(`${B}:dev-1.2.0`)).toBe(other);
  });

  it('a registry that cannot be read stops the push before anything is pushed', async () => {
    world.fault(
      (a) => a[1] === 'manifest' && a.at(-1) === `${B}:dev-1.2.0`,
      { exitCode: 1, stdout: '', stderr: 'net/http: request canceled (Client.Timeout exceeded)' },
      3,
    );
    await expect(push()).rejects.toThrow(`cannot read ${B}:dev-1.2.0 before pushing it`);
    expect(pushes()).toEqual([]);
    // Read three times (the retry policy) before giving up.
    expect(world.calls.filter((a) => a[1] === 'manifest' && a.at(-1) === `${B}:dev-1.2.0`)).toHaveLength(3);
  });

  it('moves no floating tag when the registry reads back another digest', async () => {
    let versionedPushes = 0;
    world.fault(
      (a) => {
        if (a[1] === 'push' && a[2]!.endsWith('-1.2.0')) versionedPushes += 1;
        return versionedPushes === 2 && a[1] === 'manifest' && a.at(-1) === `${A}:dev-1.2.0`;
      },
      { exitCode: 0, stdout: JSON.stringify({ Descriptor: { digest: other } }), stderr: '' },
    );
    await expect(push()).rejects.toThrow(`reads as ${other} in the registry`);
    expect(pushes().filter((r) => r.endsWith(':dev'))).toEqual([]);
  });

  it('stops when a floating push lands on another digest than its version', async () => {
    world.fault((a) => a[1] === 'push' && a[2] === `${A}:dev`, {
      exitCode: 0,
      stdout: `dev: digest: ${other} size: 528`,
      stderr: '',
    });
    await expect(push()).rejects.toThrow(`${A}:dev got digest ${other}`);
    expect(pushes()).not.toContain(`${B}:dev`);
  });

  it('needs the local image and a registry', async () => {
    world.images.clear();
    await expect(push()).rejects.toThrow('image opt:dev-1.2.0 is not in the local engine');
    const none = stageRefs(config, 'dev', '1.2.3', 'me', []);
    await expect(pushStage({ refs: none, project: 'opt', config, log: () => undefined })).rejects.toThrow(
      'project "opt" has no target registry',
    );
    expect(pushes()).toEqual([]);
  });
});
