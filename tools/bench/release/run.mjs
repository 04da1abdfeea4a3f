// Benchmark: `nx run <dir>:release-dev` versus a bash script running the same docker/git
// commands (taken from releasable's own --dry-run of an identical dir, so both do the same
// work), side by side in each round, on an image whose docker work takes ~20 s (a CPU loop and
// a fresh 128 MiB layer per build, pushed each time). Also: push to 3 registries vs 1.
//   node tools/bench/release/run.mjs [rounds=2]
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const rounds = Number(process.argv[2] ?? 2);
const tag = `b${process.pid}`;
const root = mkdtempSync(path.join(tmpdir(), 'releasable-bench-release-'));
const dirs = { sh: `bench_sh_${tag}`, nx1: `bench_nx1_${tag}`, nx3: `bench_nx3_${tag}` };

// A third plain registry next to tools/docker-env's :5000 and :5001.
const regDir = path.join(root, '.registry');
mkdirSync(path.join(regDir, 'data'), { recursive: true });
writeFileSync(
  path.join(regDir, 'config.yml'),
  `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${regDir}/data\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:5004\n`,
);
const registry3 = spawn('docker-registry', ['serve', path.join(regDir, 'config.yml')], { stdio: 'ignore' });

const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', USER: 'bench' };
const run = (cmd, args, opts = {}) =>
  execFileSync(cmd, args, {
    cwd: root,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 28,
    ...opts,
  });
const git = (...args) => run('git', ['-c', 'user.email=b@example.com', '-c', 'user.name=b', ...args]);

symlinkSync(path.join(repo, 'node_modules'), path.join(root, 'node_modules'));
writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'bench', private: true, type: 'module' }));
writeFileSync(path.join(root, '.gitignore'), 'node_modules\n.nx\n.registry\n*.sh.run\n');
writeFileSync(
  path.join(root, 'nx.json'),
  JSON.stringify({
    plugins: [
      {
        plugin: '@releasable/nx',
        options: {
          registries: { a: '127.0.0.1:5000', b: '127.0.0.1:5001', c: '127.0.0.1:5004' },
          targetRegistries: ['a'],
        },
      },
    ],
  }),
);
for (const name of Object.values(dirs)) {
  const dir = path.join(root, name);
  cpSync(path.join(repo, 'apps/optimizer'), dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'repo_config.yaml'),
    readFileSync(path.join(dir, 'repo_config.yaml'), 'utf8').replace(/^#.*\n/gm, '') + `name: ${name}\n`,
  );
  writeFileSync(
    path.join(dir, 'devops/docker_build/dev.Dockerfile'),
    [
      'ARG BASE_IMAGE=releasable/base:busybox',
      'FROM ${BASE_IMAGE}',
      'ARG AM_CONTAINER_VERSION',
      'ENV AM_CONTAINER_VERSION=${AM_CONTAINER_VERSION}',
      'RUN i=0; while [ $i -lt 9000000 ]; do i=$((i+1)); done; echo $i > /loop-done',
      'RUN dd if=/dev/urandom of=/blob bs=1M count=128 2>/dev/null',
      'COPY devops/docker_build/install_packages.sh /install/install_packages.sh',
      'RUN sh /install/install_packages.sh',
      '',
    ].join('\n'),
  );
}
git('init', '-q', '-b', 'main');

function bump(round) {
  for (const name of Object.values(dirs)) {
    const file = path.join(root, name, 'changelog.txt');
    writeFileSync(
      file,
      `# ${name}-1.${round + 10}.0\n- 2026-11-25\n- Bench round ${round}\n\n` +
        readFileSync(file, 'utf8').replace(/^# opt-/gm, `# ${name}-`),
    );
  }
  git('add', '-A');
  git('commit', '-qm', `round ${round}`);
}

/** The bash script: exactly the commands of releasable's dry run, in order. */
function bashScriptFromDryRun(name) {
  const dry = run(path.join(root, 'node_modules/.bin/nx'), ['run', `${name}:release-dev`, '--no-cache', '--dry-run']);
  const lines = ['set -euo pipefail'];
  let image;
  for (const line of dry.split('\n')) {
    const title = /\d+\. (?:fast|slow|superslow) tests in (\S+)$/.exec(line);
    if (title) image = title[1];
    const m = /^\s+\$ (.*)$/.exec(line);
    if (!m) continue;
    const command = m[1];
    // compose interpolates RELEASABLE_IMAGE; releasable sets it in the compose process's env.
    if (/docker-compose|docker compose/.test(command))
      lines.push(`RELEASABLE_IMAGE=${image} RELEASABLE_CONTAINER_VERSION=x ${command}`);
    else if (/^sh qa\//.test(command)) lines.push(`(cd ${name} && ${command})`);
    else lines.push(command);
  }
  return lines.join('\n') + '\n';
}

function time(fn) {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}
const nx =
  (name, ...args) =>
  () =>
    run(path.join(root, 'node_modules/.bin/nx'), ['run', `${name}:release-dev`, '--no-cache', ...args]);

try {
  const t = { sh: [], nx1: [], nx3: [], noop: [] };
  for (let r = 0; r < rounds; r++) {
    bump(r);
    const script = path.join(root, `${dirs.sh}.sh.run`);
    writeFileSync(script, bashScriptFromDryRun(dirs.sh));
    const order = r % 2 === 0 ? ['sh', 'nx1', 'nx3'] : ['nx3', 'nx1', 'sh'];
    for (const key of order) {
      if (key === 'sh') t.sh.push(time(() => run('bash', [script])));
      if (key === 'nx1') t.nx1.push(time(nx(dirs.nx1, '--registries', 'a')));
      if (key === 'nx3') t.nx3.push(time(nx(dirs.nx3, '--registries', 'a,b,c')));
    }
    t.noop.push(time(nx(dirs.nx1, '--registries', 'a'))); // already released: Nx start-up + our checks
    process.stdout.write(`round ${r + 1}/${rounds} done\n`);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const [sh, nx1, nx3, noop] = ['sh', 'nx1', 'nx3', 'noop'].map((k) => median(t[k]));
  const s = (ms) => `${(ms / 1000).toFixed(1).padStart(6)} s`;
  console.log(
    `\nrelease-dev of a dir whose docker work is ~20 s (build --no-cache, fast+slow tests, QA, push), median of ${rounds}:`,
  );
  console.log(`bash script, same commands, 1 registry          ${s(sh)}`);
  console.log(
    `nx run release-dev, 1 registry                 ${s(nx1)}   ratio ${(nx1 / sh).toFixed(3)}×  (goal ≤ 1.10×)`,
  );
  console.log(
    `nx run release-dev, 3 registries               ${s(nx3)}   3 vs 1: ${(nx3 / nx1).toFixed(3)}×  (goal ≤ 1.3×)`,
  );
  console.log(
    `nx run release-dev when already released       ${s(noop)}   (Nx start-up + preflight reads: fixed cost)`,
  );
} finally {
  registry3.kill('SIGKILL');
  const images = run('docker', ['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'])
    .split('\n')
    .filter((i) => i.includes(tag));
  if (images.length) run('docker', ['image', 'rm', '--force', ...images]);
  // The bash script's compose runs leave their network behind (releasable removes its own).
  const networks = run('docker', ['network', 'ls', '--format', '{{.Name}}'])
    .split('\n')
    .filter((n) => n.includes(tag));
  if (networks.length) run('docker', ['network', 'rm', ...networks]);
  rmSync(root, { recursive: true, force: true });
}
