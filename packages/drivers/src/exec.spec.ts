import { describe, expect, it } from '@jest/globals';
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
