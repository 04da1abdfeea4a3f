// Benchmark: a workspace of 100 releasable dirs with one changed. `nx affected -t docker-test`
// must run exactly one docker-test; its time is compared with `nx run <that dir>:docker-test`,
// side by side in each round (both without the Nx cache, both building the dir's image first).
//   node tools/bench/affected/run.mjs [dirs=100] [rounds=3]
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const count = Number(process.argv[2] ?? 100);
const rounds = Number(process.argv[3] ?? 3);
const tag = `aff${process.pid}`;
const root = mkdtempSync(path.join(tmpdir(), 'releasable-bench-affected-'));
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', USER: 'bench', FORCE_COLOR: '0' };
const run = (cmd, args) =>
  execFileSync(cmd, args, { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 });
const git = (...args) => run('git', ['-c', 'user.email=b@example.com', '-c', 'user.name=b', ...args]);
const nx = (...args) => run(path.join(root, 'node_modules/.bin/nx'), args);

symlinkSync(path.join(repo, 'node_modules'), path.join(root, 'node_modules'));
writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'bench', private: true }));
writeFileSync(path.join(root, 'nx.json'), JSON.stringify({ plugins: ['@releasable/nx'] }));
writeFileSync(path.join(root, '.gitignore'), 'node_modules\n.nx\n');
const names = [];
for (let i = 0; i < count; i++) {
  const name = `d${String(i).padStart(3, '0')}-${tag}`;
  names.push(name);
  const dir = path.join(root, 'apps', name);
  cpSync(path.join(repo, 'apps/im'), dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'repo_config.yaml'),
    readFileSync(path.join(dir, 'repo_config.yaml'), 'utf8').replace(/^image: .*$/m, `name: ${name}\nimage: ${name}`),
  );
}
git('init', '-q', '-b', 'main');
git('add', '-A');
git('commit', '-qm', 'init');
const changed = names[Math.floor(count / 2)];
writeFileSync(
  path.join(root, 'apps', changed, 'src/im.sh'),
  `${readFileSync(path.join(root, 'apps', changed, 'src/im.sh'), 'utf8')}# changed\n`,
);
git('add', '-A');
git('commit', '-qm', 'change one dir');

function time(fn) {
  const start = process.hrtime.bigint();
  const out = fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, out };
}
try {
  const affected = [];
  const direct = [];
  for (let r = 0; r < rounds; r++) {
    const a = time(() =>
      nx('affected', '-t', 'docker-test', '--base=HEAD~1', '--head=HEAD', '--skip-nx-cache', '--output-style=static'),
    );
    const ran = [...a.out.matchAll(/PASS fast tests in (\S+):local-/g)].map((m) => m[1]);
    if (ran.length !== 1 || ran[0] !== changed)
      throw new Error(`expected exactly one docker-test (${changed}), ran: ${ran.join(', ') || 'none'}`);
    affected.push(a.ms);
    direct.push(time(() => nx('run', `${changed}:docker-test`, '--skip-nx-cache', '--output-style=static')).ms);
    process.stdout.write(`round ${r + 1}/${rounds} done\n`);
  }
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const [a, d] = [median(affected), median(direct)];
  console.log(`\n${count} releasable dirs, 1 changed (${changed}), median of ${rounds}:`);
  console.log(`nx affected -t docker-test           ${(a / 1000).toFixed(2)} s   (exactly 1 docker-test ran)`);
  console.log(`nx run ${changed}:docker-test   ${(d / 1000).toFixed(2)} s`);
  console.log(`affected / direct                     ${(a / d).toFixed(3)}×`);
} finally {
  const images = run('docker', ['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'])
    .split('\n')
    .filter((i) => i.includes(tag));
  if (images.length) run('docker', ['image', 'rm', '--force', ...images]);
  rmSync(root, { recursive: true, force: true });
}
