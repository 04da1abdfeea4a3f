#!/usr/bin/env node
// @ts-nocheck
// Packs @releasable/nx as one self-contained tarball: the plugin with @releasable/core and
// @releasable/drivers bundled inside it (npm bundleDependencies), so
//   npm i -D ./releasable-nx-X.Y.Z.tgz && nx g @releasable/nx:init
// is the whole install. npm does not bundle workspace packages by itself (they are symlinks in
// a workspace), so each package is packed as published, then unpacked into the plugin's own
// node_modules and packed again.
// Usage: node tools/pack/pack.mjs [destination dir]   (run `npm run build` first)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const destination = path.resolve(process.argv[2] ?? path.join(repo, 'dist-pack'));
for (const pkg of ['packages/core', 'packages/drivers', 'plugins/nx-releasable']) {
  if (!existsSync(path.join(repo, pkg, 'dist'))) {
    console.error(`${pkg}/dist is missing: run "npm run build" first.`);
    process.exit(1);
  }
}
const work = mkdtempSync(path.join(tmpdir(), 'releasable-pack-'));
try {
  const packOne = (workspace) => {
    const out = execFileSync('npm', ['pack', '--silent', '-w', workspace, '--pack-destination', work], {
      cwd: repo,
      encoding: 'utf8',
    });
    return path.join(work, out.trim().split('\n').pop());
  };
  const untar = (tarball, into) => {
    mkdirSync(into, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', into, '--strip-components=1']);
  };
  const plugin = path.join(work, 'plugin');
  untar(packOne('plugins/nx-releasable'), plugin);
  untar(packOne('packages/core'), path.join(plugin, 'node_modules/@releasable/core'));
  untar(packOne('packages/drivers'), path.join(plugin, 'node_modules/@releasable/drivers'));
  mkdirSync(destination, { recursive: true });
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: plugin, encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop();
  renameSync(path.join(work, name), path.join(destination, name));
  console.log(path.join(destination, name));
} finally {
  rmSync(work, { recursive: true, force: true });
}
