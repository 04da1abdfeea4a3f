import { z } from 'zod';
import { ReleasableError } from '../errors.js';
import { formatImageRef } from '../image-ref/image-ref.js';
import type { BuiltStage } from './build-record-path.js';

export * from './build-record-path.js';

const DIGEST = /^sha256:[0-9a-f]{64}$/;

const recordSchema = z
  .strictObject({
    format: z.literal(1),
    project: z.string().min(1),
    stage: z.enum(['local', 'prod']),
    /** The engine-local ref the build tagged, e.g. `opt:local-ci-1.2.0`. */
    ref: z.string().min(1),
    imageId: z.string().regex(DIGEST),
    version: z.string().min(1),
    /** The commit the build ran at (the image's revision label). */
    revision: z.string().min(1),
    /** Where the build registry holds the image (content-addressed tag) and its digest there. */
    buildRef: z.string().min(1).optional(),
    digest: z.string().regex(DIGEST).optional(),
  })
  .refine((r) => (r.buildRef === undefined) === (r.digest === undefined), {
    message: 'buildRef and digest go together',
  });

export type BuildRecord = z.infer<typeof recordSchema>;

/** A build record that cannot be read back. */
export class BuildRecordError extends ReleasableError {
  override readonly name = 'BuildRecordError';
}

export function formatBuildRecord(record: BuildRecord): string {
  return `${JSON.stringify(recordSchema.parse(record), null, 2)}\n`;
}

/** Parses a record; a damaged one names the file and how to make it again. */
export function parseBuildRecord(text: string, file: string, producer: string): BuildRecord {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new BuildRecordError(
      `${file}: not JSON (${(error as Error).message}); delete it and run "${producer} --skip-nx-cache".`,
      { file },
      { cause: error },
    );
  }
  const parsed = recordSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'record'}: ${i.message}`).join('; ');
    throw new BuildRecordError(`${file}: ${problems}; delete it and run "${producer} --skip-nx-cache".`, { file });
  }
  return parsed.data;
}

/** Tags of one build in the build registry. */
export interface BuildRegistryRefs {
  /** Content-addressed: the Nx task hash of the build, so one set of inputs has one tag. */
  readonly content: string;
  /** The last build of the stage, read as a layer cache (`--cache-from`) by the next build anywhere. */
  readonly cache: string;
}

/**
 * Refs of a build in the build registry. The task hash is Nx's (digits, or any text when run
 * outside Nx); it is made tag-safe and cut so the tag stays under Docker's 128 characters.
 */
export function buildRegistryRefs(
  registry: string,
  image: string,
  stage: BuiltStage,
  taskHash: string,
): BuildRegistryRefs {
  const key = taskHash.replace(/[^\w.-]+/g, '-').slice(0, 100);
  if (key === '') throw new ReleasableError('a build registry tag needs a task hash; got an empty one.');
  return {
    content: formatImageRef({ registry, repository: image, tag: `build-${stage}-${key}` }),
    cache: formatImageRef({ registry, repository: image, tag: `cache-${stage}` }),
  };
}

/** `repository@digest` of a tagged ref: what a pull by digest asks for. */
export function digestRef(ref: string, digest: string): string {
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  const repository = colon > slash ? ref.slice(0, colon) : ref;
  return `${repository}@${digest}`;
}
