import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exec } from '@releasable/drivers';
import { describeWithEngine, uniqueSuffix } from '../../../../tools/testing/docker-engine.js';
import { NX_TEST_ENV, removeLocalImages } from '../../../../tools/testing/temp-workspace.js';
import { ok, out } from '../../../../tools/testing/output.js';
import { realisticMonorepoForEngine } from '../../../../tools/testing/realistic.js';

// `nx affected -t docker-test` on the realistic monorepo, with the real engine: each scenario
// commit runs the tests of exactly the affected dirs that have tests (real pytest in each image,
// the root over the whole mounted repo, im_v2 through two merged compose files) and is green.
// The oracles are the ones affected-realistic.spec.ts reasons out, less the dirs with no tests
// (ck: compose and env files only).
const suffix = `r${uniqueSuffix()}`;
let root: string;

const git = (...args: string[]) =>
  exec(['git', '-C', root, '-c', 'user.email=a@example.com', '-c', 'user.name=a', ...args]);
const append = (file: string, text: string): void =>
  writeFileSync(path.join(root, file), readFileSync(path.join(root, file), 'utf8') + text);

/** Commits the change, runs `nx affected -t docker-test`, and names the dirs whose tests passed. */
async function testedAfter(
  change: () => void,
): Promise<{ result: { code: number; tail: string }; tested: string[]; output: string }> {
  change();
  await git('add', '-A');
  await git('commit', '-qm', 'scenario');
  const r = await exec(
    [
      path.join(root, 'node_modules/.bin/nx'),
      'affected',
      '-t',
      'docker-test',
      '--base=HEAD~1',
      '--head=HEAD',
      '--output-style=static',
    ],
    { cwd: root, env: NX_TEST_ENV, allowFailure: true, timeoutMs: 600_000 },
  );
  const passed = new RegExp(`^PASS fast tests in (\\S+?)-${suffix}:local-`, 'gm');
  const tested = [...out(r).matchAll(passed)].map((m) => m[1]!).sort();
  return { result: ok(r), tested, output: out(r) };
}

await describeWithEngine('nx affected -t docker-test on a realistic monorepo (real engine)', () => {
  beforeAll(async () => {
    root = await realisticMonorepoForEngine(suffix);
  }, 60_000);

  afterAll(async () => {
    await removeLocalImages(suffix);
    rmSync(root, { recursive: true, force: true });
  }, 120_000);

  it.each<{ name: string; change: () => void; expected: string[] }>([
    {
      name: 'a leaf package every image uses',
      change: () => append('helpers/hdbg.py', '\n'),
      expected: ['cmamp', 'imv2', 'opt'],
    },
    { name: 'a package only the root reads', change: () => append('oms/broker.py', '# x\n'), expected: ['cmamp'] },
    {
      name: "data only im_v2's second compose file mounts",
      change: () => append('test_data/ccxt/bars.csv', '3,4\n'),
      expected: ['cmamp', 'imv2'],
    },
    {
      name: 'an env file of the compose-only dir (it has no tests: only the root runs)',
      change: () => append('ck/devops/env/ck.env', 'A=1\n'),
      expected: ['cmamp'],
    },
    { name: 'the root README (read by nothing)', change: () => append('README.md', 'more\n'), expected: [] },
  ])(
    '$name → $expected',
    async ({ change, expected }) => {
      const { result, tested, output } = await testedAfter(change);
      expect(result).toEqual({ code: 0, tail: '' });
      expect(tested).toEqual(expected);
      // In im_v2's own container both its tests run: the second compose file's mount and
      // variable arrived (pytest run from /app/im_v2 prints the file path from there).
      if (expected.includes('imv2')) expect(output).toMatch(/^test\/test_im_loader\.py \.\. /m);
    },
    600_000,
  );
});
