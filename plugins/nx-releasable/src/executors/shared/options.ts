import { z } from 'zod';
import { STAGES } from '@releasable/core';

/** Option pieces shared by executors; each executor's options.ts composes them. */
export const versionOption = z
  .string()
  .describe(
    "Code version X.Y.Z to act on. Default: the top entry of the dir's changelog.txt. On the Nx CLI put it after -- (nx run opt:docker-test -- --version 1.2.0): Nx itself takes a bare --version.",
  )
  .optional();

export const stageOption = (fallback: (typeof STAGES)[number]) =>
  z.enum(STAGES).default(fallback).describe(`Image stage: local, dev or prod. Default: ${fallback}.`);

export const userOption = z
  .string()
  .describe('User name in local tags (local-<user>-X.Y.0). Default: repo_config "user", else $USER.')
  .optional();

/** `--target-registries a,b` on the CLI, or a list in project.json / nx.json. */
export const targetRegistriesOption = z
  .union([z.string(), z.array(z.string())])
  .describe(
    'Registry names (keys of "registries" in repo_config/nx.json), comma-separated. Default: the configured targetRegistries.',
  )
  .optional();

/** A string or repeated flag → list. */
export const stringListOption = z.union([z.string(), z.array(z.string())]).optional();

export function asList(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : [...value];
}
