// @ts-nocheck
import { afterEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stagedContextFor, withStagedContext } from './build-context.js';
import { writeFiles } from '../../../tools/testing/files.js';

// The staged context is made and removed in a temp dir of the test's own (never the real /tmp).
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'releasable-staging-test-'));
  dirs.push(d);
  return d;
}
function tree(files: Record<string, string>): string {
  const root = tempDir();
  writeFiles(root, files);
  return root;
}
function listFiles(root: string, relative = ''): string[] {
  return readdirSync(path.join(root, relative), { withFileTypes: true })
    .flatMap((e) => {
      const rel = relative ? `${relative}/${e.name}` : e.name;
      return e.isDirectory() ? listFiles(root, rel) : [rel];
    })
    .sort();
}

describe('per-stage ignore files: a staged context', () => {
  it('is only asked for when the context has the stage’s own file', () => {
    const context = tree({ '.dockerignore': 'x', '.dockerignore.prod': 'docs\n' });
    expect(stagedContextFor(context, 'prod')).toEqual({
      source: context,
      ignoreFile: path.join(context, '.dockerignore.prod'),
    });
    expect(stagedContextFor(context, 'dev')).toBeUndefined();
  });

  it('holds the context as hard links, the stage file as .dockerignore, minus the dirs it drops whole', async () => {
    const context = tree({
      '.dockerignore': '.git\n',
      '.dockerignore.prod': 'docs\n**/test\n*.md\n',
      'app.py': 'print(1)',
      'README.md': '# readme',
      'docs/guide.md': '# guide',
      'pkg/mod.py': 'X = 1',
      'pkg/test/test_mod.py': 'def test(): pass',
    });
    const tmp = tempDir();
    const seen = await withStagedContext(
      { source: context, ignoreFile: path.join(context, '.dockerignore.prod') },
      async (staged) => {
        expect(path.dirname(staged)).toBe(tmp);
        // The same inode: no file data was copied.
        expect(statSync(path.join(staged, 'app.py')).ino).toBe(statSync(path.join(context, 'app.py')).ino);
        expect(readFileSync(path.join(staged, '.dockerignore'), 'utf8')).toBe('docs\n**/test\n*.md\n');
        return listFiles(staged);
      },
      tmp,
    );
    // Files Docker drops one by one (README.md) are left for Docker to drop: it reads the file.
    expect(seen).toEqual(['.dockerignore', '.dockerignore.prod', 'README.md', 'app.py', 'pkg/mod.py']);
    // Gone afterwards, and the user's own .dockerignore untouched.
    expect(readdirSync(tmp)).toEqual([]);
    expect(readFileSync(path.join(context, '.dockerignore'), 'utf8')).toBe('.git\n');
  });

  it('keeps every dir when a line re-includes something (a dropped dir may hold what comes back)', async () => {
    const context = tree({ '.dockerignore.prod': 'docs\n!docs/keep.md\n', 'docs/keep.md': 'k', 'docs/other.md': 'o' });
    const seen = await withStagedContext(
      { source: context, ignoreFile: path.join(context, '.dockerignore.prod') },
      async (staged) => listFiles(staged),
      tempDir(),
    );
    expect(seen).toEqual(['.dockerignore', '.dockerignore.prod', 'docs/keep.md', 'docs/other.md']);
  });

  it('is removed when the build fails, and a copy left by a killed run is swept', async () => {
    const context = tree({ '.dockerignore.prod': '', 'a.txt': 'a' });
    const tmp = tempDir();
    // A dead owner's copy: pid 4194305 is above the highest pid Linux can give (2^22).
    mkdirSync(path.join(tmp, 'releasable-context-4194305-abc'));
    mkdirSync(path.join(tmp, 'unrelated-dir'));
    await expect(
      withStagedContext(
        { source: context, ignoreFile: path.join(context, '.dockerignore.prod') },
        async () => {
          throw new Error('build failed');
        },
        tmp,
      ),
    ).rejects.toThrow('build failed');
    expect(readdirSync(tmp)).toEqual(['unrelated-dir']);
    expect(existsSync(path.join(context, 'a.txt'))).toBe(true);
  });
});
