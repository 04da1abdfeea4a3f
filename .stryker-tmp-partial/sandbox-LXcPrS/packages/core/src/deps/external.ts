// @ts-nocheck
import path from 'node:path';
import type { ResolvedConfig } from '../config/resolve.js';
import { composeBindMounts } from './compose-mounts.js';
import { dockerfileSources } from './dockerfile.js';
import { ignoredBy } from './path-pattern.js';

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
  /**
   * Other projects a used path may hold or fall in (nested releasable dirs, Python packages and
   * their tests; workspace-relative). Those holding the dir itself are skipped.
   */
  readonly nested?: readonly string[];
}

/**
 * Paths outside the dir that its images or containers use: COPY/ADD sources of its Dockerfiles
 * (context may be outside the dir; an unresolvable source makes the whole context count),
 * compose bind mounts, and `uses` in repo_config. Paths inside the dir are not listed.
 */
export function externalPaths({ root, config, read, configFile, nested = [] }: ExternalPathsInput): ExternalPath[] {
  const out: ExternalPath[] = [];
  const join = (...parts: string[]): string => path.posix.join(...parts);
  /**
   * A used path outside the dir is listed as is. Any path also lists the other projects it
   * holds (a copied package's own tests, a nested dir) or falls in, unless `kept` says the
   * image never gets them (the context's .dockerignore).
   */
  const add = (p: string | undefined, sourceFile: string, kept: (n: string) => boolean = () => true): void => {
    if (p === undefined) return;
    if (!inside(p, root)) out.push({ path: p, sourceFile });
    for (const n of nested) {
      if (inside(root, n)) continue;
      if ((inside(n, p) || inside(p, n)) && kept(n)) out.push({ path: n, sourceFile });
    }
  };
  const context = inWorkspace(join(root, config.docker.context));
  // Each stage's build reads its own ignore file when the context has one (.dockerignore.dev,
  // .dockerignore.prod), else .dockerignore: a path is in an image when either stage keeps it.
  const ignoreText = (name: string): string | undefined =>
    context === undefined ? undefined : read(path.posix.relative(root, join(context, name)));
  const plain = ignoreText('.dockerignore');
  const stageIgnored = (['dev', 'prod'] as const).map((stage) =>
    ignoredBy(ignoreText(`.dockerignore.${stage}`) ?? plain),
  );
  const inImage = (n: string): boolean =>
    context === undefined || stageIgnored.some((ignored) => !ignored(path.posix.relative(context, n)));
  const { devDockerfile, prodDockerfile, otherDockerfiles, composeFiles } = config.docker;
  for (const dockerfile of [devDockerfile, prodDockerfile, ...otherDockerfiles]) {
    const text = read(dockerfile);
    if (text === undefined || context === undefined) continue;
    const sourceFile = join(root, dockerfile);
    const sources = dockerfileSources(text);
    if (sources.wholeContext) add(context, sourceFile, inImage);
    for (const p of sources.paths) add(inWorkspace(join(context, p)), sourceFile, inImage);
  }
  // Compose resolves the paths of every merged file from the first file's dir.
  const composeDir = path.posix.dirname(join(root, composeFiles[0]!));
  for (const composeFile of composeFiles) {
    const composeText = read(composeFile);
    if (composeText === undefined) continue;
    for (const mount of composeBindMounts(composeText)) {
      const p = inWorkspace(join(composeDir, mount));
      // A mount of a dir above this one is the repo mount every container gets (code at /app,
      // workdir the dir): what the tests read of it is their imports, not all of it.
      if (p !== undefined && p !== root && inside(root, p)) continue;
      add(p, join(root, composeFile));
    }
  }
  for (const used of config.uses) add(inWorkspace(join(root, used)), configFile ?? join(root, 'repo_config.yaml'));
  const seen = new Set<string>();
  return out.filter((e) => (seen.has(e.path) ? false : (seen.add(e.path), true)));
}
