// @ts-nocheck
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

  it('reads a .dockerignore, comments and blank lines skipped', () => {
    const ignored = ignoredBy('# comment\n\n.git\n*.md\r\n');
    expect(['.git/HEAD', 'README.md', 'src/README.md', 'src/a.py'].map(ignored)).toEqual([true, true, false, false]);
    expect(ignoredBy(undefined)('anything')).toBe(false);
  });

  it('reads exceptions as Docker does: the last matching line decides, parents included', () => {
    const ignored = ignoredBy('*.md\n!KEEP.md\ndocs\n!docs/keep\nbuild/\n');
    expect(
      ['README.md', 'KEEP.md', 'docs/a.md', 'docs/keep/x.txt', 'docs/keeper', 'build/x/y', 'src/build'].map(ignored),
    ).toEqual([true, false, true, false, true, true, false]);
    // A later exclusion wins over an earlier exception.
    expect(ignoredBy('!a.txt\n*.txt\n')('a.txt')).toBe(true);
  });

  it('follows `**` anywhere, classes and escapes', () => {
    expect(pathPattern('a/**/b', false).test('a/b')).toBe(true);
    expect(pathPattern('a/**/b', false).test('a/x/y/b')).toBe(true);
    expect(pathPattern('a/**/b', false).test('a/x/c')).toBe(false);
    expect(pathPattern('**', false).test('any/thing')).toBe(true);
    expect(pathPattern('[ab].txt', false).test('b.txt')).toBe(true);
    expect(pathPattern('[ab].txt', false).test('c.txt')).toBe(false);
    expect(pathPattern('\\*.txt', false).test('*.txt')).toBe(true);
    expect(pathPattern('\\*.txt', false).test('a.txt')).toBe(false);
    expect(pathPattern('a+b(1)', false).test('a+b(1)')).toBe(true);
  });
});
