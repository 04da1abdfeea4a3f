// @ts-nocheck
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Core is the pure domain: it reads no files and runs no process. Callers hand it file contents
// (drivers' workspace-files.ts) and run its plans (drivers' release runner).
const here = path.dirname(fileURLToPath(import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [full] : [];
  });
}

describe('packages/core stays pure', () => {
  it('no module imports the file system, processes or the network', () => {
    const impure = sources(here).flatMap((file) =>
      [
        ...readFileSync(file, 'utf8').matchAll(/from '(node:(?:fs|fs\/promises|child_process|net|http|https)|execa)'/g),
      ].map((m) => `${path.relative(here, file)}: ${m[1]}`),
    );
    expect(impure).toEqual([]);
  });
});
