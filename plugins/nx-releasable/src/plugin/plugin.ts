import { readFileSync } from 'node:fs';
import path from 'node:path';
import type {
  CreateDependencies,
  CreateNodes,
  CreateNodesResult,
  ProjectConfiguration,
  RawProjectGraphDependency,
} from '@nx/devkit';
// Imported from its own module: the @nx/devkit barrel costs ~200 ms at every graph load.
import { AggregateCreateNodesError } from 'nx/src/project-graph/error-types.js';
import {
  assertUniqueProjectNames,
  externalPaths,
  findReleasableRoots,
  isPythonTestFile,
  ReleasableError,
  resolveConfig,
  nestedRoots,
  parsePluginOptions,
  pythonImports,
  releasableRootOf,
  type ExternalPath,
  type ReleasableDir,
} from '@releasable/core';
import { guessProjectName, loadReleasableDir } from '@releasable/drivers/workspace-files';
import { fileReader, INDEXED_GLOBS, type FileReader } from './file-reader.js';
import { CONFIG_GLOBS, NodesCache, pathsDigest, sha256 } from './nodes-cache.js';
import { packageTestRoots, PYTHON_GLOBS, topLevelPackages } from './python-projects.js';
import { buildProject, runnableTargets, type DirCapabilities } from './targets.js';
import { unreadGlobs, unreadPaths } from './unread.js';

/**
 * Any file under a `devops/` folder marks its parent dir as releasable (what the dir can run
 * depends on which files: see runnableTargets). Releasable dirs and Python packages are found
 * through Nx's own file index (no directory walk).
 */
export const RELEASABLE_GLOB = '**/devops/**/*';

/**
 * The pattern Nx calls createNodes for. Nx takes the deletion of any file matching a plugin's
 * pattern as a change to every project, so it is not the Dockerfiles and compose files (deleting
 * one must affect only the dirs that used it) but nx.json, which every workspace has: createNodes
 * then finds the dirs itself, from the same file index Nx would have matched.
 */
export const CREATE_NODES_PATTERN = 'nx.json';

/** Digest of the paths and contents of the files matching `globs`, from Nx's own file index. */
async function workspaceHash(workspaceRoot: string, globs: string[]): Promise<string> {
  const { hashWithWorkspaceContext } = (await import('nx/src/utils/workspace-context.js')) as {
    hashWithWorkspaceContext: (root: string, globs: string[]) => Promise<string>;
  };
  return hashWithWorkspaceContext(workspaceRoot, globs);
}

/** Nx's workspace data directory (what `nx reset` clears). */
async function workspaceDataDirectory(workspaceRoot: string): Promise<string> {
  const { workspaceDataDirectoryForWorkspace } = (await import('nx/src/utils/cache-directory.js')) as {
    workspaceDataDirectoryForWorkspace: (root: string) => string;
  };
  return workspaceDataDirectoryForWorkspace(workspaceRoot);
}

/** Files of the workspace matching `globs`, from Nx's own file index (no directory walk). */
async function workspaceFiles(workspaceRoot: string, globs: string[]): Promise<string[]> {
  const { globWithWorkspaceContext } = (await import('nx/src/utils/workspace-context.js')) as {
    globWithWorkspaceContext: (root: string, globs: string[]) => Promise<string[]>;
  };
  return globWithWorkspaceContext(workspaceRoot, globs);
}

/** Whether a compose file declares `service` (a cheap look at its keys, no YAML parse). */
function declaresService(compose: string | undefined, service: string): boolean {
  if (!compose) return false;
  const escaped = service.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^[ \\t]+["']?${escaped}["']?:[ \\t]*(#.*)?$`, 'm').test(compose);
}

/** What a dir's files let it do (existence checks and one read of its compose files). */
function capabilities(files: FileReader, dir: ReleasableDir, broken: boolean): DirCapabilities {
  const rel = (f: string): string => path.posix.join(dir.root, f);
  const { docker } = dir.config;
  // The first compose file is the base the others merge into: without it nothing runs.
  const composeTexts = docker.composeFiles.map((f) => files.text(rel(f)));
  return {
    devDockerfile: files.kind(rel(docker.devDockerfile)) === 'file',
    prodDockerfile: files.kind(rel(docker.prodDockerfile)) === 'file',
    compose: composeTexts[0] !== undefined,
    jupyterService: composeTexts.some((text) => declaresService(text, docker.jupyterService)),
    // A broken changelog still gives the dir its targets: they report the problem when run.
    changelog: dir.version !== undefined || (broken && files.kind(rel('changelog.txt')) === 'file'),
    pyproject: files.kind(rel('devops/docker_build/pyproject.toml')) === 'file',
  };
}
function inside(p: string, root: string): boolean {
  return root === '.' || p === root || p.startsWith(`${root}/`);
}

/** The dir part of a path that may end in a glob (`conf/*.ini` → `conf`). */
function withoutGlob(p: string): string {
  const parts = p.split('/');
  const i = parts.findIndex((s) => /[*?[\]{}]/.test(s));
  return i === -1 ? p : parts.slice(0, i).join('/') || '.';
}

/**
 * Makes one project of every dir that has a `devops/` folder with at least one file, plus
 * projects for what they use outside themselves (see computeNodes). A result is reused from
 * Nx's workspace data while nothing it was made from has changed (see nodes-cache.ts).
 */
export const createNodes: CreateNodes<unknown> = [
  CREATE_NODES_PATTERN,
  async (_nxJson, rawOptions, context) => {
    const root = context.workspaceRoot;
    const [files, pythonFiles, covered] = await Promise.all([
      workspaceFiles(root, INDEXED_GLOBS),
      workspaceFiles(root, PYTHON_GLOBS),
      workspaceHash(root, [...INDEXED_GLOBS, ...CONFIG_GLOBS]),
    ]);
    const cache = new NodesCache<Array<readonly [string, CreateNodesResult]>>(
      await workspaceDataDirectory(root),
      JSON.stringify([rawOptions ?? null, covered, pathsDigest(files), pathsDigest(pythonFiles)]),
    );
    const reader = fileReader(root, files);
    const globs: Array<{ globs: string[]; matched: string }> = [];
    const glob = async (patterns: string[]): Promise<string[]> => {
      const matched = await workspaceFiles(root, patterns);
      globs.push({ globs: patterns, matched: pathsDigest(matched) });
      return matched;
    };
    const now = fileReader(root, files);
    const cached = await cache.lookup({ text: now.text, kind: now.kind, glob: (p) => workspaceFiles(root, p) });
    if (cached) return cached;
    const results = await computeNodes(rawOptions, context, files, pythonFiles, reader, glob);
    const seen = reader.outsideIndex();
    cache.store(results, {
      texts: Object.fromEntries([...seen.texts].map(([f, t]) => [f, t === undefined ? null : sha256(t)])),
      kinds: Object.fromEntries([...seen.kinds].map(([p, k]) => [p, k ?? null])),
      globs,
    });
    return results;
  },
];

/**
 * Makes one project of every dir that has a `devops/` folder with at least one file, plus
 * projects for what they use outside themselves (Python packages, Dockerfile/compose paths).
 * Reads only repo_config, changelog, Dockerfile and compose files: no docker, no git.
 * Throws AggregateCreateNodesError (with the other dirs' projects) when a dir cannot be read.
 */
async function computeNodes(
  rawOptions: unknown,
  context: { workspaceRoot: string },
  files: readonly string[],
  pythonFiles: readonly string[],
  reader: FileReader,
  glob: (patterns: string[]) => Promise<string[]>,
): Promise<Array<readonly [string, CreateNodesResult]>> {
  // Bad plugin options never stop the graph (nor the generator that would fix them): every dir
  // keeps its targets, which fail with the message naming nx.json and the key.
  const defaults = parsePluginOptions(undefined);
  let options = defaults;
  let optionsProblem: string | undefined;
  try {
    options = parsePluginOptions(rawOptions);
  } catch (error) {
    if (!(error instanceof ReleasableError)) throw error;
    optionsProblem = error.message;
  }
  const devopsFiles = files.filter((f) => releasableRootOf(f) !== undefined);
  const roots = findReleasableRoots(devopsFiles);
  const firstFile = new Map<string, string>();
  for (const file of devopsFiles) {
    const root = releasableRootOf(file)!;
    if (!firstFile.has(root)) firstFile.set(root, file);
  }
  const dirs: ReleasableDir[] = [];
  const errors: Array<[file: string, error: Error]> = [];
  // A dir whose repo_config or changelog is wrong never stops the graph: it keeps its
  // targets, which fail with the message (file, line, fix) when run; every other dir works.
  const problems = new Map<string, string>();
  for (const root of roots) {
    try {
      if (optionsProblem) throw new ReleasableError(optionsProblem);
      dirs.push(loadReleasableDir(context.workspaceRoot, root, options));
    } catch (error) {
      if (!(error instanceof ReleasableError)) {
        errors.push([firstFile.get(root)!, error as Error]);
        continue;
      }
      const name = guessProjectName(context.workspaceRoot, root);
      problems.set(root, error.message);
      dirs.push({
        root,
        name,
        nameSource: 'dir name',
        // Plugin defaults only: the dir's own files or nx.json are what failed.
        config: resolveConfig({ name, dirConfig: {}, pluginOptions: defaults, file: `${root}/repo_config.yaml` }),
      });
    }
  }
  const packages = topLevelPackages(pythonFiles).filter((p) => !roots.some((r) => r !== '.' && inside(p, r)));
  // A package's tests are projects of their own: the package's importers do not run them.
  const packageTests = packageTestRoots(pythonFiles, packages);
  // What a dir's used paths may hold or fall in, besides the releasable dirs.
  const subProjects = [...roots, ...packages, ...packageTests];
  const external = new Map<string, ExternalPath[]>();
  const pathsOf = (dir: ReleasableDir, nested: readonly string[]): ExternalPath[] =>
    externalPaths({
      root: dir.root,
      config: dir.config,
      read: (f) => reader.text(path.posix.join(dir.root, f)),
      nested,
      ...(dir.configFile ? { configFile: dir.configFile } : {}),
    });
  // Projects a dir's context or mounts take in: nested dirs, packages and their tests.
  for (const dir of dirs) if (!problems.has(dir.root)) external.set(dir.root, pathsOf(dir, subProjects));
  // Paths no releasable dir or package owns get a project, so changing them affects their
  // users only. Inside the root dir too (else a dir using one file of it would depend on the
  // whole root), but never on a releasable dir's root, which keeps its own name.
  const shared = new Set<string>();
  for (const paths of external.values()) {
    for (const { path: p } of paths) {
      const base = withoutGlob(p);
      if (roots.some((r) => r !== '.' && inside(base, r)) || packages.some((pkg) => inside(base, pkg))) continue;
      // A file is stood for by its folder: Nx's task hasher fails on a dependency rooted at a file.
      const sharedRoot = reader.kind(base) === 'dir' ? base : path.posix.dirname(base);
      if (!roots.includes(sharedRoot)) shared.add(sharedRoot);
    }
  }
  // The dirs holding a shared path take it in like any nested project.
  for (const dir of dirs) {
    if (problems.has(dir.root)) continue;
    const held = [...shared].filter((r) => r !== dir.root && inside(r, dir.root));
    if (held.length > 0) external.set(dir.root, pathsOf(dir, [...subProjects, ...held]));
  }
  // Folders and files no image or test of a dir reads (inputs.exclude: docs, .github, papers,
  // *.md by default) get a project of their own with no target and no edge.
  const readable = dirs
    .filter((d) => !problems.has(d.root))
    .map((d) => ({ root: d.root, exclude: d.config.inputs.exclude }));
  const unreadPatterns = unreadGlobs(readable);
  const unreadByDir = unreadPaths({
    dirs: readable,
    roots,
    packages,
    kind: (p) => reader.kind(p),
    globbed: unreadPatterns.length > 0 ? await glob(unreadPatterns) : [],
  });
  // What an image or container uses is read, whatever the list says; and nothing may depend on
  // a project rooted at a file (Nx's task hasher fails on it).
  const used = [...external.values()].flat().map((e) => withoutGlob(e.path));
  for (const u of unreadByDir.values()) {
    const isUsed = (r: string): boolean => shared.has(r) || used.some((p) => inside(p, r) || inside(r, p));
    u.folders.splice(0, u.folders.length, ...u.folders.filter((r) => !isUsed(r)));
    u.files.splice(0, u.files.length, ...u.files.filter((r) => !isUsed(r)));
  }
  const unreadRoots = [...unreadByDir.values()].flatMap((u) => [...u.folders, ...u.files]);
  const names = new Set(dirs.map((d) => d.name));
  const projectName = (prefix: string, root: string): string => {
    const plain = root === '.' ? `${prefix}workspace-root` : root.replace(/\//g, '-');
    return names.has(plain) ? `${prefix}${plain}` : plain;
  };
  const extra = [
    ...packages.map((root) => ({ root, kind: 'python-package', name: projectName('py-', root) })),
    ...packageTests.map((root) => ({ root, kind: 'python-tests', name: projectName('py-', root) })),
    ...[...shared]
      .filter((r) => !packages.includes(r))
      .map((root) => ({ root, kind: 'releasable-shared', name: projectName('shared-', root) })),
    ...unreadRoots.map((root) => ({
      root,
      kind: 'releasable-unread',
      // Always prefixed: "docs" or "github" alone could be a user's own project.
      name: `unread-${root.replace(/\//g, '-').replace(/(^|-)\.+/g, '$1')}`,
    })),
  ];
  if (errors.length === 0) {
    assertUniqueProjectNames([
      ...dirs,
      ...extra.map((e) => ({
        root: e.root,
        name: e.name,
        nameSource:
          e.kind === 'python-package'
            ? 'Python package dir'
            : e.kind === 'python-tests'
              ? 'Python package tests'
              : e.kind === 'releasable-unread'
                ? 'unread path'
                : 'shared path',
      })),
    ]);
  }
  const results: Array<readonly [string, CreateNodesResult]> = dirs.map((dir) => {
    const problem = problems.get(dir.root);
    const targets = runnableTargets(capabilities(reader, dir, problem !== undefined));
    // Nested dirs and unread folders are kept out of the dir's own inputs.
    const unread = unreadByDir.get(dir.root);
    const project = buildProject(
      dir,
      [...nestedRoots(dir.root, roots), ...(unread?.folders ?? [])],
      targets,
      unread?.files ?? [],
    );
    const paths = external.get(dir.root) ?? [];
    // createDependencies reads these; left out when empty to keep large graphs small.
    const releasable = { ...(paths.length ? { externalPaths: paths } : {}), ...(problem ? { problem } : {}) };
    const metadata = Object.keys(releasable).length
      ? {
          ...project.metadata,
          ...(problem
            ? { description: `Releasable dir "${dir.root}" that cannot be used until fixed: ${problem}` }
            : {}),
          releasable,
        }
      : project.metadata;
    return [
      firstFile.get(dir.root)!,
      { projects: { [dir.root]: { ...project, ...(metadata ? { metadata } : {}) } } },
    ] as const;
  });
  for (const e of extra) {
    const project: ProjectConfiguration = {
      root: e.root,
      name: e.name,
      tags: [e.kind],
      metadata: {
        description:
          e.kind === 'python-package'
            ? `Python package "${e.root}" (releasable dirs importing it depend on it).`
            : e.kind === 'python-tests'
              ? `Tests of a Python package: its importers do not run them; dirs whose image or mounts hold them depend on them.`
              : e.kind === 'releasable-unread'
                ? `Files no image or test reads (inputs.exclude of the dir around it): changes here affect no releasable dir.`
                : `Files used by releasable dirs' images or containers.`,
      },
      targets: {},
    };
    results.push([firstFile.values().next().value ?? files[0]!, { projects: { [e.root]: project } }]);
  }
  if (errors.length > 0) throw new AggregateCreateNodesError(errors, results);
  return results;
}

/** Same as {@link createNodes}, for Nx versions that look up the older export name. */
export const createNodesV2 = createNodes;

/** The project owning a path: the one with the longest root containing it. */
function ownerOf(p: string, roots: readonly { root: string; name: string }[]): string | undefined {
  return roots.find((r) => inside(p, r.root))?.name;
}

/**
 * Edges from each releasable dir to what it uses: projects owning its Dockerfile/compose/uses
 * paths, and the Python packages its code imports. Static edges carry the file that says so.
 */
export const createDependencies: CreateDependencies<unknown> = (_options, context) => {
  const roots = Object.entries(context.projects)
    .map(([name, p]) => ({ name, root: p.root }))
    .sort((a, b) => b.root.length - a.root.length);
  const allFiles = [
    ...Object.values(context.fileMap.projectFileMap)
      .flat()
      .map((f) => f.file),
    ...context.fileMap.nonProjectFiles.map((f) => f.file),
  ];
  const packageByName = new Map<string, string[]>();
  for (const pkg of topLevelPackages(allFiles)) {
    const name = path.posix.basename(pkg);
    packageByName.set(name, [...(packageByName.get(name) ?? []), pkg]);
  }
  const deps: RawProjectGraphDependency[] = [];
  const seen = new Set<string>();
  /**
   * Import edges are static: they come from a file's text, and Nx re-asks only for changed
   * files. Edges from a Dockerfile, compose file or repo_config to the projects its paths fall
   * in are implicit: they also change when a project appears under an unchanged path (a new
   * package inside a copied context), and Nx recomputes implicit edges on every graph.
   */
  const add = (source: string, target: string | undefined, sourceFile: string, fromContent = true): void => {
    // Per file for import edges: Nx keeps each unchanged file's own edges from its last graph.
    const key = fromContent ? `${sourceFile}>${target}` : `${source}>${target}`;
    if (!target || target === source || seen.has(key)) return;
    seen.add(key);
    deps.push(
      (fromContent
        ? { source, target, type: 'static', sourceFile }
        : { source, target, type: 'implicit' }) as RawProjectGraphDependency,
    );
  };
  for (const [name, project] of Object.entries(context.projects)) {
    const releasable = project.tags?.includes('releasable') ?? false;
    const pythonPackage = project.tags?.includes('python-package') ?? false;
    if (!releasable && !pythonPackage) continue;
    const meta = (project.metadata as { releasable?: { externalPaths?: ExternalPath[] } } | undefined)?.releasable;
    for (const e of meta?.externalPaths ?? []) add(name, ownerOf(withoutGlob(e.path), roots), e.sourceFile, false);
    if (packageByName.size === 0) continue; // no Python package in the workspace: no file to read
    // Packages import packages too: edges between them make Nx follow chains (dir → A → B).
    // A package's own tests are left out: its importers do not run them. Only the files Nx
    // hands over are read (changed since its last graph, or all of them on a first graph):
    // it keeps the import edges of the others.
    for (const { file } of context.filesToProcess.projectFileMap[name] ?? []) {
      if (!file.endsWith('.py') || (pythonPackage && isPythonTestFile(file.slice(project.root.length + 1)))) continue;
      let text: string;
      try {
        text = readFileSync(path.join(context.workspaceRoot, file), 'utf8');
      } catch {
        continue;
      }
      for (const module of pythonImports(text)) {
        for (const pkg of packageByName.get(module) ?? []) add(name, ownerOf(pkg, roots), file);
      }
    }
  }
  return deps;
};
