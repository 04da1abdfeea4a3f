import type { CreateNodes, CreateNodesResult } from '@nx/devkit';
// Imported from its own module: the @nx/devkit barrel costs ~200 ms at every graph load.
import { AggregateCreateNodesError } from 'nx/src/project-graph/error-types.js';
import {
  assertUniqueProjectNames,
  findReleasableRoots,
  loadReleasableDir,
  nestedRoots,
  parsePluginOptions,
  releasableRootOf,
  type ReleasableDir,
} from '@releasable/core';
import { buildProject, TARGET_DESCRIPTIONS, type TargetName } from './targets.js';

/** Files under a `devops/` folder mark their parent dir as releasable. */
export const RELEASABLE_GLOB = '**/devops/**/*';

const ALL_TARGETS = Object.keys(TARGET_DESCRIPTIONS) as TargetName[];

/**
 * Makes one project of every dir that has a `devops/` folder with at least one file.
 * Reads only repo_config and changelog files: no docker, no git, no network.
 */
export const createNodes: CreateNodes<unknown> = [
  RELEASABLE_GLOB,
  (files, rawOptions, context) => {
    const options = parsePluginOptions(rawOptions);
    const roots = findReleasableRoots(files);
    const firstFile = new Map<string, string>();
    for (const file of files) {
      const root = releasableRootOf(file);
      if (root !== undefined && !firstFile.has(root)) firstFile.set(root, file);
    }
    const dirs: ReleasableDir[] = [];
    const errors: Array<[file: string, error: Error]> = [];
    for (const root of roots) {
      try {
        dirs.push(loadReleasableDir(context.workspaceRoot, root, options));
      } catch (error) {
        errors.push([firstFile.get(root)!, error as Error]);
      }
    }
    if (errors.length === 0) assertUniqueProjectNames(dirs);
    const results = dirs.map((dir): readonly [string, CreateNodesResult] => [
      firstFile.get(dir.root)!,
      { projects: { [dir.root]: buildProject(dir, nestedRoots(dir.root, roots), ALL_TARGETS) } },
    ]);
    if (errors.length > 0) throw new AggregateCreateNodesError(errors, results);
    return results;
  },
];

/** Same as {@link createNodes}, for Nx versions that look up the older export name. */
export const createNodesV2 = createNodes;
