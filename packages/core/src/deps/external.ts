import path from 'node:path';
import type { ResolvedConfig } from '../config/resolve.js';
import { composeBindMounts } from './compose-mounts.js';
import { dockerfileSources } from './dockerfile.js';

/** A path outside a releasable dir that its image or containers use, and the file that says so. */
export interface ExternalPath {
  /** Workspace-relative, `/`-separated; may contain glob characters (from COPY). */
  readonly path: string;
  /** Workspace-relative file that names it (Dockerfile, compose file, repo_config). */
  readonly sourceFile: string;
}

/** Normalizes a path relative to the workspace; undefined when it leaves the workspace. */
function inWorkspace(p: string): string | undefined {
  const normal = path.posix.normalize(p);
  if (normal === '..' || normal.startsWith('../') || path.posix.isAbsolute(normal)) return undefined;
  return normal === '.' ? '.' : normal.replace(/\/+$/, '');
}

function inside(p: string, root: string): boolean {
  return root === '.' || p === root || p.startsWith(`${root}/`);
}

export interface ExternalPathsInput {
  readonly root: string;
  readonly config: ResolvedConfig;
  /** Texts of the files, by path relative to the dir (missing files absent). */
  readonly read: (relativeToDir: string) => string | undefined;
  /** repo_config file (workspace-relative), for `uses`. */
  readonly configFile?: string;
}

/**
 * Paths outside the dir that its images or containers use: COPY/ADD sources of its Dockerfiles
 * (context may be outside the dir; an unresolvable source makes the whole context count),
 * compose bind mounts, and `uses` in repo_config. Paths inside the dir are not listed.
 */
export function externalPaths({ root, config, read, configFile }: ExternalPathsInput): ExternalPath[] {
  const out: ExternalPath[] = [];
  const add = (p: string | undefined, sourceFile: string): void => {
    if (p !== undefined && !inside(p, root)) out.push({ path: p, sourceFile });
  };
  const join = (...parts: string[]): string => path.posix.join(...parts);
  const context = inWorkspace(join(root, config.docker.context));
  for (const dockerfile of [config.docker.devDockerfile, config.docker.prodDockerfile]) {
    const text = read(dockerfile);
    if (text === undefined || context === undefined) continue;
    const sourceFile = join(root, dockerfile);
    const sources = dockerfileSources(text);
    if (sources.wholeContext) add(context, sourceFile);
    for (const p of sources.paths) add(inWorkspace(join(context, p)), sourceFile);
  }
  const composeText = read(config.docker.composeFile);
  if (composeText !== undefined) {
    const composeDir = path.posix.dirname(join(root, config.docker.composeFile));
    for (const mount of composeBindMounts(composeText))
      add(inWorkspace(join(composeDir, mount)), join(root, config.docker.composeFile));
  }
  for (const used of config.uses) add(inWorkspace(join(root, used)), configFile ?? join(root, 'repo_config.yaml'));
  const seen = new Set<string>();
  return out.filter((e) => (seen.has(e.path) ? false : (seen.add(e.path), true)));
}
