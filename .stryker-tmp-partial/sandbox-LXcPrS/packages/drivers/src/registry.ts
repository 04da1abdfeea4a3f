// @ts-nocheck
import { DEFAULT_TIMEOUTS } from '@releasable/core';
import { CommandTimeoutError, exec } from './exec.js';

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?(\/|$)/;

/** Registries on loopback speak plain HTTP (Docker allows that by default). */
export function isLoopbackRegistry(ref: string): boolean {
  return LOOPBACK.test(ref);
}

/** `host/repo:tag` → `host/repo` (a local image's repo digests read `host/repo@sha256:…`). */
export function repositoryOf(ref: string): string {
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? ref.slice(0, colon) : ref;
}

export interface RemoteDigest {
  readonly digest?: string;
  /**
   * Set when the registry could not be asked (down, hung, auth, any answer that is not "no such
   * tag"); absent only when the registry said the tag is not there. A failed read is never "absent".
   */
  readonly error?: string;
}

/** The registry's own words for "this tag does not exist" (distribution's MANIFEST_UNKNOWN, NAME_UNKNOWN). */
const TAG_ABSENT = /manifest unknown|no such manifest|name unknown|repository name not known/i;

function inspectArgv(ref: string): string[] {
  return ['docker', 'manifest', 'inspect', '--verbose', ...(isLoopbackRegistry(ref) ? ['--insecure'] : []), ref];
}

/** `docker manifest inspect` within the deadline; a timeout becomes an error text, never "absent". */
async function inspectManifest(
  ref: string,
  timeoutSeconds: number,
): Promise<{ stdout: string } | { absent: true } | { error: string }> {
  try {
    const r = await exec(inspectArgv(ref), { allowFailure: true, timeoutMs: timeoutSeconds * 1000 });
    if (r.exitCode === 0) return { stdout: r.stdout };
    const message = `${r.stderr}${r.stdout}`.trim();
    if (TAG_ABSENT.test(message)) return { absent: true };
    return { error: message.split('\n').pop() || `docker manifest inspect failed (exit ${r.exitCode})` };
  } catch (error) {
    if (error instanceof CommandTimeoutError)
      return {
        error: `the registry gave no answer within ${timeoutSeconds} s (timeouts.registryRead); it may be hung`,
      };
    throw error;
  }
}

/**
 * Manifest digest of a ref in its registry, through `docker manifest inspect` so the user's
 * docker login and credential helpers apply. `digest` undefined and no `error` = no such tag.
 */
export async function remoteDigest(ref: string, timeoutSeconds = DEFAULT_TIMEOUTS.registryRead): Promise<RemoteDigest> {
  const read = await inspectManifest(ref, timeoutSeconds);
  if ('absent' in read) return {};
  if ('error' in read) return { error: read.error };
  const parsed = JSON.parse(read.stdout) as
    { Descriptor?: { digest: string } } | Array<{ Descriptor: { digest: string } }>;
  // A manifest list prints one entry per platform; the list's own digest is not shown, so
  // compare lists by their first platform's digest (consistent across registries).
  const descriptor = Array.isArray(parsed) ? parsed[0]?.Descriptor : parsed.Descriptor;
  return descriptor ? { digest: descriptor.digest } : { error: `${ref}: the registry answered without a digest` };
}

/** Platform → manifest digest of each entry of a manifest list (`docker manifest inspect`). */
export async function remoteManifestList(
  ref: string,
  timeoutSeconds = DEFAULT_TIMEOUTS.registryRead,
): Promise<Record<string, string> | undefined> {
  const read = await inspectManifest(ref, timeoutSeconds);
  if (!('stdout' in read)) return undefined;
  const parsed = JSON.parse(read.stdout) as unknown;
  if (!Array.isArray(parsed)) return undefined;
  const entries: Record<string, string> = {};
  for (const item of parsed as Array<{
    Descriptor: { digest: string; platform?: { os: string; architecture: string; variant?: string } };
  }>) {
    const p = item.Descriptor.platform;
    if (p) entries[[p.os, p.architecture, p.variant].filter(Boolean).join('/')] = item.Descriptor.digest;
  }
  return entries;
}
