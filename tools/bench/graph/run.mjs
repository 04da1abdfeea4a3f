// Benchmark: `nx show projects` on a workspace of N releasable dirs with @releasable/nx versus
// - "no-op": a plugin inferring the same projects with one trivial target, reading no file;
// - "same-shape no-op": the same, but each project gets exactly the targets and inputs ours
//   infers (captured from our output), so the ratio isolates our own code from graph size.
// - "same names, bare": the same target names with only their executor, so same-shape/bare is
//   what the content of the targets (metadata, inputs, configurations) costs Nx itself.
// - "@nx/docker": Nx's own Docker plugin (23, the latest published) on the same dirs, each with
//   a Dockerfile and a project.json at its root (its convention), next to the one-target no-op on the same Nx 23,
//   installed once into tools/bench/.cache (npm registry); skipped with a note when that fails.
// Cold: daemon off after `nx reset`. Rerun: daemon off, workspace data kept. Warm: daemon on,
// graph already computed. Variants alternate inside each round; medians and ratios printed.
//   node tools/bench/graph/run.mjs [N (default: 100, then 1000)] [rounds (default 5, 3 at 1,000)]
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
// One run measures every size asked (default 100 and 1,000 dirs).
const sizes = process.argv[2] ? [Number(process.argv[2])] : [100, 1000];
let n = sizes[0];
let rounds = 5;

const NX_DOCKER_VERSION = '23.2.1';
/** node_modules holding nx and @nx/docker ${NX_DOCKER_VERSION}; undefined (with why) when it cannot be installed. */
function nx23Modules() {
  const dir = path.join(repo, 'tools/bench/.cache', `nx-docker-${NX_DOCKER_VERSION}`);
  const modules = path.join(dir, 'node_modules');
  if (!existsSync(path.join(modules, '@nx/docker/package.json'))) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'nx-docker-bench', private: true }));
    try {
      execFileSync(
        'npm',
        [
          'install',
          '--no-audit',
          '--no-fund',
          '--ignore-scripts',
          `nx@${NX_DOCKER_VERSION}`,
          `@nx/docker@${NX_DOCKER_VERSION}`,
        ],
        { cwd: dir, stdio: 'pipe' },
      );
    } catch (error) {
      return {
        why: `npm install of @nx/docker@${NX_DOCKER_VERSION} failed: ${String(error.stderr ?? error).split('\n')[0]}`,
      };
    }
  }
  // The Nx native binary is an optional dependency npm installs with the package itself.
  return { modules };
}

function makeWorkspace(plugin, { modules = path.join(repo, 'node_modules'), dockerfileAtRoot = false } = {}) {
  const root = mkdtempSync(path.join(tmpdir(), 'releasable-bench-graph-'));
  symlinkSync(modules, path.join(root, 'node_modules'));
  cpSync(path.join(repo, 'tsconfig.base.json'), path.join(root, 'tsconfig.base.json'));
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'bench', private: true, type: 'module' }));
  writeFileSync(path.join(root, '.gitignore'), 'node_modules\n.nx\n.nx-out\n');
  writeFileSync(path.join(root, 'nx.json'), JSON.stringify({ plugins: [plugin] }));
  for (let i = 0; i < n; i++) {
    const name = `dir${String(i).padStart(4, '0')}`;
    const dir = path.join(root, 'apps', name);
    mkdirSync(path.join(dir, 'devops/docker_build'), { recursive: true });
    mkdirSync(path.join(dir, 'devops/compose'), { recursive: true });
    writeFileSync(
      path.join(dir, 'devops/docker_build/dev.Dockerfile'),
      'ARG BASE_IMAGE=releasable/base:busybox\nFROM ${BASE_IMAGE}\n',
    );
    writeFileSync(
      path.join(dir, 'devops/docker_build/prod.Dockerfile'),
      'ARG DEV_IMAGE\nFROM ${DEV_IMAGE}\nCOPY . /app\n',
    );
    writeFileSync(
      path.join(dir, 'devops/compose/docker-compose.yml'),
      'version: "3.0"\nservices:\n  app:\n    image: ${RELEASABLE_IMAGE}\n',
    );
    writeFileSync(
      path.join(dir, 'changelog.txt'),
      `# ${name}-1.2.0\n- 2026-11-20\n- Change\n\n# ${name}-1.1.0\n- 2026-10-01\n- First\n`,
    );
    writeFileSync(path.join(dir, 'repo_config.yaml'), `tests:\n  fast: { command: [sh, tests/run.sh, fast] }\n`);
    if (dockerfileAtRoot) {
      // @nx/docker adds its targets to a project the dir already is (it names none itself).
      writeFileSync(path.join(dir, 'Dockerfile'), 'FROM releasable/base:busybox\nCOPY . /app\n');
      writeFileSync(path.join(dir, 'project.json'), JSON.stringify({ name }));
    }
  }
  execFileSync('git', ['init', '-q'], { cwd: root });
  return root;
}

const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
// Output goes to a file: Nx exits before a large write to a pipe is flushed.
function nx(root, args) {
  const file = path.join(root, '.nx-out');
  const fd = openSync(file, 'w');
  try {
    execFileSync(path.join(root, 'node_modules/.bin/nx'), args, { cwd: root, env, stdio: ['ignore', fd, 'pipe'] });
  } finally {
    closeSync(fd);
  }
  return readFileSync(file, 'utf8');
}
function timeShowProjects(root, cold) {
  if (cold) {
    nx(root, ['reset', '--onlyCache']);
    rmSync(path.join(root, '.nx'), { recursive: true, force: true });
  }
  const start = process.hrtime.bigint();
  const out = nx(root, ['show', 'projects']);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const count = out.trim().split('\n').length;
  if (count !== n) throw new Error(`expected ${n} projects, nx listed ${count}`);
  return ms;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function benchAt() {
  console.log(`generating the workspaces of ${n} releasable dirs…`);
  const ours = makeWorkspace({ plugin: '@releasable/nx', options: { registries: { local: '127.0.0.1:5000' } } });
  const template = JSON.parse(nx(ours, ['show', 'project', 'dir0000', '--json']));
  for (const key of ['root', 'name', 'sourceRoot', 'implicitDependencies']) delete template[key];
  const noop = makeWorkspace({ plugin: path.join(repo, 'tools/bench/graph/noop-plugin.js') });
  const same = makeWorkspace({ plugin: path.join(repo, 'tools/bench/graph/noop-plugin.js'), options: { template } });
  const bareTemplate = {
    targets: Object.fromEntries(Object.entries(template.targets).map(([k, v]) => [k, { executor: v.executor }])),
  };
  const bare = makeWorkspace({
    plugin: path.join(repo, 'tools/bench/graph/noop-plugin.js'),
    options: { template: bareTemplate },
  });
  const workspaces = { ours, noop, same, bare };
  const nx23 = nx23Modules();
  if (nx23.modules) {
    workspaces.docker23 = makeWorkspace('@nx/docker', { modules: nx23.modules, dockerfileAtRoot: true });
    workspaces.noop23 = makeWorkspace(
      { plugin: path.join(repo, 'tools/bench/graph/noop-plugin.js') },
      { modules: nx23.modules },
    );
  }
  const daemonEnv = { ...env, NX_DAEMON: 'true' };
  function timeWarmDaemon(root) {
    const start = process.hrtime.bigint();
    execFileSync(path.join(root, 'node_modules/.bin/nx'), ['show', 'projects'], {
      cwd: root,
      env: daemonEnv,
      stdio: 'ignore',
    });
    return Number(process.hrtime.bigint() - start) / 1e6;
  }
  try {
    const t = Object.fromEntries(Object.keys(workspaces).map((k) => [k, { cold: [], rerun: [], warm: [] }]));
    for (const root of Object.values(workspaces)) timeShowProjects(root, false); // warm the disk cache
    for (let r = 0; r < rounds; r++) {
      const order = Object.entries(workspaces);
      if (r % 2 === 1) order.reverse();
      for (const [key, root] of order) {
        t[key].cold.push(timeShowProjects(root, true));
        t[key].rerun.push(timeShowProjects(root, false));
        timeWarmDaemon(root); // start the daemon and let it compute the graph
        t[key].warm.push(timeWarmDaemon(root));
        execFileSync(path.join(root, 'node_modules/.bin/nx'), ['daemon', '--stop'], {
          cwd: root,
          env: daemonEnv,
          stdio: 'ignore',
        });
      }
      process.stdout.write(`round ${r + 1}/${rounds} done\n`);
    }
    const ms = (x) => `${x.toFixed(0).padStart(6)} ms`;
    console.log(`\nnx show projects, ${n} releasable dirs, median of ${rounds}:`);
    console.log('kind      ours       no-op      same-shape   ours/no-op  ours/same-shape  goal (ours/no-op)');
    for (const [kind, goal] of [
      ['cold', '≤ 1.10×'],
      ['rerun', '-'],
      ['warm', '≤ 1.05×'],
    ]) {
      const [a, b, c] = ['ours', 'noop', 'same'].map((k) => median(t[k][kind]));
      console.log(
        `${kind.padEnd(6)} ${ms(a)}  ${ms(b)}  ${ms(c)}    ${(a / b).toFixed(3)}×      ${(a / c).toFixed(3)}×         ${goal}`,
      );
    }
    console.log(
      'cold = daemon off after nx reset; rerun = daemon off, workspace data kept; warm = daemon on, graph computed',
    );
    console.log(
      `\nwhere the rest goes: Nx's own cost of our ${Object.keys(template.targets).length} targets per project`,
    );
    console.log('kind    bare/no-op (target count)  same-shape/bare (target content)  same-shape/no-op');
    for (const kind of ['cold', 'rerun', 'warm']) {
      const [b, o, c] = ['bare', 'noop', 'same'].map((k) => median(t[k][kind]));
      console.log(
        `${kind.padEnd(6)}  ${(b / o).toFixed(3)}×                     ${(c / b).toFixed(3)}×                            ${(c / o).toFixed(3)}×`,
      );
    }
    if (nx23.modules) {
      console.log(
        `\nthe anchor, Nx ${NX_DOCKER_VERSION} (its latest @nx/docker), same dirs, each with a root Dockerfile:`,
      );
      console.log('kind      @nx/docker no-op      docker/no-op   (ours/no-op on Nx 24 above)');
      for (const kind of ['cold', 'rerun', 'warm']) {
        const [d, o] = ['docker23', 'noop23'].map((k) => median(t[k][kind]));
        const ours24 = median(t.ours[kind]) / median(t.noop[kind]);
        console.log(`${kind.padEnd(6)} ${ms(d)}  ${ms(o)}    ${(d / o).toFixed(3)}×         ${ours24.toFixed(3)}×`);
      }
    } else {
      console.log(`\n@nx/docker not measured: ${nx23.why}`);
    }
  } finally {
    if (!process.env.KEEP) for (const root of Object.values(workspaces)) rmSync(root, { recursive: true, force: true });
  }
}

for (const size of sizes) {
  n = size;
  rounds = Number(process.argv[3] ?? (size >= 1000 ? 3 : 5));
  benchAt();
}
