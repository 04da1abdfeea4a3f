// @ts-nocheck
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CommandFailedError, CommandTimeoutError } from '../exec.js';
import { backoff, isRetryablePushFailure, pushFailureHint, pushWithRetry } from './push-retry.js';

const failed = (stderr: string) => new CommandFailedError(['docker', 'push', 'r/x:1'], 1, stderr, undefined);
const digest = 'sha256:' + 'a'.repeat(64);

describe('push failures', () => {
  it.each([
    { name: 'a deadline', error: new CommandTimeoutError(['docker'], 5, true, undefined), retry: true },
    { name: 'HTTP 500', error: failed('received unexpected HTTP status: 500 Internal Server Error'), retry: true },
    { name: 'HTTP 503', error: failed('received unexpected HTTP status: 503 Service Unavailable'), retry: true },
    { name: 'connection refused', error: failed('dial tcp 127.0.0.1:5001: connect: connection refused'), retry: true },
    { name: 'denied', error: failed('denied: requested access to the resource is denied'), retry: false },
    { name: 'unauthorized', error: failed('unauthorized: authentication required'), retry: false },
    { name: 'no basic auth', error: failed('no basic auth credentials'), retry: false },
    { name: 'an unknown failure', error: failed('invalid reference format'), retry: false },
    {
      name: 'a full registry disk (500)',
      error: failed('received unexpected HTTP status: 500 Internal Server Error: no space left on device'),
      retry: false,
    },
  ])('$name → retry: $retry', ({ error, retry }) => {
    expect(isRetryablePushFailure(error)).toBe(retry);
  });

  it.each([
    {
      name: 'a deadline',
      error: new CommandTimeoutError(['docker'], 5, true, undefined),
      hint: 'the registry stopped answering',
    },
    {
      name: 'HTTP 500 (full storage)',
      error: failed('received unexpected HTTP status: 500 Internal Server Error'),
      hint: 'a full storage disk is a common cause',
    },
    {
      name: 'denied',
      error: failed('denied: requested access to the resource is denied'),
      hint: 'refused the credentials',
    },
  ])('hint for $name', ({ error, hint }) => {
    expect(pushFailureHint(error)).toContain(hint);
  });
});

describe('pushWithRetry (real commands through the exec boundary)', () => {
  // A stand-in for `docker push` that fails the first `failures` times with `message`, then succeeds.
  function flakyPush(failures: number, message: string): string[] {
    const counter = path.join(mkdtempSync(path.join(os.tmpdir(), 'releasable-push-')), 'n');
    return [
      'sh',
      '-c',
      `n=$(cat ${counter} 2>/dev/null || echo 0); echo $((n+1)) > ${counter}; ` +
        `if [ "$n" -lt ${failures} ]; then echo '${message}' >&2; exit 1; fi; echo "latest: digest: ${digest} size: 1"`,
    ];
  }
  const options = { quiet: true, idleSeconds: 5, backoffMs: () => 10 };

  it('retries a transient failure and returns the digest', async () => {
    const lines: string[] = [];
    const result = await pushWithRetry(flakyPush(2, 'received unexpected HTTP status: 503 Service Unavailable'), {
      ...options,
      log: (l) => lines.push(l),
    });
    expect(result).toBe(digest);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('retry 1/2');
  });

  it('gives up after the attempts, with the hint', async () => {
    await expect(
      pushWithRetry(flakyPush(5, 'received unexpected HTTP status: 500 Internal Server Error'), {
        ...options,
        log: () => undefined,
      }),
    ).rejects.toThrow('a full storage disk is a common cause');
  });

  it('never retries a denied push', async () => {
    const lines: string[] = [];
    await expect(
      pushWithRetry(flakyPush(1, 'denied: requested access to the resource is denied'), {
        ...options,
        log: (l) => lines.push(l),
      }),
    ).rejects.toThrow('denied');
    expect(lines).toEqual([]);
  });

  it('stops a push that goes silent, and retries it', async () => {
    const lines: string[] = [];
    await expect(
      pushWithRetry(['sleep', '30'], { ...options, idleSeconds: 0.2, log: (l) => lines.push(l) }),
    ).rejects.toThrow('no progress for 0.2 s');
    expect(lines).toHaveLength(2);
  });
});

describe('backoff', () => {
  it('doubles from the first pause, in milliseconds', () => {
    expect([1, 2, 3].map(backoff(1))).toEqual([1000, 2000, 4000]);
    expect([1, 2, 3].map(backoff(2.5))).toEqual([2500, 5000, 10000]);
    expect(backoff(0)(3)).toBe(0);
  });
});
