import { ReleasableError } from '@releasable/core';
import { CommandFailedError, CommandTimeoutError, exec, formatArgv } from '../exec.js';
import { remoteDigest } from '../registry.js';

/** Failures a registry may not repeat: the network, a gateway, a registry error (5xx), a deadline. */
const TRANSIENT =
  /connection reset|connection refused|EOF|timeout|timed out|i\/o timeout|\b50[0234]\b|TLS handshake|broken pipe|server misbehaving/i;
/** Failures a retry cannot fix: the registry said no. */
const PERMANENT = /unauthorized|denied|forbidden|authentication required|no basic auth credentials/i;
/** A registry whose disk is full stays full for the seconds a retry waits. */
const STORAGE_FULL = /no space left on device/i;
/** The connection went away while Docker was still sending. */
const CLOSED_MID_UPLOAD = /broken pipe|connection reset by peer/i;

/**
 * Docker retries a failed layer upload itself (dockerd 20.10: 5 attempts, 5 to 20 s apart, about 50 s) and says
 * so on stdout. A push that failed after that already had its retries: another round of ours
 * would only triple the wait before the same error.
 */
export function dockerRetried(error: unknown): boolean {
  // A failed command's cause is what it printed (see exec).
  const stdout = (error as { cause?: { stdout?: unknown } } | undefined)?.cause?.stdout;
  return /: Retrying in \d+ seconds?/.test(String(stdout));
}

/** Whether a failed push is worth another attempt. */
export function isRetryablePushFailure(error: unknown): boolean {
  if (error instanceof CommandTimeoutError) return true;
  if (dockerRetried(error)) return false;
  const text = error instanceof CommandFailedError ? error.stderr : String(error);
  return !PERMANENT.test(text) && !STORAGE_FULL.test(text) && TRANSIENT.test(text);
}

/** What to tell the user of a push failure beyond Docker's own words. */
export function pushFailureHint(error: unknown): string | undefined {
  if (error instanceof CommandTimeoutError)
    return 'the registry stopped answering; rerun to resume once it answers (the deadline is timeouts.transfer, in seconds)';
  const text = error instanceof CommandFailedError ? error.stderr : String(error);
  const retried = dockerRetried(error) ? 'Docker already retried the upload; ' : '';
  if (/\b500\b/.test(text) || STORAGE_FULL.test(text))
    return `${retried}the registry failed on its side (HTTP 500); a full storage disk is a common cause: check its disk and its log`;
  if (PERMANENT.test(text))
    return 'the registry refused the credentials or the repository; check the login and its rights';
  // A registry (or a proxy in front of it) that fails while the upload still streams closes the
  // connection without an answer Docker can read: a full disk or an upload size limit look so.
  if (CLOSED_MID_UPLOAD.test(text))
    return `${retried}the registry closed the connection during the upload; check its log and its disk, and the upload size limit of any proxy in front of it`;
  return retried ? `${retried}rerun to resume once the registry accepts uploads` : undefined;
}

/** Pause before retry n (1-based), doubling from `firstSeconds`: 1 s, 2 s, 4 s… by default. */
export const backoff =
  (firstSeconds: number) =>
  (attempt: number): number =>
    firstSeconds * 1000 * 2 ** (attempt - 1);

const defaultBackoff = backoff(1);

export interface PushOptions {
  readonly log: (line: string) => void;
  /** Capture the output instead of streaming it (parallel pushes). */
  readonly quiet: boolean;
  /** A push that prints nothing for this long is stopped. */
  readonly idleSeconds: number;
  readonly attempts?: number;
  /** Pause before retry n (1-based); bounded exponential backoff by default. */
  readonly backoffMs?: (attempt: number) => number;
}

/** Runs a push, retrying transient failures with bounded backoff; auth failures are final. */
export async function pushWithRetry(argv: readonly string[], options: PushOptions): Promise<string> {
  const attempts = options.attempts ?? 3;
  const pause = options.backoffMs ?? defaultBackoff;
  for (let attempt = 1; ; attempt++) {
    try {
      const { stdout } = await exec(argv, {
        output: options.quiet ? 'capture' : 'stream',
        idleTimeoutMs: options.idleSeconds * 1000,
      });
      const digest = /digest: (sha256:[0-9a-f]{64})/.exec(stdout)?.[1];
      if (!digest) throw new ReleasableError(`${formatArgv(argv)} reported no digest`);
      return digest;
    } catch (error) {
      if (attempt >= attempts || !isRetryablePushFailure(error)) {
        const hint = pushFailureHint(error);
        if (hint && error instanceof Error) error.message = `${error.message}\n(${hint})`;
        throw error;
      }
      const text = error instanceof CommandFailedError ? error.stderr : (error as Error).message;
      const wait = pause(attempt);
      options.log(
        `  push failed (${text.trim().split('\n').pop()}); retry ${attempt}/${attempts - 1} in ${wait / 1000} s`,
      );
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/**
 * The tag's digest before pushing it, with the push's retry policy: a registry that is briefly
 * down is asked again; one that stays unreadable stops the push (a failed read is never "absent").
 */
export async function readBeforePush(
  ref: string,
  timeoutSeconds: number,
  log: (line: string) => void,
  attempts = 3,
  backoffMs: (attempt: number) => number = defaultBackoff,
): Promise<{ digest?: string }> {
  for (let attempt = 1; ; attempt++) {
    const remote = await remoteDigest(ref, timeoutSeconds);
    if (!remote.error) return remote;
    if (attempt >= attempts) throw new ReleasableError(`cannot read ${ref} before pushing it: ${remote.error}`);
    const wait = backoffMs(attempt);
    log(`  push failed (cannot read ${ref}: ${remote.error}); retry ${attempt}/${attempts - 1} in ${wait / 1000} s`);
    await new Promise((r) => setTimeout(r, wait));
  }
}
