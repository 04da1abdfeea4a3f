// @ts-nocheck
import { z } from 'zod';
import { ReleasableError, STAGES } from '@releasable/core';

/** Option pieces shared by executors; each executor's options.ts composes them. */
export const versionOption = z
  .string()
  .describe(
    "Code version X.Y.Z to act on, e.g. --image-version 1.2.0. Default: the top entry of the dir's changelog.txt. (Not --version: Nx answers that one itself.)",
  )
  .optional();

export const stageOption = (fallback: (typeof STAGES)[number]) =>
  z.enum(STAGES).default(fallback).describe(`Image stage: local, dev or prod. Default: ${fallback}.`);

export const userOption = z
  .string()
  .describe('User name in local tags (local-<user>-X.Y.0). Default: repo_config "user", else $USER.')
  .optional();

/**
 * `--registries a,b`: registry names to push to. (Nx swallows a flag spelled
 * `--target-registries` before executors see it; the plugin's pre-run guard says so.)
 */
export const registriesOption = z
  .string()
  .describe(
    'Registry names to use (keys of "registries" in repo_config/nx.json), comma-separated, e.g. --registries ecr,ghcr. Default: the configured targetRegistries.',
  )
  .optional();

/** A repeatable flag (`--build-arg A=1 --build-arg B=2`); a single use arrives as a string. */
export const stringListOption = z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(z.string())).optional();

export function asList(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : [...value];
}

/** `--stage`, `--image-version`, `--user`: which image of the dir a target works on. */
export const imageOptions = (stageDefault: (typeof STAGES)[number]) => ({
  stage: stageOption(stageDefault),
  imageVersion: versionOption,
  user: userOption,
});

/** `--base-image` and `--build-arg`: one definition for the build targets and the releases. */
export const buildArgOptions = {
  baseImage: z
    .string()
    .describe('Passed as the BASE_IMAGE build arg of dev builds (e.g. python:3.11-slim).')
    .optional(),
  buildArg: stringListOption.describe('Extra build args KEY=VALUE; repeat the flag for several.'),
};

/** KEY=VALUE flags → a map; a flag without "=" is a usage error. */
export function parseBuildArgs(flags: readonly string[]): Record<string, string> {
  const args: Record<string, string> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0)
      throw new ReleasableError(`--build-arg "${flag}": expected KEY=VALUE, e.g. --build-arg PIP_INDEX=https://…`);
    args[flag.slice(0, eq)] = flag.slice(eq + 1);
  }
  return args;
}
