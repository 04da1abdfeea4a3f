// @ts-nocheck
export {
  CREATE_NODES_PATTERN,
  createDependencies,
  createNodes,
  createNodesV2,
  RELEASABLE_GLOB,
} from './plugin/plugin.js';
export { buildProject, namedInputsFor, TARGET_DESCRIPTIONS, type TargetName } from './plugin/targets.js';
export { preTasksExecution } from './plugin/version-flag-guard.js';
