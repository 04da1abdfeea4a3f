// @ts-nocheck
import { z } from 'zod';
import { parseRegistryAddress, validateRepository } from '../image-ref/image-ref.js';

/** A command as an argv array: it is executed without a shell, so nothing in it is interpolated. */
const argv = z
  .array(z.string().min(1, 'must not be empty'), {
    error: (issue) =>
      issue.input === undefined
        ? 'is required'
        : typeof issue.input === 'string'
          ? `must be a list of arguments (it runs without a shell), e.g. ["pytest", "-m", "not slow"]; got the string "${issue.input}"`
          : 'must be a list of strings',
  })
  .min(1, 'needs at least the program name');

const registryUrl = z.string().superRefine((url, ctx) => {
  try {
    parseRegistryAddress(url);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

const registrySchema = z.union(
  [
    registryUrl,
    z.strictObject({
      url: registryUrl.describe('Registry host[:port][/namespace], e.g. "123.dkr.ecr.eu-north-1.amazonaws.com".'),
      auth: z
        .strictObject({
          usernameEnv: z
            .string()
            .min(1)
            .describe('Environment variable holding the user name (ECR: a variable set to "AWS").'),
          passwordEnv: z.string().min(1).describe('Environment variable holding the password or token.').optional(),
          passwordCommand: argv
            .describe('Command printing the password, e.g. ["aws", "ecr", "get-login-password"]; run without a shell.')
            .optional(),
        })
        .refine((a) => (a.passwordEnv === undefined) !== (a.passwordCommand === undefined), {
          message: 'give exactly one of passwordEnv or passwordCommand',
        })
        .describe('How releases log in (docker login --password-stdin). Without it, your own docker login is used.')
        .optional(),
    }),
  ],
  { error: 'must be a registry address "host[:port][/namespace]" or { url: ..., auth?: ... }' },
);

/** How to log in to a registry; secrets come from the environment or a command, never from files. */
export type RegistryAuth = { usernameEnv: string; passwordEnv?: string; passwordCommand?: string[] };

const testListSchema = z.strictObject({
  command: argv.describe('Command run inside the image, as an argv list.'),
});

export const TEST_LISTS = ['fast', 'slow', 'superslow'] as const;
export type TestListName = (typeof TEST_LISTS)[number];

const seconds = z.number().positive('must be a number of seconds above 0');

/** `os/arch[/variant]`, e.g. linux/amd64, linux/arm64/v8. */
export const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/;
const TAG_PLACEHOLDERS = /\{(name|stage|version)\}/g;

/** Keys shared by repo_config files and the plugin options in nx.json (workspace defaults). */
const sharedShape = {
  registries: z
    .record(z.string().regex(/^[A-Za-z0-9_.-]+$/, 'registry names use letters, digits, . _ -'), registrySchema)
    .describe('Named registries: name → "host[:port][/namespace]". Merged by name over workspace defaults.')
    .optional(),
  buildRegistry: registrySchema
    .describe(
      'Registry where builds leave their images for other machines (CI agents): docker-build-local becomes cacheable in Nx, pushes its image under a tag derived from the task hash, and consumers on an engine without it pull it by digest. Never a release target.',
    )
    .optional(),
  targetRegistries: z
    .array(z.string())
    .describe('Names (keys of "registries") that releases push to. Default: every configured registry.')
    .optional(),
  platforms: z
    .array(z.string().regex(PLATFORM, 'must look like "linux/amd64" or "linux/arm64/v8"'))
    .min(1)
    .describe('Platforms to build, e.g. ["linux/amd64", "linux/arm64"]. Default: ["linux/amd64"].')
    .optional(),
  tests: z
    .strictObject({
      fast: testListSchema.optional(),
      slow: testListSchema.optional(),
      superslow: testListSchema.optional(),
    })
    .describe('Test lists run inside the image; each replaces the default pytest-marker command.')
    .optional(),
  qa: z
    .strictObject({
      command: argv.describe(
        'QA command run on the host against an image; {image}, {stage}, {version} in an argument are replaced.',
      ),
    })
    .describe('QA run from the host.')
    .optional(),
  docker: z
    .strictObject({
      context: z.string().describe('Build context, relative to the dir. Default ".".').optional(),
      devDockerfile: z.string().describe('Default "devops/docker_build/dev.Dockerfile".').optional(),
      prodDockerfile: z.string().describe('Default "devops/docker_build/prod.Dockerfile".').optional(),
      composeFile: z
        .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
        .describe(
          'Compose file, or files merged in order (docker compose -f a -f b; paths in all of them are relative to the first). Default "devops/compose/docker-compose.yml".',
        )
        .optional(),
      otherDockerfiles: z
        .array(z.string().min(1))
        .describe(
          'Other Dockerfiles of the dir (relative to it) that its compose services or scripts build from the build context; read for what they copy. Default [].',
        )
        .optional(),
      imageVariable: z
        .string()
        .regex(/^[A-Za-z_]\w*$/, 'must be a variable name (letters, digits, _)')
        .describe(
          'Variable your compose files read the image from, e.g. "IMAGE"; RELEASABLE_IMAGE is set too. Default "RELEASABLE_IMAGE".',
        )
        .optional(),
      service: z.string().describe('Compose service that runs commands. Default "app".').optional(),
      jupyterService: z.string().describe('Compose service serving Jupyter. Default "jupyter".').optional(),
      mountDockerSocket: z
        .boolean()
        .describe('Mount /var/run/docker.sock so the container can start sibling containers. Default false.')
        .optional(),
    })
    .optional(),
  gitTagPattern: z
    .string()
    .refine((p) => p.includes('{stage}') && p.includes('{version}'), {
      message: 'must contain {stage} and {version}, e.g. "{name}-{stage}-{version}"',
    })
    .refine((p) => p.replace(TAG_PLACEHOLDERS, 'x').match(/^[A-Za-z0-9._/-]+$/) !== null, {
      message: 'may only contain letters, digits, . _ / - and the placeholders {name} {stage} {version}',
    })
    .describe('Git tag per release. Default "{name}-{stage}-{version}".')
    .optional(),
  depsCheck: z
    .strictObject({
      importToPackage: z
        .record(z.string(), z.string())
        .describe('Extra import name → package name pairs, e.g. { fitz: PyMuPDF }.')
        .optional(),
      allowUnused: z.array(z.string()).describe('Packages declared on purpose without being imported.').optional(),
    })
    .describe('deps-check settings (Python dirs).')
    .optional(),
  uses: z
    .array(z.string().min(1))
    .describe(
      'Paths outside the dir (relative to it) that its image or tests use, e.g. ["../helpers"]; changes there affect the dir.',
    )
    .optional(),
  releaseBranches: z
    .array(z.string().min(1))
    .describe('Branches release-dev/release-prod may run from. Default: [] (any branch).')
    .optional(),
  inputs: z
    .strictObject({
      exclude: z
        .array(z.string().min(1))
        .describe(
          'Folders and files of the dir that no image or test reads, relative to it, as .dockerignore lines (e.g. ["docs", "*.md", "**/notes"]): changes there affect no releasable dir. Default: docs, .github, papers, *.md.',
        )
        .optional(),
    })
    .describe("What counts as the dir's inputs for nx affected and the test cache.")
    .optional(),
  user: z.string().min(1).describe('User name in local tags (local-<user>-X.Y.0). Default: $USER.').optional(),
  timeouts: z
    .strictObject({
      registryRead: seconds.describe('Deadline of one registry read (a manifest digest). Default 30.').optional(),
      transfer: seconds
        .describe('A push or pull is stopped when it prints no progress for this long. Default 600.')
        .optional(),
      remoteGit: seconds.describe('Deadline of a git call to origin (tag push, ls-remote). Default 120.').optional(),
      command: seconds
        .describe('Deadline of quick local commands (docker version/tag/inspect, git tag). Default 120.')
        .optional(),
      retryBackoff: z
        .number()
        .min(0, 'must be a number of seconds, 0 or more')
        .describe('Pause before the first retry of a failed push or registry read; it doubles each retry. Default 1.')
        .optional(),
    })
    .describe('Deadlines in seconds; a command past its deadline is stopped with a retryable error.')
    .optional(),
};

/** Schema of a releasable dir's `repo_config.yaml` / `repo_config.json`. */
export const repoConfigSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must start with a letter or digit and use only letters, digits, . _ -')
    .describe('Nx project name. Default: the changelog heading name, else the dir name.')
    .optional(),
  image: z
    .string()
    .superRefine((name, ctx) => {
      try {
        validateRepository(name);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    })
    .describe('Image repository name (without registry). Default: the project name made valid for Docker.')
    .optional(),
  ...sharedShape,
});

/** Schema of the plugin options in nx.json: workspace-wide defaults for every releasable dir. */
export const pluginOptionsSchema = z.strictObject(sharedShape);

export type RepoConfigInput = z.infer<typeof repoConfigSchema>;
export type PluginOptions = z.infer<typeof pluginOptionsSchema>;
