// @ts-nocheck
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// createNodes results, kept in Nx's workspace data directory (what `nx reset` clears) and
// served only when nothing they were made from has changed. The key covers, through Nx's own
// file index (no read of ours): the contents and paths of every file under a devops/ folder,
// every .dockerignore*, changelog.txt and repo_config, the paths of the Python files that make
// packages, the plugin options and the plugin's own code. What a computation looked at beyond
// that (a Dockerfile at a custom path, whether docs/ exists, which files `*.md` matched) is
// recorded with the entry and checked again before the entry is used.

/** Files whose contents and paths the key covers (with the reader's INDEXED_GLOBS). */
export const CONFIG_GLOBS = ['**/changelog.txt', '**/repo_config.yaml', '**/repo_config.yml', '**/repo_config.json'];

/** What a computation looked at beyond the key, to check again before reuse. */
export interface Observed {
  /** Workspace-relative path → sha256 of its text, or null when it had none. */
  readonly texts: Record<string, string | null>;
  /** Workspace-relative path → what it was on disk (null: nothing). */
  readonly kinds: Record<string, 'dir' | 'file' | null>;
  /** Glob lists asked of Nx's index → sha256 of the sorted paths they matched. */
  readonly globs: ReadonlyArray<{ readonly globs: readonly string[]; readonly matched: string }>;
}

interface Entry<T> {
  readonly key: string;
  readonly observed: Observed;
  readonly value: T;
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Digest of a list of paths, whatever order the index gave them in. */
export const pathsDigest = (paths: readonly string[]): string => sha256([...paths].sort().join('\n'));

let codeDigest: string | undefined;
/** The plugin's own code: a rebuilt or upgraded plugin never reuses an older result. */
function ownCode(): string {
  if (codeDigest === undefined) {
    const hash = createHash('sha256');
    const require = createRequire(import.meta.url);
    const add = (file: string): void => void hash.update(file).update(readFileSync(file));
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (/\.[cm]?[jt]s$/.test(entry.name)) add(file);
      }
    };
    // This folder (the graph code), core (config, changelog, paths) and the file reader of drivers.
    walk(path.dirname(fileURLToPath(import.meta.url)));
    walk(path.dirname(require.resolve('@releasable/core')));
    add(require.resolve('@releasable/drivers/workspace-files'));
    codeDigest = hash.digest('hex');
  }
  return codeDigest;
}

/** How a cache entry is checked against the workspace now. */
export interface Checks {
  readonly text: (relative: string) => string | undefined;
  readonly kind: (relative: string) => 'dir' | 'file' | undefined;
  readonly glob: (globs: string[]) => Promise<string[]>;
}

export class NodesCache<T> {
  private readonly file: string;
  constructor(
    dataDirectory: string,
    /** Digest of everything the key covers (see the module comment). */
    private readonly inputs: string,
  ) {
    this.file = path.join(dataDirectory, 'releasable-nodes.json');
  }

  private key(): string {
    return sha256(`${ownCode()}\n${this.inputs}`);
  }

  /** The stored value when its key matches and everything it observed is unchanged. */
  async lookup(checks: Checks): Promise<T | undefined> {
    let entry: Entry<T>;
    try {
      entry = JSON.parse(readFileSync(this.file, 'utf8')) as Entry<T>;
    } catch {
      return undefined; // none yet, or unreadable: computed again
    }
    if (entry.key !== this.key()) return undefined;
    const { texts, kinds, globs } = entry.observed;
    for (const [file, digest] of Object.entries(texts)) {
      const text = checks.text(file);
      if ((text === undefined ? null : sha256(text)) !== digest) return undefined;
    }
    for (const [p, kind] of Object.entries(kinds)) if ((checks.kind(p) ?? null) !== kind) return undefined;
    for (const g of globs) if (pathsDigest(await checks.glob([...g.globs])) !== g.matched) return undefined;
    return entry.value;
  }

  /** Keeps the value for the next computation (written whole, then renamed into place). */
  store(value: T, observed: Observed): void {
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const temp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify({ key: this.key(), observed, value } satisfies Entry<T>));
      renameSync(temp, this.file);
    } catch {
      // A read-only or full disk costs only the next computation its shortcut.
    }
  }
}
