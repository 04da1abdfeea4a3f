import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exec } from '@releasable/drivers';
// @ts-expect-error: a plain ESM script (also run by hand), without type declarations.
import { writeRealisticMonorepo } from '../fixtures/realistic-monorepo.mjs';
import { REPO_ROOT } from './temp-workspace.js';

/** The image-making dirs of the realistic monorepo: dir → project name. */
export const REALISTIC_IMAGE_DIRS = { '.': 'cmamp', optimizer: 'opt', im_v2: 'im_v2' } as const;

/** The image name a realistic test gives a project (unique per run). */
export const realisticImage = (project: string, suffix: string): string => `${project.replace('_', '')}-${suffix}`;

/**
 * The realistic monorepo, committed, ready for a real engine: unique image names, and the
 * Dockerfiles' real-world base replaced the way a user would, in nx.json targetDefaults (with
 * `pluginOptions` when given).
 */
export async function realisticMonorepoForEngine(
  suffix: string,
  pluginOptions?: Record<string, unknown>,
): Promise<string> {
  const root = mkdtempSync(path.join(tmpdir(), 'releasable-realistic-docker-'));
  writeRealisticMonorepo(root);
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'));
  for (const [dir, project] of Object.entries(REALISTIC_IMAGE_DIRS)) {
    const file = path.join(root, dir, 'repo_config.yaml');
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      text = ''; // optimizer/ has none: its name comes from its changelog
    }
    writeFileSync(file, `image: ${realisticImage(project, suffix)}\n${text}`);
  }
  const nxJson = JSON.parse(readFileSync(path.join(root, 'nx.json'), 'utf8')) as Record<string, unknown>;
  nxJson['targetDefaults'] = { 'docker-build-local': { options: { baseImage: 'releasable/base:debian' } } };
  if (pluginOptions) nxJson['plugins'] = [{ plugin: '@releasable/nx', options: pluginOptions }];
  writeFileSync(path.join(root, 'nx.json'), JSON.stringify(nxJson, null, 2));
  const git = (...args: string[]) =>
    exec(['git', '-C', root, '-c', 'user.email=a@example.com', '-c', 'user.name=a', ...args]);
  await git('add', '-A');
  await git('commit', '-qm', 'test images');
  return root;
}
