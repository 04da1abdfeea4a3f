// Benchmark: `nx run opt:docker-build-local` a second time with no change, versus a cold build
// (--no-cache), side by side in one run; plus the bare `docker build` of each for reference.
// The benchmark Dockerfile does ~15 s of real work (a CPU loop and a 128 MiB layer) so the
// numbers measure Docker's layer cache, not Nx's start-up.
//   node tools/bench/rebuild/run.mjs [rounds=3]
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const rounds = Number(process.argv[2] ?? 3);
const image = `opt-bench-rebuild-${process.pid}`;

const root = mkdtempSync(path.join(tmpdir(), 'releasable-bench-rebuild-'));
symlinkSync(path.join(repo, 'node_modules'), path.join(root, 'node_modules'));
writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'bench', private: true, type: 'module' }));
writeFileSync(path.join(root, 'nx.json'), JSON.stringify({ plugins: ['@releasable/nx'] }));
cpSync(path.join(repo, 'apps/optimizer'), path.join(root, 'opt'), { recursive: true });
writeFileSync(path.join(root, 'opt/repo_config.yaml'), `image: ${image}\n`);
writeFileSync(
  path.join(root, 'opt/devops/docker_build/dev.Dockerfile'),
  [
    'ARG BASE_IMAGE=releasable/base:busybox',
    'FROM ${BASE_IMAGE}',
    'RUN i=0; while [ $i -lt 9000000 ]; do i=$((i+1)); done; echo $i > /loop-done',
    'RUN dd if=/dev/urandom of=/blob bs=1M count=128 2>/dev/null',
    'ARG AM_CONTAINER_VERSION',
    'ENV AM_CONTAINER_VERSION=${AM_CONTAINER_VERSION}',
    'COPY devops/docker_build/install_packages.sh /install/install_packages.sh',
    'RUN sh /install/install_packages.sh',
    '',
  ].join('\n'),
);

const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', USER: 'bench' };
function time(argv) {
  const start = process.hrtime.bigint();
  execFileSync(argv[0], argv.slice(1), { cwd: root, env, stdio: 'ignore' });
  return Number(process.hrtime.bigint() - start) / 1e6;
}
const nx = (...args) => [path.join(root, 'node_modules/.bin/nx'), 'run', 'opt:docker-build-local', ...args];
const dockerBuild = (...args) => [
  'docker',
  'build',
  ...args,
  '--build-arg',
  'AM_CONTAINER_VERSION=0.4.0',
  '--file',
  'opt/devops/docker_build/dev.Dockerfile',
  '--tag',
  `${image}:raw`,
  'opt',
];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  const t = { nxCold: [], nxWarm: [], rawCold: [], rawWarm: [] };
  for (let r = 0; r < rounds; r++) {
    t.nxCold.push(time(nx('--no-cache')));
    t.nxWarm.push(time(nx()));
    t.rawCold.push(time(dockerBuild('--no-cache')));
    t.rawWarm.push(time(dockerBuild()));
    process.stdout.write(`round ${r + 1}/${rounds} done\n`);
  }
  const [nc, nw, rc, rw] = ['nxCold', 'nxWarm', 'rawCold', 'rawWarm'].map((k) => median(t[k]));
  console.log(`\ndocker-build-local of a ~15 s image, median of ${rounds}:`);
  console.log(`nx run opt:docker-build-local --no-cache (cold)   ${nc.toFixed(0).padStart(6)} ms`);
  console.log(
    `nx run opt:docker-build-local, no change (warm)   ${nw.toFixed(0).padStart(6)} ms   warm/cold ${((nw / nc) * 100).toFixed(1)}%  (goal ≤ 10%)`,
  );
  console.log(`docker build --no-cache (reference)               ${rc.toFixed(0).padStart(6)} ms`);
  console.log(
    `docker build, no change (reference)               ${rw.toFixed(0).padStart(6)} ms   warm/cold ${((rw / rc) * 100).toFixed(1)}%`,
  );
  console.log(`Nx + releasable overhead on the warm build: ${(nw - rw).toFixed(0)} ms`);
} finally {
  execFileSync('docker', ['image', 'rm', '--force', `${image}:raw`, `${image}:local-bench-0.4.0`], { stdio: 'ignore' });
  rmSync(root, { recursive: true, force: true });
}
