// @ts-nocheck
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Writes `files` (relative path → content) under `root`, making the folders they need. */
export function writeFiles(root: string, files: Readonly<Record<string, string>>): void {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
}
