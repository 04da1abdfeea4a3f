// @ts-nocheck
import { ImageRefError } from '../errors.js';
import { stageVersion, type Stage } from '../version/version.js';

// Docker's reference grammar (distribution/reference), anchored pieces.
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_RE = new RegExp(`^${DOMAIN}$`);
const REPOSITORY_RE = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const MAX_NAME_LENGTH = 255;

/** A registry: `host[:port]` plus an optional namespace path (e.g. `ghcr.io/acme`). */
export interface RegistryAddress {
  readonly host: string;
  readonly namespace: string;
}

/** A fully qualified image reference. */
export interface ImageRef {
  /** `host[:port][/namespace]`, or empty for the engine's local namespace. */
  readonly registry: string;
  readonly repository: string;
  readonly tag: string;
}

/** Parses `host[:port][/namespace]`; rejects schemes and anything Docker would refuse. */
export function parseRegistryAddress(url: string): RegistryAddress {
  if (/^[a-z]+:\/\//i.test(url)) {
    throw new ImageRefError(
      `"${url}" has a scheme; registries are written as host[:port][/namespace], e.g. "${url.replace(/^[a-z]+:\/\//i, '')}".`,
      { url },
    );
  }
  const slash = url.indexOf('/');
  const host = slash === -1 ? url : url.slice(0, slash);
  const namespace = slash === -1 ? '' : url.slice(slash + 1);
  if (!DOMAIN_RE.test(host)) {
    throw new ImageRefError(
      `"${url}": "${host}" is not a registry host; expected host[:port] like "127.0.0.1:5000" or "123.dkr.ecr.eu-north-1.amazonaws.com".`,
      { url },
    );
  }
  if (namespace !== '' && !REPOSITORY_RE.test(namespace)) {
    throw new ImageRefError(
      `"${url}": namespace "${namespace}" must be lowercase path components (a-z, 0-9, separators . _ -).`,
      { url },
    );
  }
  return { host, namespace };
}

/** Throws unless `repository` is a valid Docker repository path (lowercase components). */
export function validateRepository(repository: string): string {
  if (!REPOSITORY_RE.test(repository)) {
    const suggestion = toImageName(repository);
    throw new ImageRefError(
      `"${repository}" is not a valid image name: use lowercase letters, digits and single separators (. _ -)${suggestion ? `, e.g. "${suggestion}"` : ''}.`,
      { repository },
    );
  }
  return repository;
}

/** Throws unless `tag` is a valid Docker tag (`[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`). */
export function validateTag(tag: string): string {
  if (!TAG_RE.test(tag)) {
    throw new ImageRefError(
      `"${tag}" is not a valid image tag: up to 128 of A-Z a-z 0-9 _ . -, not starting with . or -.`,
      {
        tag,
      },
    );
  }
  return tag;
}

/**
 * Turns any dir or project name into a valid image name: `SorrIssue14_Team1` →
 * `sorrissue14_team1`. Returns '' when nothing usable is left.
 */
export function toImageName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9._/-]+/g, '-')
    .split('/')
    .map((part) =>
      part
        .replace(/([._-])[._-]+/g, (_m, first: string) => (first === '_' ? '_' : first))
        .replace(/^[._-]+|[._-]+$/g, ''),
    )
    .filter((part) => part !== '')
    .join('/');
}

/** Formats `registry/repository:tag` (no registry → engine-local name) and validates it. */
export function formatImageRef(ref: ImageRef): string {
  validateRepository(ref.repository);
  validateTag(ref.tag);
  if (ref.registry) parseRegistryAddress(ref.registry);
  const name = ref.registry ? `${ref.registry}/${ref.repository}` : ref.repository;
  if (name.length > MAX_NAME_LENGTH) {
    throw new ImageRefError(`image name "${name}" is longer than ${MAX_NAME_LENGTH} characters.`, { name });
  }
  return `${name}:${ref.tag}`;
}

/** Lowercases and strips a user name so it can sit inside a tag (`local-<user>-X.Y.0`). */
export function toTagUser(user: string): string {
  const cleaned = user.replace(/[^\w.-]+/g, '-').replace(/^[.-]+/, '');
  return cleaned === '' ? 'user' : cleaned;
}

/** Tags of one stage for a version: the versioned tag and, for dev/prod, the floating tag. */
export interface StageTags {
  readonly versioned: string;
  readonly floating?: string;
}

/** `local-<user>-X.Y.0`; `dev-X.Y.0` + `dev`; `prod-X.Y.Z` + `prod`. */
export function stageTags(stage: Stage, version: string, user?: string): StageTags {
  const v = stageVersion(stage, version);
  if (stage === 'local') {
    if (!user) throw new ImageRefError('a local tag needs a user name (config key "user" or $USER).', { stage });
    return { versioned: validateTag(`local-${toTagUser(user)}-${v}`) };
  }
  return { versioned: validateTag(`${stage}-${v}`), floating: stage };
}
