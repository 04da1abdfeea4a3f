import { describe, expect, it } from '@jest/globals';
import { hasGlob, ignoredBy, pathPattern } from './path-pattern.js';

describe('pathPattern: .dockerignore lines', () => {
  it.each<[pattern: string, path: string, below: boolean, matches: boolean]>([
    ['*.md', 'README.md', true, true],
    ['*.md', 'docs/guide.md', true, false], // `*` stays within one segment
    ['**/*.md', 'docs/guide.md', true, true],
    ['**/*.md', 'README.md', true, true], // `**/` also matches at the top
    ['docs', 'docs/images/a.png', true, true], // a dir covers what is below it
    ['docs', 'docs/images/a.png', false, false], // unless asked for the path itself
    ['docs', 'docs', false, true],
    ['/docs/', 'docs/a', true, true], // leading and trailing slashes do not change the path
    ['doc?', 'docs', false, true],
    ['doc?', 'doc', false, false],
    ['a.b', 'axb', false, false], // a dot is a dot
    ['notes/**', 'notes/x/y', true, true],
    ['**/test', 'a/b/test/t.py', true, true],
  ])('%s against %s (below: %s) → %s', (pattern, p, below, matches) => {
    expect(pathPattern(pattern, below).test(p)).toBe(matches);
  });

  it('tells glob entries from plain paths', () => {
    expect(['docs', '.github', '*.md', 'a/**', 'x?', '[ab]'].map(hasGlob)).toEqual([
      false,
      false,
      true,
      true,
      true,
      true,
    ]);
  });

  it('reads a .dockerignore, comments and blank lines skipped; a negation keeps everything', () => {
    const ignored = ignoredBy('# comment\n\n.git\n*.md\r\n');
    expect(['.git/HEAD', 'README.md', 'src/README.md', 'src/a.py'].map(ignored)).toEqual([true, true, false, false]);
    expect(ignoredBy('*.md\n!KEEP.md\n')('README.md')).toBe(false);
    expect(ignoredBy(undefined)('anything')).toBe(false);
  });
});
