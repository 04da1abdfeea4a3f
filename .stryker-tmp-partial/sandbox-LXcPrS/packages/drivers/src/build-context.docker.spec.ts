// @ts-nocheck
import { afterAll, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeWithEngine, uniqueSuffix } from '../../../tools/testing/docker-engine.js';
import { stagedContextFor } from './build-context.js';
import { buildImage } from './docker.js';
import { exec } from './exec.js';
import { writeFiles } from '../../../tools/testing/files.js';

// Per-stage ignore files with the real engine: what the image gets is what Docker itself
// leaves after the stage's file (exceptions included), and the user's tree is never touched.
const tag = `releasable-staging-${uniqueSuffix()}`;
const context = mkdtempSync(path.join(tmpdir(), 'releasable-staging-ctx-'));
const files: Record<string, string> = {
  'devops/docker_build/prod.Dockerfile':
    'FROM releasable/base:busybox\nCOPY . /ctx\nRUN cd /ctx && find . -type f | sort > /files\n',
  '.dockerignore': '.git\n',
  '.dockerignore.prod': '# prod ships code only\ndocs\n*.md\n!CHANGES.md\n**/test\nsecrets.env\n',
  'app.py': 'print(1)\n',
  'README.md': '# readme\n',
  'CHANGES.md': '# changes\n',
  'docs/guide.md': '# guide\n',
  'pkg/mod.py': 'X = 1\n',
  'pkg/test/test_mod.py': 'def test(): pass\n',
  'secrets.env': 'TOKEN=x\n',
};
writeFiles(context, files);

async function filesIn(image: string): Promise<string[]> {
  const r = await exec(['docker', 'run', '--rm', image, 'cat', '/files']);
  return r.stdout.split('\n').filter(Boolean);
}

await describeWithEngine('per-stage ignore files (real engine)', () => {
  afterAll(async () => {
    await exec(['docker', 'image', 'rm', '-f', `${tag}:prod`, `${tag}:plain`], { allowFailure: true });
    rmSync(context, { recursive: true, force: true });
  }, 60_000);

  it('a prod build reads .dockerignore.prod as Docker would; a build without it reads .dockerignore', async () => {
    const dockerfile = path.join(context, 'devops/docker_build/prod.Dockerfile');
    const staged = stagedContextFor(context, 'prod');
    expect(staged).toBeDefined();
    const before = readdirSync(tmpdir()).filter((e) => e.startsWith('releasable-context-')).length;
    await buildImage({ dockerfile, context, tags: [`${tag}:prod`], stagedContext: staged! }, 'capture');
    expect(await filesIn(`${tag}:prod`)).toEqual([
      './.dockerignore',
      './.dockerignore.prod',
      './CHANGES.md',
      './app.py',
      './devops/docker_build/prod.Dockerfile',
      './pkg/mod.py',
    ]);
    await buildImage({ dockerfile, context, tags: [`${tag}:plain`] }, 'capture');
    expect(await filesIn(`${tag}:plain`)).toEqual(
      Object.keys(files)
        .map((f) => `./${f}`)
        .sort(),
    );
    // Nothing left behind, nothing of the user's changed.
    expect(readdirSync(tmpdir()).filter((e) => e.startsWith('releasable-context-')).length).toBe(before);
    expect(readFileSync(path.join(context, '.dockerignore'), 'utf8')).toBe('.git\n');
  }, 180_000);
});
