// @ts-nocheck
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exec } from '@releasable/drivers';
import { describeWithEngine, uniqueSuffix } from '../../../../tools/testing/docker-engine.js';
import { NX_TEST_ENV, REPO_ROOT, removeLocalImages } from '../../../../tools/testing/temp-workspace.js';
import { ok, out } from '../../../../tools/testing/output.js';
// : a plain ESM script (also run by hand), without type declarations.
import { writeRealisticMonorepo } from '../../../../tools/fixtures/realistic-monorepo.mjs';

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
    root = mkdtempSync(path.join(tmpdir(), 'releasable-realistic-docker-'));
    writeRealisticMonorepo(root);
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'));
    // Unique image names; the Dockerfiles' real-world base replaced the way a user would, in
    // nx.json targetDefaults.
    for (const [dir, name] of [
      ['.', 'cmamp'],
      ['optimizer', 'opt'],
      ['im_v2', 'im_v2'],
    ] as const) {
      const file = path.join(root, dir, 'repo_config.yaml');
      let text = '';
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        text = ''; // optimizer/ has none: its name comes from its changelog
      }
      writeFileSync(file, `image: ${name.replace('_', '')}-${suffix}\n${text}`);
    }
    const nxJson = JSON.parse(readFileSync(path.join(root, 'nx.json'), 'utf8')) as Record<string, unknown>;
    nxJson['targetDefaults'] = { 'docker-build-local': { options: { baseImage: 'releasable/base:debian' } } };
    writeFileSync(path.join(root, 'nx.json'), JSON.stringify(nxJson, null, 2));
    await git('add', '-A');
    await git('commit', '-qm', 'test images');
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
