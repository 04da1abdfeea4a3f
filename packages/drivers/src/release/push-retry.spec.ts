import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CommandFailedError, CommandTimeoutError } from '../exec.js';
import { backoff, dockerRetried, isRetryablePushFailure, pushFailureHint, pushWithRetry } from './push-retry.js';

const failed = (stderr: string) => new CommandFailedError(['docker', 'push', 'r/x:1'], 1, stderr, undefined);
const digest = 'sha256:' + 'a'.repeat(64);

describe('push failures', () => {
  it.each([
    { name: 'a deadline', error: new CommandTimeoutError(['docker'], 5, true, undefined), retry: true },
    { name: 'HTTP 500', error: failed('received unexpected HTTP status: 500 Internal Server Error'), retry: true },
    { name: 'HTTP 503', error: failed('received unexpected HTTP status: 503 Service Unavailable'), retry: true },
    { name: 'connection refused', error: failed('dial tcp 127.0.0.1:5001: connect: connection refused'), retry: true },
    { name: 'a broken pipe', error: failed('write tcp 127.0.0.1:1->127.0.0.1:2: write: broken pipe'), retry: true },
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
    {
      name: 'a connection closed mid-upload',
      error: failed(
        'net/http: HTTP/1.x transport connection broken: write tcp 127.0.0.1:40904->127.0.0.1:41237: write: broken pipe',
      ),
      hint: 'closed the connection during the upload',
    },
  ])('hint for $name', ({ error, hint }) => {
    expect(pushFailureHint(error)).toContain(hint);
  });

  it('gives no hint it cannot back', () => {
    expect(pushFailureHint(failed('invalid reference format'))).toBeUndefined();
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

  it.each([
    { printed: '8b79: Retrying in 1 second', retried: true },
    { printed: '8b79: Retrying in 15 seconds', retried: true },
    { printed: '8b79: Pushed', retried: false },
  ])('Docker printed "$printed" → it retried: $retried', ({ printed, retried }) => {
    const error = new CommandFailedError(['docker', 'push', 'r/x:1'], 1, '500 Internal Server Error', {
      stdout: `8b79: Preparing\n${printed}\n`,
    });
    expect(dockerRetried(error)).toBe(retried);
    expect(isRetryablePushFailure(error)).toBe(!retried);
  });

  it('does not retry an upload Docker already retried, and says so', async () => {
    const lines: string[] = [];
    // What docker push prints when a layer upload keeps failing: its own retries on stdout.
    const push = [
      'sh',
      '-c',
      'printf "8b79: Preparing\\n8b79: Retrying in 5 seconds\\n8b79: Retrying in 1 second\\n"; ' +
        'echo "received unexpected HTTP status: 500 Internal Server Error" >&2; exit 1',
    ];
    await expect(pushWithRetry(push, { ...options, log: (l) => lines.push(l) })).rejects.toThrow(
      'Docker already retried the upload; the registry failed on its side (HTTP 500)',
    );
    expect(lines).toEqual([]);
  });

  it('retries a 500 Docker did not retry itself (a manifest upload)', async () => {
    const lines: string[] = [];
    await expect(
      pushWithRetry(flakyPush(5, 'received unexpected HTTP status: 500 Internal Server Error'), {
        ...options,
        log: (l) => lines.push(l),
      }),
    ).rejects.toThrow(/^(?![\s\S]*already retried)/);
    expect(lines).toHaveLength(2);
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
