// @ts-nocheck
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { logger } from '@nx/devkit';
import { parsePluginOptions } from '@releasable/core';
import { loadReleasableDir, replaceSpawner } from '@releasable/drivers';
import { ScriptedWorld, writeOptWorkspace } from '../../../../../tools/testing/scripted-world.js';
import type { ProjectContext } from './define.js';
import { defaultStage } from './stage-choice.js';

let world: ScriptedWorld;
let restore: () => void;
let project: ProjectContext;
const image = { id: 'sha256:x', labels: {}, repoDigests: [] };

beforeEach(() => {
  world = new ScriptedWorld();
  writeOptWorkspace(world);
  restore = replaceSpawner(world.spawn);
  const dir = loadReleasableDir(world.root, 'opt', parsePluginOptions({}));
  project = { workspaceRoot: world.root, dir, absRoot: `${world.root}/opt`, user: () => 'me' };
});
afterEach(() => {
  restore();
  world.dispose();
});

describe('the stage docker-cmd and docker-bash use without --stage', () => {
  it('is the one given', async () => {
    expect(await defaultStage('prod', project, 'me', undefined)).toBe('prod');
    expect(world.calls).toEqual([]);
  });

  it('is dev when the dev image exists', async () => {
    world.images.set('opt:dev-1.2.0', image);
    world.images.set('opt:local-me-1.2.0', image);
    expect(await defaultStage(undefined, project, 'me', undefined)).toBe('dev');
  });

  it('is local, with a note, right after the first local build', async () => {
    world.images.set('opt:local-me-1.2.0', image);
    const info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
    expect(await defaultStage(undefined, project, 'me', undefined)).toBe('local');
    expect(info).toHaveBeenCalledWith(
      '› no opt:dev-1.2.0 in the engine yet: using the local image opt:local-me-1.2.0 (pass --stage to choose)',
    );
    info.mockRestore();
  });

  it('is dev when neither exists (its error says how to make it)', async () => {
    expect(await defaultStage(undefined, project, 'me', undefined)).toBe('dev');
  });
});
