// @ts-nocheck
import { describe, expect, it } from '@jest/globals';
import { buildFailureHint } from './docker.js';
import { CommandFailedError, CommandTimeoutError, exec } from './exec.js';

describe('exec deadlines', () => {
  it('stops a command that prints nothing for the idle deadline, even with allowFailure', async () => {
    const started = Date.now();
    const run = exec(['sleep', '30'], { idleTimeoutMs: 300, allowFailure: true });
    await expect(run).rejects.toThrow(CommandTimeoutError);
    await expect(exec(['sleep', '30'], { idleTimeoutMs: 300 })).rejects.toThrow(
      'no progress for 0.3 s, stopped: sleep 30',
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('lets a command run past the idle deadline while it keeps printing', async () => {
    const r = await exec(['sh', '-c', 'for i in 1 2 3 4 5 6; do echo $i; sleep 0.15; done'], { idleTimeoutMs: 600 });
    expect(r.stdout.split('\n')).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  it('stops a command past its total deadline with a timeout error, never an exit code', async () => {
    await expect(exec(['sleep', '30'], { timeoutMs: 300, allowFailure: true })).rejects.toThrow(
      'no answer within 0.3 s, stopped: sleep 30',
    );
  });

  it('keeps a failing command a CommandFailedError with its stderr', async () => {
    const run = exec(['sh', '-c', 'echo boom >&2; exit 4']);
    await expect(run).rejects.toThrow(CommandFailedError);
    await expect(exec(['sh', '-c', 'echo boom >&2; exit 4'])).rejects.toThrow(
      "(exit 4): sh -c 'echo boom >&2; exit 4'\nboom",
    );
  });
});

describe('exec failure messages', () => {
  it('does not repeat output the user already saw streamed', async () => {
    const streamed = exec(['sh', '-c', 'echo boom >&2; exit 4'], { output: 'stream' });
    await expect(streamed).rejects.toThrow(CommandFailedError);
    const error = (await streamed.catch((e: unknown) => e)) as CommandFailedError;
    expect(error.message).toBe("command failed (exit 4): sh -c 'echo boom >&2; exit 4'");
    expect(error.stderr).toBe('boom');
  });
});

describe('buildFailureHint', () => {
  it.each([
    { stderr: 'pull access denied for nosuch/base, repository does not exist or may require docker login', hint: true },
    {
      stderr: 'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host',
      hint: true,
    },
    { stderr: 'manifest for python:3.99 not found: manifest unknown', hint: true },
    { stderr: 'COPY failed: file not found in build context: stat src/x: file does not exist', hint: false },
  ])('$stderr → hint: $hint', ({ stderr, hint }) => {
    expect(buildFailureHint(stderr) !== undefined).toBe(hint);
    if (hint) expect(buildFailureHint(stderr)).toContain('--base-image');
  });
});
