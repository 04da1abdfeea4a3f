// @ts-nocheck
import os from 'node:os';
import path from 'node:path';
import { logger, type ExecutorContext } from '@nx/devkit';
import { type z } from 'zod';
import {
  parsePluginOptions,
  pluginOptionsFromNxJson,
  ReleasableError,
  resolveUser,
  type ReleasableDir,
} from '@releasable/core';
import { loadReleasableDir } from '@releasable/drivers/workspace-files';

/** What every executor gets besides its options. */
export interface ProjectContext {
  readonly workspaceRoot: string;
  readonly dir: ReleasableDir;
  /** Absolute path of the releasable dir. */
  readonly absRoot: string;
  /** User name for local tags. */
  readonly user: (option: string | undefined) => string;
}

export type ExecutorResult = { success: boolean };

/** Loads the releasable dir of the project an executor runs for (config + changelog). */
export function loadProjectContext(context: ExecutorContext): ProjectContext {
  const projectName = context.projectName;
  const project = projectName ? context.projectsConfigurations?.projects[projectName] : undefined;
  if (!projectName || !project)
    throw new ReleasableError('this executor must run for a project (nx run <project>:<target>).');
  const pluginOptions = parsePluginOptions(pluginOptionsFromNxJson(context.nxJsonConfiguration as never));
  const dir = loadReleasableDir(context.root, project.root, pluginOptions);
  return {
    workspaceRoot: context.root,
    dir,
    absRoot: path.resolve(context.root, dir.root),
    user: (option) => option ?? resolveUser(dir.config.user, process.env, os.userInfo().username),
  };
}

function describeOptionProblems(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const flag = issue.path.length
        ? `--${String(issue.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`
        : 'options';
      return `${flag}: ${issue.message}`;
    })
    .join('\n');
}

/**
 * Wraps an executor: validates options with its zod schema (the same one schema.json is
 * generated from), loads the project, and turns ReleasableErrors into one clear message.
 * `run` returns false (or throws) on failure.
 */
export function defineExecutor<S extends z.ZodType>(
  schema: S,
  run: (options: z.output<S>, project: ProjectContext, context: ExecutorContext) => Promise<boolean | void>,
): (options: z.input<S>, context: ExecutorContext) => Promise<ExecutorResult> {
  return async (rawOptions, context) => {
    // `--version` is Nx's own flag; ours is --image-version (a bare --version never reaches a target).
    if (rawOptions && typeof rawOptions === 'object' && 'version' in rawOptions) {
      logger.error(
        `--version: Nx answers that flag itself; write --image-version ${String((rawOptions as { version: unknown }).version)} instead.`,
      );
      return { success: false };
    }
    const parsed = schema.safeParse(rawOptions ?? {});
    if (!parsed.success) {
      logger.error(describeOptionProblems(parsed.error));
      return { success: false };
    }
    try {
      const project = loadProjectContext(context);
      for (const warning of project.dir.changelogWarnings ?? []) logger.warn(`warning: ${warning}`);
      const ok = await run(parsed.data, project, context);
      return { success: ok !== false };
    } catch (error) {
      if (error instanceof ReleasableError) {
        logger.error(error.message);
        if (process.env['NX_VERBOSE_LOGGING'] === 'true' && error.cause) logger.error(error.cause);
      } else {
        logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      }
      return { success: false };
    }
  };
}

/** A progress line for long work, in the same style across executors. */
export function progress(message: string): void {
  logger.info(`› ${message}`);
}
