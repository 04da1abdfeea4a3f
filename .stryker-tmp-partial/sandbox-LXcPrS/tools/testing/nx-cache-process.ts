// @ts-nocheck
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from './temp-workspace.js';

/** A running tools/testing/nx-cache-server.mjs with its own storage, and what it was asked. */
export interface NxCacheServer {
  /** For NX_SELF_HOSTED_REMOTE_CACHE_SERVER. */
  readonly url: string;
  /** One line per request: "GET /v1/cache/<hash> 200". */
  readonly requests: string[];
  dispose(): Promise<void>;
}

export async function startNxCacheServer(): Promise<NxCacheServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'releasable-nx-cache-'));
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'tools/testing/nx-cache-server.mjs'), '--dir', dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const requests: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`nx-cache-server exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const listening = /listening on (\S+)/.exec(line);
      if (listening) resolve(listening[1]!);
      else requests.push(line);
    });
  });
  return {
    url,
    requests,
    dispose: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
