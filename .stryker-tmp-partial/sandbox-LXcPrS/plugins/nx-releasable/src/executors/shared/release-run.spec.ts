// @ts-nocheck
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { logger } from '@nx/devkit';
import { parsePluginOptions } from '@releasable/core';
import { loadReleasableDir, replaceSpawner } from '@releasable/drivers';
import { ScriptedWorld, writeOptWorkspace } from '../../../../../tools/testing/scripted-world.js';
import type { ProjectContext } from './define.js';
import { releaseSchema } from './release-options.js';
import { runReleases } from './release-run.js';

// The release executors' last mile (dry-run --check, --json-file) against a scripted engine.
let world: ScriptedWorld;
let restore: () => void;
let project: ProjectContext;
let info: ReturnType<typeof jest.spyOn>;

beforeEach(() => {
  world = new ScriptedWorld();
  writeOptWorkspace(world);
  restore = replaceSpawner(world.spawn);
  const options = parsePluginOptions({ registries: { a: '127.0.0.1:5000' }, timeouts: { retryBackoff: 0 } });
  const dir = loadReleasableDir(world.root, 'opt', options);
  project = { workspaceRoot: world.root, dir, absRoot: path.join(world.root, 'opt'), user: () => 'me' };
  info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
});
afterEach(() => {
  info.mockRestore();
  restore();
  world.dispose();
});

const options = (given: Record<string, unknown>) => releaseSchema.parse(given);

describe('runReleases', () => {
  it('a dry run on a dirty tree shows what would be refused and succeeds; --check makes it fail', async () => {
    world.dirty = ['opt/scratch.txt'];
    await expect(runReleases(['dev'], options({ dryRun: true }), project)).resolves.toBeUndefined();
    await expect(runReleases(['dev'], options({ dryRun: true, check: true }), project)).rejects.toThrow(
      '--check: a real run would be refused (the git tree has uncommitted changes',
    );
    expect(world.changes()).toEqual([]);
  });

  it('--json-file writes the result alone, relative to the workspace root', async () => {
    await runReleases(['dev'], options({ jsonFile: 'out/release.json' }), project);
    const written = JSON.parse(readFileSync(path.join(world.root, 'out/release.json'), 'utf8')) as {
      gitTag: string;
      steps: { status: string }[];
    };
    expect(written.gitTag).toBe('opt-dev-1.2.0');
    expect(written.steps.length).toBeGreaterThan(5);
    expect(written.steps.every((s) => s.status === 'done')).toBe(true);
  });
});
