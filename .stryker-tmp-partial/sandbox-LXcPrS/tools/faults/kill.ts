// @ts-nocheck
import { spawn } from 'node:child_process';
import path from 'node:path';
import { NX_TEST_ENV } from '../testing/temp-workspace.js';

export interface KilledRun {
  /** Whether the trigger line was seen and the process group killed. */
  readonly killed: boolean;
  readonly output: string;
}

/**
 * Runs `nx <args>` in its own process group and kill -9s the whole group (nx, the task
 * process, docker and git clients) as soon as a line of output matches `trigger` — the same
 * as a CI job killed or a machine lost at that moment: no cleanup code of ours runs.
 */
export async function runNxAndKill(
  root: string,
  args: readonly string[],
  trigger: RegExp,
  env: Record<string, string>,
): Promise<KilledRun> {
  const child = spawn(path.join(root, 'node_modules/.bin/nx'), args, {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...NX_TEST_ENV, ...env },
  });
  let output = '';
  let killed = false;
  const onData = (chunk: Buffer): void => {
    output += chunk.toString();
    if (!killed && trigger.test(output)) {
      killed = true;
      process.kill(-child.pid!, 'SIGKILL');
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  await new Promise<void>((resolve) => child.on('close', () => resolve()));
  // Orphans of the group (a docker client mid-push) die with it; wait until none is left.
  for (let i = 0; i < 50; i++) {
    try {
      process.kill(-child.pid!, 0);
    } catch {
      break;
    }
    if (killed) process.kill(-child.pid!, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { killed, output };
}
