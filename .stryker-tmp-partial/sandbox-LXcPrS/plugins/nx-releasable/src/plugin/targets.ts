// @ts-nocheck
import type { ProjectConfiguration, TargetConfiguration } from '@nx/devkit';
import type { ReleasableDir } from '@releasable/core';
import { buildRecordOutput, type BuiltStage } from '@releasable/core/build-record-path';

export const PLUGIN_NAME = '@releasable/nx';

/** Target name → what it does; the executor of the same name lives in src/executors/<name>. */
export const TARGET_DESCRIPTIONS = {
  'docker-build-local': 'Build the dev Dockerfile into <image>:local-<user>-X.Y.0 (version from the changelog).',
  'docker-test': 'Run a test list (fast, slow, superslow) inside the image of a stage/version.',
  'docker-qa': 'Run the QA command on the host against the image of a stage/version.',
  'docker-tag-dev': 'Tag the local image as dev-X.Y.0 and dev.',
  'docker-push-dev': 'Push dev-X.Y.0, then dev, to the target registries.',
  'docker-build-prod': 'Build the prod Dockerfile FROM <image>:dev-X.Y.0 into prod-X.Y.Z and prod.',
  'docker-push-prod': 'Push prod-X.Y.Z, then prod, to the target registries.',
  'docker-pull': 'Pull the image of one stage/version from a registry.',
  'docker-bash': 'Open a shell in the image through compose, repo mounted at /app.',
  'docker-cmd': 'Run one command in the image through compose and return its exit code.',
  'docker-jupyter': 'Start the Jupyter service through compose and print its URL.',
  'version-check': 'Check that the code version (changelog) matches the version inside an image.',
  'release-dev': 'Release a dev image: build, test, tag dev, QA, push dev-X.Y.0 everywhere, move dev, git tag.',
  'release-prod':
    'Release a prod image: build FROM dev-X.Y.0, test, QA, push prod-X.Y.Z everywhere, move prod, git tag.',
  'release-all': 'release-dev then release-prod of the same version, with one summary.',
  'docker-rollback': 'Point the floating dev or prod tag at an earlier released version in every registry.',
  'deps-check': 'Compare Python packages in pyproject.toml with the imports of the code: unused and missing.',
} as const;

export type TargetName = keyof typeof TARGET_DESCRIPTIONS;

/** How the project view groups the targets (Nx's metadata.targetGroups), in this order. */
export const TARGET_GROUPS: Readonly<Record<string, readonly TargetName[]>> = {
  Build: ['docker-build-local', 'docker-tag-dev', 'docker-build-prod', 'docker-pull'],
  Test: ['docker-test', 'docker-qa', 'version-check', 'deps-check'],
  Release: ['release-dev', 'release-prod', 'release-all', 'docker-push-dev', 'docker-push-prod', 'docker-rollback'],
  Run: ['docker-bash', 'docker-cmd', 'docker-jupyter'],
};

/** A typical use of a target, shown by the project view next to its `--help`. */
const EXAMPLES: Partial<Record<TargetName, Record<string, unknown>>> = {
  'docker-test': { lists: 'fast,slow' },
  'docker-cmd': { cmd: 'python -m pytest -x', stage: 'local' },
  'docker-rollback': { stage: 'dev', imageVersion: '1.2.0' },
  'release-dev': { dryRun: true },
  'release-prod': { dryRun: true },
};

/** What a dir's files let it do: which targets it can run at all. */
export interface DirCapabilities {
  /** Its dev Dockerfile exists: it makes an image. */
  readonly devDockerfile: boolean;
  readonly prodDockerfile: boolean;
  /** Its compose file exists: tests and commands run in its container. */
  readonly compose: boolean;
  /** The compose file declares the Jupyter service. */
  readonly jupyterService: boolean;
  /** It has a changelog: its version, so its image tags. */
  readonly changelog: boolean;
  /** devops/docker_build/pyproject.toml exists. */
  readonly pyproject: boolean;
}

/**
 * The targets a dir can run, from its files: a compose-only dir (env files, a compose file the
 * root's tests use) gets no image targets, a dir without prod Dockerfile no prod targets, a dir
 * without a Jupyter service no docker-jupyter. So `nx affected -t docker-test` runs exactly
 * the dirs that have tests, and never fails on a dir that is not an image.
 */
export function runnableTargets(c: DirCapabilities): TargetName[] {
  const names: TargetName[] = [];
  if (c.pyproject) names.push('deps-check');
  if (!c.devDockerfile || !c.changelog) return names;
  names.push('docker-build-local', 'docker-qa', 'docker-tag-dev', 'docker-push-dev', 'docker-pull', 'release-dev');
  names.push('docker-rollback');
  if (c.compose) names.push('docker-test', 'docker-bash', 'docker-cmd', 'version-check');
  if (c.compose && c.jupyterService) names.push('docker-jupyter');
  if (c.prodDockerfile) names.push('docker-build-prod', 'docker-push-prod', 'release-prod', 'release-all');
  const order = Object.keys(TARGET_DESCRIPTIONS);
  return names.sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

/** Named inputs of a releasable project: what its images and tests are made of. */
export function namedInputsFor(
  dir: ReleasableDir,
  nested: readonly string[],
  unreadFiles: readonly string[] = [],
): Record<string, string[]> {
  const relative = (root: string): string => (dir.root === '.' ? root : root.slice(dir.root.length + 1));
  const { devDockerfile, prodDockerfile } = dir.config.docker;
  return {
    releasableSources: [
      '{projectRoot}/**/*',
      ...nested.map((n) => `!{projectRoot}/${relative(n)}/**/*`),
      ...unreadFiles.map((f) => `!{projectRoot}/${relative(f)}`),
    ],
    dockerfiles: [
      `{projectRoot}/${devDockerfile}`,
      `{projectRoot}/${prodDockerfile}`,
      '{projectRoot}/**/.dockerignore',
    ],
    lockfiles: ['{projectRoot}/devops/docker_build/poetry.lock', '{projectRoot}/devops/docker_build/pyproject.toml'],
    releaseConfig: ['{projectRoot}/changelog.txt', '{projectRoot}/repo_config.*'],
  };
}

const INPUTS = ['releasableSources', 'dockerfiles', 'lockfiles', 'releaseConfig'];

/** docker-test runs one list per configuration: `nx run opt:docker-test:slow`. */
const TEST_CONFIGURATIONS = { fast: { list: 'fast' }, slow: { list: 'slow' }, superslow: { list: 'superslow' } };

/**
 * docker-test is cached: its result is a pass/fail over files (the dir, what it uses,
 * Dockerfiles, lockfiles, the list's command in repo_config). docker-build-local and
 * docker-build-prod are cached only with a build registry: then the output is a build record naming an image any machine can pull
 * by digest (consumers check it); without one an image lives only in one engine, and a cache hit
 * could report an image that is gone. Pushes and releases are never cached.
 * Nothing Nx would assume anyway is written out (cache: false, the inputs of a target no cache
 * reads): a graph of a thousand dirs is 17 thousand targets.
 */
/** The build targets whose result is a build record with a build registry, and their stage. */
const BUILT_BY: Partial<Record<TargetName, BuiltStage>> = {
  'docker-build-local': 'local',
  'docker-build-prod': 'prod',
};

function cacheOf(name: TargetName, dir: ReleasableDir): Partial<TargetConfiguration> {
  if (name === 'docker-test') return { cache: true, inputs: [...INPUTS, '^default'] };
  const built = BUILT_BY[name];
  if (built && dir.config.buildRegistry) {
    return { cache: true, inputs: [...INPUTS, '^default'], outputs: [buildRecordOutput(built)] };
  }
  return {};
}

function target(name: TargetName, dir: ReleasableDir): TargetConfiguration {
  const example = EXAMPLES[name];
  const project = dir.name;
  return {
    executor: `${PLUGIN_NAME}:${name}`,
    ...cacheOf(name, dir),
    // docker-test builds (or reuses, through the layer cache) the local image first, so
    // `nx affected -t docker-test` works on a fresh checkout.
    ...(name === 'docker-test' ? { configurations: TEST_CONFIGURATIONS, dependsOn: ['docker-build-local'] } : {}),
    metadata: {
      description: TARGET_DESCRIPTIONS[name],
      technologies: ['docker'],
      help: { command: `nx run ${project}:${name} --help`, example: example ? { options: example } : {} },
    },
  };
}

/** The groups of the targets a dir has (empty groups left out). */
export function targetGroupsOf(targetNames: readonly TargetName[]): Record<string, TargetName[]> {
  const groups: Record<string, TargetName[]> = {};
  for (const [group, members] of Object.entries(TARGET_GROUPS)) {
    const present = members.filter((m) => targetNames.includes(m));
    if (present.length > 0) groups[group] = present;
  }
  return groups;
}

/** The project Nx sees for one releasable dir: a pure function of the resolved dir. */
export function buildProject(
  dir: ReleasableDir,
  nested: readonly string[],
  targetNames: readonly TargetName[],
  unreadFiles: readonly string[] = [],
): ProjectConfiguration {
  const targets: Record<string, TargetConfiguration> = {};
  for (const name of targetNames) targets[name] = target(name, dir);
  return {
    root: dir.root,
    name: dir.name,
    projectType: 'application',
    tags: ['releasable'],
    namedInputs: namedInputsFor(dir, nested, unreadFiles),
    metadata: {
      technologies: ['docker'],
      description: `Releasable dir "${dir.root}": image ${dir.config.image}${dir.version ? `, version ${dir.version}` : ''}.`,
      targetGroups: targetGroupsOf(targetNames),
    },
    targets,
  };
}
