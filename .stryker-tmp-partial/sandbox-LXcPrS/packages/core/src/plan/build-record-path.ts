// @ts-nocheck
// No imports: the plugin's graph code reads these without loading the rest of core.

/**
 * A build record is the file output of a cacheable build target: which image a build made, so
 * that Nx can cache the build like any file-producing task and any machine that restores the
 * record can find that exact image again (locally by ID, else in the build registry by digest).
 */
export const BUILD_RECORD_DIR = '.releasable/builds';

/** The stages a build target makes. */
export type BuiltStage = 'local' | 'prod';

/** The cacheable target that makes each built stage. */
export const BUILD_TARGET: Readonly<Record<BuiltStage, string>> = {
  local: 'docker-build-local',
  prod: 'docker-build-prod',
};

/** The record's path, relative to the workspace root. */
export function buildRecordFile(project: string, stage: BuiltStage): string {
  return `${BUILD_RECORD_DIR}/${project}/${stage}.json`;
}

/** The record as a target's `outputs` entry (Nx fills in the project name). */
export function buildRecordOutput(stage: BuiltStage): string {
  return `{workspaceRoot}/${BUILD_RECORD_DIR}/{projectName}/${stage}.json`;
}
