// @ts-nocheck
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { exec } from '@releasable/drivers';
import { describeWithEngine, uniqueSuffix } from '../../../../tools/testing/docker-engine.js';
import {
  createTempWorkspace,
  deleteRegistryRepository,
  removeLocalImages,
  type TempWorkspace,
} from '../../../../tools/testing/temp-workspace.js';
import { out } from '../../../../tools/testing/output.js';

// Affected-only work against the real engine: a no-change rerun of `nx affected -t docker-test`
// starts no container (engine events), and `nx affected -t release-dev` is safe to rerun.
const suffix = `a${uniqueSuffix()}`;
let ws: TempWorkspace;

async function containersCreatedDuring(fn: () => Promise<unknown>): Promise<number> {
  // Fractional seconds: a whole-second window could catch the previous run's last container.
  const since = (Date.now() / 1000).toFixed(3);
  await fn();
  const until = (Date.now() / 1000 + 1).toFixed(3);
  const filters = ['--filter', 'type=container', '--filter', 'event=create'];
  const r = await exec([
    'docker',
    'events',
    '--since',
    since,
    '--until',
    until,
    ...filters,
    '--format',
    '{{.Actor.Attributes.image}}',
  ]);
  // Other test files may run containers at the same time: count only this workspace's images.
  return r.stdout.split('\n').filter((image) => image.includes(suffix)).length;
}

await describeWithEngine('nx affected with the real engine', () => {
  beforeAll(async () => {
    ws = await createTempWorkspace({ apps: ['im', 'cmamp'], suffix });
    ws.write('apps/im/src/im.sh', `${ws.read('apps/im/src/im.sh')}# touched\n`);
    ws.write('apps/cmamp/src/cmamp.sh', `${ws.read('apps/cmamp/src/cmamp.sh')}# touched\n`);
    await ws.commit('touch both dirs');
  }, 60_000);

  afterAll(async () => {
    await removeLocalImages(suffix);
    for (const p of ['im', 'cmamp']) await deleteRegistryRepository(`${p}-${suffix}`);
    ws?.dispose();
  }, 120_000);

  it('a no-change rerun of nx affected -t docker-test starts no container', async () => {
    const affected = ['affected', '-t', 'docker-test', '--base=HEAD~1', '--head=HEAD', '--output-style=static'];
    let first = { exitCode: 1, stdout: '', stderr: '' };
    const created = await containersCreatedDuring(
      async () => (first = await ws.nx(affected, { NX_SKIP_NX_CACHE: '' })),
    );
    expect({ code: first.exitCode, tail: first.exitCode ? out(first).slice(-1500) : '' }).toEqual({
      code: 0,
      tail: '',
    });
    expect(out(first)).toContain('PASS fast tests in im-');
    expect(out(first)).toContain('PASS fast tests in cmamp-');
    expect(created).toBeGreaterThanOrEqual(2);

    let second = { exitCode: 1, stdout: '', stderr: '' };
    const again = await containersCreatedDuring(async () => (second = await ws.nx(affected, { NX_SKIP_NX_CACHE: '' })));
    expect(second.exitCode).toBe(0);
    expect(out(second)).toMatch(/local cache|from the cache|existing outputs match the cache/);
    expect(again).toBe(0);
  }, 300_000);

  it('nx affected -t release-dev releases the changed dirs, and a rerun skips them with one line each', async () => {
    const affected = ['affected', '-t', 'release-dev', '--base=HEAD~1', '--head=HEAD', '--output-style=static'];
    const first = await ws.nx(affected, { NX_SKIP_NX_CACHE: '' });
    expect({ code: first.exitCode, tail: first.exitCode ? out(first).slice(-1500) : '' }).toEqual({
      code: 0,
      tail: '',
    });
    const second = await ws.nx(affected, { NX_SKIP_NX_CACHE: '' });
    expect(second.exitCode).toBe(0);
    expect(out(second)).toContain('im dev 2.3.0 is already released');
    expect(out(second)).toContain('cmamp dev 1.2.0 is already released');
  }, 300_000);
});
