// @ts-nocheck
import type { TestListName } from './schema.js';

/** Built-in defaults, below the plugin options and each dir's repo_config. */
export const DEFAULT_TEST_COMMANDS: Readonly<Record<TestListName, readonly string[]>> = {
  fast: ['pytest', '-m', 'not slow and not superslow'],
  slow: ['pytest', '-m', 'slow and not superslow'],
  superslow: ['pytest', '-m', 'superslow and not slow'],
};

export const DEFAULT_QA_COMMAND: readonly string[] = ['pytest', '-m', 'qa', '--image_stage', '{stage}'];

export const DEFAULT_DOCKER = {
  context: '.',
  devDockerfile: 'devops/docker_build/dev.Dockerfile',
  prodDockerfile: 'devops/docker_build/prod.Dockerfile',
  composeFile: 'devops/compose/docker-compose.yml',
  otherDockerfiles: [] as readonly string[],
  imageVariable: 'RELEASABLE_IMAGE',
  service: 'app',
  jupyterService: 'jupyter',
  mountDockerSocket: false,
} as const;

export const DEFAULT_GIT_TAG_PATTERN = '{name}-{stage}-{version}';
export const DEFAULT_PLATFORMS: readonly string[] = ['linux/amd64'];

/** File names a releasable dir may hold its config in, in lookup order. */
export const REPO_CONFIG_FILES = ['repo_config.yaml', 'repo_config.yml', 'repo_config.json'] as const;
export const CHANGELOG_FILE = 'changelog.txt';
