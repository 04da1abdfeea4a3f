// Benchmark: the docker work a second CI agent (B: the second engine, its own clone and Nx
// cache) does to run `nx run-many -t docker-test` over N dirs, side by side in one run:
//   cold   — no build registry, no remote cache: B builds every image itself;
//   shared — agent A built the images first (build registry + Nx remote cache): B restores the
//            builds from the remote cache and pulls each image by digest.
// Counted on B from its own `docker events`: build steps run (containers made from a bare
// image ID), image pulls, and B's wall time. Each dir's Dockerfile does ~3 s of CPU work and
// writes a 64 MiB layer, standing in for package installation.
// Needs tools/docker-env/up.sh (both engines, registry :5000) and `npm run build`.
//   node tools/bench/distributed/run.mjs [dirs=3]
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dirs = Number(process.argv[2] ?? 3);
const id = `bench-dist-${process.pid}`;
const REGISTRY = '127.0.0.1:5000';
const ENGINE_A = 'unix:///var/run/docker.sock';
const ENGINE_B = `unix://${process.env.RELEASABLE_SECOND_ENGINE_SOCKET ?? '/var/run/releasable-engine-b.sock'}`;
const work = mkdtempSync(path.join(tmpdir(), 'releasable-bench-dist-'));
const names = Array.from({ length: dirs }, (_, i) => `svc${i}`);

const run = (argv, opts = {}) =>
  execFileSync(argv[0], argv.slice(1), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
const git = (cwd, ...args) => run(['git', '-C', cwd, '-c', 'user.email=b@example.com', '-c', 'user.name=b', ...args]);

/** A workspace of N dirs; `buildRegistry` decides whether builds travel. */
function makeOrigin(name, buildRegistry) {
  const root = path.join(work, name);
  cpSync(path.join(repo, 'tsconfig.base.json'), path.join(root, 'tsconfig.base.json'));
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'bench', private: true, type: 'module' }));
  writeFileSync(path.join(root, '.gitignore'), 'node_modules\n.nx\n.releasable\n');
  const options = buildRegistry ? { buildRegistry } : {};
  writeFileSync(path.join(root, 'nx.json'), JSON.stringify({ plugins: [{ plugin: '@releasable/nx', options }] }));
  for (const dir of names) {
    cpSync(path.join(repo, 'apps/optimizer'), path.join(root, dir), { recursive: true });
    const config = path.join(root, dir, 'repo_config.yaml');
    writeFileSync(config, `name: ${dir}\nimage: ${id}-${dir}\n${readFileSync(config, 'utf8')}`);
    writeFileSync(
      path.join(root, dir, 'devops/docker_build/dev.Dockerfile'),
      [
        'ARG BASE_IMAGE=releasable/base:busybox',
        'FROM ${BASE_IMAGE}',
        `RUN i=0; while [ $i -lt 1800000 ]; do i=$((i+1)); done; echo ${dir} $i > /loop-done`,
        'RUN dd if=/dev/urandom of=/blob bs=1M count=64 2>/dev/null',
        'ARG AM_CONTAINER_VERSION',
        'ENV AM_CONTAINER_VERSION=${AM_CONTAINER_VERSION}',
        'COPY devops/docker_build/install_packages.sh /install/install_packages.sh',
        'RUN sh /install/install_packages.sh',
        '',
      ].join('\n'),
    );
  }
  git(work, 'init', '-q', '-b', 'main', root);
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'bench');
  return root;
}

/** A clone acting as one agent: its engine, its own Nx cache, optionally the remote cache. */
function agent(origin, name, host, cacheUrl) {
  const root = path.join(work, name);
  run(['git', 'clone', '-q', origin, root]);
  symlinkSync(path.join(repo, 'node_modules'), path.join(root, 'node_modules'));
  const env = {
    ...process.env,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    USER: 'bench',
    CI: 'true',
    DOCKER_HOST: host,
    NX_CACHE_DIRECTORY: path.join(root, '.nx/cache'),
    NX_WORKSPACE_DATA_DIRECTORY: path.join(root, '.nx/workspace-data'),
    ...(cacheUrl ? { NX_SELF_HOSTED_REMOTE_CACHE_SERVER: cacheUrl } : {}),
  };
  return {
    host,
    nx: (...args) => {
      const start = process.hrtime.bigint();
      run([path.join(root, 'node_modules/.bin/nx'), ...args], { cwd: root, env });
      return Number(process.hrtime.bigint() - start) / 1e9;
    },
  };
}

/** Build steps and pulls an engine did between two instants (seconds). */
function dockerWork(host, since, until) {
  const lines = run(
    ['docker', 'events', '--since', String(since), '--until', String(until), '--format', '{{json .}}'],
    {
      env: { ...process.env, DOCKER_HOST: host },
    },
  )
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  return {
    buildSteps: lines.filter(
      (e) => e.Type === 'container' && e.Action === 'create' && e.Actor.Attributes.image?.startsWith('sha256:'),
    ).length,
    pulls: lines.filter((e) => e.Type === 'image' && e.Action === 'pull').length,
  };
}

/** B runs docker-test over every dir; its wall time and docker work. */
function measureB(b) {
  const since = Math.floor(Date.now() / 1000);
  const seconds = b.nx('run-many', '-t', 'docker-test');
  const until = Math.floor(Date.now() / 1000) + 1;
  return { seconds, ...dockerWork(b.host, since, until) };
}

function removeImages(host) {
  const env = { ...process.env, DOCKER_HOST: host };
  // By ID: images pulled by digest have no tag to name them by.
  const ids = run(['docker', 'image', 'ls', '--format', '{{.ID}} {{.Repository}}'], { env })
    .split('\n')
    .filter((line) => line.includes(id))
    .map((line) => line.split(' ')[0]);
  if (ids.length) run(['docker', 'image', 'rm', '--force', ...new Set(ids)], { env });
  run(['docker', 'image', 'prune', '--force'], { env });
}

function startCacheServer() {
  const child = spawn(
    process.execPath,
    [path.join(repo, 'tools/testing/nx-cache-server.mjs'), '--dir', path.join(work, 'nx-cache')],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /listening on (\S+)/.exec(line);
      if (m) resolve({ url: m[1], stop: () => child.kill('SIGTERM') });
    });
  });
}

const cache = await startCacheServer();
try {
  process.stdout.write(`${dirs} dirs; agent B = ${ENGINE_B}\n`);
  removeImages(ENGINE_B);
  const cold = measureB(agent(makeOrigin('origin-cold'), 'b-cold', ENGINE_B));
  process.stdout.write(`cold B done (${cold.seconds.toFixed(1)} s)\n`);
  removeImages(ENGINE_B);

  const origin = makeOrigin('origin-shared', `${REGISTRY}/${id}`);
  const a = agent(origin, 'a', ENGINE_A, cache.url);
  const aSeconds = a.nx('run-many', '-t', 'docker-build-local');
  process.stdout.write(`agent A built and pushed in ${aSeconds.toFixed(1)} s\n`);
  const shared = measureB(agent(origin, 'b-shared', ENGINE_B, cache.url));

  console.log(`\nagent B: nx run-many -t docker-test over ${dirs} dirs, side by side`);
  console.log('                                   build steps   pulls   seconds');
  const row = (label, r) =>
    console.log(
      `${label.padEnd(35)}${String(r.buildSteps).padStart(11)}${String(r.pulls).padStart(8)}${r.seconds.toFixed(1).padStart(10)}`,
    );
  row('cold B (no build registry)', cold);
  row('B after A (build registry + cache)', shared);
  console.log(`shared/cold wall time: ${(shared.seconds / cold.seconds).toFixed(3)}×`);
} finally {
  cache.stop();
  removeImages(ENGINE_A);
  removeImages(ENGINE_B);
  for (const dir of names) {
    const repository = `${id}/${id}-${dir}`;
    try {
      const tags = JSON.parse(run(['curl', '-fsS', `http://${REGISTRY}/v2/${repository}/tags/list`])).tags ?? [];
      for (const tag of tags) {
        const digest = run([
          'curl',
          '-fsSI',
          '-H',
          'Accept: application/vnd.docker.distribution.manifest.v2+json',
          `http://${REGISTRY}/v2/${repository}/manifests/${tag}`,
        ]).match(/docker-content-digest: (\S+)/i)?.[1];
        if (digest) run(['curl', '-fsS', '-X', 'DELETE', `http://${REGISTRY}/v2/${repository}/manifests/${digest}`]);
      }
    } catch {
      // nothing pushed
    }
  }
  rmSync(work, { recursive: true, force: true });
}
