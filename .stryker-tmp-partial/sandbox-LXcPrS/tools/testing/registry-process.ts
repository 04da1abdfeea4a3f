// @ts-nocheck
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A throw-away `docker-registry` on loopback that a test can kill and restart (same storage). */
export interface RegistryProcess {
  readonly url: string;
  readonly pid: () => number;
  kill(): Promise<void>;
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

async function waitUntilUp(url: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    try {
      if ((await fetch(`http://${url}/v2/`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`registry ${url} did not start`);
}

export async function startRegistryProcess(port: number): Promise<RegistryProcess> {
  const dir = mkdtempSync(path.join(tmpdir(), 'releasable-test-registry-'));
  mkdirSync(path.join(dir, 'data'));
  const config = path.join(dir, 'config.yml');
  const url = `127.0.0.1:${port}`;
  writeFileSync(
    config,
    `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\n  delete:\n    enabled: true\nhttp:\n  addr: ${url}\n`,
  );
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    child = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
    await waitUntilUp(url);
  };
  const kill = async (): Promise<void> => {
    // Killed from outside (kill -9 by a test's QA step) sets signalCode, not exitCode.
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    url,
    pid: () => child!.pid!,
    kill,
    restart: start,
    dispose: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
