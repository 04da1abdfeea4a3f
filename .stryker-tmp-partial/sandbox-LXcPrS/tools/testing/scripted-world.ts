// @ts-nocheck
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ExecOptions, SpawnOutcome, Spawner } from '../../packages/drivers/src/exec.js';
import { CLAIM_REF_PREFIX } from '@releasable/core';

/**
 * A scripted docker engine, registries and git clone behind exec's spawner: each command a
 * release runs gets the answer the real program would give for the world's current state, and
 * changes that state the way the real program would. Tests of the runner's decisions run
 * against it in milliseconds; faults are outcomes queued for matching commands.
 */
export interface WorldImage {
  readonly id: string;
  readonly labels: Record<string, string>;
  readonly repoDigests: string[];
}

export interface QueuedFault {
  readonly match: (argv: readonly string[]) => boolean;
  readonly outcome: SpawnOutcome;
  times: number;
}

const HEX40 = (seed: string): string => createHash('sha1').update(seed).digest('hex');
const digestOf = (id: string): string => `sha256:${createHash('sha256').update(`manifest:${id}`).digest('hex')}`;

function repositoryOf(ref: string): string {
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? ref.slice(0, colon) : ref;
}

const ok = (stdout = ''): SpawnOutcome => ({ exitCode: 0, stdout, stderr: '' });
const fail = (stderr: string, exitCode = 1): SpawnOutcome => ({ exitCode, stdout: '', stderr });

export class ScriptedWorld {
  /** Workspace root (a real temp dir: config files, the lock and test records live there). */
  readonly root = mkdtempSync(path.join(tmpdir(), 'releasable-world-'));
  head = HEX40('commit-1');
  branch = 'main';
  dirty: string[] = [];
  shallow = false;
  /** Clone's tags → commit. */
  readonly tags = new Map<string, string>();
  /** Origin's tags → commit; undefined = no remote configured. */
  origin: Map<string, string> | undefined = new Map();
  /** Paths (relative to the clone) that .gitignore ignores. */
  readonly ignored = new Set<string>();
  /** Origin's release claims: git tag → claim commit (refs/releasable/claims/<tag>). */
  readonly claims = new Map<string, string>();
  private claimCommits = 0;
  /** Local engine: ref → image (tags share the image object, as Docker's do). */
  readonly images = new Map<string, WorldImage>();
  /** Every registry, one namespace: `host/repo:tag` → manifest digest. */
  readonly registry = new Map<string, string>();
  /** Test lists whose command fails in the container. */
  readonly failingLists = new Set<string>();
  /** Every argv run, in order. */
  readonly calls: string[][] = [];
  /** The exec options of each call, in the same order (deadlines, env, output). */
  readonly options: ExecOptions[] = [];
  /** What each registry tag holds, for pulls: `host/repo:tag` → the image pushed there. */
  readonly registryImages = new Map<string, WorldImage>();
  readonly faults: QueuedFault[] = [];
  /** Registry host → the password `docker login` accepts there (any user). */
  readonly passwords = new Map<string, string>();
  /** Manifest lists being made (`docker manifest create`): list ref → member ref → platform. */
  private readonly lists = new Map<string, Map<string, string>>();
  /** Manifest lists pushed: list ref → platform → member digest. */
  readonly pushedLists = new Map<string, Record<string, string>>();
  /** Entries a registry lists beyond what was pushed (a list another tool rewrote): list ref → platform → digest. */
  readonly extraListEntries = new Map<string, Record<string, string>>();
  private builds = 0;

  constructor() {
    mkdirSync(path.join(this.root, '.git'));
  }

  /** Things other parties do once a matching command has run (a registry changing mid-release). */
  private readonly hooks: Array<{ match: (argv: readonly string[]) => boolean; action: () => void }> = [];

  /** After the first command matching `match` runs, `action` changes the world (once). */
  after(match: (argv: readonly string[]) => boolean, action: () => void): void {
    this.hooks.push({ match, action });
  }

  /** The next `times` commands matching `match` get `outcome` instead of running. */
  fault(match: (argv: readonly string[]) => boolean, outcome: SpawnOutcome, times = 1): void {
    this.faults.push({ match, outcome, times });
  }

  /** A new commit: HEAD moves, the tree stays clean. */
  commit(): void {
    this.head = HEX40(`${this.head}+1`);
  }

  /** Commands that change something (the engine's images, a registry, git), in order. */
  changes(): string[][] {
    return this.calls.filter(
      (a) =>
        (a[0] === 'docker' && ['build', 'tag', 'push'].includes(a[1]!)) ||
        a.includes('run') ||
        a[0] === 'qa-check' ||
        (a[0] === 'git' && (a[3] === 'tag' ? a.length > 5 : a[3] === 'push')),
    );
  }

  readonly spawn: Spawner = async (argv: readonly string[], options: ExecOptions) => {
    this.calls.push([...argv]);
    this.options.push(options);
    const queued = this.faults.find((f) => f.times > 0 && f.match(argv));
    if (queued) queued.times -= 1;
    const outcome = queued ? queued.outcome : this.answer(argv, options);
    const hook = this.hooks.findIndex((h) => h.match(argv));
    if (hook !== -1) this.hooks.splice(hook, 1)[0]!.action();
    return outcome;
  };

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }

  private answer(argv: readonly string[], options: ExecOptions): SpawnOutcome {
    const [program, ...args] = argv;
    if (program === 'git') return this.git(args.slice(2));
    if (program === 'docker') return this.docker(args, options.input);
    if (program === 'docker-compose') return this.compose(args);
    if (program === 'qa-check') return ok('QA passed');
    if (program === 'print-password') return ok(argv[1]!);
    if (program === 'false') return fail('', 1);
    throw new Error(`scripted world: no answer for ${argv.join(' ')}`);
  }

  private git(args: readonly string[]): SpawnOutcome {
    const key = args.join(' ');
    if (key === 'rev-parse --show-toplevel') return ok(this.root);
    if (key === 'rev-parse --show-superproject-working-tree') return ok('');
    if (key === 'rev-parse --verify --quiet HEAD') return ok(this.head);
    if (key.startsWith('status --porcelain')) return ok(this.dirty.map((f) => `?? ${f}`).join('\n'));
    if (key === 'symbolic-ref --quiet --short HEAD') return ok(this.branch);
    if (key === 'tag --list') return ok([...this.tags.keys()].join('\n'));
    if (args[0] === 'rev-list') return ok(this.tags.get(args[3]!.replace('refs/tags/', '')) ?? '');
    if (key === 'remote') return ok(this.origin ? 'origin' : '');
    if (key === 'rev-parse --path-format=absolute --git-common-dir') return ok(path.join(this.root, '.git'));
    if (key === 'rev-parse --is-shallow-repository') return ok(String(this.shallow));
    if (args[0] === 'check-ignore') return this.ignored.has(args.at(-1)!) ? ok() : fail('', 1);
    if (args[0] === 'commit-tree') return ok(HEX40(`claim-${++this.claimCommits}`));
    if (args[0] === 'ls-remote' && args[2]?.startsWith(CLAIM_REF_PREFIX)) {
      if (!this.origin) return fail("fatal: 'origin' does not appear to be a git repository", 128);
      const claim = this.claims.get(args[2].slice(CLAIM_REF_PREFIX.length));
      return ok(claim ? `${claim}\t${args[2]}` : '');
    }
    if (args[0] === 'push' && args[3]?.includes(`:${CLAIM_REF_PREFIX}`)) {
      if (!this.origin) return fail("fatal: 'origin' does not appear to be a git repository", 128);
      const [commit, ref] = args[3].split(':') as [string, string];
      const tag = ref.slice(CLAIM_REF_PREFIX.length);
      const held = this.claims.get(tag);
      if (held && held !== commit) return fail(`! [rejected] ${commit} -> ${ref} (non-fast-forward)`, 1);
      this.claims.set(tag, commit);
      return ok();
    }
    if (args[0] === 'ls-remote') {
      if (!this.origin) return fail("fatal: 'origin' does not appear to be a git repository", 128);
      return ok([...this.origin].map(([tag, commit]) => `${commit}\trefs/tags/${tag}`).join('\n'));
    }
    if (args[0] === 'tag' && args.length === 3) {
      if (this.tags.has(args[1]!)) return fail(`fatal: tag '${args[1]}' already exists`, 128);
      this.tags.set(args[1]!, args[2] === 'HEAD' ? this.head : args[2]!);
      return ok();
    }
    if (args[0] === 'push') {
      const tag = args[2]!.replace('refs/tags/', '');
      this.origin!.set(tag, this.tags.get(tag)!);
      return ok();
    }
    throw new Error(`scripted world: no answer for git ${key}`);
  }

  private docker(args: readonly string[], input?: string): SpawnOutcome {
    if (args[0] === '--config' && args[2] === 'login') {
      const host = args.at(-1)!;
      if (this.passwords.get(host) !== input) {
        return fail(
          `Error response from daemon: Get "http://${host}/v2/": unauthorized: incorrect username or password`,
        );
      }
      return ok('Login Succeeded');
    }
    const [command, ...rest] = args;
    if (command === 'version') return ok('20.10.24 linux/amd64');
    if (command === 'compose') return rest[0] === 'version' ? fail("docker: 'compose' is not a docker command.") : ok();
    if (command === 'network') return ok();
    if (command === 'image' && rest[0] === 'inspect') {
      const image = this.images.get(rest[1]!);
      if (!image) return fail(`Error: No such image: ${rest[1]}`);
      return ok(
        JSON.stringify([
          {
            Id: image.id,
            RepoDigests: image.repoDigests,
            Os: 'linux',
            Architecture: 'amd64',
            Config: { Env: [], Labels: image.labels },
          },
        ]),
      );
    }
    if (command === 'manifest' && rest[0] === 'create') {
      const operands = rest.slice(1).filter((a) => !a.startsWith('--'));
      const [list, ...members] = operands;
      const missing = members.find((m) => !this.registry.has(m));
      if (missing) return fail(`no such manifest: ${missing}`);
      this.lists.set(list!, new Map(members.map((m) => [m, ''])));
      return ok(`Created manifest list ${list}`);
    }
    if (command === 'manifest' && rest[0] === 'annotate') {
      const [list, member] = rest.slice(1, 3);
      const flag = (name: string): string | undefined => {
        const i = rest.indexOf(name);
        return i < 0 ? undefined : rest[i + 1];
      };
      this.lists.get(list!)!.set(member!, [flag('--os'), flag('--arch'), flag('--variant')].filter(Boolean).join('/'));
      return ok();
    }
    if (command === 'manifest' && rest[0] === 'push') {
      const list = rest.at(-1)!;
      const members = this.lists.get(list);
      if (!members) return fail(`No such manifest: ${list}`);
      const entries = Object.fromEntries(
        [...members].map(([member, platform]) => [platform, this.registry.get(member)!]),
      );
      const digest = `sha256:${createHash('sha256').update(JSON.stringify(entries)).digest('hex')}`;
      this.pushedLists.set(list, entries);
      this.registry.set(list, digest);
      this.lists.delete(list);
      return ok(digest);
    }
    if (command === 'manifest' && rest[0] === 'inspect') {
      const ref = rest.at(-1)!;
      const pushedList = this.pushedLists.get(ref);
      const list = pushedList && { ...pushedList, ...this.extraListEntries.get(ref) };
      if (list) {
        return ok(
          JSON.stringify(
            Object.entries(list).map(([platform, digest]) => {
              const [os, architecture, variant] = platform.split('/');
              return {
                Ref: ref,
                Descriptor: { digest, platform: { os, architecture, ...(variant ? { variant } : {}) } },
              };
            }),
          ),
        );
      }
      const digest = this.registry.get(ref);
      if (!digest) return fail(`no such manifest: ${ref}`);
      return ok(JSON.stringify({ Ref: ref, Descriptor: { digest, size: 528 } }));
    }
    if (command === 'build') {
      this.builds += 1;
      const labels: Record<string, string> = {};
      const tags: string[] = [];
      for (let i = 0; i < rest.length; i++) {
        if (rest[i] === '--tag') tags.push(rest[++i]!);
        if (rest[i] === '--label') {
          const [k, ...v] = rest[++i]!.split('=');
          labels[k!] = v.join('=');
        }
      }
      const image: WorldImage = { id: `sha256:${HEX40(`image-${this.builds}`)}`, labels, repoDigests: [] };
      for (const tag of tags) this.images.set(tag, image);
      return ok();
    }
    if (command === 'tag') {
      const image = this.images.get(rest[0]!);
      if (!image) return fail(`Error response from daemon: No such image: ${rest[0]}`);
      this.images.set(rest[1]!, image);
      return ok();
    }
    if (command === 'pull') {
      if (rest[0] === '--quiet') rest.shift();
      const image = this.registryImages.get(rest[0]!);
      if (!image) return fail(`Error response from daemon: manifest for ${rest[0]} not found: manifest unknown`);
      this.images.set(rest[0]!, image);
      return ok(`Digest: ${this.registry.get(rest[0]!)}\nStatus: Downloaded newer image for ${rest[0]}`);
    }
    if (command === 'push') {
      const ref = rest[0]!;
      const image = this.images.get(ref);
      if (!image) return fail(`An image does not exist locally with the tag: ${repositoryOf(ref)}`);
      const digest = digestOf(image.id);
      this.registry.set(ref, digest);
      this.registryImages.set(ref, image);
      const repoDigest = `${repositoryOf(ref)}@${digest}`;
      if (!image.repoDigests.includes(repoDigest)) image.repoDigests.push(repoDigest);
      return ok(`${ref.slice(ref.lastIndexOf(':') + 1)}: digest: ${digest} size: 528`);
    }
    throw new Error(`scripted world: no answer for docker ${args.join(' ')}`);
  }

  private compose(args: readonly string[]): SpawnOutcome {
    if (args.includes('run')) {
      const list = args[args.indexOf('run-tests') + 1]!;
      return this.failingLists.has(list) ? fail(`FAIL ${list}`, 3) : ok(`PASS ${list}`);
    }
    return ok();
  }
}

/** A workspace on disk with one releasable dir `opt` (version 1.2.3) pushing to registries a and b. */
export function writeOptWorkspace(world: ScriptedWorld, version = '1.2.3'): void {
  const file = (relative: string, content: string): void => {
    mkdirSync(path.dirname(path.join(world.root, relative)), { recursive: true });
    writeFileSync(path.join(world.root, relative), content);
  };
  file('opt/changelog.txt', `# opt-${version}\n- 2026-11-27\n- A change\n`);
  file('opt/devops/docker_build/dev.Dockerfile', 'FROM scratch\n');
  file('opt/devops/docker_build/prod.Dockerfile', 'ARG DEV_IMAGE\nFROM ${DEV_IMAGE}\n');
  file('opt/devops/compose/docker-compose.yml', 'services:\n  app:\n    image: ${RELEASABLE_IMAGE}\n');
  file(
    'opt/repo_config.yaml',
    [
      'tests:',
      '  fast: { command: [run-tests, fast] }',
      '  slow: { command: [run-tests, slow] }',
      '  superslow: { command: [run-tests, superslow] }',
      'qa:',
      "  command: [qa-check, '{image}']",
      '',
    ].join('\n'),
  );
}
