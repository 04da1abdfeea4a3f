// @ts-nocheck
import path from 'node:path';
import type { CreateNodesResult, ProjectConfiguration } from '@nx/devkit';
// Imported from its own module: the @nx/devkit barrel costs ~200 ms at every graph load.
import { AggregateCreateNodesError } from 'nx/src/project-graph/error-types.js';
import {
  assertUniqueProjectNames,
  externalPaths,
  findReleasableRoots,
  ReleasableError,
  resolveConfig,
  nestedRoots,
  parsePluginOptions,
  releasableRootOf,
  type ExternalPath,
  type ReleasableDir,
} from '@releasable/core';
import { guessProjectName, loadReleasableDir } from '@releasable/drivers/workspace-files';
import type { FileReader } from './file-reader.js';
import { inside, withoutGlob } from './paths.js';
import { packageTestRoots, topLevelPackages } from './python-projects.js';
import { buildProject, runnableTargets, type DirCapabilities } from './targets.js';
import { unreadGlobs, unreadPaths } from './unread.js';

// The graph computation itself, loaded only when the cached result cannot be reused (config
// parsing, zod and YAML cost more to load than a reused result costs to read).

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
/**
 * Makes one project of every dir that has a `devops/` folder with at least one file, plus
 * projects for what they use outside themselves (Python packages, Dockerfile/compose paths).
 * Reads only repo_config, changelog, Dockerfile and compose files: no docker, no git.
 * Throws AggregateCreateNodesError (with the other dirs' projects) when a dir cannot be read.
 */
export async function computeNodes(
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
