// @ts-nocheck
import type { ResolvedConfig } from '../config/resolve.js';
import { formatImageRef, stageTags } from '../image-ref/image-ref.js';
import { stageVersion, type Stage } from '../version/version.js';

/** Where one stage/version of an image lives in one registry. */
export interface RemoteRefs {
  readonly registryName: string;
  readonly registry: string;
  readonly versioned: string;
  readonly floating?: string;
}

/** Every reference of one stage/version of a dir's image. */
export interface StageRefs {
  readonly stage: Stage;
  /** The version the image carries (X.Y.0 for local/dev, X.Y.Z for prod). */
  readonly version: string;
  /** Engine-local name, e.g. `opt:dev-0.4.0`. */
  readonly local: string;
  /** Engine-local floating name, e.g. `opt:dev` (none for local). */
  readonly localFloating?: string;
  /** Per target registry. */
  readonly remotes: readonly RemoteRefs[];
}

/** The target that produces the image of a stage, named in "image not found" errors. */
export const PRODUCER_TARGET: Readonly<Record<Stage, string>> = {
  local: 'docker-build-local',
  dev: 'docker-tag-dev (or docker-pull --stage dev)',
  prod: 'docker-build-prod (or docker-pull --stage prod)',
};

/**
 * Refs of a stage for a code version. `registries` narrows the config's target registries
 * (names); unknown names are rejected by the caller's option validation.
 */
export function stageRefs(
  config: ResolvedConfig,
  stage: Stage,
  codeVersion: string,
  user: string,
  registries: readonly string[] = config.targetRegistries,
): StageRefs {
  const version = stageVersion(stage, codeVersion);
  const tags = stageTags(stage, codeVersion, user);
  const repository = config.image;
  const remotes =
    stage === 'local'
      ? []
      : registries.map((registryName) => {
          const registry = config.registries[registryName]!.url;
          return {
            registryName,
            registry,
            versioned: formatImageRef({ registry, repository, tag: tags.versioned }),
            ...(tags.floating ? { floating: formatImageRef({ registry, repository, tag: tags.floating }) } : {}),
          };
        });
  return {
    stage,
    version,
    local: formatImageRef({ registry: '', repository, tag: tags.versioned }),
    ...(tags.floating ? { localFloating: formatImageRef({ registry: '', repository, tag: tags.floating }) } : {}),
    remotes,
  };
}

/** OCI labels baked into every image we build. */
export function imageLabels(values: {
  version: string;
  revision?: string;
  source: string;
  name: string;
}): Record<string, string> {
  return {
    'org.opencontainers.image.title': values.name,
    'org.opencontainers.image.version': values.version,
    'org.opencontainers.image.revision': values.revision ?? 'unknown',
    'dev.releasable.source-dir': values.source,
  };
}

/** The env var holding the version inside images (kept from the original tool for compatibility). */
export const CONTAINER_VERSION_ENV = 'AM_CONTAINER_VERSION';

/** What a build of a stage may be given beyond the stage's own arguments. */
export interface BuildArgsInput {
  /** The image's version (X.Y.0 for dev, X.Y.Z for prod). */
  readonly version: string;
  /** prod builds only: the dev image they start FROM. */
  readonly devImage?: string;
  /** dev builds only: refresh the poetry lock during the build. */
  readonly poetryMode?: 'update' | 'refresh';
  /** dev builds only: `--base-image`, the dev Dockerfile's `ARG BASE_IMAGE`. */
  readonly baseImage?: string;
  /** `--build-arg KEY=VALUE` flags, applied last (they override the others). */
  readonly extra?: Readonly<Record<string, string>>;
}

/**
 * The build arguments of a stage's image — one definition for docker-build-local,
 * docker-build-prod and the releases, so a release builds exactly what the build targets build.
 */
export function stageBuildArgs(stage: 'dev' | 'prod', input: BuildArgsInput): Record<string, string> {
  const own: Record<string, string> =
    stage === 'dev'
      ? {
          [CONTAINER_VERSION_ENV]: input.version,
          ...(input.poetryMode ? { POETRY_MODE: input.poetryMode } : {}),
          ...(input.baseImage ? { BASE_IMAGE: input.baseImage } : {}),
        }
      : { ...(input.devImage ? { DEV_IMAGE: input.devImage } : {}), PROD_VERSION: input.version };
  return { ...own, ...input.extra };
}
