// @ts-nocheck
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CreateDependencies, CreateNodes, CreateNodesResult, RawProjectGraphDependency } from '@nx/devkit';
import type { ExternalPath } from '@releasable/core';
import { fileReader, INDEXED_GLOBS } from './file-reader.js';
import { CONFIG_GLOBS, NodesCache, pathsDigest, sha256 } from './nodes-cache.js';
import { inside, withoutGlob } from './paths.js';
import { PYTHON_GLOBS, topLevelPackages } from './python-projects.js';

// Releasable dirs and Python packages are found through Nx's own file index (no directory walk).
export { RELEASABLE_GLOB } from './file-reader.js';

/**
 * The pattern Nx calls createNodes for. Nx takes the deletion of any file matching a plugin's
 * pattern as a change to every project, so it is not the Dockerfiles and compose files (deleting
 * one must affect only the dirs that used it) but nx.json, which every workspace has: createNodes
 * then finds the dirs itself, from the same file index Nx would have matched.
 */
export const CREATE_NODES_PATTERN = 'nx.json';

/** Nx's own file index: files matching globs, and a digest of their paths and contents (no directory walk). */
async function workspaceContext(): Promise<{
  globWithWorkspaceContext: (root: string, globs: string[]) => Promise<string[]>;
  hashWithWorkspaceContext: (root: string, globs: string[]) => Promise<string>;
}> {
  return (await import('nx/src/utils/workspace-context.js')) as never;
}

async function workspaceHash(workspaceRoot: string, globs: string[]): Promise<string> {
  return (await workspaceContext()).hashWithWorkspaceContext(workspaceRoot, globs);
}

/** Nx's workspace data directory (what `nx reset` clears). */
async function workspaceDataDirectory(workspaceRoot: string): Promise<string> {
  const { workspaceDataDirectoryForWorkspace } = (await import('nx/src/utils/cache-directory.js')) as {
    workspaceDataDirectoryForWorkspace: (root: string) => string;
  };
  return workspaceDataDirectoryForWorkspace(workspaceRoot);
}

async function workspaceFiles(workspaceRoot: string, globs: string[]): Promise<string[]> {
  return (await workspaceContext()).globWithWorkspaceContext(workspaceRoot, globs);
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
    const { computeNodes } = await import('./compute-nodes.js');
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
export const createDependencies: CreateDependencies<unknown> = async (_options, context) => {
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
    // Loaded only when there is Python code to read.
    const { isPythonTestFile, pythonImports } = await import('@releasable/core');
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
