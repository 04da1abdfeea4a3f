// @ts-nocheck
import type { z } from 'zod';
import { ConfigError, ImageRefError, type Problem } from '../errors.js';
import { toImageName, validateRepository } from '../image-ref/image-ref.js';
import {
  DEFAULT_DOCKER,
  DEFAULT_GIT_TAG_PATTERN,
  DEFAULT_PLATFORMS,
  DEFAULT_QA_COMMAND,
  DEFAULT_TEST_COMMANDS,
} from './defaults.js';
import {
  pluginOptionsSchema,
  repoConfigSchema,
  TEST_LISTS,
  type PluginOptions,
  type RegistryAuth,
  type RepoConfigInput,
  type TestListName,
} from './schema.js';

export interface ResolvedRegistry {
  readonly url: string;
  readonly auth?: RegistryAuth;
}

export interface ResolvedDockerConfig {
  readonly context: string;
  readonly devDockerfile: string;
  readonly prodDockerfile: string;
  /** Merged in order (`docker compose -f a -f b`); paths in all are relative to the first's dir. */
  readonly composeFiles: readonly string[];
  readonly otherDockerfiles: readonly string[];
  readonly imageVariable: string;
  readonly service: string;
  readonly jupyterService: string;
  readonly mountDockerSocket: boolean;
}

/** A releasable dir's config after merging built-in defaults, plugin options and repo_config. */
export interface ResolvedConfig {
  readonly name: string;
  readonly image: string;
  readonly registries: Readonly<Record<string, ResolvedRegistry>>;
  readonly targetRegistries: readonly string[];
  /** Where builds leave images for other machines (distributed CI); never a release target. */
  readonly buildRegistry?: ResolvedRegistry;
  readonly platforms: readonly string[];
  readonly tests: Readonly<Record<TestListName, { readonly command: readonly string[] }>>;
  readonly qa: { readonly command: readonly string[] };
  readonly docker: ResolvedDockerConfig;
  readonly gitTagPattern: string;
  readonly releaseBranches: readonly string[];
  readonly uses: readonly string[];
  /** Folders of the dir no image or test reads (documentation): they affect nothing. */
  readonly inputs: { readonly exclude: readonly string[] };
  readonly depsCheck: {
    readonly importToPackage: Readonly<Record<string, string>>;
    readonly allowUnused: readonly string[];
  };
  readonly user?: string;
  readonly timeouts: Timeouts;
}

/** Deadlines in seconds of the commands a release runs, by kind. */
export interface Timeouts {
  readonly registryRead: number;
  readonly transfer: number;
  readonly remoteGit: number;
  readonly command: number;
  /** Pause before the first retry (push, registry read), doubled at each retry. */
  readonly retryBackoff: number;
}

/** What no image or test reads by default: documentation, CI settings, papers, top-level Markdown. */
export const DEFAULT_UNREAD_PATHS: readonly string[] = ['docs', '.github', 'papers', '*.md'];

export const DEFAULT_TIMEOUTS: Timeouts = {
  registryRead: 30,
  transfer: 600,
  remoteGit: 120,
  command: 120,
  retryBackoff: 1,
};

function issueToProblems(issue: z.core.$ZodIssue, knownKeys: (path: PropertyKey[]) => string[]): Problem[] {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(issue.path);
    return issue.keys.map((key) => ({
      path: path ? `${path}.${key}` : key,
      message: `unknown key; ${known.length ? `known keys here: ${known.join(', ')}. ` : ''}Remove it or fix its spelling.`,
    }));
  }
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // A union's branches each explain themselves; report the branch that got furthest.
    const branch = [...issue.errors].sort((a, b) => b.length - a.length)[0]!;
    if (branch.length > 0 && branch.every((sub) => sub.code !== 'invalid_type' || sub.path.length > 0)) {
      return branch.flatMap((sub) => issueToProblems({ ...sub, path: [...issue.path, ...sub.path] }, knownKeys));
    }
  }
  return [{ path, message: issue.message }];
}

function keysAt(schema: z.ZodType, path: PropertyKey[]): string[] {
  let node: unknown = schema;
  for (const segment of path) {
    const shape = (node as { shape?: Record<string, unknown> }).shape;
    if (!shape) return [];
    node = shape[String(segment)];
    while (node && typeof (node as { unwrap?: () => unknown }).unwrap === 'function') {
      node = (node as { unwrap: () => unknown }).unwrap();
    }
  }
  const shape = (node as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

const TYPE_EXAMPLES: Record<string, string> = {
  boolean: 'true or false',
  array: 'a list, e.g. [a, b]',
  object: 'a mapping of keys',
  string: 'a string',
  number: 'a number',
};

function describeInput(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  return typeof input === 'string' ? `the string "${input}"` : `${typeof input} ${JSON.stringify(input)}`;
}

/** Wording for type errors that says what to write instead. */
const errorMap: z.core.$ZodErrorMap = (issue) =>
  issue.code === 'invalid_type' && issue.input !== undefined
    ? `expected ${TYPE_EXAMPLES[issue.expected] ?? issue.expected}, got ${describeInput(issue.input)}.`
    : undefined;

function validate<S extends z.ZodType>(schema: S, input: unknown, file: string): z.infer<S> {
  const result = schema.safeParse(input ?? {}, { error: errorMap });
  if (result.success) return result.data;
  const problems = result.error.issues.flatMap((issue) => issueToProblems(issue, (p) => keysAt(schema, p)));
  throw new ConfigError(file, problems, { cause: result.error });
}

/** Validates the plugin options given in nx.json. */
/** Where plugin options live, as errors name it. */
export const PLUGIN_OPTIONS_FILE = 'nx.json (plugin "@releasable/nx" options)';

export function parsePluginOptions(input: unknown, file = PLUGIN_OPTIONS_FILE): PluginOptions {
  return validate(pluginOptionsSchema, input, file);
}

/** Validates a parsed repo_config document. */
export function parseRepoConfig(input: unknown, file: string): RepoConfigInput {
  if (input !== undefined && input !== null && (typeof input !== 'object' || Array.isArray(input))) {
    throw new ConfigError(file, [
      { path: '', message: 'must be a mapping of keys (e.g. "name: opt"), not a list or a scalar.' },
    ]);
  }
  return validate(repoConfigSchema, input, file);
}

export interface ResolveConfigInput {
  /** Project name already chosen (repo_config name → changelog → dir basename). */
  readonly name: string;
  readonly dirConfig: RepoConfigInput;
  readonly pluginOptions: PluginOptions;
  /** File reported in cross-field errors. */
  readonly file: string;
}

/** One list of compose files, whichever way they were written. */
function resolveDocker(
  merged: Omit<ResolvedDockerConfig, 'composeFiles'> & { composeFile: string | readonly string[] },
): ResolvedDockerConfig {
  const { composeFile, ...rest } = merged;
  return { ...rest, composeFiles: typeof composeFile === 'string' ? [composeFile] : composeFile };
}

function toResolvedRegistry(value: string | { url: string; auth?: RegistryAuth | undefined }): ResolvedRegistry {
  return typeof value === 'string' ? { url: value } : { url: value.url, ...(value.auth ? { auth: value.auth } : {}) };
}

/** Merges defaults ← plugin options ← repo_config and applies the cross-field rules. */
export function resolveConfig({ name, dirConfig, pluginOptions, file }: ResolveConfigInput): ResolvedConfig {
  const problems: Problem[] = [];
  const registries: Record<string, ResolvedRegistry> = {};
  for (const source of [pluginOptions.registries, dirConfig.registries]) {
    for (const [key, value] of Object.entries(source ?? {})) {
      registries[key] = toResolvedRegistry(value);
    }
  }
  const targetRegistries = dirConfig.targetRegistries ?? pluginOptions.targetRegistries ?? Object.keys(registries);
  // The file to blame is the one that wrote the list: nx.json when the dir does not set its own.
  const fromPlugin = dirConfig.targetRegistries === undefined;
  const registryProblems: Problem[] = [];
  for (const [index, registryName] of targetRegistries.entries()) {
    if (!(registryName in registries)) {
      registryProblems.push({
        path: `targetRegistries.${index}`,
        message: `"${registryName}" is not a configured registry (known: ${Object.keys(registries).join(', ') || 'none'}); add it under "registries" or remove it.`,
      });
    }
  }
  if (fromPlugin && registryProblems.length > 0) throw new ConfigError(PLUGIN_OPTIONS_FILE, registryProblems);
  problems.push(...registryProblems);

  let image = dirConfig.image ?? toImageName(name);
  try {
    validateRepository(image);
  } catch (error) {
    if (!(error instanceof ImageRefError)) throw error;
    problems.push({
      path: 'image',
      message: `project "${name}" gives no valid default image name; set "image" explicitly.`,
    });
    image = '';
  }
  if (problems.length > 0) throw new ConfigError(file, problems);

  const tests = Object.fromEntries(
    TEST_LISTS.map((list) => [
      list,
      {
        command:
          dirConfig.tests?.[list]?.command ?? pluginOptions.tests?.[list]?.command ?? DEFAULT_TEST_COMMANDS[list],
      },
    ]),
  ) as Record<TestListName, { command: readonly string[] }>;

  const user = dirConfig.user ?? pluginOptions.user;
  const buildRegistry = dirConfig.buildRegistry ?? pluginOptions.buildRegistry;
  return {
    name,
    image,
    registries,
    targetRegistries,
    ...(buildRegistry === undefined ? {} : { buildRegistry: toResolvedRegistry(buildRegistry) }),
    platforms: dirConfig.platforms ?? pluginOptions.platforms ?? DEFAULT_PLATFORMS,
    tests,
    qa: { command: dirConfig.qa?.command ?? pluginOptions.qa?.command ?? DEFAULT_QA_COMMAND },
    docker: resolveDocker({ ...DEFAULT_DOCKER, ...pluginOptions.docker, ...dirConfig.docker }),
    gitTagPattern: dirConfig.gitTagPattern ?? pluginOptions.gitTagPattern ?? DEFAULT_GIT_TAG_PATTERN,
    releaseBranches: dirConfig.releaseBranches ?? pluginOptions.releaseBranches ?? [],
    uses: dirConfig.uses ?? pluginOptions.uses ?? [],
    inputs: { exclude: dirConfig.inputs?.exclude ?? pluginOptions.inputs?.exclude ?? DEFAULT_UNREAD_PATHS },
    depsCheck: {
      importToPackage: { ...pluginOptions.depsCheck?.importToPackage, ...dirConfig.depsCheck?.importToPackage },
      allowUnused: [...(pluginOptions.depsCheck?.allowUnused ?? []), ...(dirConfig.depsCheck?.allowUnused ?? [])],
    },
    ...(user === undefined ? {} : { user }),
    timeouts: { ...DEFAULT_TIMEOUTS, ...pluginOptions.timeouts, ...dirConfig.timeouts },
  };
}

/** The git tag of a release: the configured pattern with {name}, {stage}, {version} filled in. */
export function formatGitTag(pattern: string, values: { name: string; stage: string; version: string }): string {
  return pattern.replace(/\{(name|stage|version)\}/g, (_m, key: 'name' | 'stage' | 'version') => values[key]);
}
