// @ts-nocheck
import { exec } from '@releasable/drivers';
import { registryManifest } from '../testing/temp-workspace.js';

/** Where one dir's dev release of one version stands, read from outside releasable. */
export interface ReleaseState {
  /** Per registry URL: digest of `dev-X.Y.0` and of `dev`. */
  readonly registries: Record<string, { versioned?: string; floating?: string }>;
  /** The git tag exists in the clone / on origin. */
  readonly gitTag: boolean;
  readonly originTag: boolean;
  /** Image ID of the local `<image>:dev` tag, and of `<image>:dev-X.Y.0`. */
  readonly localFloating?: string;
  readonly localVersioned?: string;
}

async function imageId(ref: string): Promise<string | undefined> {
  const r = await exec(['docker', 'image', 'inspect', '--format', '{{.Id}}', ref], { allowFailure: true });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

/** Reads registries through their HTTP API, git through git, the engine through docker. */
export async function readReleaseState(input: {
  readonly repository: string;
  readonly version: string;
  /** Registry addresses to read directly (never through a fault proxy). */
  readonly registries: readonly string[];
  readonly gitTag: string;
  readonly clone: string;
}): Promise<ReleaseState> {
  const registries: ReleaseState['registries'] = {};
  for (const url of input.registries) {
    const versioned = await registryManifest(input.repository, `dev-${input.version}`, url);
    const floating = await registryManifest(input.repository, 'dev', url);
    registries[url] = {
      ...(versioned ? { versioned: versioned.digest } : {}),
      ...(floating ? { floating: floating.digest } : {}),
    };
  }
  const local = await exec(['git', '-C', input.clone, 'tag', '--list', input.gitTag]);
  const origin = await exec(['git', '-C', input.clone, 'ls-remote', '--tags', 'origin', input.gitTag], {
    allowFailure: true,
  });
  const localFloating = await imageId(`${input.repository}:dev`);
  const localVersioned = await imageId(`${input.repository}:dev-${input.version}`);
  return {
    registries,
    gitTag: local.stdout.trim() === input.gitTag,
    originTag: origin.stdout.includes(`refs/tags/${input.gitTag}`),
    ...(localFloating ? { localFloating } : {}),
    ...(localVersioned ? { localVersioned } : {}),
  };
}

/**
 * The release's promise, whatever happened to the run (a fault, kill -9 at any moment):
 * - a floating tag points at the new version only once every registry holds that version;
 * - the versioned tag has one digest wherever it exists;
 * - the git tag exists only once every floating tag moved;
 * - the local floating tag moves only once every remote floating tag moved.
 * `previousFloating` is what `dev` pointed at before the release (per registry).
 * Returns the broken promises, empty when all hold.
 */
export function brokenPromises(state: ReleaseState, previousFloating: Record<string, string | undefined>): string[] {
  const broken: string[] = [];
  const entries = Object.entries(state.registries);
  const versioned = new Set(entries.map(([, r]) => r.versioned).filter(Boolean));
  if (versioned.size > 1) broken.push(`the versioned tag has several digests: ${[...versioned].join(', ')}`);
  const everywhere = entries.every(([, r]) => r.versioned !== undefined);
  const moved = entries.filter(([url, r]) => r.floating !== undefined && r.floating !== previousFloating[url]);
  for (const [url, r] of moved) {
    if (!everywhere) broken.push(`${url}: dev moved while the version is not in every registry`);
    if (r.floating !== r.versioned) broken.push(`${url}: dev points at ${r.floating}, not at the versioned tag`);
  }
  const allMoved = entries.every(([, r]) => r.floating !== undefined && r.floating === r.versioned);
  if (state.gitTag && !allMoved) broken.push('the git tag exists although not every floating tag moved');
  if (state.originTag && !state.gitTag) broken.push('origin has the git tag but the clone does not');
  if (state.localFloating && state.localFloating === state.localVersioned && !allMoved) {
    broken.push('the local dev tag moved before every remote floating tag');
  }
  return broken;
}

/** A completed release: the version and `dev` at one digest everywhere, git tag here and on origin. */
export function incomplete(state: ReleaseState): string[] {
  const missing: string[] = [];
  for (const [url, r] of Object.entries(state.registries)) {
    if (!r.versioned) missing.push(`${url}: no versioned tag`);
    else if (r.floating !== r.versioned) missing.push(`${url}: dev is not at the versioned tag`);
  }
  if (!state.gitTag) missing.push('no git tag in the clone');
  if (!state.originTag) missing.push('no git tag on origin');
  if (state.localFloating !== state.localVersioned) missing.push('the local dev tag is not at the released image');
  return missing;
}
