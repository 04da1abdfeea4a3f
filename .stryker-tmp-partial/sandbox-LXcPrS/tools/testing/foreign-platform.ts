// @ts-nocheck
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exec } from '@releasable/drivers';

/**
 * Loads a copy of a local image whose config says another architecture (e.g. arm64). No
 * binary in it runs here, but files copied onto it are platform-independent, which is what a
 * multi-platform release test needs on an engine without emulation.
 */
export async function loadAsArchitecture(source: string, target: string, architecture: string): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'releasable-foreign-'));
  try {
    await exec(['docker', 'save', '--output', path.join(dir, 'image.tar'), source]);
    const root = path.join(dir, 'root');
    await exec(['mkdir', root]);
    await exec(['tar', '-xf', path.join(dir, 'image.tar'), '-C', root]);
    const manifestFile = path.join(root, 'manifest.json');
    const [manifest] = JSON.parse(readFileSync(manifestFile, 'utf8')) as [{ Config: string; RepoTags: string[] }];
    const config = JSON.parse(readFileSync(path.join(root, manifest.Config), 'utf8')) as { architecture: string };
    config.architecture = architecture;
    const body = JSON.stringify(config);
    const name = `${createHash('sha256').update(body).digest('hex')}.json`;
    unlinkSync(path.join(root, manifest.Config));
    writeFileSync(path.join(root, name), body);
    writeFileSync(manifestFile, JSON.stringify([{ ...manifest, Config: name, RepoTags: [target] }]));
    rmSync(path.join(root, 'repositories'), { force: true });
    await exec(['tar', '-cf', path.join(dir, 'out.tar'), '-C', root, '.']);
    await exec(['docker', 'load', '--input', path.join(dir, 'out.tar')]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
