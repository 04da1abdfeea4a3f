import { exec } from './exec.js';

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?(\/|$)/;

/** Registries on loopback speak plain HTTP (Docker allows that by default). */
export function isLoopbackRegistry(ref: string): boolean {
  return LOOPBACK.test(ref);
}

export interface RemoteDigest {
  readonly digest?: string;
  /** Set when the registry could not be asked (down, auth); absent when the tag just isn't there. */
  readonly error?: string;
}

/**
 * Manifest digest of a ref in its registry, through `docker manifest inspect` so the user's
 * docker login and credential helpers apply. `digest` undefined = no such tag.
 */
export async function remoteDigest(ref: string): Promise<RemoteDigest> {
  const argv = ['docker', 'manifest', 'inspect', '--verbose', ...(isLoopbackRegistry(ref) ? ['--insecure'] : []), ref];
  const r = await exec(argv, { allowFailure: true, timeoutMs: 60_000 });
  if (r.exitCode === 0) {
    const parsed = JSON.parse(r.stdout) as
      { Descriptor?: { digest: string } } | Array<{ Descriptor: { digest: string } }>;
    // A manifest list prints one entry per platform; the list's own digest is not shown, so
    // compare lists by their first platform's digest (consistent across registries).
    const descriptor = Array.isArray(parsed) ? parsed[0]?.Descriptor : parsed.Descriptor;
    return descriptor ? { digest: descriptor.digest } : {};
  }
  const message = `${r.stderr}${r.stdout}`.trim();
  if (
    /no such manifest|manifest unknown|not found/i.test(message) &&
    !/connection refused|no such host|unauthorized|denied/i.test(message)
  )
    return {};
  return { error: message.split('\n').pop() ?? `docker manifest inspect failed (exit ${r.exitCode})` };
}

/** Platform → manifest digest of each entry of a manifest list (`docker manifest inspect`). */
export async function remoteManifestList(ref: string): Promise<Record<string, string> | undefined> {
  const argv = ['docker', 'manifest', 'inspect', '--verbose', ...(isLoopbackRegistry(ref) ? ['--insecure'] : []), ref];
  const r = await exec(argv, { allowFailure: true, timeoutMs: 60_000 });
  if (r.exitCode !== 0) return undefined;
  const parsed = JSON.parse(r.stdout) as unknown;
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
